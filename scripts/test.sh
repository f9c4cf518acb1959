#!/usr/bin/env bash
# `npm test`: every test of the project, on a real LanceDB, the real embedder and real processes.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "test: building (target dir $CARGO_TARGET_DIR)"
cargo build --workspace --all-targets --locked --quiet
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "${TMPDIR:-/tmp}/mnemo-cargo-test.log"
exit "${PIPESTATUS[0]}"
