"""Starts the real serve.py on a free port with a fresh database, and talks HTTP to it."""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class RunningServer:
    def __init__(self, *extra, db_dir=None):
        self.dir = db_dir or tempfile.mkdtemp(prefix="portal-test-")
        self.db = os.path.join(self.dir, "portal.db")
        self.extra = extra
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "serve.py"), "--port", "0", "--db", self.db, *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        self.banner = []
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("serve.py exited: " + self.proc.stderr.read())
            self.banner.append(line)
            m = re.search(r"listening on http://([^:/]+):(\d+)/", line)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                return self
        raise RuntimeError("serve.py did not start in time")

    def kill(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(10)

    def cleanup(self):
        self.kill()
        if self.proc:
            self.proc.stdout.close()
            self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)

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
