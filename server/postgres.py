"""PostgreSQL storage (`--db postgresql://...`), with psycopg 3 (Debian's python3-psycopg).

The server's SQL is written once, in the dialect both databases read, with `?` placeholders. A connection
here translates it once per distinct statement: `?` to psycopg's `%s`, an INSERT into a table with an id
gets `RETURNING id` (for `cursor.lastrowid`), and the few SQLite spellings in _REWRITES are replaced;
queries that differ in substance (full-text search) ask `conn.dialect`.

Transactions: `write()` takes one transaction-scoped advisory lock before anything else, so writers
run one at a time, each seeing every earlier commit: what SQLite's BEGIN IMMEDIATE gives the code that
reads, decides and writes in one transaction. Reads outside `write()` run in autocommit.

Connections come from a bounded pool: a thread takes one on its first query and gives it back with
`release()` (the end of a request); a connection held by a thread that ended is taken back."""
import contextlib
import functools
import re
import threading
import time

import psycopg
from psycopg import pq
from psycopg.adapt import Loader

from .schema import MIGRATIONS
from .schema_pg import PG_MIGRATIONS
from .storage import NewerSchema, StorageUnavailable, describe_db

POOL_SIZE = 16
POOL_WAIT = 30.0                         # seconds a request waits for a free connection
WRITE_LOCK = 0x706F7274616C              # pg_advisory_xact_lock key ("portal"): one writer at a time

# SQLite spellings PostgreSQL writes otherwise (outside string literals).
_REWRITES = [
    (re.compile(r"\bgroup_concat\("), "string_agg("),
    (re.compile(r"\bchar\((\d+)\)"), r"chr(\1)"),
    (re.compile(r"\s+INDEXED BY \w+"), ""),                # SQLite planner hints: INDEXED BY, and a unary +
    (re.compile(r"(?<=[(\s])\+(?=\w+\.\w)"), ""),           # on a column (no index for it; no + for text here)
    (re.compile(r"\bLIKE\b"), "ILIKE"),                    # SQLite's LIKE ignores ASCII case
    (re.compile(r"\bIS NOT \?"), "IS DISTINCT FROM ?"),     # SQLite's IS NOT compares any two values
    # a read transaction (BEGIN ... COMMIT around several reads) is one snapshot in SQLite's WAL mode
    (re.compile(r"^\s*BEGIN\s*$"), "BEGIN ISOLATION LEVEL REPEATABLE READ"),
    # SQLite's booleans are integers: the deadline sort keeps, compares and indexes this one as 0 or 1
    (re.compile(r"\((\w+\.)?reply_owed_by IS NULL\)"), r"(\1reply_owed_by IS NULL)::int"),
]
_QUOTED = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")""")
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
ID_TABLES = frozenset(m.group(1) for statements in PG_MIGRATIONS.values() for s in statements
                      for m in [re.match(r"CREATE TABLE (\w+) \(\s*id BIGINT GENERATED", s)] if m)


@functools.lru_cache(maxsize=2048)
def translate(sql):
    """-> (the statement for psycopg, whether it returns the new row's id)."""
    parts = _QUOTED.split(sql)
    for n in range(0, len(parts), 2):
        for pattern, replacement in _REWRITES:
            parts[n] = pattern.sub(replacement, parts[n])
        parts[n] = parts[n].replace("%", "%%").replace("?", "%s")
    for n in range(1, len(parts), 2):
        parts[n] = parts[n].replace("%", "%%")
    text = "".join(parts)
    m = _INSERT.match(text)
    returning = bool(m and m.group(1) in ID_TABLES and "RETURNING" not in text.upper())
    return (text + " RETURNING id" if returning else text), returning


def _param(value):
    return int(value) if isinstance(value, bool) else value       # SQLite stores True as 1


class Row:
    """A result row read as sqlite3.Row is: row["name"], row[0], keys(), dict(row)."""
    __slots__ = ("_values", "_index")

    def __init__(self, values, index):
        self._values, self._index = values, index

    def __getitem__(self, key):
        return self._values[self._index[key]] if isinstance(key, str) else self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __hash__(self):
        return hash(tuple(self._values))

    def keys(self):
        return list(self._index)

    def __repr__(self):
        return f"Row({dict(zip(self._index, self._values))!r})"


def _rows(cursor):
    index = {c.name: n for n, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class _NumberLoader(Loader):
    """numeric (SUM of integers) as int, as SQLite answers, not Decimal."""

    def load(self, data):
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


class Cursor:
    def __init__(self, cur, returning):
        self._cur = cur
        self.rowcount = cur.rowcount
        self.lastrowid = None
        if returning:
            row = cur.fetchone()
            self.lastrowid = row[0] if row else None

    def fetchone(self):
        return self._cur.fetchone()

    def fetchall(self):
        return self._cur.fetchall()

    @property
    def description(self):
        return self._cur.description

    def __iter__(self):
        return iter(self._cur)


class PgConnection:
    """One psycopg connection (autocommit; `write()` opens the transactions) speaking the server's SQL."""
    dialect = "postgresql"
    IntegrityError = psycopg.IntegrityError
    OperationalError = psycopg.OperationalError

    def __init__(self, raw):
        self.raw = raw

    @property
    def in_transaction(self):
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql, params=()):
        text, returning = translate(sql)
        cur = self.raw.cursor()
        cur.execute(text, [_param(v) for v in params])
        return Cursor(cur, returning)

    def executemany(self, sql, seq):
        text, _ = translate(sql)
        cur = self.raw.cursor()
        cur.executemany(text.removesuffix(" RETURNING id"), [[_param(v) for v in params] for params in seq])
        return Cursor(cur, False)

    # for scripts and tests, as sqlite3's: statements outside write() commit on their own, and leaving
    # `with` also closes the connection
    def commit(self):
        pass

    def close(self):
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def connect(url):
    """A PgConnection to `url`; StorageUnavailable in one line when it cannot be had."""
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_rows, connect_timeout=10)
    except psycopg.Error as e:
        lines = [" ".join(line.split()) for line in str(e).splitlines() if line.strip()]
        reason = lines[0] if lines else type(e).__name__
        raise StorageUnavailable(f"cannot use the PostgreSQL database {describe_db(url)}: {reason}") from None
    raw.adapters.register_loader("numeric", _NumberLoader)
    return PgConnection(raw)


class Pool:
    """At most `size` connections, each lent to one thread at a time."""

    def __init__(self, url, size=POOL_SIZE, wait=POOL_WAIT):
        self.url, self.size, self.wait = url, size, wait
        self._idle, self._lent, self._open = [], {}, 0
        self._cond = threading.Condition()

    def take(self):
        deadline = time.monotonic() + self.wait
        with self._cond:
            while not self._idle and self._open >= self.size:
                self._take_back_from_ended_threads()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise psycopg.OperationalError(f"all {self.size} database connections stayed busy")
                self._cond.wait(min(remaining, 1.0))
            conn = self._idle.pop() if self._idle else None
            self._open += conn is None
        if conn is None or conn.raw.closed:
            try:
                conn = connect(self.url)
            except BaseException:
                with self._cond:
                    self._open -= 1
                    self._cond.notify()
                raise
        with self._cond:
            self._lent[conn] = threading.current_thread()
        return conn

    def give(self, conn):
        if not conn.raw.closed and conn.raw.info.transaction_status != pq.TransactionStatus.IDLE:
            try:
                conn.raw.execute("ROLLBACK")
            except psycopg.Error:
                conn.raw.close()
        with self._cond:
            self._lent.pop(conn, None)
            if conn.raw.closed:
                self._open -= 1
            else:
                self._idle.append(conn)
            self._cond.notify()

    def close(self):
        with self._cond:
            for conn in self._idle:
                conn.raw.close()
            self._open -= len(self._idle)
            self._idle.clear()

    def _take_back_from_ended_threads(self):
        for conn, thread in list(self._lent.items()):
            if not thread.is_alive():
                del self._lent[conn]
                conn.raw.close()
                self._open -= 1


class PostgresStorage:
    IntegrityError = psycopg.IntegrityError
    OperationalError = psycopg.OperationalError

    def __init__(self, url, pool_size=POOL_SIZE):
        self.url = url
        self.data_dir = None                     # attachments and the secret: the server's --data-dir
        self._pool = Pool(url, pool_size)
        self._local = threading.local()
        try:
            self.migrate()
        finally:
            self.release()

    def describe(self):
        return describe_db(self.url)

    def connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._pool.take()
        return conn

    def read(self):
        return self.connection()

    def release(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            self._pool.give(conn)

    def release_idle(self):
        """Gives this thread's connection back unless a transaction is open on it -> whether the thread
        now holds none (a route about to wait on the network must not sit on one of the pool's few)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and conn.in_transaction:
            return False
        self.release()
        return True

    def write(self):
        """A write transaction: all of it is stored, or none of it; one at a time."""
        return self._transaction(global_lock=True)

    def claim(self):
        """A transaction for claiming queued rows (server/delivery.py): no global lock, so claimers never
        wait on writers or on each other; they lock the rows they take with FOR UPDATE SKIP LOCKED."""
        return self._transaction(global_lock=False)

    @contextlib.contextmanager
    def _transaction(self, global_lock):
        conn = self.connection()
        conn.raw.execute("BEGIN")
        try:
            if global_lock:
                conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield conn
        except BaseException:
            if not conn.raw.closed:
                conn.raw.execute("ROLLBACK")
            raise
        conn.raw.execute("COMMIT")

    def migrate(self):
        with self.write() as conn:
            conn.raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            row = conn.raw.execute("SELECT version FROM schema_version").fetchone()
            current = row[0] if row else 0
            if row is None:
                conn.raw.execute("INSERT INTO schema_version (version) VALUES (0)")
            if current > len(MIGRATIONS):
                raise NewerSchema(f"the database {self.describe()} has schema version {current}, newer than this "
                                  f"release knows ({len(MIGRATIONS)}): run the release that wrote it, or a later one")
            for version in sorted(PG_MIGRATIONS):
                if version > current:
                    for statement in PG_MIGRATIONS[version]:
                        conn.raw.execute(statement)
                    conn.raw.execute("UPDATE schema_version SET version = %s", (version,))

    def status(self):
        version = self.read().execute("SELECT version FROM schema_version").fetchone()[0]
        return {"ok": True, "schema_version": version}

    def close(self):
        """Closes the idle connections (and this thread's): for commands and tests that finish."""
        self.release()
        self._pool.close()
