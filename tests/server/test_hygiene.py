"""Limits http.server lacks by default, durability across kill -9, and webhooks."""
import http.client
import http.server
import json
import signal
import socket
import threading
import time
import unittest

from tests.server.harness import REPORT, DemoServerTestCase, RunningServer, ServerTestCase, sign_in


def raw_exchange(server, data, read_timeout=10):
    with socket.create_connection((server.host, server.port), timeout=read_timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
        return b"".join(chunks)


class Limits(ServerTestCase):
    server_args = ("--request-deadline", "2")
    def test_a_huge_content_length_is_refused_before_reading(self):
        reply = raw_exchange(self.server, b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          b"Content-Length: 999999999\r\n\r\n{")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:80])

    def test_transfer_encoding_and_conflicting_lengths_are_refused(self):
        reply = raw_exchange(self.server, b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), reply[:80])
        reply = raw_exchange(self.server, b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          b"Content-Length: 2\r\nContent-Length: 5\r\n\r\n{}")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), reply[:80])

    def test_a_trickling_client_is_cut_off_at_the_deadline(self):
        start = time.monotonic()
        with socket.create_connection((self.server.host, self.server.port), timeout=30) as s:
            try:
                for byte in b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
                    s.sendall(bytes([byte]))
                    time.sleep(0.2)
                    if time.monotonic() - start > 15:
                        break
                closed = s.recv(1) == b""
            except (BrokenPipeError, ConnectionResetError):
                closed = True
        self.assertTrue(closed)
        self.assertLess(time.monotonic() - start, 8, "the 2 s deadline ended the request, not the client")
        status, _, _ = self.server.request("GET", "/api/health")
        self.assertEqual(status, 200, "and the server still answers")

    def test_an_unread_body_is_not_taken_for_the_next_request(self):
        conn = self.server.connection()
        body = json.dumps({"body": "hello", "visibility": "public"})
        conn.request("POST", "/api/issues/1/comments", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        self.assertEqual(resp.status, 401, "refused before the body was read")
        conn.request("GET", "/api/health")
        resp = conn.getresponse()
        self.assertEqual(resp.status, 200, "the next request on the connection is read correctly")
        resp.read()
        conn.close()

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = self.server.connection()
        for _ in range(3):
            conn.request("GET", "/api/health")
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 200)
        conn.close()

    def test_no_traceback_reaches_the_client_or_the_log_for_a_hang_up(self):
        with socket.create_connection((self.server.host, self.server.port)) as s:
            s.sendall(b"POST /api/sla/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{")
        time.sleep(0.3)
        status, body, _ = self.server.request("POST", "/api/sla/quote", raw=b"\xff\xfe",
                                              headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertNotIn("Traceback", json.dumps(body))
        deadline = time.time() + 10                      # the access line is written just after the answer
        while "POST /api/sla/quote 400" not in self.server.log() and time.time() < deadline:
            time.sleep(0.05)
        log = self.server.log()
        self.assertIn("POST /api/sla/quote 400", log, "the log is the server's, and it is read")
        self.assertNotIn("Traceback", log)
        self.assertNotIn("connection error", log)


class Durability(unittest.TestCase):
    def test_acknowledged_writes_survive_kill_9_and_nothing_is_half_written(self):
        server = RunningServer("--demo").start()
        try:
            token = sign_in(server, "premium@demo.test")
            acknowledged = []
            stop = threading.Event()

            def file_reports():
                while not stop.is_set():
                    try:
                        status, body, _ = server.request("POST", "/api/issues", REPORT, token=token)
                    except (OSError, http.client.HTTPException):    # killed mid-reply: not acknowledged
                        return
                    if status == 201:
                        acknowledged.append(body["id"])

            threads = [threading.Thread(target=file_reports) for _ in range(4)]
            for t in threads:
                t.start()
            time.sleep(1.5)
            server.kill(signal.SIGKILL)
            stop.set()
            for t in threads:
                t.join()
            self.assertGreater(len(acknowledged), 3)
            db = server.database()
            stored = {r[0] for r in db.execute("SELECT id FROM issues")}
            self.assertTrue(set(acknowledged) <= stored, "every acknowledged report is there")
            for (issue_id,) in db.execute("SELECT id FROM issues"):
                labels = db.execute("SELECT COUNT(*) FROM issue_labels WHERE issue_id = ?", (issue_id,)).fetchone()[0]
                events = db.execute("SELECT COUNT(*) FROM events WHERE issue_id = ?", (issue_id,)).fetchone()[0]
                self.assertGreaterEqual(labels, 3, issue_id)
                self.assertGreaterEqual(events, 1, issue_id)
            db.close()
            restarted = RunningServer(db_dir=server.dir).start()
            try:
                token = sign_in(restarted, "premium@demo.test")
                status, issue, _ = restarted.request("GET", f"/api/issues/{acknowledged[-1]}", token=token)
                self.assertEqual(status, 200)
                self.assertEqual(issue["title"], REPORT["title"])
            finally:
                restarted.stop()
        finally:
            server.cleanup()


class Receiver(http.server.BaseHTTPRequestHandler):
    """Fails the first delivery for each issue, accepts the next."""
    received = []

    def do_POST(self):
        message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Receiver.received.append(message)
        tries = sum(1 for m in Receiver.received if m["issue"] == message["issue"])
        status = 500 if tries == 1 else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class EscalationWebhook(DemoServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=cls.receiver.serve_forever, daemon=True).start()
        cls.server_args = ("--demo", "--webhook", f"http://127.0.0.1:{cls.receiver.server_address[1]}/hook",
                           "--webhook-backoff", "0.2")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.receiver.shutdown()

    def test_escalation_posts_json_and_retries_until_delivered(self):
        _, issue, _ = self.file("premium", dict(REPORT, impact="P0"))
        started = time.monotonic()
        status, body, _ = self.as_("premium", "POST", f"/api/issues/{issue['id']}/escalate")
        self.assertEqual(status, 200)
        self.assertLess(time.monotonic() - started, 1.0, "the API does not wait on the webhook")
        deadline = time.time() + 10
        state = None
        while time.time() < deadline:
            _, listing, _ = self.as_("cse", "GET", "/api/escalations")
            mine = [e for e in listing["escalations"] if e["issue_id"] == issue["id"]]
            state = mine[0]["state"] if mine else None
            if state == "delivered":
                break
            time.sleep(0.2)
        self.assertEqual(state, "delivered")
        self.assertEqual(mine[0]["attempts"], 2, "one failure, then success")
        mine = [m for m in Receiver.received if m["issue"] == issue["id"]]
        self.assertEqual(len(mine), 2)
        self.assertEqual(mine[-1]["organization"], "customer-ceres")
        _, seen, _ = self.as_("cse", "GET", f"/api/issues/{issue['id']}")
        self.assertIn("webhook_delivered", [e["kind"] for e in seen["timeline"]])
        _, seen, _ = self.as_("premium", "GET", f"/api/issues/{issue['id']}")
        self.assertNotIn("webhook_delivered", [e["kind"] for e in seen["timeline"]], "delivery notes are for staff")


if __name__ == "__main__":
    unittest.main()
