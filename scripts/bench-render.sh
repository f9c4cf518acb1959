#!/usr/bin/env bash
# `npm run bench:render [-- SIZES]`: the render benchmark on a release build of `mnemo serve`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
(cd ui && npm run --silent build && npm run --silent build:bench)
cargo build --release --locked -p mnemo-cli
MNEMO_BIN="$CARGO_TARGET_DIR/release/mnemo" node tests/e2e/bench-render.mjs "$@"
