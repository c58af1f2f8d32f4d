#!/usr/bin/env bash
# The bounded fuzz run for CI: every target in BUILD_DIR (default build/), each for an
# equal share of FUZZ_SECONDS (default 56 in all: 7 s for each of the 8 targets), from
# the checked-in seeds in tests/fuzz/corpus/<target>/ plus a working corpus in
# BUILD_DIR/fuzz-corpus/<target>/. Fails on any crash, leak, sanitizer report, malformed
# reply or input that takes over 5 seconds. The long run is long_run.sh.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
targets=(fuzz_forms fuzz_check_form fuzz_validate fuzz_check_upload fuzz_quote fuzz_lifecycle fuzz_verdicts fuzz_similar)
seconds=$(( ${FUZZ_SECONDS:-56} / ${#targets[@]} ))
[ "$seconds" -lt 1 ] && seconds=1
failed=0
for t in "${targets[@]}"; do
  if [ ! -x "$build/$t" ]; then echo "$t: not built"; failed=1; continue; fi
  corpus=$build/fuzz-corpus/$t
  mkdir -p "$corpus"
  log=$(mktemp)
  if "$build/$t" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz-corpus/$t-" "$corpus" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$t: ${seconds}s, ${runs} executions, no crash, hang or leak"
  else
    tail -n 40 "$log"
    echo "$t: FAILED (see above)"
    failed=1
  fi
  rm -f "$log"
done
exit $failed
