"""Fair connection handling (issue 13): one address holding a hundred idle or trickling sockets
leaves another address served normally; headers have a short deadline; idle kept-alive
connections give way first. Other client addresses are other loopback addresses (127.0.0.x)."""
import contextlib
import select
import socket
import threading
import time
import unittest

import json

from tests.server.harness import REPORT, DemoServerTestCase, RunningServer, ServerTestCase


def connect(server, source="127.0.0.1"):
    return socket.create_connection((server.host, server.port), timeout=10, source_address=(source, 0))


def exchange(sock, request=b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"):
    """Sends one request on an open socket; -> the status code of the reply (0 if closed)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
    while len(rest) < length:
        rest += sock.recv(65536)
    return int(head.split(b" ")[1])


def health(server, source):
    with connect(server, source) as s:
        return exchange(s)


def closed(socks, wait=0.5):
    """The sockets among `socks` that the server has closed (a 503 and a close count as closed)."""
    readable, _, _ = select.select(socks, [], [], wait)
    out = []
    for sock in readable:
        try:
            while sock.recv(65536):
                pass
            out.append(sock)
        except BlockingIOError:
            pass
        except OSError:
            out.append(sock)
    return out


def is_closed(sock):
    sock.setblocking(False)
    return bool(closed([sock]))


class Fairness(ServerTestCase):
    def test_a_hundred_idle_sockets_from_one_address_leave_others_served(self):
        with contextlib.ExitStack() as stack:
            hogs = []
            for _ in range(100):
                try:
                    hogs.append(stack.enter_context(connect(self.server, "127.0.0.2")))
                except OSError:
                    pass
            time.sleep(0.3)
            for s in hogs:
                s.setblocking(False)
            refused = len(closed(hogs))
            self.assertGreaterEqual(refused, 100 - 12, "beyond its cap, an address's connections are turned away")
            statuses = [health(self.server, "127.0.0.3") for _ in range(15)]
            self.assertEqual(statuses, [200] * 15)

    def test_seventy_trickling_connections_from_one_address_leave_others_served(self):
        stop = threading.Event()
        with contextlib.ExitStack() as stack:
            tricklers = []
            for _ in range(70):
                try:
                    tricklers.append(stack.enter_context(connect(self.server, "127.0.0.4")))
                except OSError:
                    pass

            def trickle():
                request = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
                for n in range(len(request)):
                    if stop.wait(0.3):
                        return
                    for s in tricklers:
                        with contextlib.suppress(OSError):
                            s.send(request[n:n + 1])

            threading.Thread(target=trickle, daemon=True).start()
            try:
                statuses = []
                for _ in range(15):
                    statuses.append(health(self.server, "127.0.0.5"))
                    time.sleep(0.1)
                self.assertEqual(statuses, [200] * 15)
            finally:
                stop.set()

    def test_idle_kept_alive_connections_give_way_when_the_server_is_full(self):
        with contextlib.ExitStack() as stack:
            kept = []
            for n in range(64):                      # the whole server, 11 per address, each kept alive
                s = stack.enter_context(connect(self.server, f"127.0.1.{n // 11 + 1}"))
                self.assertEqual(exchange(s), 200)
                kept.append(s)
            newcomers = [stack.enter_context(connect(self.server, "127.0.2.1")) for _ in range(8)]
            self.assertEqual([exchange(s) for s in newcomers], [200] * 8, "newcomers are served")
            time.sleep(0.3)
            for s in kept:
                s.setblocking(False)
            self.assertGreaterEqual(len(closed(kept)), 8, "idle kept-alive ones made room")


class HeaderDeadline(ServerTestCase):
    server_args = ("--header-deadline", "1")

    def test_headers_that_trickle_are_cut_at_the_header_deadline(self):
        started = time.monotonic()
        with connect(self.server) as s:
            closed = False
            try:
                for byte in b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200:
                    s.sendall(bytes([byte]))
                    time.sleep(0.1)
            except OSError:
                closed = True
            closed = closed or is_closed(s)
        self.assertTrue(closed)
        self.assertLess(time.monotonic() - started, 15, "cut by the 1 s header deadline, long before 20 s")

    def test_idle_time_between_requests_is_not_header_time(self):
        with connect(self.server) as s:
            self.assertEqual(exchange(s), 200)
            time.sleep(2)                            # idle between requests is not header time
            self.assertEqual(exchange(s), 200)


class TrustedProxy(unittest.TestCase):
    def test_the_proxys_connections_are_not_capped_per_address(self):
        server = RunningServer("--trust-proxy", "127.0.0.1").start()
        try:
            with contextlib.ExitStack() as stack:
                held = [stack.enter_context(connect(server)) for _ in range(30)]
                for s in held[:20]:
                    self.assertEqual(exchange(s, b"GET /api/health HTTP/1.1\r\nHost: x\r\n"
                                                 b"X-Forwarded-For: 198.51.100.7\r\n\r\n"), 200)
                self.assertEqual(health(server, "127.0.0.1"), 200)
                self.assertIn("198.51.100.7 GET /api/health 200", server.log(), "the log names the real client")
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()


class RouteSlots(ServerTestCase):
    """Routes run a few at a time per process (ACTIVE_ROUTES); a route waiting on its body's bytes
    holds no slot, so slow senders never keep others waiting."""

    def test_bodies_in_transit_leave_the_routes_free(self):
        from server.http_server import ACTIVE_ROUTES
        with contextlib.ExitStack() as stack:
            for _ in range(ACTIVE_ROUTES * 2):      # each inside a route, waiting for the rest of its body
                s = stack.enter_context(connect(self.server))
                s.sendall(b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 100\r\n\r\n{\"impact\": ")
            time.sleep(0.5)
            started = time.monotonic()
            self.assertEqual([health(self.server, "127.0.0.6") for _ in range(5)], [200] * 5)
            self.assertLess(time.monotonic() - started, 2.0, "served without waiting for the slow bodies")


class SlowBodiesAndTheDatabase(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")

    def test_many_reports_whose_bodies_arrive_late_are_all_filed(self):
        """More reports than the connection pool has connections (16), each signed in (a connection
        taken) before its body arrives: waiting for bytes must not sit on a connection while routes wait
        for one (on PostgreSQL that was a 30 s stall and 503s)."""
        body = json.dumps(dict(REPORT, title="Late body")).encode()
        head = (f"POST /api/issues HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {self.tokens['premium']}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        statuses = []

        def file_slowly(n):
            with connect(self.server, f"127.0.3.{n + 1}") as s:
                s.settimeout(25)
                s.sendall(head + body[:10])
                time.sleep(1.0)
                statuses.append(exchange(s, body[10:]))
        started = time.monotonic()
        threads = [threading.Thread(target=file_slowly, args=(n,)) for n in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(statuses, [201] * 24)
        self.assertLess(time.monotonic() - started, 15, "no stall waiting for a connection")


class FairSlotsOrder(unittest.TestCase):
    def test_a_freed_slot_goes_to_the_longest_waiter_not_a_newcomer(self):
        from server.http_server import FairSlots
        slots, served = FairSlots(1), []
        slots.acquire()

        def wait_turn(n):
            slots.acquire()
            served.append(n)
            slots.release()
        threads = []
        for n in range(4):
            threads.append(threading.Thread(target=wait_turn, args=(n,)))
            threads[-1].start()
            while len(slots._waiters) < n + 1:        # queued in this order
                time.sleep(0.001)
        slots.release()
        slots.acquire()                              # a newcomer: served after every earlier waiter
        served.append("newcomer")
        slots.release()
        for t in threads:
            t.join(5)
        self.assertEqual(served, [0, 1, 2, 3, "newcomer"])
