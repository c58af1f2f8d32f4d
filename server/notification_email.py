"""One notification email as its recipient may read it: the subject with the issue's number and title,
the new text, the link, the running deadline in the recipient's time zone and in the policy's (Pacific),
and the headers that thread it per issue, let the recipient answer by email (a signed Reply-To) and turn
that kind of email off in one click (List-Unsubscribe, RFC 8058). Deciding who hears what, and whether
they may see it, is notifications.py's; the deadline itself is the core's verdict, only shown here."""
import datetime
import hashlib
import hmac
import html
import re
import urllib.parse
import zoneinfo

from . import mail_signing

THREAD_PREFIX = "fsp"


def parse_utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def zone_or_none(name):
    """A ZoneInfo for an IANA name, or None when there is no such zone."""
    if not isinstance(name, str) or not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def moment(at, zone):
    """"Wed Nov 25, 18:00 CET": a UTC instant read on a clock in `zone`."""
    local = parse_utc(at).astimezone(zone)
    return f"{local:%a %b} {local.day}, {local:%H:%M} {local.tzname()}"


def deadline_line(clock, recipient_zone, policy_zone_id, describe):
    """One line for the running clock ("none" and settled clocks say nothing), in the recipient's time
    zone (the zone database: any zone a person picks) and on the policy's clock (the core's words,
    `describe`, so an email says Pacific time exactly as the explanations do); a recipient on Pacific
    time reads it once."""
    if not clock or clock.get("state") != "running" or not clock.get("due_at"):
        return None
    what = "A reply is due" if clock.get("kind") == "next_reply" else "The first response is due"
    pacific = describe([clock["due_at"]])[0]
    if recipient_zone is None or recipient_zone.key == policy_zone_id:
        return f"{what} by {pacific} ({clock['due_at']})."
    return f"{what} by {moment(clock['due_at'], recipient_zone)} ({recipient_zone.key}), {pacific}."


class Composer:
    """Builds the subject, bodies and headers of notification emails for one deployment."""

    def __init__(self, vendor, secret, mail_from, public_url, policy_zone_id, describe):
        self.vendor, self.secret, self.mail_from = vendor, secret, mail_from
        self.public_url = public_url             # a callable: the address is known once the server listens
        self.policy_zone_id, self.describe = policy_zone_id, describe     # describe: core.describe_times
        self.domain = (mail_from or "").rpartition("@")[2] or "localhost"

    def deadline_line(self, clock, zone):
        return deadline_line(clock, zone, self.policy_zone_id, self.describe)

    def issue_link(self, issue_id):
        return f"{self.public_url().rstrip('/')}/#/issues/{issue_id}"

    def subject(self, issue):
        return f"[{self.vendor} support #{issue['id']}] {issue['title']}"

    def _tag(self, text):
        """Unique to this deployment (its secret), so two portals' issue 42 never share a thread."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:20]

    def thread_id(self, issue_id):
        return f"<{THREAD_PREFIX}.issue-{issue_id}.{self._tag(f'thread {issue_id}')}@{self.domain}>"

    def message_id(self, issue_id, key):
        return f"<{THREAD_PREFIX}.{issue_id}.{self._tag(key)}@{self.domain}>"

    def unsubscribe_url(self, user_id, kind):
        token = mail_signing.unsubscribe_token(self.secret, user_id, kind)
        return f"{self.public_url().rstrip('/')}/api/unsubscribe?token={urllib.parse.quote(token)}"

    def compose(self, issue, key, headline, text, recipient=None, kind=None, kind_label=None, can_reply=False,
                zone=None, extra=()):
        """-> (subject, text body, html body, headers). recipient None: the on-call address (no unsubscribe,
        no reply by email); no kind_label: not something one can turn off. `issue` is the issue JSON as
        this recipient may see it."""
        link = self.issue_link(issue["id"])
        facts = [f"Issue #{issue['id']}: {issue['title']}", f"Status: {issue['status'].replace('_', ' ')}"]
        if issue.get("impact"):
            org = issue.get("organization")
            facts.append(f"Impact: {issue['impact']}" + (f", {org}" if org else ""))
        deadline = self.deadline_line(issue.get("clock"), zone)
        if deadline:
            facts.append(deadline)
        facts.extend(extra)
        lines = [headline, ""]
        if text:
            lines += [text.strip(), ""]
        lines += facts + ["", f"Open the issue: {link}", ""]
        footer = []
        if can_reply:
            footer.append("Reply to this email to answer: your reply is added to the issue as a public reply, "
                          "as if written in the portal (what you quote is left out).")
        if recipient is not None and kind_label:
            footer.append(f"You get this email for “{kind_label}”. Turn these emails off: "
                          f"{self.unsubscribe_url(recipient['id'], kind)}")
        body = "\n".join(lines + (["-- "] + footer if footer else [])) + "\n"
        headers = {"Message-ID": self.message_id(issue["id"], key),
                   "In-Reply-To": self.thread_id(issue["id"]), "References": self.thread_id(issue["id"]),
                   "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All",
                   "X-Loop": self.mail_from or self.domain,
                   "List-Id": f"{self.vendor} support <issues.{self.domain}>"}
        if recipient is not None and kind_label:
            headers["List-Unsubscribe"] = f"<{self.unsubscribe_url(recipient['id'], kind)}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        if can_reply and recipient is not None:
            headers["Reply-To"] = mail_signing.reply_address(self.secret, issue["id"], recipient["id"], self.domain)
        return self.subject(issue), body, self.html(headline, text, facts, link, footer), headers

    @staticmethod
    def html(headline, text, facts, link, footer):
        esc = html.escape
        parts = [f"<p><strong>{esc(headline)}</strong></p>"]
        if text:
            parts.append('<blockquote style="white-space: pre-wrap">' + esc(text.strip()) + "</blockquote>")
        parts.append("<p>" + "<br>\n".join(esc(f) for f in facts) + "</p>")
        parts.append(f'<p><a href="{esc(link, quote=True)}">Open the issue</a></p>')
        for line in footer:
            parts.append('<p style="color: #666; font-size: small">' + _linked(line) + "</p>")
        return "<!doctype html>\n<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def _linked(line):
    """Escaped text with its http(s) addresses as links."""
    out, last = [], 0
    for m in re.finditer(r"https?://\S+", line):
        out.append(html.escape(line[last:m.start()]))
        url = html.escape(m.group(0), quote=True)
        out.append(f'<a href="{url}">{url}</a>')
        last = m.end()
    return "".join(out) + html.escape(line[last:])
