#!/usr/bin/env bash
# `npm run package` makes a .deb that installs a working app: the package (debug build, to reuse
# the tests' build) is unpacked into a temporary root with dpkg -x, its metadata and files are
# checked, and the unpacked binary runs the desktop smoke test with the source tree, Cargo's
# registry and target directory hidden (a private mount namespace), so it can only use what it
# carries: the UI and the embedding model inside the binary.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package: $*" >&2; exit 1; }

deb="$ROOT/$(bash "$ROOT/scripts/package.sh" --debug | tail -1)"
[ -f "$deb" ] || fail "no .deb at $deb"
dpkg-deb --info "$deb" >"$work/info"
grep -q '^ Package: mnemo' "$work/info" || fail "package name: $(grep Package "$work/info")"
grep -q '^ Depends:.*libwebkit2gtk-4.1-0' "$work/info" || fail "no WebKitGTK dependency: $(grep Depends "$work/info")"
dpkg -x "$deb" "$work/root"
for f in usr/bin/mnemo-app usr/share/applications/Mnemo.desktop usr/share/icons/hicolor/128x128/apps/mnemo-app.png; do
  [ -e "$work/root/$f" ] || { (cd "$work/root" && find . -type f) >&2; fail "the package has no $f"; }
done
grep -q '^Exec=mnemo-app' "$work/root/usr/share/applications/Mnemo.desktop" || fail "the .desktop entry does not start mnemo-app"

# Run the installed binary with everything it might lean on hidden behind empty mounts.
hide=("$ROOT" "$HOME/.cargo" "$CARGO_TARGET_DIR")
cat >"$work/run-app" <<SH
#!/usr/bin/env bash
exec unshare --mount --propagation private bash -c '
  set -e
  for d in ${hide[*]}; do mount -t tmpfs none "\$d"; [ -z "\$(ls -A "\$d")" ]; done
  cd /
  exec "$work/root/usr/bin/mnemo-app"'
SH
chmod +x "$work/run-app"
if ! unshare --mount true 2>/dev/null; then
  fail "unshare --mount is not permitted here (needs root or user namespaces)"
fi
MNEMO_APP_BIN="$work/run-app" bash "$ROOT/tests/desktop/smoke.sh"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1)) installs and runs with nothing else on disk"
