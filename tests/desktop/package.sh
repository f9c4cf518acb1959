#!/usr/bin/env bash
# `npm run package` makes a .deb that installs a working app and an AppImage that runs without
# WebKitGTK installed. Both are made from the debug build, to reuse the tests' build.
# - The .deb is unpacked into a temporary root with dpkg -x, its metadata and files are checked,
#   and the unpacked binary runs the desktop smoke test with the source tree, Cargo's registry and
#   target directory hidden (a private mount namespace), so it can only use what it carries: the
#   UI and the embedding model inside the binary.
# - The AppImage runs the same smoke test with those hidden and the machine's WebKitGTK too (its
#   libraries and helper processes), so it can only use the WebKit inside the image.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package: $*" >&2; exit 1; }

bash "$ROOT/scripts/package.sh" --debug >"$work/made"
deb="$ROOT/$(grep '\.deb$' "$work/made")"
appimage="$ROOT/$(grep '\.AppImage$' "$work/made")"
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

# The AppImage: an ELF with the type-2 magic, holding the app, AppRun, its desktop entry and
# WebKit's helpers.
[ -x "$appimage" ] || fail "no AppImage at $appimage"
[ "$(head -c 11 "$appimage" | tail -c 3 | od -An -tx1 | tr -d ' ')" = 414902 ] || fail "$appimage has no AppImage type-2 magic"
(cd "$work" && "$appimage" --appimage-extract >/dev/null)
for f in AppRun mnemo-app.desktop mnemo-app.png usr/bin/mnemo-app \
  usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitWebProcess usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0; do
  [ -e "$work/squashfs-root/$f" ] || fail "the AppImage has no $f"
done
rm -rf "$work/squashfs-root"
# Run it (extracted to a temporary directory: no FUSE here) with the machine's WebKitGTK hidden:
# its helper processes' directory behind an empty mount, its libraries behind /dev/null.
# It runs from a copy: the source tree, where dist/ is, is hidden too.
webkit=/usr/lib/x86_64-linux-gnu
mkdir -p "$work/tmp"
cp "$appimage" "$work/Mnemo.AppImage"
cat >"$work/run-appimage" <<SH
#!/usr/bin/env bash
exec unshare --mount --propagation private bash -c '
  set -e
  for d in ${hide[*]} $webkit/webkit2gtk-4.1; do mount -t tmpfs none "\$d"; [ -z "\$(ls -A "\$d")" ]; done
  for l in libwebkit2gtk-4.1.so.0 libjavascriptcoregtk-4.1.so.0; do
    mount --bind /dev/null $webkit/\$l; [ ! -s $webkit/\$l ]
  done
  cd /
  TMPDIR="$work/tmp" APPIMAGE_EXTRACT_AND_RUN=1 exec "$work/Mnemo.AppImage"'
SH
chmod +x "$work/run-appimage"
MNEMO_APP_BIN="$work/run-appimage" bash "$ROOT/tests/desktop/smoke.sh"
cp "$ROOT/test-results/desktop.png" "$ROOT/test-results/desktop-appimage.png"
echo "package: $(basename "$appimage") ($(du -h "$appimage" | cut -f1)) runs with the machine's WebKitGTK hidden"
