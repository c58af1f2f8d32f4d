"""Similar issues (SPEC §6): while someone types a report title, the issues they may
see that look like it, ranked by the core (shared/similar_issues.h)."""
import json
import re

from . import auth, issues
from . import visibility as vis

LIMIT = 5
MIN_QUERY_CHARS = 3
MAX_QUERY_CHARS = 300
RECENT = 1000                 # candidates: the most recent visible issues...
OLDER_BY_TITLE = 1000         # ...and older ones whose title shares the start of a query word
DESCRIPTION_FIELDS = ("expected", "actual", "steps")   # the report's prose, never its field names
DESCRIPTION_CHARS = 4000


def similar_issues(req):
    """GET /api/issues/similar?q=... -> {"issues": [issue + "score"], "total"}, best first, at most 5."""
    user = auth.require_user(req)
    query = " ".join((req.query.get("q") or "").split())[:MAX_QUERY_CHARS]
    if len(query) < MIN_QUERY_CHARS:
        return 200, {"issues": [], "total": 0}
    conn = req.app.storage.read()
    documents = [_document(row) for row in _candidates(conn, user, query)]
    reply = req.app.core.similar(query, documents, LIMIT)      # a refusal raises: never an empty answer
    rank = {m["id"]: (n, m["score"]) for n, m in enumerate(reply["matches"])}
    if not rank:
        return 200, {"issues": [], "total": 0}
    where, params = vis.visible_issues_sql(user)
    rows = conn.execute(f"{issues.ISSUE_SELECT} WHERE {where} AND i.id IN ({', '.join('?' * len(rank))})",
                        params + list(rank)).fetchall()
    found = sorted(rows, key=lambda row: rank[row["id"]][0])
    return 200, {"issues": [dict(issue, score=rank[issue["id"]][1]) for issue in issues.issues_json(conn, req.app, found, user)],
                 "total": reply["total"]}


def _candidates(conn, user, query):
    """A bounded set of visible issues: the most recent, plus older ones whose title shares
    the first four letters of a query word (so stems and plurals still meet)."""
    where, params = vis.visible_issues_sql(user)
    select = f"SELECT i.id, i.title, i.fields_json FROM issues i WHERE {where}"
    rows = conn.execute(f"{select} ORDER BY i.id DESC LIMIT ?", params + [RECENT]).fetchall()
    starts = list(dict.fromkeys(w[:4] for w in re.findall(r"\w{4,}", query)))[:8]
    if len(rows) < RECENT or not starts:
        return rows
    likes = " OR ".join("i.title LIKE ? ESCAPE '\\'" for _ in starts)
    patterns = ["%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for s in starts]
    older = conn.execute(f"{select} AND i.id < ? AND ({likes}) ORDER BY i.id DESC LIMIT ?",
                         params + [rows[-1]["id"]] + patterns + [OLDER_BY_TITLE]).fetchall()
    return rows + older


def _document(row):
    fields = json.loads(row["fields_json"])
    prose = [fields[k] for k in DESCRIPTION_FIELDS if isinstance(fields.get(k), str)]
    return {"id": row["id"], "title": row["title"], "description": "\n".join(prose)[:DESCRIPTION_CHARS]}
