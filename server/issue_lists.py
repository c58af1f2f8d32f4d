"""Issue lists that stay fast as issues pile up (GET /api/issues).

- Every filter and sort has an index (schema.py, migration 3); the caller's visibility
  is split into disjoint parts (public; confidential ones of their own) so each part
  walks an index instead of the planner falling back to a temporary B-tree.
- The page's ids are found first; labels, counts and the core's verdicts are then
  fetched for that page only (issues.ISSUE_SELECT has per-row subqueries).
- q= goes through SQLite FTS5 (issues_fts, an external-content table over the
  issues_search view, kept in step by triggers): every word, as a prefix, must match
  (match=any: at least one word of 3 letters or more, for similar issues). A plain word that
  begins only a few indexed terms is asked for as those terms (FTS5 answers a prefix by merging
  every term it begins into a new list first). A search alone is counted and paged in one pass
  over its matches (_search_window). On PostgreSQL, q= goes through its full-text search over the
  same text (a GIN index on issue_search_doc, schema_pg.py), the same words as prefixes.
- Deep pages: `after` (the `next` cursor of the previous page) continues from a key
  instead of skipping `offset` rows."""
import base64
import binascii
import collections
import contextlib
import json
import re

from . import issues
from . import visibility as vis
from .errors import bad_request
from .schema_pg import ASCII_PUNCTUATION

STATUSES = ("new", "in_progress", "resolved", "closed")
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE = 100000
MAX_WORDS = 8
MAX_TERMS = 4               # a prefix that begins more indexed terms than this stays a prefix query
# sort: (ORDER BY, the key columns in that order, their directions)
SORTS = {
    "updated": ("i.updated_at DESC, i.id DESC", ("i.updated_at", "i.id"), ("<", "<")),
    "created": ("i.created_at DESC, i.id DESC", ("i.created_at", "i.id"), ("<", "<")),
    # reply_owed_by: the deadline staff owe a reply by (the core's verdict, stored with every write)
    "deadline": ("(i.reply_owed_by IS NULL), i.reply_owed_by, i.id", ("(i.reply_owed_by IS NULL)", "i.reply_owed_by",
                                                                       "i.id"), (">", ">", ">")),
}
_WORD = re.compile(r"\w", re.UNICODE)
_PLAIN = re.compile(r"[A-Za-z0-9]+")        # one token for the unicode61 tokenizer: its term is the word lower-cased
# An id set a list is filtered by: `ids` selects them (to count, or to drive a short list), `test` is a
# condition on the row i (to walk the sort's index and stop at the page's end), with the same args.
IdSet = collections.namedtuple("IdSet", "ids test args")
_SEARCH = "SELECT rowid AS id FROM issues_fts WHERE issues_fts MATCH ?"
_PG_SEARCH = "SELECT id FROM issues WHERE issue_search_doc(title, fields_json) @@ to_tsquery('portal_search', ?)"
_ASCII_PUNCTUATION = re.compile("[" + re.escape(ASCII_PUNCTUATION) + "]+")    # separators to FTS5's unicode61
_WAITING = "label >= '+' AND label < ','"   # a + label; '+' < ',' so the range is every label starting with +


def int_param(query, name, default, low, high):
    raw = query.get(name)
    if raw in (None, ""):
        return default
    if not re.fullmatch(r"-?[0-9]{1,12}", raw):
        raise bad_request(f"{name} must be a whole number from {low} to {high}.", name)
    value = int(raw)
    if not low <= value <= high:
        raise bad_request(f"{name} must be from {low} to {high}.", name)
    return value


def _visibility_parts(user):
    """Disjoint WHERE fragments whose union is what `user` may see: one index walk each."""
    if vis.is_staff(user):
        return [("1=1", [])]
    own = "i.reporter_id = ?" if user["role"] != "customer" or not user.get("organization_id") else \
        "(i.organization_id = ? OR i.reporter_id = ?)"
    own_args = [user["id"]] if own == "i.reporter_id = ?" else [user["organization_id"], user["id"]]
    return [("i.visibility = 'public'", []), ("i.visibility = 'confidential' AND " + own, own_args)]


def _hidden(user):
    """The confidential issues `user` may not see (the complement of _visibility_parts), as a condition on
    alias h over the issues_confidential index (whose rows are spelled visibility != 'public'), and its
    args; None for staff, who see everything."""
    if vis.is_staff(user):
        return None
    if user["role"] != "customer" or not user.get("organization_id"):
        return "h.visibility != 'public' AND h.reporter_id != ?", [user["id"]]
    return ("h.visibility != 'public' AND h.reporter_id != ? AND h.organization_id IS NOT ?",
            [user["id"], user["organization_id"]])


def _filters(conn, user, query):
    """-> (clauses, args, sets): plain conditions on the issue row, and IdSets it must be in (label,
    waiting, q); raises 400 on a value the list cannot use."""
    clauses, args, sets = [], [], []
    scope = query.get("scope") or "all"
    if scope == "mine":
        clauses.append("i.reporter_id = ?")
        args.append(user["id"])
    elif scope == "org":
        if not user.get("organization_id"):
            raise bad_request("Only members of an organization have organization issues.", "scope")
        clauses.append("i.organization_id = ?")
        args.append(user["organization_id"])
    elif scope == "public":
        clauses.append("i.visibility = 'public'")
    elif scope != "all":
        raise bad_request("scope must be mine, org, public or all.", "scope")
    status = query.get("status") or ""
    if status == "waiting_on_customer":
        sets.append(IdSet(f"SELECT DISTINCT issue_id AS id FROM issue_labels WHERE {_WAITING}",
                          f"EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id AND l.{_WAITING})", []))
    elif status == "open":
        clauses.append("i.status IN ('new', 'in_progress')")
    elif status:
        if status not in STATUSES:
            raise bad_request("status must be new, in_progress, resolved, closed, open or waiting_on_customer.", "status")
        clauses.append("i.status = ?")
        args.append(status)
    if query.get("impact"):
        clauses.append("i.impact = ?")
        args.append(query["impact"])
    if query.get("label"):
        sets.append(IdSet("SELECT issue_id AS id FROM issue_labels WHERE label = ?",
                          "EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id AND l.label = ?)", [query["label"]]))
    any_word = query.get("match") == "any"
    if conn.dialect == "postgresql":
        match = ts_query(query.get("q") or "", any_word)
        if match is not None:
            sets.append(IdSet(_PG_SEARCH, f"i.id IN ({_PG_SEARCH})", [match]))
        return clauses, args, sets
    match = fts_query(query.get("q") or "", any_word=any_word, terms=lambda w: _terms(conn, w))
    if match:                                   # a MATCH per row costs a whole query: test a built set
        sets.append(IdSet(_SEARCH, f"+i.id IN ({_SEARCH})", [match]))
    return clauses, args, sets


def ts_query(text, any_word=False):
    """fts_query's words for PostgreSQL's to_tsquery: each a prefix; one with ASCII punctuation (live-query,
    4.40.0) is its parts in a row, the last a prefix, as FTS5's phrase (issue_search_doc splits the text
    so too); none of its characters is an operator. None when no word is searchable; "" when no word has
    a part (nothing matches, as in FTS5)."""
    words = [w for w in text.split() if _WORD.search(w) and (len(w) >= 3 or not any_word)][:MAX_WORDS]
    if not words:
        return None
    terms = []
    for word in words:
        parts = _ASCII_PUNCTUATION.sub(" ", word).split()
        if parts:
            terms.append(" <-> ".join(f"'{p}'" for p in parts) + ":*")
    return (" | " if any_word else " & ").join(terms)


def fts_query(text, any_word=False, terms=None):
    """An FTS5 MATCH expression: each word a quoted prefix (no operator a user can inject), or the few
    indexed terms it begins (`terms(word)`, None when too many); None when no word is searchable (then q
    does not filter, as before FTS)."""
    words = [w for w in text.split() if _WORD.search(w) and (len(w) >= 3 or not any_word)][:MAX_WORDS]
    if not words:
        return None
    def quoted(text):
        return '"' + text.replace('"', '""') + '"'
    groups = []
    for word in words:
        exact = terms(word) if terms and _PLAIN.fullmatch(word) else None
        groups.append("(" + " OR ".join(map(quoted, exact)) + ")" if exact else quoted(word) + "*")
    return (" OR " if any_word else " AND ").join(groups)


def _terms(conn, word):
    """The indexed terms `word` (plain ASCII letters and digits) begins, when at most MAX_TERMS; else None.
    Each is found by one seek of fts5vocab (temp.issues_fts_terms, made on first use per connection)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.issues_fts_terms USING fts5vocab(main, issues_fts, instance)")
    low = word.lower()
    high = low[:-1] + chr(ord(low[-1]) + 1)
    found, start = [], low
    while len(found) <= MAX_TERMS:
        row = conn.execute("SELECT term FROM temp.issues_fts_terms WHERE term >= ? AND term < ? LIMIT 1",
                           (start, high)).fetchone()
        if row is None:
            return found or None
        found.append(row[0])
        start = row[0] + "\x01"                   # the next term: no term holds a control character
    return None


def _cursor(row, sort):
    key = [row["updated_at"], row["id"]] if sort == "updated" else [row["created_at"], row["id"]] \
        if sort == "created" else [row["reply_owed_by"] is None, row["reply_owed_by"], row["id"]]
    return base64.urlsafe_b64encode(json.dumps([sort] + key).encode()).decode().rstrip("=")


def _after(query, sort):
    """(clause, args) continuing after a cursor, or ("", []) without one."""
    raw = query.get("after")
    if not raw:
        return "", []
    try:
        key = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(key, list) or len(key) != len(SORTS[sort][1]) + 1 or key[0] != sort:
            raise ValueError
        values = [int(v) if isinstance(v, bool) else v for v in key[1:]]
        if not all(v is None or isinstance(v, str) or isinstance(v, int) and -2 ** 63 <= v < 2 ** 63 for v in values):
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError, binascii.Error):
        raise bad_request("after must be the `next` value of a previous page of the same sort.", "after")
    columns, directions = SORTS[sort][1], SORTS[sort][2]
    if values[-2:-1] == [None]:        # deadline sort, among rows without a deadline: only the id continues
        return f"({columns[0]} = 1 AND i.reply_owed_by IS NULL AND i.id > ?)", [values[-1]]
    # (a, b, c) > (x, y, z) spelled out, since a NULL deadline never compares
    parts, args = [], []
    for n in range(len(columns)):
        equal = " AND ".join(f"{c} = ?" for c in columns[:n])
        parts.append("(" + (equal + " AND " if equal else "") + f"{columns[n]} {directions[n]} ?)")
        args += values[:n] + [values[n]]
    if sort == "deadline":              # past the last deadline come the rows without one
        parts.append(f"({columns[0]} = 1)")
    return "(" + " OR ".join(parts) + ")", args


MERGE_LIMIT = 5000          # deeper than this, one OR query with OFFSET (the `after` cursor stays fast)
DENSE = 1000                # more matches than this: walk the sort's index, testing each row (LIMIT stops early);
                            # fewer: fetch the matches by id and sort them
WINDOW = 8                  # a search alone looks for its page among this many times the page's rows,
MAX_WINDOW = 20000          # then ten times more, up to this; past it, the general way


def _in_sets(sets, walk):
    """The id sets as conditions: with `walk`, each row's test, so the planner walks the sort's index and
    LIMIT stops it early; without, membership of the sets' ids, which may drive the query."""
    return [s.test if walk else f"i.id IN ({s.ids})" for s in sets], [a for s in sets for a in s.args]


def _visible(parts):
    """The visibility parts as one condition, and its args. It filters a walk of the sort's index, so its
    visibility terms are +i.visibility: indexable, a planner without ANALYZE's statistics gathers both
    parts by index (MULTI-INDEX OR) and sorts every visible issue (50 ms at 100,000)."""
    if len(parts) == 1:
        return parts[0]
    return ("(" + " OR ".join(f"({p.replace('i.visibility', '+i.visibility')})" for p, _ in parts) + ")",
            [a for _, part_args in parts for a in part_args])


def _summary_count(conn, user, part, query):
    """The count of a large visibility part (everything; the public issues) from issue_counts, kept by
    triggers: a sum of a few rows whatever the number of issues. None when the filters are not
    ones it keeps (impact, mine), and then the caller counts with an index."""
    scope, status = query.get("scope") or "all", query.get("status") or ""
    if query.get("impact") or scope == "mine" or part not in ("1=1", "i.visibility = 'public'"):
        return None
    conditions, args = ["1=1"], []
    if part != "1=1" or scope == "public":
        conditions.append("visibility = 'public'")
    if scope == "org":
        conditions.append("organization_id = ?")
        args.append(user["organization_id"])
    if status == "open":
        conditions.append("status IN ('new', 'in_progress')")
    elif status:
        conditions.append("status = ?")
        args.append(status)
    return conn.execute(f"SELECT COALESCE(SUM(n), 0) FROM issue_counts WHERE {' AND '.join(conditions)}",
                        args).fetchone()[0]


def _count(conn, user, query, parts, clauses, args, sets):
    """How many issues match. Without id sets: per visibility part, from issue_counts or an index-only
    count. One set alone: its size, less the confidential issues the caller may not see (one probe each
    of issues_confidential, a small partial index). Else the first set drives a join to issues_access, a
    narrow index holding what the filters read (the issues table's rows are wide)."""
    if not sets:
        total = 0
        for part, part_args in parts:
            counted = _summary_count(conn, user, part, query)
            total += counted if counted is not None else conn.execute(
                f"SELECT COUNT(*) FROM issues i WHERE {' AND '.join([part] + clauses)}", part_args + args).fetchone()[0]
        return total
    if len(sets) == 1 and not clauses:
        hidden = _hidden(user)
        if hidden is None:
            return conn.execute(f"SELECT COUNT(*) FROM ({sets[0].ids}) AS d", sets[0].args).fetchone()[0]
        return conn.execute(f"SELECT COUNT(*) - COUNT(h.id) FROM ({sets[0].ids}) AS d LEFT JOIN issues h INDEXED BY "
                            f"issues_confidential ON h.id = d.id AND {hidden[0]}", sets[0].args + hidden[1]).fetchone()[0]
    visible, visible_args = _visible(parts)
    others = [f"i.id IN ({s.ids})" for s in sets[1:]]
    sql = (f"SELECT COUNT(*) FROM ({sets[0].ids}) AS d JOIN issues i INDEXED BY issues_access ON i.id = d.id "
           f"WHERE {' AND '.join([visible] + clauses + others)}")
    return conn.execute(sql, sets[0].args + visible_args + args + [a for s in sets[1:] for a in s.args]).fetchone()[0]


@contextlib.contextmanager
def _snapshot(conn):
    """The count and the page read one snapshot (in WAL mode a reader holds up no writer)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def list_page(conn, user, query):
    """-> (rows of issues.ISSUE_SELECT in list order, total, page, page_size, next cursor or None)."""
    sort = query.get("sort") or "updated"
    if sort not in SORTS:
        raise bad_request("sort must be updated, created or deadline.", "sort")
    page = int_param(query, "page", 1, 1, MAX_PAGE)
    size = int_param(query, "page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    after, after_args = _after(query, sort)
    offset = 0 if after else (page - 1) * size
    with _snapshot(conn):
        clauses, args, sets = _filters(conn, user, query)
        found = None
        if len(sets) == 1 and sets[0].ids == _SEARCH and not clauses and not _rare(conn, sets[0]):
            found = _search_window(conn, user, sets[0], SORTS[sort][0], after, after_args, offset, size)
        total, ids = found or _page(conn, user, query, sort, (clauses, args, sets), (after, after_args), offset, size)
        rows = _rows(conn, ids)
    more = len(rows) == size and (after or offset + size < total)
    return rows, total, page, size, (_cursor(rows[-1], sort) if rows and more else None)


def _page(conn, user, query, sort, filters, cursor, offset, size):
    """-> (total, the page's ids): the count, then per visibility part a walk of the sort's index stopped
    by LIMIT, the parts' first pages merged in the list's order."""
    (clauses, args, sets), (after, after_args) = filters, cursor
    order, keys = SORTS[sort][0], SORTS[sort][1]
    parts = _visibility_parts(user)
    total = _count(conn, user, query, parts, clauses, args, sets)
    if len(parts) > 1 and (sets or offset + size > MERGE_LIMIT):   # one walk, one build of each id set
        parts = [_visible(parts)]
    in_sets, set_args = _in_sets(sets, total > DENSE)
    selects, query_args = [], []
    for part, part_args in parts:
        where = " AND ".join([part] + clauses + in_sets + ([after] if after else []))
        limit, limit_args = ("LIMIT ?", [offset + size]) if len(parts) > 1 else ("LIMIT ? OFFSET ?", [size, offset])
        selects.append(f"SELECT * FROM (SELECT i.id, {', '.join(keys)} FROM issues i WHERE {where} "
                       f"ORDER BY {order} {limit}) AS part")
        query_args += part_args + args + set_args + after_args + limit_args
    candidates = conn.execute(" UNION ALL ".join(selects), query_args).fetchall() if total else []
    if len(parts) > 1:                   # merge the parts' first pages in the list's order
        descending = SORTS[sort][2][0] == "<"
        candidates = sorted(candidates, key=lambda r: tuple(r[1:]), reverse=descending)[offset:offset + size]
    return total, [r[0] for r in candidates]


def _search_window(conn, user, search, order, after, after_args, offset, size):
    """A search alone: its total and page from one pass over its matches, instead of one to count them
    and one to build the set a walk tests. The page is looked for among the first `window` rows of the
    caller's list (a walk of the sort's index); one byte per issue id marks those rows (1) and the
    confidential issues the caller may not see (2), so the pass tests each match with substr() rather
    than a B-tree probe. -> (total, the page's ids), or None when the window held too few matches."""
    visible, visible_args = _visible(_visibility_parts(user))
    marks = bytearray(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM issues").fetchone()[0])
    hidden = _hidden(user)
    if hidden:
        for i in json.loads(conn.execute("SELECT json_group_array(h.id) FROM issues h INDEXED BY issues_confidential "
                                         f"WHERE {hidden[0]}", hidden[1]).fetchone()[0]):
            marks[i] = 2
    where = " AND ".join([visible] + ([after] if after else []))
    window = WINDOW * (offset + size)
    while window <= MAX_WINDOW:             # a longer walk lists the shorter one's rows first
        ids = [r[0] for r in conn.execute(f"SELECT i.id FROM issues i WHERE {where} ORDER BY {order} LIMIT ?",
                                          visible_args + after_args + [window])]
        for i in ids:
            marks[i] = 1
        # each marked match is written down: "<id>," in the window, "-" when hidden (the second substr runs for those only)
        total, hits = conn.execute("SELECT COUNT(*), group_concat(CASE WHEN substr(?1, f.rowid + 1, 1) > x'00' THEN "
                                   "iif(substr(?1, f.rowid + 1, 1) = x'01', f.rowid || ',', '-') END, '') "
                                   "FROM issues_fts f WHERE issues_fts MATCH ?2", [bytes(marks)] + search.args).fetchone()
        hits = hits or ""
        shown = {int(i) for i in hits.replace("-", "").split(",")[:-1]}
        if len(shown) >= offset + size or len(ids) < window:
            return total - hits.count("-"), [i for i in ids if i in shown][offset:offset + size]
        window *= 10
    return None


def _rare(conn, search):
    """At most DENSE matches (FTS5 stops at the limit): fetching them by id beats walking the list."""
    return conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM issues_fts WHERE issues_fts MATCH ? LIMIT {DENSE + 1})",
                        search.args).fetchone()[0] <= DENSE


def _rows(conn, ids):
    if not ids:
        return []
    found = {r["id"]: r for r in conn.execute(f"{issues.ISSUE_SELECT} WHERE i.id IN ({','.join('?' * len(ids))})", ids)}
    return [found[i] for i in ids if i in found]
