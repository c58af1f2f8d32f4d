#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the core (GoogleTest via
# CTest, and a bounded fuzz run), the server over real HTTP (on SQLite, then on PostgreSQL), and the
# browser end to end.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit 1
bash scripts/build.sh || exit 1
failed=0
step() { echo; echo "== $1"; }

step "core: GoogleTest"
(cd build && ctest --output-on-failure -j"$(nproc)") || failed=1

if [ -x build/fuzz_forms ] && [ -x build/fuzz_c_api ]; then
  step "core: fuzzing the form core and every C ABI entry point (bounded, 56 s in all)"
  FUZZ_SECONDS=56 bash tests/fuzz/run.sh build || failed=1
fi

step "server: pyflakes (unused names, undefined names, shadowed imports)"
pyflakes3 server/ serve.py tests/server || failed=1

step "server: unittest over real HTTP, on SQLite and on PostgreSQL at once"
# The two runs wait on sockets and timers far more than on the CPU: side by side they take the time
# of the longer one. PostgreSQL is a throwaway cluster on a Unix socket, removed after; Debian's
# /usr/bin/python3 has psycopg (shared/TOOLCHAIN.md, item 10).
PG_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
trap 'bash tests/server/pg_cluster.sh stop "$PG_DIR"' EXIT
python3 -m unittest discover -s tests/server -t . > build/server-sqlite.log 2>&1 &
sqlite_run=$!
if bash tests/server/pg_cluster.sh start "$PG_DIR"; then
  PORTAL_TEST_PG="$PG_DIR" /usr/bin/python3 -m unittest discover -s tests/server -t . > build/server-pg.log 2>&1
  pg_status=$?
else
  pg_status=1
fi
wait "$sqlite_run"
sqlite_status=$?
echo "-- on SQLite (build/server-sqlite.log)"; tail -n 25 build/server-sqlite.log
echo "-- on PostgreSQL (build/server-pg.log)"; tail -n 25 build/server-pg.log
[ "$sqlite_status" -eq 0 ] && [ "$pg_status" -eq 0 ] || failed=1
bash tests/server/pg_cluster.sh stop "$PG_DIR"
trap - EXIT

step "browser: end to end in Chromium"
# Every test's line, and the whole report of any that failed (the full log stays in build/).
if node --test --test-concurrency=1 tests/e2e/ > build/e2e.log 2>&1; then
  grep -E "^(not )?ok |^# (tests|pass|fail|duration)" build/e2e.log
else
  grep -E "^(not )?ok |^# (tests|pass|fail|duration)" build/e2e.log
  grep -A40 "^not ok" build/e2e.log | head -200
  failed=1
fi

echo
if [ "$failed" -ne 0 ]; then echo "SOME TESTS FAILED"; exit 1; fi
echo "ALL TESTS PASSED"
