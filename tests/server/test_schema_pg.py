"""The PostgreSQL schema (server/schema_pg.py) is kept in step with SQLite's migrations (server/schema.py):
the same version number, and after both have run the same tables with the same columns in the same
order. The comparison needs a cluster (PORTAL_TEST_PG); the version check runs everywhere."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

from server.schema import MIGRATIONS
from server.schema_pg import PG_MIGRATIONS
from tests.server.harness import PG_SOCKET_DIR, REPORT, ROOT, RunningServer, _pg_admin, _pg_url, sign_in


def sqlite_columns(path):
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name")]
        return {t: [c[1] for c in db.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        db.close()


def postgres_columns(url):
    from server import postgres
    db = postgres.connect(url)
    try:
        columns = {}
        for table, column in db.execute("""SELECT table_name, column_name FROM information_schema.columns
                                           WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"""):
            columns.setdefault(table, []).append(column)
        return columns
    finally:
        db.close()


class SchemaInStep(unittest.TestCase):
    def test_every_sqlite_migration_has_its_postgresql_twin(self):
        self.assertEqual(max(PG_MIGRATIONS), len(MIGRATIONS),
                         "a migration added to schema.py needs the same version in schema_pg.py")

    @unittest.skipUnless(PG_SOCKET_DIR, "needs a PostgreSQL cluster (PORTAL_TEST_PG)")
    def test_both_databases_have_the_same_tables_and_columns(self):
        from server.postgres import PostgresStorage
        from server.storage import Storage
        folder = tempfile.mkdtemp(prefix="portal-schema-")
        self.addCleanup(shutil.rmtree, folder, True)
        Storage(os.path.join(folder, "p.db"))
        _pg_admin("CREATE DATABASE portal_schema_check")
        self.addCleanup(_pg_admin, "DROP DATABASE IF EXISTS portal_schema_check WITH (FORCE)")
        storage = PostgresStorage(_pg_url("portal_schema_check"))
        self.assertEqual(storage.status()["schema_version"], len(MIGRATIONS))
        storage.close()
        self.assertEqual(postgres_columns(_pg_url("portal_schema_check")), sqlite_columns(os.path.join(folder, "p.db")))


@unittest.skipUnless(PG_SOCKET_DIR, "needs psycopg and a PostgreSQL cluster (PORTAL_TEST_PG)")
class Translation(unittest.TestCase):
    """The server's SQL as PostgreSQL reads it (server/postgres.py)."""
    CASES = [  # (the server's statement, PostgreSQL's, returns the new id)
        ("SELECT * FROM users WHERE email = ? AND id > ?", "SELECT * FROM users WHERE email = %s AND id > %s", False),
        ("SELECT '?', '100%' FROM t WHERE a LIKE ?", "SELECT '?', '100%%' FROM t WHERE a ILIKE %s", False),
        ("INSERT INTO comments (body) VALUES (?)", "INSERT INTO comments (body) VALUES (%s) RETURNING id", True),
        ("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?) ON CONFLICT DO NOTHING",
         "INSERT INTO issue_labels (issue_id, label) VALUES (%s, %s) ON CONFLICT DO NOTHING", False),
        ("SELECT group_concat(label, char(31)) FROM issue_labels", "SELECT string_agg(label, chr(31)) FROM issue_labels",
         False),
        ("SELECT 1 FROM issues i INDEXED BY issues_access WHERE h.organization_id IS NOT ?",
         "SELECT 1 FROM issues i WHERE h.organization_id IS DISTINCT FROM %s", False),
        ("ORDER BY (i.reply_owed_by IS NULL), i.id", "ORDER BY (i.reply_owed_by IS NULL)::int, i.id", False),
        ("WHERE (+i.visibility = 'public') AND +i.id IN (SELECT 1) AND n + 1 > a +1",
         "WHERE (i.visibility = 'public') AND i.id IN (SELECT 1) AND n + 1 > a +1", False),
        ("BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ", False),
    ]

    def test_each_statement(self):
        from server.postgres import translate
        for sql, expected, returning in self.CASES:
            self.assertEqual(translate(sql), (expected, returning), sql)


@unittest.skipUnless(PG_SOCKET_DIR, "needs a PostgreSQL cluster (PORTAL_TEST_PG)")
class StartRefusals(unittest.TestCase):
    """A database the server cannot use stops it at start with one line, never a traceback."""

    def start(self, url):
        return subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), "--port", "0", "--db", url],
                              capture_output=True, text=True, timeout=60)

    def assert_one_line(self, run, *words):
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertNotIn("Traceback", run.stderr)
        for word in words:
            self.assertIn(word, run.stderr)

    def test_a_missing_database_an_unreachable_server_and_a_bad_url(self):
        self.assert_one_line(self.start(_pg_url("no_such_database")), "no_such_database", "does not exist")
        self.assert_one_line(self.start("postgresql://portal:s3cret@127.0.0.1:1/portal"), "refused", "portal:***@")
        self.assertNotIn("s3cret", self.start("postgresql://portal:s3cret@127.0.0.1:1/portal").stderr)
        self.assert_one_line(self.start("postgresql://db.example:notaport/portal"), "notaport")
        self.assert_one_line(self.start(_pg_url("postgres").replace("postgres@", "nobody@")), 'role "nobody"')


@unittest.skipUnless(PG_SOCKET_DIR, "needs a PostgreSQL cluster (PORTAL_TEST_PG)")
class SearchAnswersTheSame(unittest.TestCase):
    """q= finds the same issues through FTS5 and through PostgreSQL's full-text search. One known
    difference: PostgreSQL's unaccent also folds letters Unicode does not decompose (orsted finds
    Ørsted, strasse finds Straße), FTS5's remove_diacritics does not."""
    TITLES = ["Zoë Ørsted — café reports live query timeouts", "Live-query timeouts on fleetd 1.20.0",
              "Policies page: 4.40.0 shows O'Brien's hosts twice", "Über-slow software inventory (macOS 14.4)",
              "snake_case labels and 100% CPU on agents", "Ошибка: запросы не выполняются"]
    QUERIES = ["cafe", "café", "zoe ørsted", "zoë", "live", "live-query", "query time", "1.20", "4.40.0", "o'brien", "brien",
               "uber", "über-slow", "snake", "snake_case", "100%", "_", "a_", "--", "ошибка", "ЗАПРОС", "macos 14", "spinner", "p"]

    def test_the_same_issues_for_each_query(self):
        found = {}
        for backend in ("sqlite", "postgresql"):
            server = RunningServer("--demo", "--no-rate-limits", backend=backend).start()
            try:
                token, customer = sign_in(server, "cse@demo.test"), sign_in(server, "ultimate@demo.test")
                for title in self.TITLES:
                    status, body, _ = server.request("POST", "/api/issues", dict(REPORT, title=title), token=customer)
                    self.assertEqual(status, 201, body)
                for match in ("all", "any"):
                    for q in self.QUERIES:
                        query = urllib.parse.urlencode({"q": q, "match": match, "page_size": 500})
                        status, body, _ = server.request("GET", f"/api/issues?{query}", token=token)
                        self.assertEqual(status, 200, body)
                        found.setdefault((match, q), []).append(sorted(i["id"] for i in body["issues"]))
            finally:
                server.cleanup()
        self.assertEqual({k: v for k, v in found.items() if v[0] != v[1]}, {}, "(match, q): [sqlite, postgresql]")


if __name__ == "__main__":
    unittest.main()
