"""Issue lists that stay fast as issues pile up (GET /api/issues).

- Every filter and sort has an index (schema.py, migration 3); the caller's visibility
  is split into disjoint parts (public; confidential ones of their own) so each part
  walks an index instead of the planner falling back to a temporary B-tree.
- The page's ids are found first; labels, counts and the core's verdicts are then
  fetched for that page only (issues.ISSUE_SELECT has per-row subqueries).
- q= goes through SQLite FTS5 (issues_fts, an external-content table over the
  issues_search view, kept in step by triggers): every word, as a prefix, must match
  (match=any: at least one word of 3 letters or more, for similar issues).
- Deep pages: `after` (the `next` cursor of the previous page) continues from a key
  instead of skipping `offset` rows."""
import base64
import binascii
import json
import re

from . import issues
from . import visibility as vis
from .errors import bad_request

STATUSES = ("new", "in_progress", "resolved", "closed")
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE = 100000
MAX_WORDS = 8
# sort: (ORDER BY, the key columns in that order, their directions)
SORTS = {
    "updated": ("i.updated_at DESC, i.id DESC", ("i.updated_at", "i.id"), ("<", "<")),
    "created": ("i.created_at DESC, i.id DESC", ("i.created_at", "i.id"), ("<", "<")),
    # reply_owed_by: the deadline staff owe a reply by (the core's verdict, stored with every write)
    "deadline": ("(i.reply_owed_by IS NULL), i.reply_owed_by, i.id", ("(i.reply_owed_by IS NULL)", "i.reply_owed_by",
                                                                       "i.id"), (">", ">", ">")),
}
_WORD = re.compile(r"\w", re.UNICODE)


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


def _filters(user, query):
    """-> (clauses, args, sets): plain conditions on the issue row, and subqueries of issue ids it must be
    in (label, waiting, q); raises 400 on a value the list cannot use."""
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
    if status == "waiting_on_customer":      # a + label; '+' < ',' so the range is every label starting with +
        sets.append(("SELECT DISTINCT issue_id AS id FROM issue_labels WHERE label >= '+' AND label < ','", []))
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
        sets.append(("SELECT issue_id AS id FROM issue_labels WHERE label = ?", [query["label"]]))
    match = fts_query(query.get("q") or "", any_word=query.get("match") == "any")
    if match:
        sets.append(("SELECT rowid AS id FROM issues_fts WHERE issues_fts MATCH ?", [match]))
    return clauses, args, sets


def fts_query(text, any_word=False):
    """An FTS5 MATCH expression: each word a quoted prefix (no operator a user can inject); None when
    no word is searchable (then q does not filter, as before FTS)."""
    words = [w for w in text.split() if _WORD.search(w) and (len(w) >= 3 or not any_word)][:MAX_WORDS]
    if not words:
        return None
    return (" OR " if any_word else " AND ").join('"' + w.replace('"', '""') + '"*' for w in words)


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


def _in_sets(sets, walk):
    """The id sets as conditions; with `walk`, "+i.id" keeps the planner from driving the query by the
    sets' ids, so it walks the sort's index instead and LIMIT stops it early."""
    return [f"{'+' if walk else ''}i.id IN ({sql})" for sql, _ in sets], [a for _, set_args in sets for a in set_args]


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
    count. With them: the first set drives a join to issues_access, a narrow index holding what the
    filters read, so each match costs one probe of a small B-tree (the issues table's rows are wide)."""
    if not sets:
        total = 0
        for part, part_args in parts:
            counted = _summary_count(conn, user, part, query)
            total += counted if counted is not None else conn.execute(
                f"SELECT COUNT(*) FROM issues i WHERE {' AND '.join([part] + clauses)}", part_args + args).fetchone()[0]
        return total
    visible = "(" + " OR ".join(f"({part})" for part, _ in parts) + ")"
    others = [f"i.id IN ({sql})" for sql, _ in sets[1:]]
    sql = (f"SELECT COUNT(*) FROM ({sets[0][0]}) AS d JOIN issues i INDEXED BY issues_access ON i.id = d.id "
           f"WHERE {' AND '.join([visible] + clauses + others)}")
    return conn.execute(sql, sets[0][1] + [a for _, part_args in parts for a in part_args] + args +
                        [a for _, set_args in sets[1:] for a in set_args]).fetchone()[0]


def list_page(conn, user, query):
    """-> (rows of issues.ISSUE_SELECT in list order, total, page, page_size, next cursor or None)."""
    sort = query.get("sort") or "updated"
    if sort not in SORTS:
        raise bad_request("sort must be updated, created or deadline.", "sort")
    page = int_param(query, "page", 1, 1, MAX_PAGE)
    size = int_param(query, "page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    clauses, args, sets = _filters(user, query)
    after, after_args = _after(query, sort)
    order, keys = SORTS[sort][0], SORTS[sort][1]
    offset = 0 if after else (page - 1) * size
    parts = _visibility_parts(user)
    total = _count(conn, user, query, parts, clauses, args, sets)
    if len(parts) > 1 and (sets or offset + size > MERGE_LIMIT):   # one walk, one build of each id set
        parts = [("(" + " OR ".join(f"({p})" for p, _ in parts) + ")", [a for _, part_args in parts for a in part_args])]
    in_sets, set_args = _in_sets(sets, total > DENSE)
    selects, query_args = [], []
    for part, part_args in parts:
        where = " AND ".join([part] + clauses + in_sets + ([after] if after else []))
        limit, limit_args = ("LIMIT ?", [offset + size]) if len(parts) > 1 else ("LIMIT ? OFFSET ?", [size, offset])
        selects.append(f"SELECT * FROM (SELECT i.id, {', '.join(keys)} FROM issues i WHERE {where} "
                       f"ORDER BY {order} {limit})")
        query_args += part_args + args + set_args + after_args + limit_args
    candidates = conn.execute(" UNION ALL ".join(selects), query_args).fetchall() if total else []
    if len(parts) > 1:                   # merge the parts' first pages in the list's order
        descending = SORTS[sort][2][0] == "<"
        candidates = sorted(candidates, key=lambda r: tuple(r[1:]), reverse=descending)[offset:offset + size]
    rows = _rows(conn, [r[0] for r in candidates])
    more = len(rows) == size and (after or offset + size < total)
    return rows, total, page, size, (_cursor(rows[-1], sort) if rows and more else None)


def _rows(conn, ids):
    if not ids:
        return []
    found = {r["id"]: r for r in conn.execute(f"{issues.ISSUE_SELECT} WHERE i.id IN ({','.join('?' * len(ids))})", ids)}
    return [found[i] for i in ids if i in found]
