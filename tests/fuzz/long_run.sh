#!/usr/bin/env bash
# The long fuzz run over every target (the short bounded one is run.sh, in CI).
#
#   bash tests/fuzz/long_run.sh [BUILD_DIR] [TOTAL_EXECUTIONS] [DEADLINE]
#
# BUILD_DIR defaults to build/ (targets are built by `cmake --build build`, see
# fuzz.cmake); TOTAL_EXECUTIONS to 10,000,000, shared equally between the targets;
# DEADLINE (anything `date -d` reads, e.g. 15:45) caps the wall time: each target gets
# at most its share of the time left, and time a fast target leaves is passed on. The
# targets run one after another on one core, fastest first, each from the checked-in
# seeds (tests/fuzz/corpus/<target>/) plus its growing corpus in
# BUILD_DIR/fuzz-long/<target>/. Crash, leak and timeout inputs land in
# BUILD_DIR/fuzz-long/artifacts/; a found input is reproduced with
# `BUILD_DIR/<target> ARTIFACT` and belongs in a regression test in tests/core/.
# Prints one line per target (executions, seconds, executions/s, corpus size, outcome)
# and a total; exits 1 if any target crashed, leaked or hung.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
total=${2:-10000000}
deadline=${3:-}
targets=(fuzz_similar fuzz_verdicts fuzz_check_upload fuzz_check_form fuzz_forms fuzz_lifecycle fuzz_validate fuzz_quote)
work=$build/fuzz-long
mkdir -p "$work/artifacts"
per=$(( total / ${#targets[@]} ))
end=0
[ -n "$deadline" ] && end=$(date -d "$deadline" +%s)
status=0 sum=0 left=${#targets[@]}
echo "long fuzz run: ${#targets[@]} targets, ${per} executions each${deadline:+, until $(date -d "@$end" +%H:%M:%S)}"
for t in "${targets[@]}"; do
  [ -x "$build/$t" ] || { echo "$t: not built"; status=1; left=$((left - 1)); continue; }
  limit=()
  if [ "$end" -gt 0 ]; then
    secs=$(( (end - $(date +%s)) / left ))
    [ "$secs" -lt 1 ] && { echo "$t: skipped, deadline reached"; left=$((left - 1)); continue; }
    limit=(-max_total_time="$secs")
  fi
  mkdir -p "$work/$t"
  log=$work/$t.log
  start=$(date +%s)
  "$build/$t" -runs="$per" "${limit[@]}" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$t-" "$work/$t" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start )); [ "$took" -lt 1 ] && took=1
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  runs=${runs:-$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')}
  runs=${runs:-0}
  sum=$(( sum + runs ))
  outcome="no crash, leak or hang"
  if [ "$rc" -ne 0 ]; then
    status=1
    outcome="FAILED: $(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error|reply is not' "$log")"
  fi
  echo "$t: $runs executions in ${took}s ($(( runs / took ))/s), corpus $(ls "$work/$t" | wc -l) new inputs; $outcome"
  left=$((left - 1))
done
echo "total: $sum executions; $( [ "$status" -eq 0 ] && echo 'no crash, leak or hang' || echo 'FAILURES (see above and fuzz-long/*.log)')"
exit $status
