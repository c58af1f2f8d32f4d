#!/usr/bin/env python3
"""Peak memory of the server while many clients download a large attachment at once.

    python3 tests/bench/download_memory.py [--clients 60] [--mb 25] [--root DIR]

Starts serve.py (--demo, the loopback as a trusted proxy so the per-address connection cap
does not turn the clients away), uploads one archive as a customer, then downloads it from
`clients` threads at once, each reading slowly enough that all are in flight together.
Prints the server's resident memory before, and its peak (VmHWM) after."""
import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def memory(pid):
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def request(port, method, path, body=None, token=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=h)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--mb", type=int, default=25)
    parser.add_argument("--root", default=ROOT, help="the checkout whose serve.py to measure")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="download-memory-")
    log = open(os.path.join(folder, "server.log"), "w")
    help_text = subprocess.run([sys.executable, os.path.join(args.root, "serve.py"), "--help"], capture_output=True,
                               text=True).stdout
    extra = ["--trust-proxy", "127.0.0.1", "--no-rate-limits"] if "--trust-proxy" in help_text else []
    server = subprocess.Popen([sys.executable, os.path.join(args.root, "serve.py"), "--demo", "--port", "0",
                               "--db", os.path.join(folder, "portal.db"), *extra], stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        for _ in range(200):
            m = re.search(r"listening on http://[^:]+:(\d+)/", open(os.path.join(folder, "server.log")).read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.1)
        status, data = request(port, "POST", "/api/session", {"email": "premium@demo.test", "password": "demo-password"})
        token = json.loads(data)["token"]
        archive = b"PK\x03\x04" + os.urandom(args.mb * 1024 * 1024 - 4)
        status, data = request(port, "POST", "/api/issues/1/attachments?filename=big.zip", archive, token,
                               {"Content-Type": "application/zip"})
        assert status == 201, data
        url = json.loads(data)["url"]
        before = memory(server.pid)[0]
        digest = hashlib.sha256(archive).hexdigest()
        results, started = [], threading.Barrier(args.clients)

        def download():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            started.wait()
            conn.request("GET", url, headers={"Authorization": "Bearer " + token})
            response = conn.getresponse()
            h = hashlib.sha256()
            while True:
                chunk = response.read(256 * 1024)
                if not chunk:
                    break
                h.update(chunk)
                time.sleep(0.01)            # a slow reader keeps every download in flight together
            results.append((response.status, h.hexdigest() == digest))
            conn.close()

        threads = [threading.Thread(target=download) for _ in range(args.clients)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        rss, peak = memory(server.pid)
        ok = sum(1 for status, same in results if status == 200 and same)
        print(f"{args.clients} concurrent downloads of {args.mb} MB: {ok} complete and identical in {elapsed:.1f} s; "
              f"server RSS {before} MB before, {rss} MB after, peak {peak} MB")
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
