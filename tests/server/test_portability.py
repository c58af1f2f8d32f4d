"""issue 16: moving a portal between databases. `serve.py export` writes every issue, reply, label,
event, account and attachment reference as JSON lines; `serve.py import` loads them into an empty
database, all or nothing; the demo data round-trips exactly and the moved portal serves the same."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

from server import portability
from tests.server.harness import PG_SOCKET_DIR, REPORT, ROOT, RunningServer, sign_in


def command(db, name, stdin=b""):
    return subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), "--db", db, name], input=stdin,
                          capture_output=True, timeout=120)


def stable(issues):
    """What a list says of each issue, less what the passing minutes change (a clock running out)."""
    keys = ("id", "title", "labels", "workflow_status", "visibility", "organization", "reporter", "due_at", "created_at")
    return [{k: i.get(k) for k in keys} for i in issues]


class MovingAPortal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="portal-move-")
        source = RunningServer("--demo", "--no-rate-limits", backend="sqlite").start()     # SQLite files moved
        try:
            customer = sign_in(source, "premium@demo.test")
            status, issue, _ = source.request("POST", "/api/issues", dict(REPORT, title="Moved with its reply 😀"),
                                              token=customer)
            assert status == 201, issue
            cls.issue_id = issue["id"]
            source.request("POST", f"/api/issues/{issue['id']}/comments",
                           {"body": "日本語の返信 — kept byte for byte", "visibility": "public"}, token=customer)
            cse = sign_in(source, "cse@demo.test")
            source.request("PATCH", f"/api/issues/{issue['id']}", {"add_labels": ["+more info please"]}, token=cse)
            cls.before = {q: source.request("GET", "/api/issues?" + q, token=customer)[1]
                          for q in ("scope=mine", "scope=org&q=reply", "scope=public")}
            cls.detail = source.request("GET", f"/api/issues/{issue['id']}", token=customer)[1]
        finally:
            source.stop()
        cls.source, cls.source_db = source, source.db   # (its WAL file holds the latest rows: used in place)

    @classmethod
    def tearDownClass(cls):
        cls.source.cleanup()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def export(self, db):
        done = command(db, "export")
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_the_demo_data_round_trips_and_the_moved_portal_serves_the_same(self):
        dump = self.export(self.source_db)
        target = os.path.join(self.folder, "target")
        os.makedirs(target)
        done = command(os.path.join(target, "portal.db"), "import", dump)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(b"imported", done.stderr)
        self.assertEqual(self.export(os.path.join(target, "portal.db")), dump, "export, import, export: the same lines")
        tables = {json.loads(line)["table"] for line in dump.decode().splitlines()[1:]}
        self.assertTrue({"users", "organizations", "issues", "comments", "issue_labels", "events"} <= tables, tables)

        moved = RunningServer(db_dir=target, backend="sqlite").start()
        try:
            customer = sign_in(moved, "premium@demo.test")          # accounts and passwords moved
            self.assertGreaterEqual(self.before["scope=org&q=reply"]["total"], 1, "the search finds the moved issue")
            for query, body in self.before.items():         # lists, counts and search rebuilt by triggers
                after = moved.request("GET", "/api/issues?" + query, token=customer)[1]
                self.assertEqual((after["total"], stable(after["issues"])), (body["total"], stable(body["issues"])), query)
            detail = moved.request("GET", f"/api/issues/{self.issue_id}", token=customer)[1]
            for key in ("title", "labels", "comments", "timeline", "due_at", "fields"):
                self.assertEqual(detail.get(key), self.detail.get(key), key)
        finally:
            moved.cleanup()

    def test_import_refuses_a_database_that_is_not_empty_and_changes_nothing(self):
        dump = self.export(self.source_db)
        copy = os.path.join(self.folder, "busy", "portal.db")
        shutil.copytree(os.path.dirname(self.source_db), os.path.dirname(copy))
        done = command(copy, "import", dump)
        self.assertEqual(done.returncode, 2)
        self.assertIn(b"not empty", done.stderr)
        self.assertEqual(self.export(copy), dump)

    def test_a_damaged_dump_imports_nothing(self):
        lines = self.export(self.source_db).splitlines(keepends=True)
        for damaged, says in ((b"not json\n" + b"".join(lines[1:]), b"not a portal dump"),
                              (b"".join(lines[:5]) + b'{"table": "passwords", "row": {"a": 1}}\n', b"unknown table"),
                              (b"".join(lines[:-3]) + b"{broken\n", b"is not a row"),
                              (b"".join(lines[:1]) + b"".join(l for l in lines[1:] if b'"table": "users"' not in l),
                               b"refers to rows it does not hold")):
            folder = tempfile.mkdtemp(dir=self.folder)
            db = os.path.join(folder, "portal.db")
            done = command(db, "import", damaged)
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn(says, done.stderr)
            with sqlite3.connect(db) as conn:
                self.assertEqual(conn.execute("SELECT COUNT(*) FROM issues").fetchone()[0], 0, "all or nothing")

    @unittest.skipUnless(PG_SOCKET_DIR, "needs a PostgreSQL cluster (PORTAL_TEST_PG)")
    def test_a_sqlite_portal_moves_to_postgresql_and_back_the_same(self):
        dump = self.export(self.source_db)
        moved = RunningServer("--no-rate-limits", backend="postgresql")
        try:
            moved.start().stop()                            # an empty database, migrated
            done = command(moved.db, "import", dump)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(self.export(moved.db), dump, "SQLite's export, imported, exported again: the same lines")
            moved.start()
            customer = sign_in(moved, "premium@demo.test")
            for query, body in self.before.items():
                after = moved.request("GET", "/api/issues?" + query, token=customer)[1]
                self.assertEqual((after["total"], stable(after["issues"])), (body["total"], stable(body["issues"])), query)
            status, issue, _ = moved.request("POST", "/api/issues", REPORT, token=customer)
            self.assertEqual((status, issue.get("id")), (201, self.issue_id + 1), "new ids follow the moved ones")
            back = os.path.join(self.folder, "back", "portal.db")
            os.makedirs(os.path.dirname(back))
            done = command(back, "import", self.export(moved.db))
            self.assertEqual(done.returncode, 0, done.stderr)
        finally:
            moved.cleanup()

    def test_every_stored_table_is_moved_or_rebuilt(self):
        with sqlite3.connect(self.source_db) as conn:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        stored = {n for n in names if not n.startswith("sqlite_") and not n.startswith("issues_fts_")}
        self.assertEqual(stored - set(portability.TABLES) - set(portability.DERIVED), set(),
                         "a new table must be named in server/portability.py")


if __name__ == "__main__":
    unittest.main()


class Upgrading(unittest.TestCase):
    def test_a_database_from_a_later_release_is_refused_with_one_line(self):
        server = RunningServer()
        try:
            server.start().stop()
            with server.database() as conn:
                conn.execute("UPDATE schema_version SET version = version + 1")
            done = subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), *server.db_args, "--port", "0"],
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(done.returncode, 2)
            self.assertRegex(done.stderr.strip(), r"^error: the database .* has schema version \d+, newer than this "
                                                  r"release knows \(\d+\): run the release that wrote it, or a later one$")
        finally:
            server.cleanup()
