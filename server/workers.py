"""Running the server: one process, or --workers N processes on one listening socket.

A worker stops gracefully on SIGTERM or SIGINT: it stops accepting, lets requests in flight finish
(closing idle kept-alive connections), and exits within GRACE seconds. With several workers a
supervisor that holds no thread and no database forks them, restarts one that dies, and passes
SIGTERM on. Workers share the database (SQLite WAL and a busy timeout), sessions, and the outbox
and webhook deliveries (claimed with a lease, server/delivery.py)."""
import os
import signal
import sys
import threading
import time

GRACE = 8.0            # seconds requests in flight get to finish once a stop is asked
RESTART_PAUSE = 1.0    # between restarts of a worker that keeps dying at once


def serve_until_signalled(server, grace=GRACE):
    stopping = threading.Event()

    def stop(signum, frame):
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()   # returns when the loop has ended

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        deadline = time.monotonic() + grace
        while server.connections.counts()["total"] and time.monotonic() < deadline:
            server.connections.close_idle()          # a kept-alive connection waiting for its next request
            time.sleep(0.05)
        server.server_close()


def in_child(work):
    """Runs `work()` in a forked process (so this one starts no thread and opens no database) -> its code."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _run_and_exit(work)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _run_and_exit(work):
    code = 1
    try:
        code = work() or 0
    except BaseException as e:          # noqa: B902 — a worker's last word, then out without cleanup
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)                  # no finalizers: nothing inherited from the parent is closed twice


def supervise(count, worker, log=sys.stderr):
    """Forks `count` processes running `worker()`; restarts one that exits unasked; on SIGTERM or SIGINT
    asks each to stop and waits for them -> 0."""
    children = {}
    stopping = False

    def spawn():
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _run_and_exit(worker)
        children[pid] = time.monotonic()

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(count):
        spawn()
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        started = children.pop(pid, None)
        if stopping or started is None:
            continue
        log.write(f"worker {pid} exited ({os.waitstatus_to_exitcode(status)}); starting another\n")
        log.flush()
        if time.monotonic() - started < RESTART_PAUSE:
            time.sleep(RESTART_PAUSE)
        spawn()
    return 0
