#!/usr/bin/env bash
# Runs each cargo-fuzz target (fuzz/) for a while: the benchmark's fuzzing check, not CI's.
# Usage: scripts/fuzz.sh [seconds per target, default 120] [target…, default all]
# New corpus entries and crash inputs go under the target directory, outside the clone; the
# committed seeds in fuzz/corpus/<target>/ are only read.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SECONDS_EACH="${1:-120}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(import_line patch_and_query)

FUZZ_DIR="$CARGO_TARGET_DIR/fuzz"
# Sanitizers and coverage instrumentation are nightly features; this machine has stable only.
export RUSTC_BOOTSTRAP=1
SANITIZER="${MNEMO_FUZZ_SANITIZER:-address}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd "$ROOT/fuzz"
status=0
for t in "${TARGETS[@]}"; do
  work="$FUZZ_DIR/corpus/$t"
  artifacts="$FUZZ_DIR/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  echo "fuzz: $t for ${SECONDS_EACH}s (corpus $work, crashes $artifacts)"
  # libFuzzer adds what it finds to the first corpus directory; the seeds are read only.
  if ! cargo fuzz run --fuzz-dir "$ROOT/fuzz" --sanitizer "$SANITIZER" --target-dir "$FUZZ_DIR" "$t" \
    "$work" "corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -artifact_prefix="$artifacts/" -dict=dict/mnemo.dict \
    -print_final_stats=1; then
    echo "fuzz: $t failed; reproduce with: RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz --target-dir $FUZZ_DIR $t $artifacts/<file>"
    status=1
  fi
done
exit "$status"
