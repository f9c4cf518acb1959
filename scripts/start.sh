#!/usr/bin/env bash
# `npm start`: builds Mnemo and opens the default store (the OS data directory, or $MNEMO_DB).
# Until the desktop app lands this is a terminal tour: on first run the demo memory is
# imported, then a retrieval is shown with its trace.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
cargo build --release --locked --quiet -p mnemo-cli
mnemo="$CARGO_TARGET_DIR/release/mnemo"
count=$("$mnemo" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["store"]["memories"])')
if [ "$count" = "0" ]; then
  echo "First run: importing the demo memory from assets/demo/memories.jsonl"
  "$mnemo" import assets/demo/memories.jsonl
fi
"$mnemo" stats
echo
echo '$ mnemo query "what did we decide about the database?" --explain'
"$mnemo" query "what did we decide about the database?" --explain
echo
echo "Try: $mnemo query \"...\" --explain   ·   $mnemo add \"a new note\"   ·   $mnemo --help"
