"""Issues in storage: reading them as a caller may see them, with the core's verdicts
for that caller (clock, can_escalate, waiting, escalation message, outside-hours
notice), and the timeline."""
import json

from . import attachments_access, auth
from . import visibility as vis
from .errors import not_found
from .ids import parse_id

ISSUE_SELECT = """
    SELECT i.*, o.name AS org_name, o.anonymous AS org_anonymous, o.codename AS org_codename,
           u.name AS reporter_name, u.role AS reporter_role,
           (SELECT group_concat(label, char(31)) FROM issue_labels l WHERE l.issue_id = i.id) AS label_list,
           (SELECT COUNT(*) FROM affected a WHERE a.issue_id = i.id) AS affected_count
    FROM issues i
    LEFT JOIN organizations o ON o.id = i.organization_id
    JOIN users u ON u.id = i.reporter_id"""


def labels_of(row):
    return sorted(row["label_list"].split("\x1f")) if row["label_list"] else []


def load_visible(conn, user, issue_id):
    """The issue row if it exists and the caller may see it, else 404."""
    issue_id = parse_id(issue_id)
    if issue_id is None:
        raise not_found("There is no such issue.")
    row = conn.execute(ISSUE_SELECT + " WHERE i.id = ?", (issue_id,)).fetchone()
    if row is None or not vis.can_see_issue(user, row):
        raise not_found("There is no such issue.")
    return row


def organization_shown(row, viewer):
    if row["organization_id"] is None:
        return None
    if row["org_anonymous"] and not vis.insider(viewer, row["organization_id"]):
        return row["org_codename"]
    return row["org_name"]


def person_shown(name, org_id, anonymous, codename, viewer):
    """A person's name, or their organization's codename to anyone outside it."""
    if anonymous and not vis.insider(viewer, org_id):
        return f"A {codename} member"
    return name


def _verdict_request(row, viewer, delivery, last_message_at=None):
    """One issue as the core's verdicts need it (portal_issue_verdicts in shared/c_api.h)."""
    request = {"plan": row["plan"], "hosting": row["hosting"], "impact": row["impact"] or "", "status": row["status"],
               "labels": labels_of(row), "escalated": bool(row["escalated"]),
               "is_reporter": row["reporter_id"] == viewer["id"], "in_organization": vis.in_org(viewer, row["organization_id"]),
               "clock": {"due_at": row["due_at"], "first_response_at": row["first_response_at"],
                         "reply_due_at": row["reply_due_at"], "reply_answered_at": row["reply_answered_at"]}}
    if row["id"] in delivery:
        request["delivery"] = delivery[row["id"]]
    if last_message_at:
        request["last_message_at"] = last_message_at
    return request


def _last_message_at(conn, row, viewer):
    """When the caller last wrote on this issue (a reply, else the report itself); staff get no notice."""
    if vis.is_staff(viewer):
        return None
    last = conn.execute("""SELECT MAX(created_at) FROM comments WHERE issue_id = ? AND author_id = ?
                           AND visibility != 'internal'""", (row["id"], viewer["id"])).fetchone()[0]
    return last or (row["created_at"] if row["reporter_id"] == viewer["id"] else None)


def issues_json(conn, app, rows, viewer, notices=False):
    """Issues as `viewer` may see them, each with the core's verdicts for them, asked for in one call.
    notices: add the outside-hours notice for the caller's last message (the issue page)."""
    delivery = app.webhooks.delivery_states(conn, [r["id"] for r in rows if r["escalated"]])
    requests = [_verdict_request(r, viewer, delivery, _last_message_at(conn, r, viewer) if notices else None)
                for r in rows]
    verdicts = app.core.verdicts(auth.now_text(), viewer["role"], app.contacts, requests) if rows else []
    cache = {}
    return [_issue_json(conn, app, r, viewer, v, delivery.get(r["id"]), cache) for r, v in zip(rows, verdicts)]


def issue_json(conn, app, row, viewer):
    return issues_json(conn, app, [row], viewer)[0]


def _issue_json(conn, app, row, viewer, verdict, delivery, cache):
    waiting = verdict["waiting_on"] is not None
    out = {
        "id": row["id"], "title": row["title"],
        "status": "waiting_on_customer" if waiting else row["status"],
        "workflow_status": row["status"], "waiting_on_customer": waiting,
        "waiting_on": verdict["waiting_on"], "waiting_label": verdict["waiting_label"],
        "labels": labels_of(row), "visibility": row["visibility"], "plan": row["plan"], "hosting": row["hosting"],
        "organization": organization_shown(row, viewer),
        "reporter": person_shown(row["reporter_name"], row["organization_id"], row["org_anonymous"],
                                 row["org_codename"], viewer),
        "created_at": row["created_at"], "updated_at": row["updated_at"],
        "sla_state": row["sla_state"], "clock": verdict["clock"], "can_escalate": verdict["can_escalate"],
        "escalated": bool(row["escalated"]),
        "affected_count": row["affected_count"], "link": f"/#/issues/{row['id']}",
        "fields": json.loads(row["fields_json"]),
    }
    if not attachments_access.may_see(viewer, row):       # the archive's id is the file's; so is who may know it
        out["fields"].pop(attachments_access.FIELD, None)
    replies = vis.reply_visibilities(viewer, row)   # the same rule POST /comments enforces
    out["can_reply"] = bool(replies)
    out["reply_visibilities"] = list(replies)
    for key in ("impact", "due_at", "window_start", "clock_starts_at", "explanation", "first_response_at",
                "duplicate_of", "escalated_at"):
        if row[key] is not None:
            out[key] = row[key]
    if row["reply_due_at"] is not None and row["reply_answered_at"] is None:   # a next reply is owed (the clock says when)
        out["reply_due_at"], out["reply_explanation"] = row["reply_due_at"], row["reply_explanation"]
    if row["escalated"] and vis.can_participate(viewer, row):    # the reporter's side and staff hear how it went
        out["escalation"] = {"at": row["escalated_at"], "delivery": delivery,
                             "by": _actor(conn, row["escalated_by"], viewer, cache)["name"] if row["escalated_by"] else None,
                             "message": verdict.get("escalation_message"), "contacts": app.contacts}
    if "notice" in verdict:
        out["notice"] = verdict["notice"]
    if vis.is_staff(viewer) and row["organization_id"] is not None:
        out["organization_codename"] = row["org_codename"]
        out["organization_anonymous"] = bool(row["org_anonymous"])
    return out


def record_event(conn, issue_id, at, actor_id, kind, detail=None, visibility="public", automation=False):
    conn.execute("""INSERT INTO events (issue_id, at, actor_id, actor_kind, kind, detail_json, visibility)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                 (issue_id, at, None if automation else actor_id, "automation" if automation else "user", kind,
                  json.dumps(detail or {}, ensure_ascii=False), visibility))
    conn.execute("UPDATE issues SET updated_at = ? WHERE id = ?", (at, issue_id))


PEOPLE_SELECT = """SELECT u.name, u.role, u.organization_id, o.anonymous, o.codename
                   FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = ?"""


def _actor(conn, actor_id, viewer, cache):
    if actor_id is None:
        return "automation"
    if actor_id not in cache:
        p = conn.execute(PEOPLE_SELECT, (actor_id,)).fetchone()
        name = person_shown(p["name"], p["organization_id"], p["anonymous"], p["codename"], viewer)
        cache[actor_id] = {"name": name, "role": p["role"]}
    return cache[actor_id]


def timeline_json(conn, row, viewer, comment_numbers=None):
    """comment_numbers: stored comment id -> the number the viewer knows it by (see comments_json)."""
    cache = {}
    events = []
    files = attachments_access.may_see(viewer, row)
    for e in conn.execute("SELECT * FROM events WHERE issue_id = ? ORDER BY id", (row["id"],)):
        if not vis.can_see_entry(viewer, row, e["visibility"], e["actor_id"]):
            continue
        if e["kind"] in attachments_access.EVENT_KINDS and not files:
            continue
        detail = json.loads(e["detail_json"])
        if "comment_id" in detail:
            detail["comment_id"] = (comment_numbers or {}).get(detail["comment_id"])
        events.append({"at": e["at"], "kind": e["kind"], "actor": _actor(conn, e["actor_id"], viewer, cache),
                       "by_automation": e["actor_kind"] == "automation", "detail": detail,
                       "visibility": e["visibility"]})
    return events


def comments_json(conn, row, viewer):
    """Replies numbered 1, 2, 3... among those the viewer may see: a stored id would show,
    by its gaps, that a sensitive reply or an internal note exists."""
    cache = {}
    out = []
    for c in conn.execute("SELECT * FROM comments WHERE issue_id = ? ORDER BY id", (row["id"],)):
        if vis.can_see_entry(viewer, row, c["visibility"], c["author_id"]):
            out.append({"id": len(out) + 1, "body": c["body"], "visibility": c["visibility"],
                        "created_at": c["created_at"], "author": _actor(conn, c["author_id"], viewer, cache),
                        "_stored_id": c["id"]})
    return out


def attachments_json(conn, row, viewer):
    if not attachments_access.may_see(viewer, row):
        return []
    return [{"id": a["id"], "filename": a["filename"], "size": a["size"], "content_type": a["content_type"],
             "created_at": a["created_at"], "url": f"/api/attachments/{a['id']}"}
            for a in conn.execute("SELECT * FROM attachments WHERE issue_id = ? ORDER BY id", (row["id"],))]


def full_issue_json(conn, app, row, viewer):
    out = issues_json(conn, app, [row], viewer, notices=True)[0]
    comments = comments_json(conn, row, viewer)
    numbers = {c.pop("_stored_id"): c["id"] for c in comments}
    out["timeline"] = timeline_json(conn, row, viewer, numbers)
    out["comments"] = comments
    out["attachments"] = attachments_json(conn, row, viewer)
    # A colleague of the reporter may hear what the reporter hears (PUT/DELETE /api/issues/{id}/watch).
    if viewer["role"] == "customer" and row["reporter_id"] != viewer["id"] and vis.in_org(viewer, row["organization_id"]):
        out["watching"] = conn.execute("SELECT 1 FROM issue_watchers WHERE issue_id = ? AND user_id = ?",
                                       (row["id"], viewer["id"])).fetchone() is not None
    return out
