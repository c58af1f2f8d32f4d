"""Filing a report over HTTP: validated by the core, stamped with the server's time,
stored through the one write path (issue_store.create_issue: the deadline and the
labels of SPEC §6 are the core's), and safe to retry with an Idempotency-Key."""
from . import attachments_access, auth, idempotency, issue_store, issues, verification
from .api_public import rfc3339, utc_now
from .errors import ApiError

FORM_ID = "bug-report"


def file_report(req):
    user = auth.require_user(req)
    verification.require_verified(user)
    key = idempotency.key_of(req)
    body = req.json()
    fingerprint = idempotency.fingerprint("report", body)
    storage, core = req.app.storage, req.app.core
    if key:
        replay = idempotency.replay(req.app, storage.read(), user, key, fingerprint, "report")
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
            replay = idempotency.replay(req.app, conn, user, key, fingerprint, "report")
            if replay:
                return replay
        issue_id, filed = issue_store.create_issue(conn, core, user, values, at, notify=req.app.notifier)
        if key:
            idempotency.remember(conn, user, key, fingerprint, issue_id, at)
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
