"""Storage: SQLite (the embedded default, standard library only) or PostgreSQL (server/postgres.py,
with `--db postgresql://...`), behind one small interface the rest of the server uses:

- `read()`: this thread's connection, outside any transaction (each statement sees the latest commit);
- `with write() as conn`: one transaction, all of it stored or none of it, one writer at a time;
- `release()`: the thread is done with the database for now (a request ended): a pooled connection
  goes back to the pool; SQLite keeps its per-thread connection;
- connections answer `execute`/`executemany` with `?` placeholders, rows as `row["col"]` and `row[0]`,
  `cursor.lastrowid`, `cursor.rowcount`, `conn.dialect` ("sqlite" or "postgresql") for the few queries
  written per dialect, and DB-API's `conn.IntegrityError`/`conn.OperationalError`.

SQLite: one file, WAL, synchronous=FULL, explicit BEGIN IMMEDIATE transactions, foreign keys, a busy
timeout, one connection per thread, and versioned migrations applied at start."""
import contextlib
import fcntl
import os
import sqlite3
import threading
import urllib.parse

from .schema import MIGRATIONS

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class StorageUnavailable(ValueError):
    """The database cannot be used (bad URL, unreachable, refused): one line for the operator."""


def describe_db(db):
    """The --db value for messages: a URL without its password."""
    if not db.startswith(POSTGRES_SCHEMES):
        return db
    try:
        parts = urllib.parse.urlsplit(db)
        if parts.password is not None:
            return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.replace(
                ":" + parts.password + "@", ":***@", 1)))
    except ValueError:
        return "(a postgresql:// URL that does not parse)"
    return db


def open_storage(db):
    """A SQLite file path, or a postgresql:// URL."""
    if db.startswith(POSTGRES_SCHEMES):
        try:
            from .postgres import PostgresStorage
        except ImportError:
            raise StorageUnavailable("--db postgresql://... needs psycopg 3 (Debian's python3-psycopg; run the "
                                     "server with /usr/bin/python3, which sees it)") from None
        return PostgresStorage(db)
    return Storage(db)


class SqliteConnection(sqlite3.Connection):
    dialect = "sqlite"


class NewerSchema(ValueError):
    """The database was written by a later release: starting would misread it."""


class Storage:
    """SQLite storage."""
    IntegrityError = sqlite3.IntegrityError
    OperationalError = sqlite3.OperationalError

    def __init__(self, path):
        self.path = path
        self.data_dir = os.path.dirname(os.path.abspath(path))     # attachments and the secret live beside it
        os.makedirs(self.data_dir, exist_ok=True)
        self._local = threading.local()
        # Writers queue on a lock instead of polling SQLite's busy handler, which sleeps up to 100 ms
        # between tries (with 8 writers a write's p99 was 234 ms): this process's threads on a lock,
        # processes (--workers) on an flock of a file beside the database, released by the kernel if
        # its holder dies.
        self._writer = threading.RLock()
        self._writer_file = os.open(path + "-writer", os.O_RDWR | os.O_CREAT, 0o600)
        self.migrate()

    def describe(self):
        return self.path

    def connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10, check_same_thread=True,
                                   factory=SqliteConnection)
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
        if not self._writer.acquire(timeout=10):         # the busy timeout's length, and its error
            raise sqlite3.OperationalError("database is locked")
        try:
            fcntl.flock(self._writer_file, fcntl.LOCK_EX)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            fcntl.flock(self._writer_file, fcntl.LOCK_UN)
            self._writer.release()

    claim = write                        # one writer at a time already: a claim is a write

    def read(self):
        return self.connection()

    def release(self):
        pass                             # one connection per thread, kept for the thread's next request

    def release_idle(self):
        """Whether this thread may wait on the network now: not inside a transaction."""
        conn = getattr(self._local, "conn", None)
        return conn is None or not conn.in_transaction

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

    def close(self):
        """Closes this thread's connection: for commands and tests that finish."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            conn.close()
