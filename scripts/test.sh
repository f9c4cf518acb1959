#!/usr/bin/env bash
# `npm test`: every test of the project, on a real LanceDB, the real embedder, real processes,
# a real Chromium and the real desktop window under Xvfb.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"

echo "test: the UI (typecheck, Vitest, production build into ui/dist)"
(cd ui && npm run --silent typecheck && npm test --silent && npm run --silent build)

echo "test: cargo test (target dir $CARGO_TARGET_DIR; a cold build takes a while)"
# One cargo invocation for build and run: a separate build with other flags would unify features
# differently and rebuild LanceDB. It also builds the `mnemo` and `mnemo-app` binaries used below.
cargo test --workspace --locked --no-fail-fast

echo "test: the kill campaign (5 rounds) and many concurrent writers (debug build, small sizes)"
"$CARGO_TARGET_DIR/debug/mnemo" bench crash --rounds 5 --lines 1000
"$CARGO_TARGET_DIR/debug/mnemo" bench writes --clients 10 --adds 10 --cli-adds 3

echo "test: agents over MCP (the official Python SDK; stdio and HTTP) and schemathesis against the OpenAPI document"
"$MNEMO_VENV/bin/python" -m pytest -q -p no:cacheprovider tests/agents/

echo "test: the UI in Chromium against mnemo serve"
node --test --test-concurrency=1 tests/e2e/

echo "test: the desktop window under Xvfb"
bash tests/desktop/smoke.sh
bash tests/desktop/stores.sh
bash tests/desktop/vault.sh
bash tests/desktop/export.sh
echo "test: npm run package makes a .deb that installs and runs"
bash tests/desktop/package.sh
