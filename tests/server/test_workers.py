"""issue 16: --workers N server processes on one port. The supervisor restarts a worker that dies;
SIGTERM stops accepting, lets a request in flight finish, and exits cleanly — one process or several."""
import json
import os
import signal
import socket
import subprocess
import time
import unittest

from tests.server.harness import REPORT, RunningServer, sign_in


def workers_of(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return sorted(int(p) for p in out.split())


def wait_for(predicate, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


class Workers(unittest.TestCase):
    def test_two_workers_serve_and_a_killed_one_is_replaced(self):
        server = RunningServer("--demo", "--workers", "2", "--no-rate-limits").start()
        try:
            self.assertIn("2 workers", server.log())
            first = wait_for(lambda: len(workers_of(server.proc.pid)) == 2 and workers_of(server.proc.pid))
            token = sign_in(server, "premium@demo.test")
            for _ in range(10):                          # spread over both by the kernel; all answered
                self.assertEqual(server.request("GET", "/api/issues?scope=mine", token=token)[0], 200)
            os.kill(first[0], signal.SIGKILL)
            replaced = wait_for(lambda: (lambda w: len(w) == 2 and first[0] not in w and w)(workers_of(server.proc.pid)))
            self.assertIn(first[1], replaced, "the other worker kept running")
            self.assertRegex(server.log(), rf"worker {first[0]} exited \(-9\); starting another")
            status, issue, _ = server.request("POST", "/api/issues", REPORT, token=token)
            self.assertEqual(status, 201, issue)
        finally:
            server.cleanup()

    def test_rate_limits_are_shared_by_the_workers(self):
        server = RunningServer("--workers", "2").start()
        try:
            statuses = [server.request("POST", "/api/signup", {"email": f"w{i}@example.org", "name": "W",
                                                                "password": "long enough pw"})[0] for i in range(8)]
            self.assertEqual(statuses, [202] * 5 + [429] * 3, "5 sign-ups a minute per address, whichever process")
        finally:
            server.cleanup()

    def graceful(self, *args):
        """Starts a report whose body arrives after SIGTERM: it is still filed, then the server exits 0."""
        server = RunningServer("--demo", "--no-rate-limits", *args).start()
        try:
            token = sign_in(server, "premium@demo.test")
            body = json.dumps(dict(REPORT, title="Filed while the server stops")).encode("utf-8")
            sock = socket.create_connection((server.host, server.port), timeout=20)
            sock.sendall(f"POST /api/issues HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                         f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body[:10])
            time.sleep(0.5)                              # the request is in flight
            server.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            sock.sendall(body[10:])
            answer = b""
            while b"\r\n\r\n" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
            sock.close()
            self.assertTrue(answer.startswith(b"HTTP/1.1 201"), answer[:200])
            self.assertEqual(server.proc.wait(15), 0, server.log())
            with self.assertRaises(OSError):             # and it no longer accepts
                socket.create_connection((server.host, server.port), timeout=2).close()
        finally:
            server.cleanup()

    def test_sigterm_lets_a_request_in_flight_finish_one_process(self):
        self.graceful()

    def test_sigterm_lets_a_request_in_flight_finish_two_workers(self):
        self.graceful("--workers", "2")


if __name__ == "__main__":
    unittest.main()
