"""issue 15: who hears what by email, through the real server and a real SMTP server; preferences,
one-click unsubscribe, idempotency, bounces."""
import datetime
import os
import re
import stat
import tempfile
import time
import unittest
import urllib.parse
import zoneinfo

from tests.server.harness import REPORT, ROOT, RunningServer, sign_in
from tests.server.smtp_sink import SmtpSink, body_text

MAIL_FROM = "support@vendor.example"
ONCALL = "oncall@vendor.example"
REPLY_TO = re.compile(r"^reply\+(\d+)\.(\d+)\.([0-9a-f]{32})@vendor\.example$")


def wait_emails(sink, address, after=0, count=1, kind=None, timeout=20):
    """Emails to `address` among the sink's messages after the first `after`, once there are `count`."""
    deadline = time.time() + timeout
    while True:
        found = [m["message"] for m in sink.messages[after:] if m["to"] == [address]
                 and (kind is None or kind in body_text(m["message"]))]
        if len(found) >= count:
            return found
        if time.time() > deadline:
            raise AssertionError(f"{len(found)} emails to {address}, not {count}: "
                                 f"{[(m['to'], m['message']['Subject']) for m in sink.messages[after:]]}")
        time.sleep(0.05)


def settle(server, timeout=20):
    """Waits until the outbox has nothing left to send (so an email that was not written is not coming)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with server.database() as db:
            if not db.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'retrying')").fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the outbox did not empty")


class MailServerTestCase(unittest.TestCase):
    """A demo server that emails a real SMTP server, with an on-call address."""
    extra = ()

    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.server = RunningServer("--demo", "--smtp", cls.sink.address, "--mail-from", MAIL_FROM, "--oncall-email",
                                   ONCALL, "--no-rate-limits", *cls.extra).start()
        cls.tokens = {who: sign_in(cls.server, f"{who}@demo.test")
                      for who in ("cse", "admin", "premium", "ultimate", "community")}
        cls.ids = {who: cls.server.request("GET", "/api/me", token=t)[1]["user"]["id"] for who, t in cls.tokens.items()}
        cls.base = f"http://{cls.server.host}:{cls.server.port}"

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        cls.sink.stop()

    def as_(self, who, method, path, body=None, **kw):
        return self.server.request(method, path, body, token=self.tokens[who], **kw)

    def file(self, who, **changes):
        report = dict(REPORT, **changes)
        if who == "community":
            report.pop("impact", None)
        status, body, _ = self.as_(who, "POST", "/api/issues", report)
        self.assertEqual(status, 201, body)
        return body

    def reply(self, who, issue, text, visibility="public"):
        status, body, _ = self.as_(who, "POST", f"/api/issues/{issue['id']}/comments",
                                   {"body": text, "visibility": visibility})
        self.assertEqual(status, 201, body)
        return body

    def mark(self):
        settle(self.server)
        return len(self.sink.messages)


class WhoHearsWhat(MailServerTestCase):
    def test_a_staff_reply_reaches_the_reporter_threaded_signed_and_unsubscribable(self):
        issue = self.file("premium", impact="P2", title="Reporter hears the answer")
        seen = self.mark()
        self.reply("cse", issue, "Could you send the output of fleetctl debug archive? Merci, Zoë.")
        m = wait_emails(self.sink, "premium@demo.test", seen)[0]
        self.assertEqual(m["Subject"], f"[Fleet support #{issue['id']}] Reporter hears the answer")
        text = body_text(m)
        self.assertIn("Sam Rivera (support) replied:", text)
        self.assertIn("Could you send the output of fleetctl debug archive? Merci, Zoë.", text)
        self.assertIn(f"{self.base}/#/issues/{issue['id']}", text)
        html = m.get_body(preferencelist=("html",)).get_content()
        self.assertIn(f'href="{self.base}/#/issues/{issue["id"]}"', html)
        self.assertIn("Merci, Zoë.", html)
        thread = m["In-Reply-To"]
        self.assertTrue(thread.startswith(f"<fsp.issue-{issue['id']}.") and thread.endswith("@vendor.example>"), thread)
        self.assertEqual(m["References"], thread)
        self.assertNotEqual(m["Message-ID"], thread)
        self.assertEqual(m["Auto-Submitted"], "auto-generated")
        found = REPLY_TO.match(str(m["Reply-To"]))
        self.assertTrue(found, m["Reply-To"])
        self.assertEqual((int(found.group(1)), int(found.group(2))), (issue["id"], self.ids["premium"]))
        self.assertRegex(m["List-Unsubscribe"], r"^<http://[^>]+/api/unsubscribe\?token=[^>]+>$")
        self.assertEqual(m["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        # a second reply threads into the same conversation under a new Message-ID
        self.reply("cse", issue, "And the Fleet server logs, please.")
        second = wait_emails(self.sink, "premium@demo.test", seen, count=2)[1]
        self.assertEqual(second["In-Reply-To"], thread)
        self.assertNotEqual(second["Message-ID"], m["Message-ID"])

    def test_internal_notes_are_never_emailed_and_sensitive_replies_only_to_who_may_see_them(self):
        issue = self.file("premium", impact="P2", title="Notes stay inside")
        seen = self.mark()
        self.reply("cse", issue, "INTERNAL: customer is on an old MySQL", "internal")
        self.reply("cse", issue, "Your MySQL host name is db-7.acme.internal", "sensitive")
        m = wait_emails(self.sink, "premium@demo.test", seen)[0]
        self.assertIn("sensitive reply", body_text(m))
        self.assertIn("db-7.acme.internal", body_text(m))
        community = self.file("community", title="A community report")
        self.reply("cse", community, "SENSITIVE for community: not theirs to see", "sensitive")
        self.reply("cse", community, "Public answer for the community")
        wait_emails(self.sink, "community@demo.test", seen, kind="Public answer for the community")
        settle(self.server)
        everything = b"".join(m["raw"] for m in self.sink.messages[seen:])
        self.assertNotIn(b"INTERNAL: customer", everything)
        self.assertNotIn("not theirs to see", " ".join(body_text(m["message"]) for m in self.sink.messages[seen:]
                                                      if m["to"] == ["community@demo.test"]))

    def test_a_plus_label_a_resolution_and_a_duplicate_link_reach_the_reporter(self):
        issue = self.file("ultimate", impact="P3", title="Waiting on you")
        other = self.file("ultimate", impact="P3", title="The original")
        seen = self.mark()
        self.assertEqual(self.as_("cse", "PATCH", f"/api/issues/{issue['id']}",
                                  {"add_labels": ["+more info please", "triaged"]})[0], 200)
        m = wait_emails(self.sink, "ultimate@demo.test", seen)[0]
        self.assertIn("Support is waiting on you", body_text(m))
        self.assertIn("+more info please", body_text(m))
        self.assertEqual(self.as_("cse", "PATCH", f"/api/issues/{other['id']}", {"status": "resolved"})[0], 200)
        m = wait_emails(self.sink, "ultimate@demo.test", seen, kind="is now resolved")[0]
        self.assertIn(f"Issue #{other['id']} is now resolved.", body_text(m))
        self.assertEqual(self.as_("cse", "PATCH", f"/api/issues/{issue['id']}", {"duplicate_of": other["id"]})[0], 200)
        m = wait_emails(self.sink, "ultimate@demo.test", seen, kind="as a duplicate")[0]
        self.assertIn(f"{self.base}/#/issues/{other['id']}", body_text(m))
        settle(self.server)
        labels = [body_text(m["message"]) for m in self.sink.messages[seen:] if m["to"] == ["ultimate@demo.test"]]
        self.assertFalse([t for t in labels if "triaged" in t and "waiting on you" in t], "only + labels are emailed")

    def test_staff_hear_new_urgent_reports_in_their_time_zone_and_pacific(self):
        status, body, _ = self.as_("admin", "PATCH", "/api/me/notifications", {"time_zone": "Europe/Paris"})
        self.assertEqual((status, body["time_zone"]), (200, "Europe/Paris"))
        seen = self.mark()
        quiet = self.file("premium", impact="P2", title="Not urgent")
        issue = self.file("premium", impact="P0", title="Everything is down")
        for who in ("cse", "admin"):
            m = wait_emails(self.sink, f"{who}@demo.test", seen, kind="New P0 report")[0]
            self.assertEqual(m["Subject"], f"[Fleet support #{issue['id']}] Everything is down")
            self.assertIn("from Acme Corp", body_text(m), "staff see an anonymous organization's name")
            self.assertIn("Spinner forever.", body_text(m))
        due = datetime.datetime.strptime(issue["due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        paris = due.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))
        pacific = due.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
        admin = body_text(wait_emails(self.sink, "admin@demo.test", seen)[0])
        self.assertIn(f"{paris:%a %b} {paris.day}, {paris:%H:%M} {paris.tzname()} (Europe/Paris)", admin)
        self.assertIn(f"{pacific:%a %b} {pacific.day}, {pacific:%H:%M} PT", admin)
        settle(self.server)
        self.assertFalse([m for m in self.sink.messages[seen:] if f"#{quiet['id']}]" in m["message"]["Subject"]])
        self.assertFalse([m for m in self.sink.messages[seen:] if m["to"] == ["premium@demo.test"]],
                         "the reporter is not emailed about their own report")

    def test_a_customer_reply_reaches_the_engineer_who_answered_last(self):
        issue = self.file("ultimate", impact="P2", title="Who answered last")
        self.reply("admin", issue, "First answer by the admin.")
        self.reply("cse", issue, "Second answer by the CSE.")
        seen = self.mark()
        self.reply("ultimate", issue, "Thanks, here is more detail.")
        m = wait_emails(self.sink, "cse@demo.test", seen)[0]
        self.assertIn("Hiro Tanaka replied:", body_text(m))
        self.assertIn("Thanks, here is more detail.", body_text(m))
        settle(self.server)
        self.assertFalse([m for m in self.sink.messages[seen:] if m["to"] == ["admin@demo.test"]])

    def test_an_escalation_reaches_staff_and_on_call_and_the_reporter_hears_the_outcome(self):
        issue = self.file("premium", impact="P1", title="Escalate me")
        seen = self.mark()
        status, body, _ = self.as_("premium", "POST", f"/api/issues/{issue['id']}/escalate")
        self.assertEqual(status, 200, body)
        for who in ("cse@demo.test", "admin@demo.test"):
            self.assertIn("escalated issue", body_text(wait_emails(self.sink, who, seen, kind="escalated")[0]))
        oncall = wait_emails(self.sink, ONCALL, seen, kind="escalated")[0]
        self.assertIn("page on-call", body_text(oncall))
        self.assertIsNone(oncall["List-Unsubscribe"], "on-call cannot unsubscribe")
        self.assertIsNone(oncall["Reply-To"])
        outcome = wait_emails(self.sink, "premium@demo.test", seen, kind="Your escalation")[0]
        self.assertIn(body["escalation"]["message"], body_text(outcome))

    def test_on_call_hears_new_urgent_reports_only_outside_business_hours(self):
        seen = self.mark()
        issue = self.file("ultimate", impact="P2", title="Ultimate report now")
        settle(self.server)
        to_oncall = [m for m in self.sink.messages[seen:] if m["to"] == [ONCALL]]
        if issue["in_business_hours"]:                 # the core's verdict for the time the server received it
            self.assertEqual(to_oncall, [])
        else:
            self.assertIn("outside business hours", body_text(to_oncall[0]["message"]))

    def test_a_watching_colleague_hears_what_the_reporter_hears(self):
        orgs = self.as_("admin", "GET", "/api/admin/organizations")[1]["organizations"]
        acme = next(o for o in orgs if o["name"] == "Acme Corp")
        seen = self.mark()
        status, body, _ = self.as_("admin", "POST", "/api/invitations", {"email": "colleague@acme.example",
                                   "name": "Cole League", "role": "customer", "organization_id": acme["id"]})
        self.assertEqual(status, 201, body)
        invite = re.search(r"/#/invite/([A-Za-z0-9_-]+)", body_text(wait_emails(self.sink, "colleague@acme.example",
                                                                                   seen)[0])).group(1)
        colleague = self.server.request("POST", "/api/invitations/accept", {"token": invite, "name": "Cole League",
                                                                            "password": "a long password"})[1]["token"]
        issue = self.file("premium", impact="P3", title="Watched by a colleague")
        self.assertEqual(self.server.request("PUT", f"/api/issues/{issue['id']}/watch", token=colleague)[0], 200)
        self.assertEqual(self.server.request("GET", "/api/me/notifications", token=colleague)[1]["watching"],
                         [issue["id"]])
        watching = lambda: self.server.request("GET", f"/api/issues/{issue['id']}", token=colleague)[1].get("watching")
        self.assertIs(watching(), True, "the issue page shows the colleague's choice")
        self.assertNotIn("watching", self.as_("premium", "GET", f"/api/issues/{issue['id']}")[1], "the reporter hears anyway")
        self.assertNotIn("watching", self.as_("cse", "GET", f"/api/issues/{issue['id']}")[1])
        self.assertEqual(self.as_("community", "PUT", f"/api/issues/{issue['id']}/watch")[0], 403)
        seen = self.mark()
        self.reply("cse", issue, "Answer for the whole team.")
        m = wait_emails(self.sink, "colleague@acme.example", seen)[0]
        self.assertIn("Answer for the whole team.", body_text(m))
        self.assertIn("Acme Corp", body_text(m), "their own organization's name")
        self.assertEqual(self.server.request("DELETE", f"/api/issues/{issue['id']}/watch", token=colleague)[0], 200)
        self.assertIs(watching(), False)
        seen = self.mark()
        self.reply("cse", issue, "Only the reporter now.")
        wait_emails(self.sink, "premium@demo.test", seen)
        settle(self.server)
        self.assertFalse([m for m in self.sink.messages[seen:] if m["to"] == ["colleague@acme.example"]])

    def test_the_secret_is_beside_the_database_and_private(self):
        path = os.path.join(self.server.dir, "portal-secret.key")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)


class Preferences(MailServerTestCase):
    def test_defaults_and_changes(self):
        status, body, _ = self.as_("premium", "GET", "/api/me/notifications")
        self.assertEqual(status, 200)
        self.assertEqual({k["kind"]: k["enabled"] for k in body["kinds"]},
                         {"staff_reply": True, "waiting_on_you": True, "status_changed": True,
                          "escalation_outcome": True})
        self.assertEqual((body["time_zone"], body["policy_time_zone"], body["watching"]), (None, "America/Los_Angeles", []))
        staff = self.as_("cse", "GET", "/api/me/notifications")[1]
        self.assertEqual({k["kind"] for k in staff["kinds"]},
                         {"new_urgent_report", "escalation", "customer_reply", "daily_digest"})
        status, body, _ = self.as_("premium", "PATCH", "/api/me/notifications", {"kinds": {"staff_reply": False}})
        self.assertEqual(status, 200, body)
        self.assertFalse(next(k for k in body["kinds"] if k["kind"] == "staff_reply")["enabled"])
        issue = self.file("premium", impact="P3", title="Quiet please")
        seen = self.mark()
        self.reply("cse", issue, "You will not get this by email.")
        self.as_("cse", "PATCH", f"/api/issues/{issue['id']}", {"add_labels": ["+logs please"]})
        wait_emails(self.sink, "premium@demo.test", seen, kind="waiting on you")
        settle(self.server)
        self.assertNotIn("You will not get this", " ".join(body_text(m["message"]) for m in self.sink.messages[seen:]))

    def test_clear_refusals(self):
        for body, field in (({"kinds": {"nope": True}}, "kinds.nope"),
                            ({"kinds": {"new_urgent_report": False}}, "kinds.new_urgent_report"),
                            ({"kinds": {"staff_reply": "off"}}, "kinds.staff_reply"),
                            ({"kinds": ["staff_reply"]}, "kinds"),
                            ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
                            ({"email_me": True}, "email_me")):
            status, answer, _ = self.as_("premium", "PATCH", "/api/me/notifications", body)
            self.assertEqual(status, 422, body)
            self.assertIn(field, answer["error"]["fields"], answer)
        self.assertEqual(self.server.request("GET", "/api/me/notifications")[0], 401)


class Unsubscribe(MailServerTestCase):
    def test_one_click_turns_that_kind_off(self):
        issue = self.file("ultimate", impact="P3", title="Unsubscribe me")
        seen = self.mark()
        self.reply("cse", issue, "First answer.")
        m = wait_emails(self.sink, "ultimate@demo.test", seen)[0]
        url = urllib.parse.urlsplit(m["List-Unsubscribe"].strip("<>"))
        path = url.path + "?" + url.query
        status, page, headers = self.server.request("GET", path)
        self.assertEqual(status, 200)
        self.assertIn(b"<form method=\"post\"", page)
        self.assertTrue(next(k for k in self.as_("ultimate", "GET", "/api/me/notifications")[1]["kinds"]
                             if k["kind"] == "staff_reply")["enabled"], "GET changes nothing (link checkers)")
        forged = path[:-3] + ("000" if not path.endswith("000") else "111")
        status, body, _ = self.server.request("POST", forged, raw=b"List-Unsubscribe=One-Click",
                                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_token"))
        status, body, _ = self.server.request("POST", path, raw=b"List-Unsubscribe=One-Click",
                                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, body["kind"]), (200, "staff_reply"), body)
        kinds = {k["kind"]: k["enabled"] for k in self.as_("ultimate", "GET", "/api/me/notifications")[1]["kinds"]}
        self.assertEqual(kinds, {"staff_reply": False, "waiting_on_you": True, "status_changed": True,
                                 "escalation_outcome": True})
        seen = self.mark()
        self.reply("cse", issue, "Second answer, not emailed.")
        self.as_("cse", "PATCH", f"/api/issues/{issue['id']}", {"status": "resolved"})
        wait_emails(self.sink, "ultimate@demo.test", seen, kind="is now resolved")
        settle(self.server)
        self.assertNotIn("Second answer", " ".join(body_text(m["message"]) for m in self.sink.messages[seen:]))


class Bounce(unittest.TestCase):
    """A recipient the SMTP server refuses: the outbox row says so, and it is not retried."""

    def test_refused_recipient_is_recorded(self):
        sink = SmtpSink(fail=("rcpt", "550 5.1.1 <premium@demo.test>: Recipient address rejected")).start()
        server = RunningServer("--demo", "--smtp", sink.address, "--mail-from", MAIL_FROM, "--no-rate-limits").start()
        try:
            cse, admin = sign_in(server, "cse@demo.test"), sign_in(server, "admin@demo.test")
            premium = sign_in(server, "premium@demo.test")
            issue = server.request("POST", "/api/issues", dict(REPORT, impact="P3"), token=premium)[1]
            server.request("POST", f"/api/issues/{issue['id']}/comments", {"body": "Bounce me"}, token=cse)
            deadline = time.time() + 20
            while time.time() < deadline:
                emails = server.request("GET", "/api/admin/outbox", token=admin)[1]["emails"]
                mine = [e for e in emails if e["kind"] == "staff_reply"]
                if mine and mine[0]["state"] == "failed":
                    break
                time.sleep(0.1)
            self.assertEqual((mine[0]["state"], mine[0]["attempts"], mine[0]["bounced"]), ("failed", 1, True))
            self.assertIn("550 5.1.1", mine[0]["last_error"])
        finally:
            server.cleanup()
            sink.stop()


class Idempotency(unittest.TestCase):
    def test_an_email_with_the_same_key_is_queued_once(self):
        import sys
        sys.path.insert(0, ROOT)
        from server import outbox
        from server.storage import Storage
        storage = Storage(os.path.join(tempfile.mkdtemp(prefix="portal-outbox-"), "p.db"))
        with storage.write() as conn:
            key = "staff_reply:comment:1:user:2"
            first = outbox.enqueue(conn, "staff_reply", "a@example.test", "A", "S", "T", key=key)
            again = outbox.enqueue(conn, "staff_reply", "a@example.test", "A", "S", "T", key=key)
            plain = [outbox.enqueue(conn, "invitation", "b@example.test", "B", "S", "T") for _ in range(2)]
        self.assertIsNotNone(first)
        self.assertIsNone(again)
        self.assertEqual(len(set(plain)), 2, "emails without a key are never merged")
        self.assertEqual(storage.read().execute("SELECT COUNT(*) FROM outbox").fetchone()[0], 3)


class DailyDigest(MailServerTestCase):
    def test_digest_lists_deadlines_of_the_next_24_hours_once_a_day(self):
        import subprocess
        import sys
        urgent = self.file("ultimate", impact="P0", title="Due within hours")
        self.as_("admin", "PATCH", "/api/me/notifications", {"kinds": {"daily_digest": False}})
        seen = self.mark()
        command = [sys.executable, os.path.join(ROOT, "serve.py"), *self.server.db_args, "--public-url", self.base,
                   "--mail-from", MAIL_FROM, "digest"]
        for _ in range(2):
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
            self.assertEqual(done.returncode, 0, done.stderr)
        m = wait_emails(self.sink, "cse@demo.test", seen, kind="Deadlines in the next 24 hours")[0]
        self.assertIn(f"#{urgent['id']} P0 Due within hours", body_text(m))
        self.assertIn(f"{self.base}/#/issues/{urgent['id']}", body_text(m))
        settle(self.server)
        digests = [x for x in self.sink.messages[seen:] if "Deadlines in the next 24 hours" in body_text(x["message"])]
        self.assertEqual([x["to"] for x in digests], [["cse@demo.test"]], "once a day; not to who turned it off")


class OnCallOutsideHours(unittest.TestCase):
    """The on-call rule at fixed instants, through the one write path (the API files at the server's now)."""

    def test_new_urgent_and_ultimate_reports_page_on_call_outside_business_hours_only(self):
        import sys
        sys.path.insert(0, ROOT)
        from server import issue_store
        from server.app import PortalApp
        from server.demo import seed_demo
        folder = tempfile.mkdtemp(prefix="portal-oncall-")
        app = PortalApp(ROOT, os.path.join(folder, "site"), os.path.join(folder, "p.db"),
                        os.path.join(ROOT, "build", "libportal.so"), demo=True, oncall_email=ONCALL,
                        mail_from=MAIL_FROM, log=open(os.devnull, "w"))
        seed_demo(app)
        cases = [("ultimate@demo.test", "P3", "2026-11-28T10:00:00Z", True),     # Saturday: Ultimate, any impact
                 ("premium@demo.test", "P1", "2026-11-25T05:00:00Z", True),      # Tuesday 21:00 PT
                 ("premium@demo.test", "P2", "2026-11-28T10:00:00Z", False),     # Premium P2: not urgent
                 ("premium@demo.test", "P0", "2026-11-24T18:00:00Z", False)]     # Tuesday 10:00 PT: staff have it
        for email, impact, at, paged in cases:
            with app.storage.write() as conn:
                reporter = dict(conn.execute(issue_store.USER_SELECT + " WHERE u.email = ?", (email,)).fetchone())
                issue_id, _ = issue_store.create_issue(conn, app.core, reporter, dict(REPORT, impact=impact), at,
                                                       notify=app.notifier)
                rows = conn.execute("SELECT subject, text_body FROM outbox WHERE to_address = ? AND subject LIKE ?",
                                    (ONCALL, f"%#{issue_id}]%")).fetchall()
            self.assertEqual(len(rows), 1 if paged else 0, (email, impact, at))
            if paged:
                self.assertIn("outside business hours", rows[0]["text_body"])


class EscalationOutcome(MailServerTestCase):
    """With an on-call webhook, the reporter hears once the delivery is settled: paged, or failed."""

    @classmethod
    def setUpClass(cls):
        from tests.server.test_escalation import receiver
        cls.hook, cls.received = receiver(200)
        cls.extra = ("--webhook-backoff", "0.05", "--webhook", f"http://127.0.0.1:{cls.hook.server_address[1]}/page")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.hook.shutdown()

    def test_the_reporter_hears_that_on_call_was_paged(self):
        issue = self.file("premium", impact="P0", title="Page them")
        seen = self.mark()
        self.assertEqual(self.as_("premium", "POST", f"/api/issues/{issue['id']}/escalate")[0], 200)
        outcome = wait_emails(self.sink, "premium@demo.test", seen, kind=f"Your escalation of issue #{issue['id']}")[0]
        shown = self.as_("premium", "GET", f"/api/issues/{issue['id']}")[1]["escalation"]
        self.assertEqual(shown["delivery"], "delivered")
        self.assertIn(shown["message"], body_text(outcome))
        self.assertIn(issue["id"], [r["issue"] for r in self.received])
