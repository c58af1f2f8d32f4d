"""issue 15: replies by email. A support engineer's reply arrives by email (real SMTP server); the answer,
as each common mail client writes it (tests/server/fixtures/mail/), goes through
`serve.py ingest-email` and shows on the issue exactly as a reply typed in the portal; everything
else is refused with a reason and nothing written."""
import os
import re
import subprocess
import sys
import uuid

from tests.server.harness import ROOT
from tests.server.smtp_sink import body_text
from tests.server.test_notifications import MAIL_FROM, MailServerTestCase, settle, wait_emails

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "mail")
EXPECTED = {
    "gmail.eml": "Hi Sam,\n\nHere are the details: the proxy is Squid 6.1 on Debian 12, and the café\nhosts in "
                 "Zürich go through it too. We tried again at 9:00 — same timeout.\n\nThanks!\nZoë",
    "outlook.eml": "Hello Sam,\n\nattached is the fleetctl debug archive from our Fleet server. The timeouts\n"
                   "started after the upgrade; Grüße aus München.\n\nKind regards\nJürgen Müller",
    "apple_mail.eml": "Yes — it still happens after restarting fleetd. 東京オフィスのホストも同じです。",
    "thunderbird.eml": "The proxy logs show a 504 after exactly 60 s; we raised the timeout to 120 s and the café "
                       "hosts answer now. Danke schön!",
}


class IngestEmail(MailServerTestCase):
    def notification(self, issue=None, reporter="premium", label=None):
        """A CSE answers (and may ask with a + label); -> (issue, the email the reporter receives)."""
        issue = issue or self.file(reporter, impact="P2", title="Live queries time out behind a proxy")
        seen = self.mark()
        if label:
            self.as_("cse", "PATCH", f"/api/issues/{issue['id']}", {"add_labels": [label]})
        self.reply("cse", issue, "Could you tell us which proxy your hosts use?")
        m = wait_emails(self.sink, f"{reporter}@demo.test", seen, kind="Could you tell us")[0]
        return issue, m

    def message(self, fixture, notification, sender="premium@demo.test", to=None, **headers):
        with open(os.path.join(FIXTURES, fixture), "rb") as f:
            raw = f.read()
        issue = re.search(r"#(\d+)\]", notification["Subject"]).group(1)
        for key, value in (("TO", to or str(notification["Reply-To"])), ("FROM", sender), ("ISSUE", issue),
                           ("THREAD", notification["In-Reply-To"]), ("MSGID", f"<{uuid.uuid4().hex}@mail.example>")):
            raw = raw.replace(b"{{" + key.encode() + b"}}", value.encode())
        extra = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items()).encode()
        return extra + raw

    def ingest(self, raw, *args):
        return subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), *self.server.db_args,
                               "--public-url", self.base, "--mail-from", MAIL_FROM, *args, "ingest-email"],
                              input=raw, capture_output=True, timeout=60)

    def counts(self):
        with self.server.database() as db:
            return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                         for t in ("comments", "attachments", "outbox", "events", "ingested_emails"))

    def comments(self, issue, who="premium"):
        return self.as_(who, "GET", f"/api/issues/{issue['id']}")[1]["comments"]

    # ---- each client -------------------------------------------------------------------------
    def test_each_mail_client_reply_is_stored_without_quotes_or_signature(self):
        for fixture, expected in EXPECTED.items():
            with self.subTest(fixture):
                issue, m = self.notification()
                done = self.ingest(self.message(fixture, m))
                self.assertEqual(done.returncode, 0, done.stderr.decode())
                last = self.comments(issue)[-1]
                self.assertEqual((last["body"], last["visibility"], last["author"]["name"]),
                                 (expected, "public", "Zoë Ørsted"))

    def test_a_debug_archive_attached_to_an_email_is_kept(self):
        issue, m = self.notification()
        done = self.ingest(self.message("outlook.eml", m))
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertIn(b"left out, not debug archives: image001.png", done.stdout)   # the signature's logo
        files = self.as_("premium", "GET", f"/api/issues/{issue['id']}")[1]["attachments"]
        self.assertEqual([f["filename"] for f in files], ["fleet-debug-archive.zip"])
        status, data, _ = self.as_("cse", "GET", files[0]["url"])
        self.assertEqual(status, 200)
        self.assertTrue(data.startswith(b"PK\x03\x04"))

    def test_end_to_end_an_emailed_answer_clears_the_plus_label_and_reaches_the_engineer(self):
        issue, m = self.notification(label="+more info please")
        self.assertIn("+more info please", self.as_("premium", "GET", f"/api/issues/{issue['id']}")[1]["labels"])
        seen = self.mark()
        done = self.ingest(self.message("gmail.eml", m))
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        page = self.as_("premium", "GET", f"/api/issues/{issue['id']}")[1]
        self.assertNotIn("+more info please", page["labels"])
        self.assertEqual(page["comments"][-1]["body"], EXPECTED["gmail.eml"])
        kinds = [e["kind"] for e in page["timeline"]]
        self.assertIn("reply_clock_started", kinds)
        self.assertEqual(page["clock"]["kind"], "next_reply")
        removed = [e for e in page["timeline"] if e["kind"] == "label_removed"][-1]
        self.assertTrue(removed["by_automation"])
        staff = wait_emails(self.sink, "cse@demo.test", seen, kind="Here are the details")[0]
        self.assertIn("Zoë Ørsted replied:", body_text(staff))

    def test_outside_business_hours_the_sender_is_told_by_return_email(self):
        issue, m = self.notification()
        seen = self.mark()
        done = self.ingest(self.message("thunderbird.eml", m), "--at", "2026-11-28T18:00:00Z")   # a Saturday
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertIn(b"outside-hours notice", done.stdout)
        notice = wait_emails(self.sink, "premium@demo.test", seen, kind="outside business hours")[0]
        self.assertIn("We received your reply.", body_text(notice))
        self.assertIsNone(notice["List-Unsubscribe"], "an answer to what they sent, not a subscription")
        self.assertEqual(notice["In-Reply-To"], m["In-Reply-To"])

    def test_a_message_delivered_twice_is_stored_once(self):
        issue, m = self.notification()
        raw = self.message("apple_mail.eml", m)
        first, second = self.ingest(raw), self.ingest(raw)
        self.assertEqual((first.returncode, second.returncode), (0, 0), second.stderr.decode())
        self.assertIn(b"already stored", second.stdout)
        self.assertEqual([c["body"] for c in self.comments(issue)].count(EXPECTED["apple_mail.eml"]), 1)

    # ---- refusals: a reason on stderr, a non-zero exit, nothing written ------------------------
    def refused(self, raw, reason, *args):
        settle(self.server)
        before = self.counts()
        done = self.ingest(raw, *args)
        self.assertNotEqual(done.returncode, 0, done.stdout)
        self.assertIn(reason, done.stderr.decode())
        self.assertEqual(self.counts(), before, "nothing written")
        return done

    def test_tampered_and_unknown_addresses_are_refused(self):
        issue, m = self.notification()
        address = str(m["Reply-To"])
        local, _, domain = address.partition("@")
        tampered = local[:-1] + ("0" if local[-1] != "0" else "1") + "@" + domain
        self.refused(self.message("gmail.eml", m, to=tampered), "unknown or was altered")
        other_issue = re.sub(r"^reply\+\d+\.", "reply+1.", address)          # someone else's issue, same mac
        self.refused(self.message("gmail.eml", m, to=other_issue), "unknown or was altered")
        self.refused(self.message("gmail.eml", m, to="support@vendor.example"), "not addressed to a reply address")

    def test_a_wrong_sender_is_refused(self):
        issue, m = self.notification()
        done = self.refused(self.message("gmail.eml", m, sender="ultimate@demo.test"), "is not the account")
        self.assertEqual(done.returncode, 77)

    def test_auto_replies_are_refused(self):
        issue, m = self.notification()
        for header, reason in (({"Auto_Submitted": "auto-replied"}, "Auto-Submitted: auto-replied"),
                               ({"Precedence": "bulk"}, "Precedence: bulk"),
                               ({"Precedence": "junk"}, "Precedence: junk"),
                               ({"Precedence": "list"}, "Precedence: list")):
            with self.subTest(header):
                self.refused(self.message("gmail.eml", m, **header), reason)

    def test_loops_are_refused(self):
        issue, m = self.notification()
        self.refused(self.message("gmail.eml", m, X_Loop=MAIL_FROM), "a loop")
        ours = next(x["raw"] for x in reversed(self.sink.messages) if x["message"]["Message-ID"] == m["Message-ID"])
        to = str(m["Reply-To"]).encode()
        ours = ours.replace(b"X-Loop: ", b"X-Old-Loop: ")
        ours = ours.replace(b"From: " + MAIL_FROM.encode(), b"From: premium@demo.test")   # only the Message-ID is ours
        self.refused(b"Delivered-To: " + to + b"\r\n" + ours, "a loop: this is the portal's own email")

    def test_an_oversized_message_is_refused(self):
        issue, m = self.notification()
        raw = self.message("thunderbird.eml", m) + b"x" * (36 * 1024 * 1024 + 10)
        self.refused(raw, "at most")

    def test_only_quoted_text_is_refused(self):
        issue, m = self.notification()
        raw = self.message("thunderbird.eml", m)
        head, _, _ = raw.partition(b"\n\n")
        self.refused(head + b"\n\nOn 24/11/2026 17:03, Fleet support wrote:\n> quoted only\n", "no new text")

    def test_without_the_servers_mail_from_the_mail_server_is_told_to_try_later(self):
        issue, m = self.notification()
        before = self.counts()
        done = subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), *self.server.db_args,
                               "--public-url", self.base, "ingest-email"], input=self.message("gmail.eml", m),
                              capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 75)
        self.assertIn(b"needs --mail-from", done.stderr)
        self.assertEqual(self.counts(), before)

    def test_an_unknown_charset_is_read_as_utf8_not_refused(self):
        issue, m = self.notification()
        raw = self.message("thunderbird.eml", m).replace(b"charset=ISO-8859-1", b"charset=x-unknown-8bit")
        head, _, _ = raw.partition(b"\n\n")
        done = self.ingest(head + b"\n\nStill broken after the upgrade, caf\xc3\xa9 hosts included.\n")
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertEqual(self.comments(issue)[-1]["body"], "Still broken after the upgrade, café hosts included.")
