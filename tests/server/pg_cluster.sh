#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the server tests (docs: shared/TOOLCHAIN.md, item 15).
#   tests/server/pg_cluster.sh start DIR   initdb into DIR/data, listen only on a Unix socket in DIR
#   tests/server/pg_cluster.sh stop DIR    stop it and remove DIR
# Connect with host=DIR (PORTAL_TEST_PG=DIR for the server tests). PG_DURABLE=1 keeps fsync on (benchmarks
# that compare with SQLite's synchronous=FULL); tests turn it off. PostgreSQL refuses to run as root:
# as root the cluster belongs to the `postgres` system user (DIR and its parents must let it in).
set -euo pipefail
cmd=${1:-}; dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2; exit 2
fi
BIN=/usr/lib/postgresql/15/bin
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    [ -x "$BIN/initdb" ] || { echo "error: PostgreSQL 15 is not installed (scripts/install.sh installs it)" >&2; exit 1; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a throwaway cluster for tests, never a portal's data
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${PG_DURABLE:-}" = 1 ]; then fast=""; fi
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-k $dir -c listen_addresses='' $fast -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "PostgreSQL listening on the Unix socket in $dir (host=$dir user=postgres)"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2; exit 2
    ;;
esac
