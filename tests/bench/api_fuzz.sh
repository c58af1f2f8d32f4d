#!/usr/bin/env bash
# The API property test for longer than the default run's few seconds:
#   tests/bench/api_fuzz.sh [SECONDS] [SEED]     (default 600 s, a random seed)
# Every request gets a seed and a number, so a failure can be replayed with PORTAL_FUZZ_SEED.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PORTAL_FUZZ_SECONDS="${1:-600}"
[ -n "${2:-}" ] && export PORTAL_FUZZ_SEED="$2"
exec python3 -m unittest -v tests.server.test_properties
