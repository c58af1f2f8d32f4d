"""The one write path for an issue's life: filing, replies, triage and escalation, used
by the API, the demo data and the tests alike. The core decides every rule of time
(shared/issue_lifecycle.h) and this module stores its verdicts with the timeline
events they cause. Callers hold the write transaction and have checked permissions; `notify`
(notifications.Notifier, None: nobody is emailed, as for the demo data) writes the emails the change
causes into the same transaction."""
import json

from . import issues
from . import visibility as vis

USER_SELECT = """SELECT u.*, o.name AS org_name, o.plan AS org_plan, o.hosting AS org_hosting,
                        o.anonymous AS org_anonymous, o.codename AS org_codename
                 FROM users u LEFT JOIN organizations o ON o.id = u.organization_id"""


def organization_of(user):
    """The person's organization as the core reads it, or None."""
    if not user.get("organization_id"):
        return None
    return {"plan": user["org_plan"], "hosting": user["org_hosting"], "anonymous": bool(user["org_anonymous"]),
            "codename": user["org_codename"] or ""}


def facts(row):
    """What the core needs to know of a stored issue."""
    return {"plan": row["plan"], "hosting": row["hosting"], "impact": row["impact"] or "", "status": row["status"],
            "labels": issues.labels_of(row)}


def clock_facts(row):
    return {"due_at": row["due_at"], "first_response_at": row["first_response_at"],
            "reply_due_at": row["reply_due_at"], "reply_answered_at": row["reply_answered_at"]}


def create_issue(conn, core, reporter, values, at, notify=None):
    """Stores a validated report received `at` (RFC 3339) -> (issue id, the core's filing verdict)."""
    filed = core.file(reporter["role"], organization_of(reporter), values.get("impact") or "", at)
    quote, coverage = filed["quote"], filed["coverage"]
    issue_id = conn.execute(
        """INSERT INTO issues (title, status, visibility, plan, hosting, impact, organization_id, reporter_id, created_at,
               updated_at, due_at, window_start, clock_starts_at, explanation, sla_state, reply_owed_by, fields_json)
           VALUES (?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (values["title"], "confidential" if values.get("confidential") else "public", coverage["plan"],
         coverage["hosting"], values.get("impact"), reporter.get("organization_id"), reporter["id"], at, at,
         quote["due_at"], quote.get("window_start"), quote["clock_starts_at"], quote["explanation"],
         filed["sla_state"], filed["reply_owed_by"], json.dumps(values, ensure_ascii=False))).lastrowid
    conn.executemany("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?)", [(issue_id, l) for l in filed["labels"]])
    issues.record_event(conn, issue_id, at, reporter["id"], "filed",
                        {"labels": filed["labels"], "due_at": quote["due_at"],
                         "in_business_hours": quote["in_business_hours"]})
    if notify:
        notify.issue_filed(conn, issue_id, filed, reporter, at)
    return issue_id, filed


def add_reply(conn, core, row, author, body, visibility, at, notify=None):
    """A reply (public, sensitive or internal) and what it does to the clocks, labels and status."""
    comment_id = conn.execute("INSERT INTO comments (issue_id, author_id, body, visibility, created_at) VALUES (?, ?, ?, ?, ?)",
                              (row["id"], author["id"], body, visibility, at)).lastrowid
    kind = {"public": "reply", "sensitive": "sensitive_reply", "internal": "internal_note"}[visibility]
    issues.record_event(conn, row["id"], at, author["id"], kind, {"comment_id": comment_id}, visibility)
    if vis.is_staff(author):
        if visibility == "public":
            _staff_replied(conn, core, row, author, at)
    else:
        _customer_replied(conn, core, row, at, visibility)
    if notify:
        notify.reply_added(conn, row["id"], author, comment_id, body, visibility, at)
    return comment_id


def _staff_replied(conn, core, row, author, at):
    """A public reply by staff: the first one settles the SLA; any one answers a waiting next-reply clock."""
    stopped = core.staff_reply(clock_facts(row), at)
    if stopped["first_response"]:
        conn.execute("UPDATE issues SET first_response_at = ?, sla_state = ? WHERE id = ?",
                     (at, stopped["first_response"], row["id"]))
        issues.record_event(conn, row["id"], at, author["id"], "sla_" + stopped["first_response"], {"due_at": row["due_at"]})
    if stopped["next_reply"]:
        conn.execute("UPDATE issues SET reply_answered_at = ? WHERE id = ?", (at, row["id"]))
        issues.record_event(conn, row["id"], at, author["id"], "reply_" + stopped["next_reply"],
                            {"due_at": row["reply_due_at"]})
    conn.execute("UPDATE issues SET reply_owed_by = ? WHERE id = ?", (stopped["reply_owed_by"], row["id"]))
    if row["status"] == "new":
        set_status(conn, row, "in_progress", None, at)


def _customer_replied(conn, core, row, at, visibility):
    """Anyone but staff: the core says which + labels go, whether a next-reply clock starts, whether it reopens.
    The events are as visible as the reply: a sensitive reply leaves no public trace."""
    verdict = core.customer_reply(facts(row), clock_facts(row), at)
    for label in verdict["cleared_labels"]:
        conn.execute("DELETE FROM issue_labels WHERE issue_id = ? AND label = ?", (row["id"], label))
        issues.record_event(conn, row["id"], at, None, "label_removed", {"label": label, "reason": "customer replied"},
                            visibility, automation=True)
    quote = verdict["next_reply"]
    if quote:
        conn.execute("UPDATE issues SET reply_due_at = ?, reply_explanation = ?, reply_answered_at = NULL WHERE id = ?",
                     (quote["due_at"], quote["explanation"], row["id"]))
        issues.record_event(conn, row["id"], at, None, "reply_clock_started", {"due_at": quote["due_at"]},
                            visibility, automation=True)
    conn.execute("UPDATE issues SET reply_owed_by = ? WHERE id = ?", (verdict["reply_owed_by"], row["id"]))
    if verdict["reopens"]:
        conn.execute("UPDATE issues SET status = 'in_progress' WHERE id = ?", (row["id"],))
        issues.record_event(conn, row["id"], at, None, "reopened", {"from": row["status"], "to": "in_progress"},
                            visibility, automation=True)


def set_status(conn, row, status, actor, at, notify=None):
    """Triage's status change; actor None: by automation."""
    if status == row["status"]:
        return
    conn.execute("UPDATE issues SET status = ? WHERE id = ?", (status, row["id"]))
    issues.record_event(conn, row["id"], at, actor["id"] if actor else None, "status_changed",
                        {"from": row["status"], "to": status}, automation=actor is None)
    if notify:
        notify.status_changed(conn, row["id"], status, actor, at)


def add_label(conn, issue_id, label, actor, at, notify=None):
    if conn.execute("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (issue_id, label)).rowcount:
        issues.record_event(conn, issue_id, at, actor["id"], "label_added", {"label": label})
        if notify:
            notify.label_added(conn, issue_id, label, actor, at)


def remove_label(conn, issue_id, label, actor, at):
    if conn.execute("DELETE FROM issue_labels WHERE issue_id = ? AND label = ?", (issue_id, label)).rowcount:
        issues.record_event(conn, issue_id, at, actor["id"], "label_removed", {"label": label})


def escalate(conn, webhooks, row, actor, at, notify=None):
    """Records the escalation (the caller asked the core whether `actor` may) and queues the on-call delivery."""
    conn.execute("UPDATE issues SET escalated = 1, escalated_at = ?, escalated_by = ? WHERE id = ?",
                 (at, actor["id"], row["id"]))
    issues.record_event(conn, row["id"], at, actor["id"], "escalated", {})
    webhooks.enqueue(conn, row, at)
    if notify:
        notify.escalated(conn, row["id"], actor, at, "queued" if webhooks.url else "not_configured")
