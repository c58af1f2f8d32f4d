"""Verified community sign-up (issue 14) that does not reveal whether an email has an account (issue 13):
POST /api/signup answers 202 "check your email" either way and the email says which; the emailed
/#/verify/<token> link works once and signs in; until then the account reads but cannot file, reply or
upload; POST /api/verify/resend sends a new link. Every email is read from a real SMTP server."""

from tests.server.harness import REPORT, DemoServerTestCase, emailed_link, emails_to
from tests.server.smtp_sink import body_text

COMMUNITY_REPORT = {k: v for k, v in REPORT.items() if k != "impact"}
PASSWORD = "long enough pw"


def check_email(email):
    return {"status": "check_email", "email": email,
            "message": f"We sent a link to {email}. Open it to finish creating your account."}


class VerifiedSignUp(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")
    mail = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens["admin"] = cls.sign_in("admin@demo.test")
        _, listed, _ = cls.server.request("GET", "/api/issues?scope=public", token=cls.tokens["cse"])
        cls.public_issue = listed["issues"][0]["id"]

    def sign_up(self, email, name="New Person", password=PASSWORD):
        return self.server.request("POST", "/api/signup", {"email": email, "name": name, "password": password})

    def sign_up_for_link(self, email, password=PASSWORD):
        """Signs up and -> the token of the link emailed for it."""
        seen = len(self.sink.messages)
        status, body, _ = self.sign_up(email, password=password)
        self.assertEqual(status, 202, body)
        return emailed_link(self.sink, email, "verify", after=seen)

    def sign_in_as(self, email, password=PASSWORD):
        return self.server.request("POST", "/api/session", {"email": email, "password": password})

    def verify(self, token):
        return self.server.request("POST", "/api/verify", {"token": token})

    def assert_gone(self, reply):
        status, body, _ = reply
        self.assertEqual((status, body["error"]["code"]), (410, "link_used_or_expired"))
        self.assertIn("Sign in", body["error"]["message"])
        self.assertIn("send a new link", body["error"]["message"])

    def outbox_to(self, address):
        _, body, _ = self.server.request("GET", "/api/admin/outbox", token=self.tokens["admin"])
        return [e for e in body["emails"] if e["to"] == address]

    def test_a_free_and_a_taken_email_get_the_same_answer_and_one_email_each_saying_which(self):
        seen = len(self.sink.messages)
        free_status, free, free_headers = self.sign_up("fresh@example.test", password="a brand new password")
        taken_status, taken, taken_headers = self.sign_up("Community@DEMO.test", password="a brand new password")
        self.assertEqual((free_status, free), (202, check_email("fresh@example.test")))
        self.assertEqual((taken_status, taken), (202, check_email("Community@demo.test")), "no token, no hint")
        self.assertEqual(sorted(free_headers.keys()), sorted(taken_headers.keys()))

        link = emails_to(self.sink, "fresh@example.test", after=seen)[0]
        self.assertEqual(link["Subject"], "Confirm your email for the Fleet Support Portal")
        self.assertIn(f"http://{self.server.host}:{self.server.port}/#/verify/", body_text(link))
        self.assertIn("valid 48 hours", body_text(link))
        told = emails_to(self.sink, "community@demo.test", after=seen)[0]
        self.assertEqual(told["Subject"], "You already have a Fleet Support Portal account")
        text = body_text(told)
        self.assertIn("you already have one; nothing was changed", text)
        for path in ("/#/signin", "/#/reset"):
            self.assertIn(f"http://{self.server.host}:{self.server.port}{path}\r\n", text)
        self.assertNotIn("/#/verify/", text)
        self.assertEqual([e["kind"] for e in self.outbox_to("fresh@example.test")], ["verify_email"], "exactly one")
        self.assertEqual([e["kind"] for e in self.outbox_to("community@demo.test")], ["signup_existing"], "exactly one")
        self.assertEqual(len([e for e in self.sink.messages[seen:] if e["to"] == ["community@demo.test"]]), 1)

        self.assertEqual(self.sign_in_as("community@demo.test", "a brand new password")[0], 401, "nothing changed")
        self.assertEqual(self.sign_in_as("community@demo.test", "demo-password")[0], 200)
        status, body, _ = self.sign_in_as("fresh@example.test", "a brand new password")
        self.assertEqual((status, body["user"]["verified"]), (200, False), "the free one exists, unconfirmed")

    def test_the_link_works_once_and_signs_in(self):
        token = self.sign_up_for_link("once@example.test")
        status, body, _ = self.verify(token)
        self.assertEqual(status, 200, body)
        self.assertEqual((body["user"]["email"], body["user"]["role"], body["user"]["verified"]),
                         ("once@example.test", "community", True))
        self.assertIn("expires_at", body)
        status, me, _ = self.server.request("GET", "/api/me", token=body["token"])
        self.assertEqual((status, me["user"]["verified"]), (200, True))
        self.assert_gone(self.verify(token))
        self.assert_gone(self.verify("A" * 43))
        status, body, _ = self.server.request("POST", "/api/verify", {})
        self.assertEqual((status, list(body["error"]["fields"])), (422, ["token"]))

    def test_an_expired_link_is_refused_and_the_account_stays_unconfirmed(self):
        token = self.sign_up_for_link("late@example.test")
        with self.server.database() as db:        # 48 hours later
            db.execute("""UPDATE email_verifications SET expires_at = '2000-01-01T00:00:00Z'
                          WHERE user_id = (SELECT id FROM users WHERE email = 'late@example.test')""")
        self.assert_gone(self.verify(token))
        self.assertFalse(self.sign_in_as("late@example.test")[1]["user"]["verified"])

    def test_unconfirmed_reads_but_cannot_file_reply_or_upload_until_the_link_is_opened(self):
        token = self.sign_up_for_link("reader@example.test")
        status, body, _ = self.sign_in_as("reader@example.test")
        self.assertEqual((status, body["user"]["verified"]), (200, False), "signing in works")
        session = body["token"]
        self.assertEqual(self.server.request("GET", "/api/issues?scope=public", token=session)[0], 200)
        self.assertEqual(self.server.request("GET", f"/api/issues/{self.public_issue}", token=session)[0], 200)
        refused = [
            self.server.request("POST", "/api/issues", COMMUNITY_REPORT, token=session),
            self.server.request("POST", f"/api/issues/{self.public_issue}/comments",
                                {"body": "Me too", "visibility": "public"}, token=session),
            self.server.request("POST", f"/api/issues/{self.public_issue}/attachments?filename=a.zip",
                                raw=b"PK\x03\x04" + b"\0" * 100, token=session,
                                headers={"Content-Type": "application/zip"}),
        ]
        for status, body, _ in refused:
            self.assertEqual((status, body["error"]["code"]), (403, "email_unverified"))
            self.assertEqual(body["error"]["message"], "Confirm your email address first: open the link we sent to "
                                                       "reader@example.test, or send a new one.")
        _, mine, _ = self.server.request("GET", "/api/issues?scope=mine", token=session)
        self.assertEqual(mine["total"], 0, "nothing was filed")

        self.assertEqual(self.verify(token)[0], 200)
        status, issue, _ = self.server.request("POST", "/api/issues", COMMUNITY_REPORT, token=session)
        self.assertEqual(status, 201, issue)
        status, _, _ = self.server.request("POST", f"/api/issues/{issue['id']}/comments",
                                           {"body": "More detail", "visibility": "public"}, token=session)
        self.assertEqual(status, 201)
        status, _, _ = self.server.request("POST", f"/api/issues/{issue['id']}/attachments?filename=a.zip",
                                           raw=b"PK\x03\x04" + b"\0" * 100, token=session,
                                           headers={"Content-Type": "application/zip"})
        self.assertEqual(status, 201)

    def test_signing_up_again_before_confirming_sends_a_new_link_and_keeps_the_first_password(self):
        first = self.sign_up_for_link("again@example.test", password="the first password")
        seen = len(self.sink.messages)
        status, body, _ = self.sign_up("again@example.test", password="the second password")
        self.assertEqual((status, body), (202, check_email("again@example.test")))
        second = emailed_link(self.sink, "again@example.test", "verify", after=seen)
        self.assertNotEqual(first, second)
        self.assert_gone(self.verify(first))
        self.assertEqual(self.sign_in_as("again@example.test", "the second password")[0], 401)
        self.assertEqual(self.sign_in_as("again@example.test", "the first password")[0], 200)
        self.assertEqual(self.verify(second)[0], 200)

    def test_resend_sends_a_new_link_and_the_old_one_stops_working(self):
        first = self.sign_up_for_link("resend@example.test")
        session = self.sign_in_as("resend@example.test")[1]["token"]
        self.assertEqual(self.server.request("POST", "/api/verify/resend")[0], 401)
        seen = len(self.sink.messages)
        status, body, _ = self.server.request("POST", "/api/verify/resend", token=session)
        self.assertEqual((status, body["status"], body["email"]), (202, "check_email", "resend@example.test"))
        second = emailed_link(self.sink, "resend@example.test", "verify", after=seen)
        self.assert_gone(self.verify(first))
        status, body, _ = self.verify(second)
        self.assertEqual((status, body["user"]["verified"]), (200, True))
        status, body, _ = self.server.request("POST", "/api/verify/resend", token=session)
        self.assertEqual((status, body["error"]["code"]), (409, "already_verified"))

    def test_a_deactivated_account_is_neither_confirmed_nor_signed_in_and_signing_up_says_so(self):
        token = self.sign_up_for_link("gone@example.test")
        _, listed, _ = self.server.request("GET", "/api/admin/accounts", token=self.tokens["admin"])
        account = next(a for a in listed["accounts"] if a["email"] == "gone@example.test")
        self.assertFalse(account["verified"])
        status, _, _ = self.server.request("PATCH", f"/api/admin/accounts/{account['id']}", {"active": False},
                                           token=self.tokens["admin"])
        self.assertEqual(status, 200)
        status, body, _ = self.verify(token)
        self.assertEqual((status, body["error"]["code"]), (403, "account_deactivated"))
        seen = len(self.sink.messages)
        self.assertEqual(self.sign_up("gone@example.test")[:2], (202, check_email("gone@example.test")))
        text = body_text(emails_to(self.sink, "gone@example.test", after=seen)[0])
        self.assertIn("has been deactivated", text)
        self.assertNotIn("/#/", text)

    def test_demo_accounts_count_as_verified_and_have_nothing_to_resend(self):
        for who in ("cse", "premium", "community", "admin"):
            status, me, _ = self.as_(who, "GET", "/api/me")
            self.assertEqual((status, me["user"]["verified"]), (200, True), who)
        status, body, _ = self.as_("community", "POST", "/api/verify/resend")
        self.assertEqual((status, body["error"]["code"]), (409, "already_verified"))


class ResendIsRateLimited(DemoServerTestCase):
    server_args = ("--demo", "--trust-proxy", "127.0.0.1")
    mail = True

    def test_three_emails_per_account_in_ten_minutes_from_any_address(self):
        status, _, _ = self.server.request("POST", "/api/signup", {"email": "eager@example.test", "name": "Eager",
                                                                   "password": PASSWORD})
        self.assertEqual(status, 202)
        session = self.sign_in("eager@example.test", PASSWORD)
        statuses = [self.server.request("POST", "/api/verify/resend", token=session,
                                        headers={"X-Forwarded-For": f"198.51.100.{n}"})[0] for n in range(1, 5)]
        self.assertEqual(statuses, [202, 202, 202, 429])
        status, body, headers = self.server.request("POST", "/api/verify/resend", token=session,
                                                    headers={"X-Forwarded-For": "198.51.100.99"})
        self.assertEqual((status, body["error"]["code"]), (429, "rate_limited"))
        self.assertIn("confirmation emails", body["error"]["message"])
        self.assertGreater(int(headers["Retry-After"]), 60)
        emails_to(self.sink, "eager@example.test", count=4)         # the sign-up's link and three more
        _, outbox, _ = self.server.request("GET", "/api/admin/outbox", token=self.sign_in("admin@demo.test"))
        self.assertEqual([e["kind"] for e in outbox["emails"] if e["to"] == "eager@example.test"], ["verify_email"] * 4)
