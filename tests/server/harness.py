"""Starts the real serve.py on a free port with a fresh database, and talks HTTP to it.

The database is a SQLite file, or with PORTAL_TEST_PG=DIR (the socket folder of a cluster that
tests/server/pg_cluster.sh started; run the tests with /usr/bin/python3, which has psycopg) a PostgreSQL
database made for each server and dropped after."""
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

from tests.server.smtp_sink import SmtpSink, body_text

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PG_SOCKET_DIR = os.environ.get("PORTAL_TEST_PG")
BACKEND = "postgresql" if PG_SOCKET_DIR else "sqlite"


def _pg_url(database):
    return f"postgresql://postgres@/{database}?host={urllib.parse.quote(PG_SOCKET_DIR, safe='')}"


def _pg_admin(statement, ignore=()):
    import psycopg
    with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
        try:
            conn.execute(statement)
        except tuple(getattr(psycopg.errors, name) for name in ignore):
            pass


class RunningServer:
    """serve.py on a free port. `db_dir` holds its files (a restart with the same folder finds the same
    database); backend="sqlite" for a test of the SQLite file itself, whatever PORTAL_TEST_PG says."""

    def __init__(self, *extra, db_dir=None, backend=None):
        self.dir = db_dir or tempfile.mkdtemp(prefix="portal-test-")
        self.backend = backend or BACKEND
        if self.backend == "postgresql":
            self.pg_database = "portal_" + re.sub(r"\W", "_", os.path.basename(self.dir)).lower()
            self.db = _pg_url(self.pg_database)
            self.db_args = ("--db", self.db, "--data-dir", self.dir)
        else:
            self.db = os.path.join(self.dir, "portal.db")
            self.db_args = ("--db", self.db)
        self.extra = extra
        self.proc = None

    def start(self):
        if self.backend == "postgresql":         # a restart (the same db_dir) finds the database there
            _pg_admin(f"CREATE DATABASE {self.pg_database}", ignore=("DuplicateDatabase",))
        # Output goes to a file, never an unread pipe: a full pipe would block the server mid-test.
        self.log_path = os.path.join(self.dir, "server.log")
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "serve.py"), "--port", "0", *self.db_args, *self.extra],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            text = self.log()
            m = re.search(r"listening on http://([^:/]+):(\d+)/", text)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                self.banner = text[:m.end()].splitlines(keepends=True)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError("serve.py exited: " + text)
            time.sleep(0.05)
        raise RuntimeError("serve.py did not start in time: " + self.log())

    def log(self):
        """Everything the server has printed so far (banner, request lines, errors)."""
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def kill(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(10)

    def stop(self):
        """Stops the server and closes its log, keeping its folder (the database, to start again on)."""
        self.kill()
        if self.proc and not self._log.closed:
            self._log.close()

    def cleanup(self):
        self.stop()
        if self.backend == "postgresql":
            _pg_admin(f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)")
        shutil.rmtree(self.dir, ignore_errors=True)

    def database(self):
        """A connection to the server's database, as sqlite3's (`?` placeholders, commit on leaving `with`)."""
        if self.backend == "postgresql":
            from server import postgres
            return postgres.connect(self.db)
        return sqlite3.connect(self.db, timeout=10)

    def table_names(self):
        db = self.database()
        try:
            sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
                   if self.backend == "postgresql" else
                   "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return [r[0] for r in db.execute(sql)]
        finally:
            db.close()

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        """-> (status, parsed JSON or bytes, headers)"""
        conn = self.connection()
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            h.setdefault("Content-Type", "application/json")
        if token:
            h["Authorization"] = "Bearer " + token
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        conn.close()
        if (resp.getheader("Content-Type") or "").startswith("application/json"):
            payload = json.loads(payload.decode("utf-8"))
        return resp.status, payload, resp.headers


DEMO_PASSWORD = "demo-password"
REPORT = {"title": "Zoë Ørsted — café reports live query timeouts", "impact": "P1", "fleet_version": "4.40.0",
          "agent": "fleetd", "agent_version": "1.20.0", "os": "macOS 14.4", "browser": "Chrome 124",
          "expected": "Results in 30 s.", "actual": "Spinner forever.", "steps": "1. Run a live query."}


def sign_in(server, email, password=DEMO_PASSWORD):
    status, body, _ = server.request("POST", "/api/session", {"email": email, "password": password})
    assert status == 200, body
    return body["token"]


def emails_to(sink, address, after=0, count=1, timeout=20):
    """The emails (email.message.EmailMessage) sent to `address` after the sink's first `after` messages,
    once there are at least `count` of them."""
    deadline = time.time() + timeout
    while True:
        found = [e["message"] for e in sink.messages[after:] if e["to"] == [address]]
        if len(found) >= count:
            return found
        if time.time() > deadline:
            raise AssertionError(f"{len(found)} emails to {address}, not {count}")
        time.sleep(0.05)


def emailed_link(sink, address, kind, after=0, timeout=20):
    """The token of the first /#/<kind>/<token> link emailed to `address` after the sink's first `after`
    messages (take len(sink.messages) before the request that sends it); waits for it."""
    pattern = re.compile(r"https?://\S+/#/" + kind + r"/([A-Za-z0-9_-]+)")
    deadline = time.time() + timeout
    while True:
        for e in sink.messages[after:]:
            m = e["to"] == [address] and pattern.search(body_text(e["message"]))
            if m:
                return m.group(1)
        if time.time() > deadline:
            raise AssertionError(f"no /#/{kind}/ link emailed to {address}")
        time.sleep(0.05)


def sign_up_verified(server, sink, email, name="Community Member", password="long enough pw", headers=None):
    """A community account made as a person makes one: sign up, then open the link emailed to `sink`
    -> the sign-in reply ({token, expires_at, user})."""
    seen = len(sink.messages)
    status, body, _ = server.request("POST", "/api/signup", {"email": email, "name": name, "password": password},
                                     headers=headers)
    assert status == 202, body
    token = emailed_link(sink, body["email"], "verify", after=seen)
    status, body, _ = server.request("POST", "/api/verify", {"token": token}, headers=headers)
    assert status == 200, body
    return body


class ServerTestCase(unittest.TestCase):
    """One real server per test class, started with `server_args`, stopped and removed after. With
    `mail = True` a real SMTP server (cls.sink) receives the server's email."""
    server_args = ()
    server = None
    mail = False

    @classmethod
    def setUpClass(cls):
        args = cls.server_args
        if cls.mail:
            cls.sink = SmtpSink().start()
            args = (*args, "--smtp", cls.sink.address, "--mail-from", "support@vendor.example")
        cls.server = RunningServer(*args).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        if cls.mail:
            cls.sink.stop()

    @classmethod
    def sign_up_verified(cls, email, name="Community Member", password="long enough pw", headers=None):
        return sign_up_verified(cls.server, cls.sink, email, name, password, headers)


class DemoServerTestCase(ServerTestCase):
    """A demo server per test class, with a signed-in token for each demo account."""
    server_args = ("--demo",)
    tokens = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens = {who: cls.sign_in(f"{who}@demo.test") for who in ("cse", "premium", "ultimate", "community")}

    @classmethod
    def sign_in(cls, email, password=DEMO_PASSWORD):
        return sign_in(cls.server, email, password)

    def as_(self, who, method, path, body=None, **kw):
        return self.server.request(method, path, body, token=self.tokens[who], **kw)

    def file(self, who, report=None, **kw):
        body = dict(REPORT) if report is None else report
        if who == "community":
            body.pop("impact", None)
        return self.as_(who, "POST", "/api/issues", body, **kw)
