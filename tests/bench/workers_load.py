#!/usr/bin/env python3
"""Requests per second and latency for GET /api/issues and POST /api/issues at 1, 8 and 32 concurrent
clients, for each server set-up: SQLite with 1 and 2 workers (and PostgreSQL with --pg URL), as a
table with ratios to SQLite / 1 worker. The load comes from separate client processes (threads of
one Python process would measure their own lock, not the server).

    python3 tests/bench/workers_load.py [--issues 2000] [--clients 1,8,32] [--seconds 6] [--pg URL | --pg-cluster]

Every set-up runs under one interpreter (Debian's when PostgreSQL is measured: psycopg is its package)."""
import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_throwaway  # noqa: E402
from pg_throwaway import ROOT  # noqa: E402

LISTS = ("/api/issues", "/api/issues?scope=public", "/api/issues?status=open", "/api/issues?q=agents")
REPORT = {"title": "Load test report", "impact": "P3", "fleet_version": "4.40.0", "agent": "fleetd",
          "agent_version": "1.20.0", "os": "macOS 14.4", "browser": "Chrome 124", "expected": "It works.",
          "actual": "It does not.", "steps": "1. Try."}


def start(db, workers, issues, folder, python=sys.executable):
    log_path = os.path.join(folder, f"server-{workers}.log")
    log = open(log_path, "w")
    data_dir = ["--data-dir", folder] if db.startswith("postgresql:") else []
    proc = subprocess.Popen([python, os.path.join(ROOT, "serve.py"), "--demo", "--demo-bulk", str(issues),
                             "--port", "0", "--db", db, "--workers", str(workers), "--trust-proxy", "127.0.0.1",
                             "--no-rate-limits", *data_dir], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 600
    while time.time() < deadline:
        m = re.search(r"listening on http://[^:]+:(\d+)/", open(log_path).read())
        if m:
            return proc, log, int(m.group(1))
        if proc.poll() is not None:
            raise SystemExit(open(log_path).read())
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def token_for(port, email):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/api/session", json.dumps({"email": email, "password": "demo-password"}),
              {"Content-Type": "application/json"})
    return json.loads(c.getresponse().read())["token"]


def client(args):
    port, token, kind, n, stop_at = args
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times, errors, k = [], 0, n
    body = json.dumps(REPORT)
    while time.time() < stop_at:
        started = time.perf_counter()
        try:
            if kind == "GET":
                c.request("GET", LISTS[k % len(LISTS)], headers={"Authorization": "Bearer " + token})
            else:
                c.request("POST", "/api/issues", body, {"Authorization": "Bearer " + token,
                                                        "Content-Type": "application/json"})
            response = c.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):     # counted, and on with a new connection
            errors += 1
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        times.append((time.perf_counter() - started) * 1000)
        errors += response.status >= 300
        k += 1
    c.close()
    return times, errors


def measure(port, token, kind, clients, seconds):
    stop_at = time.time() + seconds
    with multiprocessing.Pool(clients) as pool:
        t0 = time.time()
        results = pool.map(client, [(port, token, kind, n, stop_at) for n in range(clients)])
        elapsed = time.time() - t0
    times = sorted(t for r in results for t in r[0])
    return len(times) / elapsed, statistics.median(times), times[int(len(times) * 0.99)], sum(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=2000)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=6)
    pg = parser.add_mutually_exclusive_group()
    pg.add_argument("--pg", metavar="URL", help="also PostgreSQL at this --db URL (an empty database)")
    pg.add_argument("--pg-cluster", action="store_true", help="also PostgreSQL, in a throwaway cluster (fsync on)")
    args = parser.parse_args()
    with_pg = bool(args.pg or args.pg_cluster)
    python = pg_throwaway.PG_PYTHON if with_pg else sys.executable
    setups = [("SQLite", 1), ("SQLite", 2)] + ([("PostgreSQL", 1), ("PostgreSQL", 2)] if with_pg else [])
    rows, base = [], {}
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(pg_throwaway.cluster()) if args.pg_cluster else None
        for backend, workers in setups:
            folder = tempfile.mkdtemp(prefix="workers-load-")
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
            if backend == "PostgreSQL":      # a fresh database each: the same data as SQLite's
                db = database(f"load_{workers}w") if database else args.pg
            else:
                db = os.path.join(folder, "portal.db")
            proc, log, port = start(db, workers, args.issues, folder, python)
            try:
                tokens = {"GET": token_for(port, "cse@demo.test"), "POST": token_for(port, "premium@demo.test")}
                for kind in ("GET", "POST"):
                    for clients in (int(c) for c in args.clients.split(",")):
                        rps, p50, p99, errors = measure(port, tokens[kind], kind, clients, args.seconds)
                        key = (kind, clients)
                        base.setdefault(key, rps)
                        rows.append((f"{backend} {workers}w", kind, clients, rps, p50, p99, errors, rps / base[key]))
                        print(f"{rows[-1][0]:<14} {kind:<4} {clients:>3} clients: {rps:8.1f} req/s  p50 {p50:6.1f} ms  "
                              f"p99 {p99:7.1f} ms  errors {errors}  x{rows[-1][7]:.2f}", flush=True)
            finally:
                proc.terminate()
                proc.wait(30)
                log.close()
    print(f"\n{args.issues} issues (demo data plus --demo-bulk); {args.seconds:.0f} s per cell; ratio to SQLite 1 worker\n")
    print("| set-up | request | clients | req/s | p50 ms | p99 ms | errors | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1f} | {r[4]:.1f} | {r[5]:.1f} | {r[6]} | {r[7]:.2f} |")


if __name__ == "__main__":
    main()
