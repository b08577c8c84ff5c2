#!/usr/bin/env bash
# tools/fuzz_long.sh [SECONDS_PER_TARGET] [TARGET...]
#
# A long fuzz campaign (minutes per target; CI keeps its short runs, PRESIGN_FUZZ_SECONDS):
# builds the libFuzzer targets of tests/fuzz.cmake with clang + ASan + UBSan, runs each for
# SECONDS_PER_TARGET (default 240) starting from its committed corpus, then merges what it
# found back into tests/fuzz/corpus/<target>/ (libFuzzer -merge=1 keeps only inputs that add
# coverage), so the next CI run starts where this campaign ended. Commit the grown corpora.
#
# Crashes: the run stops for that target; the input is copied to tests/fuzz/crashes/<target>/
# and the script exits 1 at the end. Each crash becomes a regression test with that input
# (tests/unit/..., "the regression inputs found by fuzzing"), then the fix.
#
# Environment: PRESIGN_FUZZ_BUILD (default /tmp/presign-fuzz-long), PRESIGN_FUZZ_JOBS (targets
# run side by side, default 1). Prints one line per target:
#   fuzz_long: TARGET EXECUTIONS executions, N new corpus files, crash|ok
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${1:-240}
shift || true
build=${PRESIGN_FUZZ_BUILD:-/tmp/presign-fuzz-long}
jobs=${PRESIGN_FUZZ_JOBS:-1}

cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1" \
  -DPRESIGN_BUILD_EXAMPLES=OFF -DPRESIGN_BUILD_FUZZERS=ON >/dev/null
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$here"/tests/fuzz/*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build "$build" -j2 --target "${targets[@]}" >/dev/null

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run_one() {
  local t=$1 work="$build/fuzz-long/$1" seeds="$here/tests/fuzz/corpus/$1"
  mkdir -p "$work/new" "$work/artifacts" "$seeds"
  local status=ok
  if ! "$build/tests/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/new" "$seeds" \
        >"$work/log" 2>&1; then
    status=crash
    mkdir -p "$here/tests/fuzz/crashes/$t"
    cp "$work"/artifacts/* "$here/tests/fuzz/crashes/$t/" 2>/dev/null || true
  fi
  local before after
  before=$(find "$seeds" -type f | wc -l)
  "$build/tests/$t" -merge=1 "$seeds" "$work/new" >>"$work/merge.log" 2>&1 || true
  after=$(find "$seeds" -type f | wc -l)
  local execs
  execs=$(awk '/stat::number_of_executed_units/{print $2}' "$work/log" | tail -1)
  echo "fuzz_long: $t ${execs:-?} executions, $((after - before)) new corpus files, $status"
  [[ $status == ok ]]
}

failed=0
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [[ $running -gt 0 ]]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
