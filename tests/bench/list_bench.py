#!/usr/bin/env python3
"""How the issue lists scale: files 1,000, 10,000 and 100,000 issues through the storage layer
(the same tables, labels and events the filing path writes; the search index by its triggers), then times GET /api/issues's
handler for every list and search as each role, and prints the median and p99 in ms.

    python3 tests/bench/list_bench.py [--sizes 1000,10000,100000] [--runs 100] [--keep DIR]

The handler runs in-process (no HTTP), so the figures are the server's own work per list:
SQL, paging, labels and counts, JSON shaping. Goal (issue 13): <= 10 ms median at 100,000
issues, and flat from 1,000 to 100,000.

On a machine others share, the wall-clock median moves with their load; the cpu column (this
process's CPU time per list, median) moves far less and tells a slower list from a busier machine.
--keep DIR --reuse times the databases a previous --keep run left there, without filing again."""
import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from server import api_issues, auth  # noqa: E402
from server.app import PortalApp  # noqa: E402

WORDS = ("agent enrollment proxy timeout policy query dashboard software inventory vulnerability host label team "
         "certificate upgrade mysql redis migration calendar webhook osquery fleetd live results refetch windows "
         "macos linux ubuntu chrome safari sso okta saml script install uninstall disk encryption mdm profile").split()
RARE = "flamingo"                               # in one issue in a thousand
ORGS = 30
CUSTOMERS_PER_ORG = 4
COMMUNITY = 300


def seed(storage, count, rng):
    """Organizations, people and `count` issues; -> {"cse": id, "customer": id, "community": id} to sign in as."""
    now = datetime.datetime(2027, 6, 1, tzinfo=datetime.timezone.utc)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    with storage.write() as conn:
        orgs = [conn.execute("INSERT INTO organizations (name, plan, anonymous, codename, created_at) VALUES (?, ?, ?, ?, ?)",
                             (f"Org {n}", ("premium", "ultimate")[n % 2], n % 3 == 0, f"customer-bench-{n}", stamp)).lastrowid
                for n in range(ORGS)]
        people = []                             # (user id, org id or None, role)

        def person(email, role, org):
            uid = conn.execute("""INSERT INTO users (email, name, role, organization_id, password_hash, password_salt,
                                  password_iterations, created_at) VALUES (?, ?, ?, ?, x'00', x'00', 1, ?)""",
                               (email, email.split("@")[0], role, org, stamp)).lastrowid
            people.append((uid, org, role))
            return uid
        cse = person("cse@bench.test", "cse", None)
        customers = [person(f"c{o}-{n}@bench.test", "customer", org) for o, org in enumerate(orgs)
                     for n in range(CUSTOMERS_PER_ORG)]
        community = [person(f"m{n}@bench.test", "community", None) for n in range(COMMUNITY)]
        reporters = [p for p in people if p[2] != "cse"]
        for n in range(count):
            uid, org, role = rng.choice(reporters)
            created = now - datetime.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
            at = created.strftime("%Y-%m-%dT%H:%M:%SZ")
            impact = rng.choice(("P0", "P1", "P2", "P3")) if role == "customer" else None
            title = " ".join(rng.choice(WORDS) for _ in range(6)) + (f" {RARE}" if n % 1000 == 7 else "")
            fields = {"title": title, "expected": " ".join(rng.choice(WORDS) for _ in range(12)),
                      "actual": " ".join(rng.choice(WORDS) for _ in range(12)), "steps": "1. " + rng.choice(WORDS)}
            due = (created + datetime.timedelta(hours=rng.choice((1, 4, 10, 20)))).strftime("%Y-%m-%dT%H:%M:%SZ")
            status = rng.choice(("new", "in_progress", "in_progress", "resolved", "closed"))
            owed = due if impact and status in ("new", "in_progress") else None
            issue = conn.execute(
                """INSERT INTO issues (title, status, visibility, plan, impact, organization_id, reporter_id, created_at,
                   updated_at, due_at, reply_owed_by, sla_state, fields_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (title, status, "confidential" if role == "customer" and rng.random() < 0.4 else "public",
                 "premium" if org else "free", impact, org, uid, at, at, due if impact else None, owed,
                 "pending" if impact else "none", json.dumps(fields))).lastrowid
            labels = ["bug", ":reproduce", ":incoming"] + ([impact, "customer request"] if impact else []) + \
                (["+more info please"] if rng.random() < 0.1 else [])
            conn.executemany("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?)", [(issue, l) for l in labels])
            conn.execute("""INSERT INTO events (issue_id, at, actor_id, actor_kind, kind, detail_json)
                            VALUES (?, ?, ?, 'user', 'filed', '{}')""", (issue, at, uid))
            if rng.random() < 0.05:
                conn.execute("INSERT OR IGNORE INTO affected (issue_id, user_id, at) VALUES (?, ?, ?)",
                             (issue, rng.choice(community), at))
    return {"cse": cse, "customer": customers[0], "community": community[0]}


LISTS = [  # name, query
    ("all", {}), ("mine", {"scope": "mine"}), ("org", {"scope": "org"}), ("public", {"scope": "public"}),
    ("open", {"status": "open"}), ("waiting", {"status": "waiting_on_customer"}), ("label P1", {"label": "P1"}),
    ("by deadline", {"sort": "deadline"}), ("page 20", {"page": "20"}),
    ("q common", {"q": "proxy timeout"}), ("q rare", {"q": RARE}), ("q any", {"q": "proxy flamingo", "match": "any"}),
]


class BenchRequest:
    """What list_issues reads of a request."""
    def __init__(self, app, token, query):
        self.app, self.query, self.params, self.method = app, query, {}, "GET"
        self.client_address, self.user = "127.0.0.1", None
        self._headers = {"Authorization": "Bearer " + token}

    def header(self, name, default=None):
        return self._headers.get(name, default)


def measure(app, token, query, runs):
    times, cpu = [], []
    api_issues.list_issues(BenchRequest(app, token, dict(query)))          # warm the page cache
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        status, body = api_issues.list_issues(BenchRequest(app, token, dict(query)))[:2]
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))], statistics.median(cpu), body["total"]


def people(storage):
    """Who a database filed by an earlier run signs in as."""
    ids = {email: uid for uid, email in storage.read().execute(
        "SELECT id, email FROM users WHERE email IN ('cse@bench.test', 'c0-0@bench.test', 'm0@bench.test')")}
    return {"cse": ids["cse@bench.test"], "customer": ids["c0-0@bench.test"], "community": ids["m0@bench.test"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--keep", help="keep the databases in this folder")
    parser.add_argument("--reuse", action="store_true", help="with --keep: time the databases already there")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="list-bench-")
    rng = random.Random(13)
    print(f"{'issues':>7} {'role':<10} {'list':<12} {'median ms':>9} {'p99 ms':>8} {'cpu ms':>7} {'total':>7}")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            path = os.path.join(folder, f"bench-{size}.db")
            reuse = args.reuse and os.path.exists(path)
            if os.path.exists(path) and not reuse:
                os.unlink(path)
            app = PortalApp(ROOT, os.path.join(folder, "no-site"), path, os.path.join(ROOT, "build", "libportal.so"),
                            log=open(os.devnull, "w"))
            storage = app.storage
            started = time.perf_counter()
            who = people(storage) if reuse else seed(storage, size, rng)
            filed = time.perf_counter() - started
            with storage.write() as conn:
                tokens = {role: auth.create_session(conn, uid)[0] for role, uid in who.items()}
            storage.read().execute("ANALYZE")
            print(f"# {size} issues " + ("reused" if reuse else f"filed in {filed:.1f} s"))
            for role in ("cse", "customer", "community"):
                for name, query in LISTS:
                    if name == "org" and role != "customer":
                        continue
                    median, p99, cpu, total = measure(app, tokens[role], query, args.runs)
                    print(f"{size:>7} {role:<10} {name:<12} {median:>9.2f} {p99:>8.2f} {cpu:>7.2f} {total:>7}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
