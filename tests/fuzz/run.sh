#!/usr/bin/env bash
# A bounded fuzz run (FUZZ_SECONDS, default 60) seeded with the shipped forms.
# Fails on any crash, leak, sanitizer report or input that takes over 5 seconds.
set -euo pipefail
fuzzer=$1
seconds=${FUZZ_SECONDS:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$(dirname "$fuzzer")/fuzz-corpus
mkdir -p "$corpus"
for f in "$root"/assets/forms/*.json; do
  { printf '\x00'; cat "$f"; } > "$corpus/seed-definition-$(basename "$f")"
done
printf '\x01{"title":"Zoë","total_hosts":"12","online_hosts":40,"target_date":"2027-02-29"}' > "$corpus/seed-submission"
printf '\x02^\\d+\\.[a-z]*x?$\x004.40.0' > "$corpus/seed-pattern"
log=$(mktemp)
if "$fuzzer" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >"$log" 2>&1; then
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  echo "fuzz_forms: ${seconds}s, ${runs} executions, no crash, hang or leak"
else
  tail -n 40 "$log"
  echo "fuzz_forms: FAILED (see above)"
  exit 1
fi
