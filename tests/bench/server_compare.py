#!/usr/bin/env python3
"""The hand-written HTTP server (server/http_server.py) against gunicorn 20.1 and waitress 2.1 from
Debian, serving the same routes (tests/bench/wsgi_portal.py) on one seeded SQLite file: requests per
second and p50/p99 for GET and POST /api/issues at 1, 8 and 32 clients, then the hygiene probes of
tests/server/test_hygiene.py and test_connections.py, each passed or failed with what was seen.

    /usr/bin/python3 tests/bench/server_compare.py [--issues 2000] [--seconds 5] [--only NAME,...]
Needs python3-gunicorn and python3-waitress (apt); Debian's packages import under /usr/bin/python3."""
import argparse
import contextlib
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workers_load import ROOT, measure, start, token_for  # noqa: E402
sys.path.insert(0, ROOT)
from tests.server.test_connections import exchange  # noqa: E402

PY = "/usr/bin/python3"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setups(port):
    wsgi = ["--chdir", ROOT, "tests.bench.wsgi_portal:application"]
    # --trust-proxy: the load comes from one address, as through a proxy (the others have no cap per address)
    serve = [PY, os.path.join(ROOT, "serve.py"), "--port", str(port), "--no-rate-limits", "--trust-proxy", "127.0.0.1"]
    return {
        "hand-written 1 process": serve + ["--workers", "1"],
        "hand-written 2 processes": serve + ["--workers", "2"],
        "gunicorn gthread 2x16": [PY, "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "16", "-b",
                                  f"127.0.0.1:{port}", "--keep-alive", "15", "--graceful-timeout", "8",
                                  "--access-logfile", "-", *wsgi],
        "gunicorn sync 2": [PY, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--graceful-timeout", "8",
                            "--access-logfile", "-", *wsgi],
        "waitress 16 threads": [PY, "-m", "waitress", "--threads", "16", "--listen", f"127.0.0.1:{port}",
                                "--call", "tests.bench.wsgi_portal:make_application"],
    }


def launch(argv, db, log_path):
    env = dict(os.environ, PORTAL_DB=db, PYTHONPATH=ROOT)
    proc = subprocess.Popen(argv + (["--db", db] if "serve.py" in argv[1] else []), cwd=ROOT, env=env,
                            stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    port = int(argv[argv.index("--port") + 1]) if "--port" in argv else int(re.search(r":(\d+)", " ".join(argv)).group(1))
    deadline = time.time() + 60
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            if exchange(s) == 200:
                return proc, port
        if proc.poll() is not None:
            raise SystemExit(open(log_path).read())
        time.sleep(0.2)
    raise SystemExit("did not start: " + open(log_path).read())


# -- probes: each -> (passed, what was seen) -----------------------------------------------------------
def connect(port, source="127.0.0.1", timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))


def timed_health(port, source, count=15, limit=2.0):
    """`count` fresh connections asking /api/health -> (all 200 within `limit` s each, the slowest)."""
    slowest, ok = 0.0, True
    for _ in range(count):
        t0 = time.monotonic()
        try:
            with connect(port, source, timeout=limit + 1) as s:
                ok &= exchange(s) == 200
        except OSError:
            ok = False
        slowest = max(slowest, time.monotonic() - t0)
        ok &= slowest <= limit
    return ok, slowest


def probe_huge_length(port):
    with connect(port) as s:
        t0 = time.monotonic()
        try:
            status = exchange(s, b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: 1000000000000\r\n\r\n{")
        except OSError:
            status = 0
        took = time.monotonic() - t0
    return status == 413 and took < 2, f"{status} in {took:.2f} s"


def probe_smuggling(port):
    status = second = 0
    with connect(port) as s, contextlib.suppress(OSError):
        status = exchange(s, b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        second = exchange(s, b"")
    return 400 <= status < 500 and second == 0, f"{status}, then {'closed' if second == 0 else second}"


def probe_unread_body(port):
    with connect(port) as s:
        body = b'{"body": "GET /api/nowhere HTTP/1.1\\r\\n\\r\\n", "visibility": "public"}'
        first = exchange(s, b"POST /api/issues/1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        try:
            second = exchange(s)
        except OSError:
            second = 0
    return first == 401 and second in (200, 0), f"{first}, then {second or 'closed'}"


def probe_keep_alive(port):
    with connect(port) as s:
        statuses = [exchange(s) for _ in range(3)]
    return statuses == [200] * 3, ", ".join(map(str, statuses))


def probe_trickle_cut(port):
    t0 = time.monotonic()
    with connect(port, timeout=40) as s:
        request = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
        cut = False
        try:
            for n in range(len(request)):
                s.sendall(request[n:n + 1])
                time.sleep(0.2)
                if select.select([s], [], [], 0)[0] and s.recv(1) == b"":
                    cut = True
                    break
        except OSError:
            cut = True
    took = time.monotonic() - t0
    return cut and took < 15, f"cut after {took:.1f} s" if cut else f"still open after {took:.1f} s"


def probe_big_header(port):
    with connect(port) as s:
        try:
            status = exchange(s, b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
        except OSError:
            status = 0
    return 400 <= status < 500 or status == 0, f"{status or 'closed'}"


def probe_idle_hogs(port):
    with contextlib.ExitStack() as stack:
        for _ in range(100):
            with contextlib.suppress(OSError):
                stack.enter_context(connect(port, "127.0.0.2"))
        time.sleep(0.3)
        ok, slowest = timed_health(port, "127.0.0.3")
    return ok, f"slowest of 15 others {slowest:.2f} s"


def probe_tricklers(port):
    stop = threading.Event()
    with contextlib.ExitStack() as stack:
        socks = []
        for _ in range(70):
            with contextlib.suppress(OSError):
                socks.append(stack.enter_context(connect(port, "127.0.0.4")))

        def trickle():
            request = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
            for n in range(len(request)):
                if stop.wait(0.3):
                    return
                for s in socks:
                    with contextlib.suppress(OSError):
                        s.send(request[n:n + 1])
        threading.Thread(target=trickle, daemon=True).start()
        time.sleep(1)
        try:
            ok, slowest = timed_health(port, "127.0.0.5")
        finally:
            stop.set()
    return ok, f"slowest of 15 others {slowest:.2f} s"


def probe_graceful_stop(proc, port):
    """A report whose body arrives after SIGTERM is still answered."""
    with connect(port, timeout=15) as s:
        body = b'{"impact": "P2"}'
        s.sendall(b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        try:
            status = exchange(s, body)
        except OSError:
            status = 0
    return status in (200, 400), f"{status or 'closed'} for the request in flight"


PROBES = [("huge Content-Length refused", probe_huge_length), ("TE + CL refused and closed", probe_smuggling),
          ("unread body not a request", probe_unread_body), ("keep-alive", probe_keep_alive),
          ("trickling headers cut off", probe_trickle_cut), ("70 KB header refused", probe_big_header),
          ("100 idle sockets, others served", probe_idle_hogs), ("70 tricklers, others served", probe_tricklers)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--only", help="comma-separated set-up names to run")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="server-compare-")
    seeded = os.path.join(folder, "seed.db")
    proc, log, _ = start(seeded, 1, args.issues, folder)
    proc.terminate()
    proc.wait(30)
    log.close()
    load_rows, probe_rows = [], []
    try:
        for name, argv in setups(free_port()).items():
            if args.only and name not in args.only.split(","):
                continue
            db = os.path.join(folder, name.replace(" ", "_") + ".db")
            shutil.copy(seeded, db)
            proc, port = launch(argv, db, os.path.join(folder, name.replace(" ", "_") + ".log"))
            try:
                tokens = {"GET": token_for(port, "cse@demo.test"), "POST": token_for(port, "premium@demo.test")}
                for kind in ("GET", "POST"):
                    for clients in (int(c) for c in args.clients.split(",")):
                        rps, p50, p99, errors = measure(port, tokens[kind], kind, clients, args.seconds)
                        load_rows.append((name, kind, clients, rps, p50, p99, errors))
                        print(f"{name:<26} {kind:<4} {clients:>3}: {rps:7.1f} req/s p50 {p50:6.1f} p99 {p99:7.1f} "
                              f"errors {errors}", flush=True)
                for label, probe in PROBES:
                    try:
                        passed, seen = probe(port)
                    except OSError as e:
                        passed, seen = False, type(e).__name__
                    probe_rows.append((name, label, passed, seen))
                    print(f"{name:<26} {label:<34} {'pass' if passed else 'FAIL'}  {seen}", flush=True)
                passed, seen = probe_graceful_stop(proc, port)
                probe_rows.append((name, "request in flight at SIGTERM answered", passed, seen))
                print(f"{name:<26} {'request in flight at SIGTERM':<34} {'pass' if passed else 'FAIL'}  {seen}")
            finally:
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(20)
                proc.kill()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    names = list(dict.fromkeys(r[0] for r in load_rows))
    base = {(r[1], r[2]): r[3] for r in load_rows if r[0] == names[0]}
    print(f"\n{args.issues} issues; {args.seconds:.0f} s per cell; ratio to {names[0]}\n")
    print("| server | request | clients | req/s | p50 ms | p99 ms | errors | ratio |\n|---|---|---|---|---|---|---|---|")
    for r in load_rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1f} | {r[4]:.1f} | {r[5]:.1f} | {r[6]} | {r[3] / base[(r[1], r[2])]:.2f} |")
    print("\n| probe | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for label in dict.fromkeys(r[1] for r in probe_rows):
        cells = {r[0]: ("pass" if r[2] else "**fail**") + f" ({r[3]})" for r in probe_rows if r[1] == label}
        print(f"| {label} | " + " | ".join(cells.get(n, "") for n in names) + " |")


if __name__ == "__main__":
    main()
