#!/usr/bin/env bash
# `npm run package`: the desktop app as installable bundles for this platform. On Linux, in dist/:
# a .deb (Tauri's bundler) for Debian and Ubuntu, and an AppImage (scripts/appimage.sh) that runs
# on other distributions, WebKitGTK included. The app carries its UI and embedding model inside.
#   npm run package             the dist profile (fat LTO; the first build takes over an hour on
#                               2 cores, and every later one at least 15 minutes of linking)
#   npm run package -- --debug  debug build, for the package test
# Tauri's own AppImage bundler is not used: it downloads linuxdeploy from GitHub at build time,
# which this project does not allow (and its machines cannot reach).
set -euo pipefail
source "$(dirname "$0")/env.sh"
profile=dist
[ "${1:-}" = "--debug" ] && profile=debug
bash "$ROOT/scripts/setup.sh" >&2
cd "$ROOT"

# The UI is built into the binary; rebuilding it unchanged would make cargo rebuild the app.
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/vite.config.ts ui/package-lock.json -newer ui/dist/index.html -print -quit)" ]; then
  echo "package: building the UI" >&2
  (cd ui && npm run --silent build)
fi
echo "package: building the desktop app ($profile)" >&2
if [ "$profile" = dist ]; then
  cargo build --profile dist --locked -p mnemo-app
  # `tauri bundle` takes the binary only from <target>/release or <target>/debug: give it a
  # target directory of its own holding the dist binary, so the release build stays as it is.
  stage="$CARGO_TARGET_DIR/package"
  rm -rf "$stage" && mkdir -p "$stage/release"
  cp "$CARGO_TARGET_DIR/dist/mnemo-app" "$stage/release/"
  echo "package: bundling" >&2
  CARGO_TARGET_DIR="$stage" npx --no-install tauri bundle --ci --bundles deb >&2
  deb=$(ls -t "$stage/release/bundle/deb/"*.deb | head -1)
  app="$CARGO_TARGET_DIR/dist/mnemo-app"
else
  # The tests' build: one cargo invocation for the whole workspace keeps its features.
  cargo test --workspace --locked --no-run
  echo "package: bundling" >&2
  npx --no-install tauri bundle --ci --bundles deb --debug >&2
  deb=$(ls -t "$CARGO_TARGET_DIR/debug/bundle/deb/"*.deb | head -1)
  app="$CARGO_TARGET_DIR/debug/mnemo-app"
fi
mkdir -p dist
cp "$deb" dist/
appimage="dist/$(basename "$deb" | sed 's/_amd64\.deb$/_x86_64/').AppImage"
echo "package: building the AppImage" >&2
comp=xz
[ "$profile" = debug ] && comp=gzip
MNEMO_APPIMAGE_COMP=$comp bash "$ROOT/scripts/appimage.sh" "$app" "$appimage"
echo "package: dist/$(basename "$deb") ($(du -h "$deb" | cut -f1)); install it with: sudo apt install ./dist/$(basename "$deb")" >&2
echo "package: $appimage ($(du -h "$appimage" | cut -f1)); run it with: chmod +x $appimage && ./$appimage" >&2
echo "dist/$(basename "$deb")"
echo "$appimage"
