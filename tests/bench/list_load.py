#!/usr/bin/env python3
"""GET /api/issues under load, over HTTP: 1, 8 and 32 concurrent clients against a server with
20,000 issues (demo mode with --demo-bulk), each client on its own kept-alive connection.

    python3 tests/bench/list_load.py [--issues 20000] [--clients 1,8,32] [--seconds 10]

Prints requests per second and the median and p99 latency for each number of clients."""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LISTS = ("/api/issues", "/api/issues?scope=public", "/api/issues?status=open", "/api/issues?q=agents",
         "/api/issues?sort=deadline")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=20000)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="list-load-")
    log_path = os.path.join(folder, "server.log")
    log = open(log_path, "w")
    # the loopback as a trusted proxy: 32 clients from one address would meet the per-address cap
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "serve.py"), "--demo", "--demo-bulk", str(args.issues),
                               "--port", "0", "--db", os.path.join(folder, "portal.db"), "--trust-proxy", "127.0.0.1",
                               "--no-rate-limits"], stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        deadline = time.time() + 600
        while port is None and time.time() < deadline:
            m = re.search(r"listening on http://[^:]+:(\d+)/", open(log_path).read())
            port = int(m.group(1)) if m else None
            time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", "/api/session", json.dumps({"email": "cse@demo.test", "password": "demo-password"}),
                     {"Content-Type": "application/json"})
        token = json.loads(conn.getresponse().read())["token"]
        print(f"{args.issues} issues; lists: {', '.join(LISTS)}")
        print(f"{'clients':>7} {'req/s':>8} {'median ms':>9} {'p99 ms':>8} {'errors':>6}")
        for clients in (int(c) for c in args.clients.split(",")):
            times, errors, stop = [], [], time.monotonic() + args.seconds

            def client(n):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                k = n
                while time.monotonic() < stop:
                    started = time.perf_counter()
                    c.request("GET", LISTS[k % len(LISTS)], headers={"Authorization": "Bearer " + token})
                    response = c.getresponse()
                    response.read()
                    times.append((time.perf_counter() - started) * 1000)
                    if response.status != 200:
                        errors.append(response.status)
                    k += 1
                c.close()

            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - t0
            times.sort()
            print(f"{clients:>7} {len(times) / elapsed:>8.1f} {statistics.median(times):>9.1f} "
                  f"{times[int(len(times) * 0.99)]:>8.1f} {len(errors):>6}", flush=True)
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
