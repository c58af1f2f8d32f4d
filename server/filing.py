"""Filing a report over HTTP: validated by the core, stamped with the server's time,
stored through the one write path (issue_store.create_issue: the deadline and the
labels of SPEC §6 are the core's), and safe to retry with an Idempotency-Key."""
import hashlib
import json

from . import attachments_access, auth, issue_store, issues, verification
from .api_public import rfc3339, utc_now
from .errors import ApiError

FORM_ID = "bug-report"


def _idempotency_key(req):
    key = req.header("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200 or not key.isprintable():
        raise ApiError(400, "bad_idempotency_key", "Idempotency-Key must be 1 to 200 printable characters.")
    return key


def file_report(req):
    user = auth.require_user(req)
    verification.require_verified(user)
    key = _idempotency_key(req)
    body = req.json()
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    storage, core = req.app.storage, req.app.core
    if key:
        replay = _replay(req.app, storage.read(), user, key, fingerprint)
        if replay:
            return replay

    req.app.limits.check(req, "file", user)        # after the replay: a retry is not a new report
    now = utc_now()
    result = core.validate(req.app.forms.texts[FORM_ID], body, user["role"], rfc3339(now))
    result.setdefault("errors", []).extend(_archive_errors(storage.read(), user, body, result["errors"]))
    if result.get("errors"):
        fields = {e["field"] or "body": e["message"] for e in result["errors"]}
        count = len(fields)
        raise ApiError(422, "invalid_report", f"{count} field{'s' if count != 1 else ''} need{'' if count != 1 else 's'} "
                                               "attention before the report can be filed.", fields)
    values = result["values"]
    at = rfc3339(now)
    with storage.write() as conn:
        if key:                                        # a concurrent retry may have won the race
            replay = _replay(req.app, conn, user, key, fingerprint)
            if replay:
                return replay
        issue_id, filed = issue_store.create_issue(conn, core, user, values, at, notify=req.app.notifier)
        if key:
            conn.execute("INSERT INTO idempotency_keys (user_id, key, request_hash, issue_id, created_at) VALUES (?, ?, ?, ?, ?)",
                         (user["id"], key, fingerprint, issue_id, at))
        row = issues.load_visible(conn, user, issue_id)
        payload = issues.full_issue_json(conn, req.app, row, user)
    payload["in_business_hours"] = filed["quote"]["in_business_hours"]
    req.app.outbox.wake()
    return 201, payload, {"Location": f"/api/issues/{issue_id}"}


def _archive_errors(conn, user, body, errors):
    """debug_archive must name a file the reporter may use: one that exists and that they may see."""
    value = body.get(attachments_access.FIELD)
    if value is None or any(e.get("field") == attachments_access.FIELD for e in errors):
        return []
    if attachments_access.usable_in_report(conn, user, value):
        return []
    return [{"field": attachments_access.FIELD,
             "message": "The debug archive must be a file you uploaded to one of your issues; upload it again."}]


def _replay(app, conn, user, key, fingerprint):
    row = conn.execute("SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?", (user["id"], key)).fetchone()
    if row is None:
        return None
    if row["request_hash"] != fingerprint:
        raise ApiError(422, "idempotency_key_reused",
                       "This Idempotency-Key was already used for a different report; use a new key for a new report.")
    issue = issues.load_visible(conn, user, row["issue_id"])
    return 200, issues.full_issue_json(conn, app, issue, user), {"Idempotent-Replayed": "true",
                                                             "Location": f"/api/issues/{row['issue_id']}"}
