#!/usr/bin/env bash
# `npm start`: builds and opens the Mnemo desktop app on the default store (the OS data directory,
# or $MNEMO_DB). On first run the store is seeded with the demo memory.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "start: building the UI"
(cd ui && npm run --silent build)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "start: this machine has no display, so the desktop window cannot open." >&2
  echo "start: building the mnemo command so you can use Mnemo in a browser instead" >&2
  cargo build --release --locked -p mnemo-cli
  echo >&2
  echo "Run:  $CARGO_TARGET_DIR/release/mnemo serve --demo" >&2
  echo "and open the URL it prints (add --port P to choose the port)." >&2
  exit 1
fi
echo "start: building the desktop app (release; the first build takes a while)"
cargo build --release --locked -p mnemo-app
exec "$CARGO_TARGET_DIR/release/mnemo-app"
