"""Reading and changing issues: lists, one issue, replies, triage, escalation, "affected too"."""
import functools

from . import auth, idempotency, issue_lists, issue_store, issues, verification
from . import visibility as vis
from .api_public import rfc3339, utc_now
from .errors import ApiError

STATUSES = issue_lists.STATUSES


def list_issues(req):
    """GET /api/issues: the page first (issue_lists), then labels, counts and verdicts for that page only."""
    user = auth.require_user(req)
    conn = req.app.storage.read()
    rows, total, page, size, after = issue_lists.list_page(conn, user, req.query)
    out = {"issues": issues.issues_json(conn, req.app, rows, user), "total": total, "page": page, "page_size": size}
    if after:
        out["next"] = after                  # ?after=<next> continues without an offset
    return 200, out


def get_issue(req):
    user = auth.require_user(req)
    conn = req.app.storage.read()
    return 200, issues.full_issue_json(conn, req.app, issues.load_visible(conn, user, req.params["id"]), user)


def add_comment(req):
    """POST a reply; with an Idempotency-Key a retry of a reply that landed is answered, not stored twice."""
    user = auth.require_user(req)
    verification.require_verified(user)
    key = idempotency.key_of(req)
    body = req.json()
    text, visibility = body.get("body"), body.get("visibility", "public")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "invalid", "Write a reply first.", {"body": "Write a reply first."})
    if len(text) > 20000:
        raise ApiError(422, "invalid", "A reply must be at most 20000 characters.", {"body": "At most 20000 characters."})
    if visibility not in ("public", "sensitive", "internal"):
        raise ApiError(422, "invalid", "visibility must be public, sensitive or internal.",
                       {"visibility": "Choose public, sensitive or internal."})
    issue = issues.load_visible(req.app.storage.read(), user, req.params["id"])   # a hidden issue is a 404, never a 429
    fingerprint = idempotency.fingerprint("reply", body, issue["id"])
    if key:
        replay = idempotency.replay(req.app, req.app.storage.read(), user, key, fingerprint, "reply")
        if replay:
            return replay
    req.app.limits.check(req, "reply", user)        # after the replay: a retry is not a new reply
    now = rfc3339(utc_now())
    with req.app.storage.write() as conn:
        row = issues.load_visible(conn, user, req.params["id"])   # 404 before 403: no probing
        _check_reply(user, row, visibility)
        if key:                                        # a concurrent retry may have won the race
            replay = idempotency.replay(req.app, conn, user, key, fingerprint, "reply")
            if replay:
                return replay
        issue_store.add_reply(conn, req.app.core, row, user, text, visibility, now, notify=req.app.notifier)
        if key:
            idempotency.remember(conn, user, key, fingerprint, row["id"], now)
        row = issues.load_visible(conn, user, row["id"])
        payload = issues.full_issue_json(conn, req.app, row, user)
    req.app.outbox.wake()
    return 201, payload


def _check_reply(user, row, visibility):
    allowed = vis.reply_visibilities(user, row)
    if not allowed:
        raise ApiError(403, "forbidden", "Only the reporter, their organization and support engineers reply here; "
                                         "use \"affected too\" to follow it.")
    if visibility not in allowed:
        message = "Only support engineers write internal notes." if visibility == "internal" else \
            f"You cannot write a {visibility} reply here."
        raise ApiError(403, "forbidden", message, {"visibility": "Choose " + " or ".join(allowed) + "."})


def _label(value):
    if not isinstance(value, str) or not value.strip() or len(value) > 60 or not value.isprintable():
        raise ApiError(422, "invalid", "Labels are 1 to 60 printable characters.", {"labels": "Labels are 1 to 60 printable characters."})
    return value.strip()


def patch_issue(req):
    user = auth.require_user(req)
    body = req.json()
    if not vis.is_staff(user):
        issues.load_visible(req.app.storage.read(), user, req.params["id"])   # 404 before 403: no probing
        raise ApiError(403, "forbidden", "Only support engineers change status, labels and visibility.")
    known = {"status", "add_labels", "remove_labels", "visibility", "duplicate_of"}
    unknown = set(body) - known
    if unknown:
        raise ApiError(422, "invalid", "Unknown change: " + ", ".join(sorted(unknown)) + ".",
                       {k: "Not something that can be changed." for k in unknown})
    now = rfc3339(utc_now())
    with req.app.storage.write() as conn:
        row = issues.load_visible(conn, user, req.params["id"])
        issue_id = row["id"]
        if "status" in body:
            if body["status"] not in STATUSES:
                raise ApiError(422, "invalid", "status must be new, in_progress, resolved or closed.",
                               {"status": "Choose new, in_progress, resolved or closed."})
            issue_store.set_status(conn, row, body["status"], user, now, notify=req.app.notifier)
        add = functools.partial(issue_store.add_label, notify=req.app.notifier)     # a + label emails the reporter
        for key, change in (("add_labels", add), ("remove_labels", issue_store.remove_label)):
            values = body.get(key, [])
            if not isinstance(values, list):
                raise ApiError(422, "invalid", f"{key} must be a list of labels.", {key: "Give a list of labels."})
            for label in map(_label, values):
                change(conn, issue_id, label, user, now)
        if "visibility" in body:
            if body["visibility"] not in ("public", "confidential"):
                raise ApiError(422, "invalid", "visibility must be public or confidential.", {"visibility": "Choose public or confidential."})
            if body["visibility"] != row["visibility"]:
                conn.execute("UPDATE issues SET visibility = ? WHERE id = ?", (body["visibility"], issue_id))
                issues.record_event(conn, issue_id, now, user["id"], "visibility_changed", {"to": body["visibility"]})
        if body.get("duplicate_of") is not None:
            _close_as_duplicate(conn, row, body["duplicate_of"], now, user)
            req.app.notifier.status_changed(conn, issue_id, "closed", user, now, duplicate_of=body["duplicate_of"])
        payload = issues.full_issue_json(conn, req.app, issues.load_visible(conn, user, issue_id), user)
    req.app.outbox.wake()
    return 200, payload


def _close_as_duplicate(conn, row, other, now, user):
    if isinstance(other, bool) or not isinstance(other, int) or other == row["id"] or \
            conn.execute("SELECT 1 FROM issues WHERE id = ?", (other,)).fetchone() is None:
        raise ApiError(422, "invalid", "duplicate_of must be the number of another existing issue.",
                       {"duplicate_of": "Give the number of another existing issue."})
    conn.execute("UPDATE issues SET duplicate_of = ?, status = 'closed' WHERE id = ?", (other, row["id"]))
    issues.record_event(conn, row["id"], now, user["id"], "closed_as_duplicate", {"duplicate_of": other})


def escalate(req):
    user = auth.require_user(req)
    now = rfc3339(utc_now())
    with req.app.storage.write() as conn:
        row = issues.load_visible(conn, user, req.params["id"])
        verdict = req.app.core.may_escalate(issue_store.facts(row), user["role"], row["reporter_id"] == user["id"],
                                            vis.in_org(user, row["organization_id"]))
        refusal = verdict["refusal"]
        if refusal and refusal["code"] == "not_yours":
            raise ApiError(403, "forbidden", refusal["message"])
        if refusal:
            raise ApiError(409, "not_escalatable", refusal["message"])
        if not row["escalated"]:                   # escalating twice pages once
            issue_store.escalate(conn, req.app.webhooks, row, user, now, notify=req.app.notifier)
        payload = issues.full_issue_json(conn, req.app, issues.load_visible(conn, user, row["id"]), user)
    req.app.webhooks.wake()
    req.app.outbox.wake()
    return 200, payload


def affected(req):
    user = auth.require_user(req)
    now = rfc3339(utc_now())
    with req.app.storage.write() as conn:
        row = issues.load_visible(conn, user, req.params["id"])
        conn.execute("INSERT INTO affected (issue_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                     (row["id"], user["id"], now))
        count = conn.execute("SELECT COUNT(*) FROM affected WHERE issue_id = ?", (row["id"],)).fetchone()[0]
    return 200, {"id": row["id"], "affected_count": count, "affected": True}
