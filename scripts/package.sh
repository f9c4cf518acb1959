#!/usr/bin/env bash
# `npm run package`: the desktop app as an installable bundle for this platform. On Linux, a .deb
# (Tauri's bundler) in dist/. The app carries its UI and its embedding model inside the binary.
#   npm run package             release build (the first one takes about an hour on 2 cores)
#   npm run package -- --debug  debug build, for the package test
# AppImage is not built: Tauri's AppImage bundler downloads linuxdeploy from GitHub at build
# time, which this project does not allow (and its machines cannot reach).
set -euo pipefail
source "$(dirname "$0")/env.sh"
profile=release
[ "${1:-}" = "--debug" ] && profile=debug
bash "$ROOT/scripts/setup.sh" >&2
cd "$ROOT"

# The UI is built into the binary; rebuilding it unchanged would make cargo rebuild the app.
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/vite.config.ts ui/package-lock.json -newer ui/dist/index.html -print -quit)" ]; then
  echo "package: building the UI" >&2
  (cd ui && npm run --silent build)
fi
echo "package: building the desktop app ($profile)" >&2
if [ "$profile" = release ]; then
  cargo build --release --locked -p mnemo-app
  flags=()
else
  # The tests' build: one cargo invocation for the whole workspace keeps its features.
  cargo test --workspace --locked --no-run
  flags=(--debug)
fi
echo "package: bundling" >&2
npx --no-install tauri bundle --ci --bundles deb "${flags[@]}" >&2
deb=$(ls -t "$CARGO_TARGET_DIR/$profile/bundle/deb/"*.deb | head -1)
mkdir -p dist
cp "$deb" dist/
echo "package: dist/$(basename "$deb") ($(du -h "$deb" | cut -f1)); install it with: sudo apt install ./dist/$(basename "$deb")" >&2
echo "dist/$(basename "$deb")"
