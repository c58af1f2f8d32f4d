"""Moving a portal between databases: `serve.py --db A export > dump.jsonl`, then
`serve.py --db B import < dump.jsonl` into an empty one. One JSON object a line: a header
(format, schema version), then each row of each table as {"table", "row"}, tables in an order
where what a row refers to comes first. Derived tables (search index, list counts) are not
exported: the target's triggers rebuild them as the rows arrive (PostgreSQL's search index is an
index). Attachment files stay where the data folder keeps them (`--db`'s folder, or `--data-dir`);
the rows refer to them, copy the folder alongside. Either database can be the source or the target."""
import base64
import json

FORMAT = "fleet-support-portal/1"

# Every stored table, parents first; a new table must be named here (a test checks).
TABLES = ("organizations", "users", "sessions", "sign_in_failures", "invitations", "password_resets",
          "email_verifications", "issues", "issue_labels", "comments", "events", "affected", "attachments",
          "idempotency_keys", "webhook_deliveries", "outbox", "notification_preferences", "issue_watchers",
          "ingested_emails")
DERIVED = ("schema_version", "issue_counts", "issues_fts", "rate_buckets")   # rebuilt, or short-lived


class ImportRefused(Exception):
    """A dump this database cannot take; the message says why and what to do."""


def _encode(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value):
    if isinstance(value, dict) and set(value) == {"$bytes"}:
        return base64.b64decode(value["$bytes"])
    return value


def export(storage, out):
    """Writes the dump of `storage` to the text stream `out` -> rows written. One read transaction,
    so the dump is a consistent moment however many writers are busy."""
    conn = storage.read()
    version = storage.status()["schema_version"]
    count = 0
    conn.execute("BEGIN")                      # one snapshot for every table
    try:
        out.write(json.dumps({"format": FORMAT, "schema_version": version}) + "\n")
        for table in TABLES:
            cur = conn.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [d[0] for d in cur.description]
            for row in cur:
                out.write(json.dumps({"table": table, "row": {n: _encode(v) for n, v in zip(names, row)}},
                                     ensure_ascii=False) + "\n")
                count += 1
    finally:
        conn.execute("COMMIT")
    return count


def import_dump(storage, lines):
    """Loads a dump into an empty database of the same schema version, all or nothing -> rows read."""
    lines = iter(lines)
    try:
        header = json.loads(next(lines))
    except (StopIteration, ValueError):
        raise ImportRefused("the input is not a portal dump: its first line should be the export's header")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ImportRefused(f"the input is not a portal dump of format {FORMAT}")
    version = storage.status()["schema_version"]
    if header.get("schema_version") != version:
        raise ImportRefused(f"the dump has schema version {header.get('schema_version')} and this database "
                            f"{version}: import with the same release of the portal that exported it")
    count = 0
    with storage.write() as conn:
        for table in TABLES:
            if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                raise ImportRefused(f"this database is not empty ({table} has rows): import into a new one")
        postgres = conn.dialect == "postgresql"
        conn.execute("SET CONSTRAINTS ALL DEFERRED" if postgres else   # a duplicate may point at a later issue
                     "PRAGMA defer_foreign_keys = ON")
        for number, line in enumerate(lines, start=2):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                table, row = item["table"], item["row"]
            except (ValueError, KeyError, TypeError):
                raise ImportRefused(f"line {number} is not a row of the dump; nothing was imported")
            if table not in TABLES or not isinstance(row, dict) or not row:
                raise ImportRefused(f"line {number} names an unknown table {table!r}; nothing was imported")
            columns = list(row)
            known = _columns(conn, table)
            if not set(columns) <= known:
                raise ImportRefused(f"line {number}: {table} has no column {sorted(set(columns) - known)[0]!r}; "
                                    "nothing was imported")
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                         [_decode(row[c]) for c in columns])
            count += 1
        broken = _broken_reference(conn)
        if broken:
            raise ImportRefused(f"the dump refers to rows it does not hold ({broken}); nothing was imported")
        if postgres:                                      # new rows' ids continue after the imported ones
            for table in TABLES:
                if "id" in _columns(conn, table):
                    conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"COALESCE(MAX(id), 0) + 1, false) FROM {table}")
    return count


def _columns(conn, table):
    if conn.dialect == "postgresql":
        return {r[0] for r in conn.execute("""SELECT column_name FROM information_schema.columns
                                              WHERE table_schema = current_schema() AND table_name = ?""", (table,))}
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _broken_reference(conn):
    """The table of a row whose reference points nowhere, or None."""
    if conn.dialect != "postgresql":
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        return broken[0][0] if broken else None
    try:
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")    # checks the deferred references now
    except conn.IntegrityError as e:
        return e.diag.table_name or "a reference"
    return None
