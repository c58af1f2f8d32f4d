"""Idempotency-Key for the writes a client may retry without knowing whether the first try landed
(filing a report, sending a reply): the key, per account, remembers the request's fingerprint and
the issue it wrote, so a retry is answered with that issue instead of writing again."""
import hashlib
import json

from . import issues
from .errors import ApiError


def key_of(req):
    """The request's Idempotency-Key, or None; 400 when it is not 1 to 200 printable characters."""
    key = req.header("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200 or not key.isprintable():
        raise ApiError(400, "bad_idempotency_key", "Idempotency-Key must be 1 to 200 printable characters.")
    return key


def fingerprint(kind, body, target=""):
    """What the key stands for: the kind of write, where it goes (a reply's issue) and its body."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(((f"{kind}:{target}\n" if kind != "report" else "") + text).encode("utf-8")).hexdigest()


def replay(app, conn, user, key, print_, what):
    """The answer to a retry (200, the issue as it is now), None for a new key; 422 when the key was
    used for a different request (`what` names it: "report", "reply")."""
    row = conn.execute("SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?", (user["id"], key)).fetchone()
    if row is None:
        return None
    if row["request_hash"] != print_:
        raise ApiError(422, "idempotency_key_reused",
                       f"This Idempotency-Key was already used for a different {what}; use a new key for a new {what}.")
    issue = issues.load_visible(conn, user, row["issue_id"])
    return 200, issues.full_issue_json(conn, app, issue, user), {"Idempotent-Replayed": "true",
                                                             "Location": f"/api/issues/{row['issue_id']}"}


def remember(conn, user, key, print_, issue_id, at):
    conn.execute("INSERT INTO idempotency_keys (user_id, key, request_hash, issue_id, created_at) VALUES (?, ?, ?, ?, ?)",
                 (user["id"], key, print_, issue_id, at))
