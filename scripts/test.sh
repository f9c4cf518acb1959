#!/usr/bin/env bash
# `npm test`: every test of the project, on a real LanceDB, the real embedder and real processes.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "test: cargo test (target dir $CARGO_TARGET_DIR; a cold build takes a while)"
# One cargo invocation for build and run: a separate build with other flags would unify features
# differently and rebuild LanceDB.
cargo test --workspace --locked --no-fail-fast
