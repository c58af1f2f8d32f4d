#!/usr/bin/env python3
"""Durability under worker crashes: writer processes file reports (with an Idempotency-Key, retried on
any failure until a definite answer) and replies (likewise) while a worker of `serve.py --workers N` is killed with
SIGKILL every few seconds; then the database must hold every acknowledged write exactly once (exit 1
if not). SQLite always; PostgreSQL with --pg URL (an empty database) or --pg-cluster (a throwaway one).

    python3 tests/bench/soak_workers.py [--seconds 60] [--writers 8] [--kill-every 3] [--workers 2] [--pg URL | --pg-cluster]"""
import argparse
import collections
import contextlib
import glob
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_throwaway  # noqa: E402
from pg_throwaway import PG_PYTHON, ROOT  # noqa: E402
from workers_load import token_for  # noqa: E402

REPORT = {"impact": "P3", "fleet_version": "4.40.0", "agent": "fleetd", "agent_version": "1.20.0",
          "os": "macOS 14.4", "browser": "Chrome 124", "expected": "It works.", "actual": "It does not.",
          "steps": "1. Try."}
TIMEOUT = 20          # seconds for one attempt; a worker killed mid-request resets the connection at once
DUMP = """
import json, sys, psycopg
with psycopg.connect(sys.argv[1]) as conn:
    issues = conn.execute("SELECT id, title FROM issues WHERE title LIKE 'Soak %'").fetchall()
    replies = conn.execute("SELECT issue_id, body FROM comments WHERE body LIKE 'Soak reply %'").fetchall()
print(json.dumps({"issues": issues, "replies": replies}))
"""


def start(python, db, workers, folder, extra=()):
    log_path = os.path.join(folder, "server.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([python, os.path.join(ROOT, "serve.py"), "--demo", "--port", "0", "--db", db,
                             "--workers", str(workers), "--no-rate-limits", *extra],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline:
        m = re.search(r"listening on http://[^:]+:(\d+)/", open(log_path).read())
        if m:
            return proc, log, log_path, int(m.group(1))
        if proc.poll() is not None:
            raise SystemExit(open(log_path).read())
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def children(pid):
    found = set()
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            found.update(int(p) for p in open(path).read().split())
        except OSError:
            pass
    return found


def writer(args):
    """Files reports and replies on its own reports, each retried with its own Idempotency-Key until
    a 2xx or 4xx answer."""
    wid, port, token, stop_at, run = args
    rng = random.Random(wid)
    out = {"sent": 0, "retries": 0, "issues": [], "replies": [], "refused": 0, "unknown_issues": [],
           "unknown_replies": [], "echoes": [], "statuses": collections.Counter()}
    conn = None
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

    def post(path, body, extra=None):
        nonlocal conn
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        out["sent"] += 1
        try:
            conn.request("POST", path, json.dumps(body), {**headers, **(extra or {})})
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            conn = None
            out["statuses"][type(e).__name__] += 1
            return None, None
        out["statuses"][response.status] += 1
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = None
        return response.status, data

    def until_answered(path, body, key):
        """Sends until a definite answer, with the same key every time -> (status, data), or None when
        the deadline came first (the write's fate is unknown)."""
        attempts = 0
        while True:
            if attempts and time.time() >= stop_at:      # no retry after the deadline: the answer is unknown
                return None
            if attempts:
                out["retries"] += 1
                time.sleep(0.05)
            attempts += 1
            status, data = post(path, body, {"Idempotency-Key": key})
            if status is not None and status < 500:
                return status, data

    seq = 0
    while time.time() < stop_at:
        seq += 1
        key = f"soak-{run}-{wid}-{seq}"
        if out["issues"] and rng.random() < 0.35:
            issue_id = rng.choice(out["issues"])[0]
            text = f"Soak reply w{wid} #{seq} {run}"
            answer = until_answered(f"/api/issues/{issue_id}/comments", {"body": text}, key)
            if answer is None:
                out["unknown_replies"].append((issue_id, text))
            elif answer[0] < 300:
                out["replies"].append((issue_id, text))
            else:
                out["refused"] += 1
            continue
        title = f"Soak w{wid} #{seq} {run}"
        answer = until_answered("/api/issues", {**REPORT, "title": title}, key)
        if answer is None:
            out["unknown_issues"].append(title)
        elif answer[0] < 300:
            issue = json.loads(answer[1])
            out["issues"].append((issue["id"], issue["title"], title))
            if rng.random() < 0.05:              # a retry of an answered request must replay, not file again
                status, data = post("/api/issues", {**REPORT, "title": title}, {"Idempotency-Key": key})
                if status is not None and status < 500:
                    out["echoes"].append((status, json.loads(data).get("id"), issue["id"]))
        else:
            out["refused"] += 1
    if conn is not None:
        conn.close()
    return out


def kill_loop(proc, workers, kill_every, stop_at):
    """SIGKILLs one worker every kill_every seconds -> (kills, kills after which the count came back)."""
    kills = recovered = 0
    rng = random.Random(1)
    pending = False
    while time.time() < stop_at:
        next_kill = time.time() + kill_every
        while time.time() < min(next_kill, stop_at):
            if pending and len(children(proc.pid)) == workers:
                recovered += 1
                pending = False
            time.sleep(0.1)
        if time.time() >= stop_at:
            break
        live = sorted(children(proc.pid))
        if not live:
            continue
        try:
            os.kill(rng.choice(live), signal.SIGKILL)
        except ProcessLookupError:
            continue
        kills += 1
        pending = True
    deadline = time.time() + 15          # the last kill's replacement
    while pending and time.time() < deadline:
        if len(children(proc.pid)) == workers:
            recovered += 1
            pending = False
        time.sleep(0.1)
    return kills, recovered


def stored(db):
    """-> ([(id, title)], [(issue_id, body)]) of the soak's rows, read straight from the database."""
    if db.startswith("postgresql://"):
        data = json.loads(subprocess.run([PG_PYTHON, "-c", DUMP, db], check=True, capture_output=True, text=True).stdout)
        return [tuple(r) for r in data["issues"]], [tuple(r) for r in data["replies"]]
    conn = sqlite3.connect(db, timeout=30)
    try:
        return (conn.execute("SELECT id, title FROM issues WHERE title LIKE 'Soak %'").fetchall(),
                conn.execute("SELECT issue_id, body FROM comments WHERE body LIKE 'Soak reply %'").fetchall())
    finally:
        conn.close()


def soak(backend, db, python, folder, extra, args):
    proc, log, log_path, port = start(python, db, args.workers, folder, extra)
    run = str(int(time.time()))
    try:
        token = token_for(port, "premium@demo.test")
        stop_at = time.time() + args.seconds
        t0 = time.time()
        with multiprocessing.Pool(args.writers) as pool:
            pending = pool.map_async(writer, [(w, port, token, stop_at, run) for w in range(args.writers)])
            kills, recovered = kill_loop(proc, args.workers, args.kill_every, stop_at)
            results = pending.get(TIMEOUT * 3 + 30)
        elapsed = time.time() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    text = open(log_path, encoding="utf-8", errors="replace").read()
    restarted = len(re.findall(r"^worker \d+ exited \(-9\); starting another$", text, re.M))
    internal = re.findall(r"^internal error .*$", text, re.M)
    issues, replies = stored(db)

    titles = collections.Counter(t for _, t in issues)
    by_id = {i: t for i, t in issues}
    reply_count = collections.Counter(replies)
    acked = [i for r in results for i in r["issues"]]
    acked_replies = [x for r in results for x in r["replies"]]
    unknown_issues = [t for r in results for t in r["unknown_issues"]]
    unknown_replies = [x for r in results for x in r["unknown_replies"]]
    lost = [(i, t) for i, answered, t in acked if by_id.get(i) != t or answered != t]
    lost += [x for x in acked_replies if reply_count[x] == 0]
    duplicated = [t for t, n in titles.items() if n > 1] + [x for x, n in reply_count.items() if n > 1]
    echoes = [e for r in results for e in r["echoes"]]
    duplicated += [e for e in echoes if e[0] != 200 or e[1] != e[2]]     # (status, id answered, id first answered)
    known = {t for _, _, t in acked} | set(unknown_issues)
    phantom = [t for t in titles if t not in known]    # stored though answered 4xx
    statuses = collections.Counter()
    for r in results:
        statuses.update(r["statuses"])
    row = {"backend": backend, "seconds": elapsed, "writers": args.writers, "rounds": kills, "restarted": restarted,
           "recovered": recovered, "echoes": len(echoes), "sent": sum(r["sent"] for r in results), "issues": len(acked),
           "replies": len(acked_replies), "retries": sum(r["retries"] for r in results),
           "refused": sum(r["refused"] for r in results), "unknown": len(unknown_issues) + len(unknown_replies),
           "unknown_stored": sum(titles[t] > 0 for t in unknown_issues) + sum(reply_count[x] > 0 for x in unknown_replies),
           "lost": len(lost), "duplicated": len(duplicated), "phantom": len(phantom), "internal": len(internal)}
    print(f"{backend}: {elapsed:.0f} s, {args.writers} writers, {kills} kill -9s, {restarted} workers restarted "
          f"({recovered} times back to {args.workers}), {row['sent']} requests, acknowledged {row['issues']} issues + "
          f"{row['replies']} replies, {row['retries']} retries (+{row['echoes']} resends of answered reports, each to "
          f"be replayed), {row['refused']} refused, {row['unknown']} unknown ({row['unknown_stored']} of them stored), "
          f"{row['lost']} lost, {row['duplicated']} duplicated, {row['phantom']} stored though refused, "
          f"{row['internal']} internal errors", flush=True)
    print(f"  answers: {dict(sorted(statuses.items(), key=str))}", flush=True)
    for name, items in (("lost", lost), ("duplicated", duplicated), ("stored though refused", phantom),
                        ("internal error", internal)):
        for item in items[:5]:
            print(f"  {name}: {item}", flush=True)
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--kill-every", type=float, default=3)
    parser.add_argument("--workers", type=int, default=2)
    pg = parser.add_mutually_exclusive_group()
    pg.add_argument("--pg", metavar="URL", help="also PostgreSQL at this --db URL (an empty database)")
    pg.add_argument("--pg-cluster", action="store_true", help="also PostgreSQL, in a throwaway cluster (fsync on)")
    args = parser.parse_args()
    rows = []
    with contextlib.ExitStack() as stack:         # clean-up even on Ctrl+C
        folder = tempfile.mkdtemp(prefix="soak-sqlite-")
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        rows.append(soak("SQLite", os.path.join(folder, "portal.db"), sys.executable, folder, (), args))
        if args.pg or args.pg_cluster:
            url = args.pg
            if args.pg_cluster:
                url = stack.enter_context(pg_throwaway.cluster())("soak")
            data = tempfile.mkdtemp(prefix="soak-pgdata-")
            stack.callback(shutil.rmtree, data, ignore_errors=True)
            rows.append(soak("PostgreSQL", url, PG_PYTHON, data, ("--data-dir", data), args))
    print(f"\n{args.workers} workers, one SIGKILLed every {args.kill_every:g} s; unknown: no answer before the "
          "deadline (a report or reply is retried with its key until then)\n")
    print("| backend | seconds | writers | rounds (kill -9) | workers restarted | requests | acknowledged issues "
          "| acknowledged replies | retries | unknown | lost | duplicated | internal errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['seconds']:.0f} | {r['writers']} | {r['rounds']} | {r['restarted']} | {r['sent']} "
              f"| {r['issues']} | {r['replies']} | {r['retries']} | {r['unknown']} | {r['lost']} | {r['duplicated']} "
              f"| {r['internal']} |")
    if any(r["lost"] or r["duplicated"] or r["phantom"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
