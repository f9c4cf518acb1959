#!/usr/bin/env bash
# `npm start`: Mnemo on the default store (the OS data directory, or $MNEMO_DB), with the demo
# memory on first run. With a display, the desktop app; without one, `mnemo serve` for a browser:
# its URL (with the token) is the first line on standard output, and it serves until Ctrl+C.
# A second `npm start` on the same store prints the running server's URL instead.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# Set-up and build messages go to standard error: the URL is the first line of standard output.
exec 3>&1 1>&2
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"

# The first build compiles about 800 crates (LanceDB and DataFusion among them).
first_build_note() {
  if [ ! -x "$1" ]; then
    echo "start: first build of $2: about an hour on 2 cores (15 minutes on 8); cargo shows its progress below."
    echo "start: later starts take seconds."
  fi
}

echo "start: building the UI"
(cd ui && npm run --silent build)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "start: no display here, so Mnemo runs in your browser"
  first_build_note "$CARGO_TARGET_DIR/release/mnemo" "the mnemo command"
  cargo build --release --locked -p mnemo-cli
  exec "$CARGO_TARGET_DIR/release/mnemo" serve --demo --reuse >&3
fi
first_build_note "$CARGO_TARGET_DIR/release/mnemo-app" "the desktop app"
cargo build --release --locked -p mnemo-app
exec "$CARGO_TARGET_DIR/release/mnemo-app" >&3
