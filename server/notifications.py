"""Who hears what by email (issue 15), written to the outbox in the transaction of the change that
causes it, each with an idempotency key so it is never queued twice.

- the reporter, and colleagues of the same organization who watch the issue: a public or sensitive
  reply by staff, a `+` label asking them for something, resolved or closed, a duplicate link, how
  an escalation's delivery went;
- staff: a new P0 or P1 report, an escalation, a customer's reply on an issue they answered last
  (the portal has no assignee: the last support engineer to answer is the one it is "assigned" to);
  the daily digest (`serve.py digest`);
- the on-call address (--oncall-email): new P0, P1 and Ultimate reports outside business hours (the
  core's verdict at filing), and every escalation.

Everyone sees each issue as the API would show it to them (issues.issues_json): a reply or a name
the recipient may not see is never in their email. Each kind can be turned off per person."""
import json

from . import issue_store, issues, outbox
from . import visibility as vis
from .notification_email import Composer, zone_or_none

MEMBER_KINDS = {
    "staff_reply": "a support engineer replied",
    "waiting_on_you": "support is waiting on you (a + label)",
    "status_changed": "resolved, closed or closed as a duplicate",
    "escalation_outcome": "how an escalation reached on-call",
}
STAFF_KINDS = {
    "new_urgent_report": "a new P0 or P1 report",
    "escalation": "an issue was escalated",
    "customer_reply": "a customer replied on an issue you answered last",
    "daily_digest": "daily digest of deadlines in the next 24 hours",
}
KINDS = {**MEMBER_KINDS, **STAFF_KINDS}
ONCALL = {"id": 0, "role": "cse", "organization_id": None, "name": "On-call", "email": None}


def kinds_for(user):
    return STAFF_KINDS if vis.is_staff(user) else MEMBER_KINDS


def preferences(conn, user):
    """{kind: enabled} for the kinds this person can receive (on unless turned off)."""
    off = {r["kind"]: bool(r["enabled"]) for r in
           conn.execute("SELECT kind, enabled FROM notification_preferences WHERE user_id = ?", (user["id"],))}
    return {kind: off.get(kind, True) for kind in kinds_for(user)}


def set_preference(conn, user_id, kind, enabled, at):
    conn.execute("""INSERT INTO notification_preferences (user_id, kind, enabled, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id, kind)
                    DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at""",
                 (user_id, kind, 1 if enabled else 0, at))


def _wants(conn, user, kind):
    row = conn.execute("SELECT enabled FROM notification_preferences WHERE user_id = ? AND kind = ?",
                       (user["id"], kind)).fetchone()
    return row is None or bool(row["enabled"])


RECIPIENT_SELECT = issue_store.USER_SELECT + " WHERE u.deactivated_at IS NULL AND u.verified_at IS NOT NULL"


class Notifier:
    def __init__(self, app):
        self.app = app
        self.composer = Composer(app.policy.get("vendor", "Fleet"), app.secret, app.mail_from,
                                 lambda: app.public_url, app.policy["time_zone"]["id"], app.core.describe_times)

    # ---- the events (called by issue_store, inside the write transaction) -----------------------
    def issue_filed(self, conn, issue_id, filed, reporter, at):
        row = self._issue(conn, issue_id)
        impact, plan = row["impact"] or "", row["plan"]
        if impact in ("P0", "P1"):
            for staff in self.staff_wanting(conn, "new_urgent_report"):
                self._send(conn, "new_urgent_report", row, staff, f"filed:{issue_id}",
                           f"New {impact} report from {self._org(row, staff) or 'a customer'}.", _report_text(row))
        if self.app.oncall_email and (impact in ("P0", "P1") or plan == "ultimate") and \
                not filed["quote"].get("in_business_hours", True):
            self._send(conn, "oncall_new_report", row, ONCALL, f"filed:{issue_id}",
                       f"New {impact or plan} report from {self._org(row, ONCALL) or 'a customer'}, received "
                       "outside business hours.", _report_text(row))

    def reply_added(self, conn, issue_id, author, comment_id, body, visibility, at):
        if visibility == "internal":
            return                                   # internal notes are never emailed
        row = self._issue(conn, issue_id)
        key = f"comment:{comment_id}"
        if vis.is_staff(author):
            for member in self._members(conn, row, "staff_reply"):
                if member["id"] != author["id"] and vis.can_see_entry(member, row, visibility, author["id"]):
                    self._send(conn, "staff_reply", row, member, key,
                               self._said(conn, author, member, visibility), body)
            return
        last = conn.execute("""SELECT c.author_id FROM comments c JOIN users u ON u.id = c.author_id
                               WHERE c.issue_id = ? AND c.visibility != 'internal' AND u.role IN ('cse', 'admin')
                               ORDER BY c.id DESC LIMIT 1""", (issue_id,)).fetchone()
        staff = last and self._user(conn, last["author_id"])
        if staff and vis.is_staff(staff) and _wants(conn, staff, "customer_reply"):
            self._send(conn, "customer_reply", row, staff, key, self._said(conn, author, staff, visibility), body)

    def status_changed(self, conn, issue_id, status, actor, at, duplicate_of=None):
        if status not in ("resolved", "closed"):
            return
        row = self._issue(conn, issue_id)
        if duplicate_of is not None:
            headline = f"Issue #{issue_id} was closed as a duplicate of #{duplicate_of}; follow that one instead."
            extra = (f"Follow it here: {self.composer.issue_link(duplicate_of)}",)
        else:
            headline, extra = f"Issue #{issue_id} is now {status}.", ()
        for member in self._members(conn, row, "status_changed"):
            if actor is None or member["id"] != actor["id"]:
                self._send(conn, "status_changed", row, member, f"status:{issue_id}:{status}:{at}", headline,
                           None, extra=extra)

    def label_added(self, conn, issue_id, label, actor, at):
        if not label.startswith("+"):
            return
        row = self._issue(conn, issue_id)
        for member in self._members(conn, row, "waiting_on_you"):
            self._send(conn, "waiting_on_you", row, member, f"label:{issue_id}:{label}:{at}",
                       f"Support is waiting on you: issue #{issue_id} is labeled “{label}”.",
                       "Reply (by email or in the portal) when you have it; your reply takes the label off.")

    def escalated(self, conn, issue_id, actor, at, delivery):
        row = self._issue(conn, issue_id)
        key = f"escalated:{issue_id}:{at}"
        for staff in self.staff_wanting(conn, "escalation"):
            if staff["id"] != actor["id"]:
                self._send(conn, "escalation", row, staff, key,
                           f"{self._name(actor, staff)} escalated issue #{issue_id}.", _report_text(row))
        if self.app.oncall_email:
            self._send(conn, "oncall_escalation", row, ONCALL, key,
                       f"{self._name(actor, ONCALL)} escalated issue #{issue_id}: page on-call.", _report_text(row))
        if delivery == "not_configured":          # the outcome is known at once
            self.escalation_outcome(conn, issue_id, delivery, at)

    def escalation_outcome(self, conn, issue_id, delivery, at):
        """delivered, failed or not_configured: the reporter's side hears what happened (the core's words)."""
        row = self._issue(conn, issue_id)
        for member in self._members(conn, row, "escalation_outcome"):
            shown = issues.issue_json(conn, self.app, row, member).get("escalation") or {}
            self._send(conn, "escalation_outcome", row, member, f"escalation:{issue_id}:{delivery}:{at}",
                       f"Your escalation of issue #{issue_id}: {shown.get('message') or delivery}.", None)

    def notice(self, conn, issue_id, user, notice, key):
        """The outside-hours notice, by return email to a reply that came by email."""
        row = self._issue(conn, issue_id)
        self._send(conn, "outside_hours_notice", row, user, key, "We received your reply.",
                   notice.get("text") if isinstance(notice, dict) else str(notice), unsubscribable=False)

    # ---- recipients --------------------------------------------------------------------------
    def _issue(self, conn, issue_id):
        return conn.execute(issues.ISSUE_SELECT + " WHERE i.id = ?", (issue_id,)).fetchone()

    def _user(self, conn, user_id):
        row = conn.execute(RECIPIENT_SELECT + " AND u.id = ?", (user_id,)).fetchone()
        return dict(row) if row else None

    def staff_wanting(self, conn, kind):
        return [dict(r) for r in conn.execute(RECIPIENT_SELECT + " AND u.role IN ('cse', 'admin') ORDER BY u.id")
                if _wants(conn, r, kind)]

    def _members(self, conn, row, kind):
        """The reporter and colleagues of the issue's organization who watch it, who want `kind`."""
        people = [self._user(conn, row["reporter_id"])]
        for w in conn.execute("SELECT user_id FROM issue_watchers WHERE issue_id = ? ORDER BY user_id", (row["id"],)):
            person = self._user(conn, w["user_id"])
            if person and person["role"] == "customer" and vis.in_org(person, row["organization_id"]):
                people.append(person)
        return [p for p in people if p and not vis.is_staff(p) and _wants(conn, p, kind)]

    def _name(self, person, viewer):
        return issues.person_shown(person["name"], person.get("organization_id"), person.get("org_anonymous"),
                                   person.get("org_codename"), viewer)

    def _said(self, conn, author, viewer, visibility):
        author = self._user(conn, author["id"]) or author
        who = self._name(author, viewer) + (" (support)" if vis.is_staff(author) else "")
        if visibility == "sensitive":
            return f"{who} wrote a sensitive reply (only the organization and support engineers see it):"
        return f"{who} replied:"

    def _org(self, row, viewer):
        return issues.organization_shown(row, viewer)

    # ---- one email -------------------------------------------------------------------------
    def _send(self, conn, kind, row, recipient, event_key, headline, text, extra=(), unsubscribable=True):
        if not vis.can_see_issue(recipient, row):
            return None
        oncall = recipient is ONCALL
        shown = issues.issue_json(conn, self.app, row, recipient)
        key = f"{kind}:{event_key}:" + ("oncall" if oncall else f"user:{recipient['id']}")
        can_reply = not oncall and "public" in vis.reply_visibilities(recipient, row)
        label = KINDS.get(kind) if unsubscribable else None     # on-call and direct answers cannot be turned off
        subject, body, html_body, headers = self.composer.compose(
            shown, key, headline, text, None if oncall else recipient, kind, label, can_reply,
            None if oncall else zone_or_none(recipient.get("time_zone")), extra)
        to, name = (self.app.oncall_email, "On-call") if oncall else (recipient["email"], recipient["name"])
        return outbox.enqueue(conn, kind, to, name, subject, body, html_body, headers=headers, key=key)


def _report_text(row):
    fields = json.loads(row["fields_json"])
    return "\n\n".join(f"{label}:\n{fields[f]}" for f, label in
                       (("actual", "Actual behavior"), ("expected", "Expected behavior"),
                        ("steps", "Steps to reproduce"))
                       if fields.get(f))
