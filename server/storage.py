"""SQLite storage: one file, WAL, synchronous=FULL, explicit BEGIN IMMEDIATE
transactions, foreign keys, a busy timeout, one connection per thread, and
versioned migrations applied at start."""
import contextlib
import os
import sqlite3
import threading

from .schema import MIGRATIONS


class NewerSchema(ValueError):
    """The database was written by a later release: starting would misread it."""


class Storage:
    def __init__(self, path):
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        self._local = threading.local()
        self.migrate()

    def connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10, check_same_thread=True)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA cache_size=-32000")        # 32 MB of pages per connection, not 2 MB: lists probe
            conn.execute("PRAGMA mmap_size=268435456")      # indexes at random; reads by mmap skip a copy per page
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def write(self):
        """A write transaction: all of it is stored, or none of it."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def read(self):
        return self.connection()

    def migrate(self):
        # A migration may rebuild a table others refer to: SQLite's documented way is with foreign keys
        # off (a no-op inside a transaction, hence here), checked before the commit, then on again.
        self.connection().execute("PRAGMA foreign_keys=OFF")
        try:
            with self.write() as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                row = conn.execute("SELECT version FROM schema_version").fetchone()
                current = row[0] if row else 0
                if row is None:
                    conn.execute("INSERT INTO schema_version (version) VALUES (0)")
                if current > len(MIGRATIONS):
                    raise NewerSchema(f"the database {self.path} has schema version {current}, newer than this "
                                      f"release knows ({len(MIGRATIONS)}): run the release that wrote it, or a later one")
                for version, statements in enumerate(MIGRATIONS, start=1):
                    if version <= current:
                        continue
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute("UPDATE schema_version SET version = ?", (version,))
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"a migration left {len(broken)} broken references, first: {tuple(broken[0])}")
        finally:
            self.connection().execute("PRAGMA foreign_keys=ON")

    def status(self):
        version = self.read().execute("SELECT version FROM schema_version").fetchone()[0]
        return {"ok": True, "schema_version": version}
