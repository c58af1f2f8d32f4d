"""issue 14, step 2: the outbox and the SMTP client, against a real SMTP server started in-process."""
import os
import re
import subprocess
import sys
import tempfile
import time

from tests.server.harness import ROOT, RunningServer, ServerTestCase, sign_up_verified
from tests.server.smtp_sink import SmtpSink, body_text, link_in


def invite_admin(server, email, name):
    done = subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), *server.db_args,
                           "--public-url", f"http://{server.host}:{server.port}", "invite-admin", email, name],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return re.search(r"/#/invite/([A-Za-z0-9_-]+)", done.stdout).group(1)


def accept(server, token, name="Admin Person", password="a long password"):
    status, body, _ = server.request("POST", "/api/invitations/accept",
                                     {"token": token, "name": name, "password": password})
    assert status == 200, body
    return body["token"]


def wait_outbox(server, admin, predicate, timeout=20):
    deadline = time.time() + timeout
    while True:
        status, body, _ = server.request("GET", "/api/admin/outbox", token=admin)
        assert status == 200, body
        if predicate(body["emails"]) or time.time() > deadline:
            return body
        time.sleep(0.1)


class Delivered(ServerTestCase):
    """SMTPUTF8 offered, authentication with the password from a file."""

    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink(smtputf8=True, auth=("portal", "s3cret pässword")).start()
        cls.secrets = tempfile.mkdtemp(prefix="portal-secret-")
        password_file = os.path.join(cls.secrets, "smtp-password")
        with open(password_file, "w", encoding="utf-8") as f:
            f.write("s3cret pässword\n")
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example",
                           "--smtp-user", "portal", "--smtp-password-file", password_file)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def test_invitation_email_is_delivered_and_its_link_works(self):
        self.assertIn("Email: through", self.server.log())
        invite_admin(self.server, "zoë@vendor.example", "Zoë Ørsted")
        message = self.sink.wait_for(1)[0]
        self.assertEqual(message["to"], ["zoë@vendor.example"])
        self.assertIn("SMTPUTF8", message["options"])
        self.assertGreaterEqual(self.sink.logins, 1)
        m = message["message"]
        self.assertEqual(m["From"], "support@vendor.example")
        self.assertEqual(str(m["To"]), "Zoë Ørsted <zoë@vendor.example>")
        self.assertIn("Zoë Ørsted".encode("utf-8"), message["raw"], "SMTPUTF8: headers travel as UTF-8")
        self.assertTrue(m["Message-ID"].endswith("@vendor.example>"))
        self.assertTrue(m["Date"])
        self.assertEqual(m.get_content_type(), "multipart/alternative")
        self.assertIn("Hello Zoë Ørsted", body_text(m))
        html = m.get_body(preferencelist=("html",)).get_content()
        url, token = link_in(m, "invite")
        self.assertIn(f'<a href="{url}">', html)
        self.assertTrue(url.startswith(f"http://{self.server.host}:{self.server.port}/#/invite/"))
        admin = accept(self.server, token, "Zoë Ørsted")
        body = wait_outbox(self.server, admin, lambda e: e and e[0]["state"] == "sent")
        self.assertTrue(body["smtp_configured"])
        sent = body["emails"][0]
        self.assertEqual((sent["kind"], sent["to"], sent["state"], sent["attempts"], sent["last_error"]),
                         ("invitation", "zoë@vendor.example", "sent", 1, None))
        self.assertEqual(sent["message_id"], m["Message-ID"])
        status, again, _ = self.server.request("POST", f"/api/admin/outbox/{sent['id']}/retry", token=admin)
        self.assertEqual((status, again["error"]["code"]), (409, "already_sent"))

    def test_only_admins_see_the_outbox(self):
        body = sign_up_verified(self.server, self.sink, "someone@example.test", "S")
        status, body, _ = self.server.request("GET", "/api/admin/outbox", token=body["token"])
        self.assertEqual((status, body["error"]["code"]), (403, "admins_only"))
        status, _, _ = self.server.request("GET", "/api/admin/outbox")
        self.assertEqual(status, 401)


class Rfc2047(ServerTestCase):
    """A server without SMTPUTF8: headers become RFC 2047 encoded words, the message is ASCII."""

    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink(smtputf8=False).start()
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def test_encoded_words(self):
        invite_admin(self.server, "zoe@vendor.example", "Zoë Ørsted")
        message = self.sink.wait_for(1)[0]
        self.assertNotIn("SMTPUTF8", message["options"])
        message["raw"].decode("ascii")            # every byte is ASCII
        self.assertIn(b"=?utf-8?", message["raw"])
        self.assertEqual(str(message["message"]["To"]), "Zoë Ørsted <zoe@vendor.example>")
        self.assertIn("Hello Zoë Ørsted", body_text(message["message"]))


class FailingSmtp(ServerTestCase):
    """An SMTP server that refuses: admins see the email failed (or retrying) with the server's answer."""

    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink(fail=("rcpt", "550 5.1.1 <nobody@vendor.example>: Recipient address rejected")).start()
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example",
                           "--mail-backoff", "0.2")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def test_permanent_then_transient_failures_then_a_retry(self):
        token = invite_admin(self.server, "nobody@vendor.example", "Nobody")
        admin = accept(self.server, token)
        body = wait_outbox(self.server, admin, lambda e: e and e[0]["state"] == "failed")
        failed = body["emails"][0]
        self.assertEqual(failed["state"], "failed", body)
        self.assertEqual(failed["attempts"], 1, "a 5xx answer is final")
        self.assertEqual(failed["last_error"], "550 5.1.1 <nobody@vendor.example>: Recipient address rejected")

        self.sink.fail = ("data", "451 4.3.0 Mailbox busy, try again later")
        status, retried, _ = self.server.request("POST", f"/api/admin/outbox/{failed['id']}/retry", token=admin)
        self.assertEqual((status, retried["email"]["state"]), (200, "queued"))
        body = wait_outbox(self.server, admin, lambda e: e[0]["state"] == "retrying")
        self.assertEqual(body["emails"][0]["last_error"], "451 4.3.0 Mailbox busy, try again later")
        body = wait_outbox(self.server, admin, lambda e: e[0]["state"] == "failed")
        self.assertEqual((body["emails"][0]["state"], body["emails"][0]["attempts"]), ("failed", 5))

        self.sink.fail = None
        status, _, _ = self.server.request("POST", f"/api/admin/outbox/{failed['id']}/retry", token=admin)
        self.assertEqual(status, 200)
        self.assertEqual(self.sink.wait_for(1)[0]["to"], ["nobody@vendor.example"])
        body = wait_outbox(self.server, admin, lambda e: e[0]["state"] == "sent")
        self.assertEqual((body["emails"][0]["state"], body["emails"][0]["last_error"]), ("sent", None))


class NoSmtp(ServerTestCase):
    """Without --smtp, emails stay queued, visible to admins, saying why; never dropped."""

    def test_queued_with_a_reason(self):
        self.assertIn("emails are kept in the outbox", self.server.log())
        admin = accept(self.server, invite_admin(self.server, "first@vendor.example", "First"))
        invite_admin(self.server, "second@vendor.example", "Second")
        time.sleep(1.5)                               # the worker has had its chance
        status, body, _ = self.server.request("GET", "/api/admin/outbox", token=admin)
        self.assertEqual(status, 200)
        self.assertFalse(body["smtp_configured"])
        self.assertEqual([(e["to"], e["state"], e["attempts"]) for e in body["emails"]],
                         [("second@vendor.example", "queued", 0), ("first@vendor.example", "queued", 0)])
        self.assertIn("--smtp", body["emails"][0]["last_error"])
        status, body, _ = self.server.request("GET", "/api/admin/outbox?state=sent", token=admin)
        self.assertEqual(body["emails"], [])


class BadSmtpFlags(ServerTestCase):
    def test_refused_at_start(self):
        for args, words in ((("--smtp", "nohost"), "HOST:PORT"), (("--smtp", "127.0.0.1:25"), "--mail-from"),
                            (("--smtp", "127.0.0.1:25", "--mail-from", "a@b.example", "--smtp-user", "u",
                              "--smtp-password-file", "/nonexistent/pw"), "cannot read")):
            server = RunningServer(*args)
            with self.assertRaises(RuntimeError) as caught:
                server.start()
            server.cleanup()
            self.assertIn(words, str(caught.exception))
