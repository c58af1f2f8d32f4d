"""issue 14, step 5: password reset through a real SMTP server, and sign out everywhere."""
import time

from tests.server.harness import ServerTestCase, sign_up_verified
from tests.server.smtp_sink import SmtpSink, link_in


class PasswordReset(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example", "--no-rate-limits")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def signup(self, email):
        return sign_up_verified(self.server, self.sink, email, "Forgetful", "the old password")["token"]

    def reset_link(self, email, count=1):
        deadline = time.time() + 20
        while time.time() < deadline:
            found = [m for m in self.sink.messages if m["to"] == [email] and "/#/reset/" in m["raw"].decode("ascii")]
            if len(found) >= count:
                return link_in(found[-1]["message"], "reset")[1]
            time.sleep(0.05)
        raise AssertionError(f"no reset email to {email}")

    def test_reset_revokes_sessions_and_works_once(self):
        first = self.signup("forgot@example.test")
        second = self.server.request("POST", "/api/session", {"email": "forgot@example.test",
                                                              "password": "the old password"})[1]["token"]
        status, body, _ = self.server.request("POST", "/api/password-reset", {"email": "Forgot@Example.test"})
        self.assertEqual(status, 202, body)
        token = self.reset_link("forgot@example.test")
        status, body, _ = self.server.request("POST", "/api/password-reset/confirm",
                                              {"token": token, "password": "short"})
        self.assertEqual(status, 422)
        status, body, _ = self.server.request("POST", "/api/password-reset/confirm",
                                              {"token": token, "password": "a brand new password"})
        self.assertEqual((status, body["sessions_revoked"]), (200, 2))
        for old in (first, second):
            self.assertEqual(self.server.request("GET", "/api/me", token=old)[0], 401)
        status, _, _ = self.server.request("POST", "/api/session", {"email": "forgot@example.test",
                                                                    "password": "the old password"})
        self.assertEqual(status, 401)
        status, _, _ = self.server.request("POST", "/api/session", {"email": "forgot@example.test",
                                                                    "password": "a brand new password"})
        self.assertEqual(status, 200)
        status, body, _ = self.server.request("POST", "/api/password-reset/confirm",
                                              {"token": token, "password": "yet another password"})
        self.assertEqual((status, body["error"]["code"]), (410, "reset_used"))

    def test_no_account_same_answer_no_email(self):
        before = len(self.sink.messages)
        status, body, _ = self.server.request("POST", "/api/password-reset", {"email": "nobody@example.test"})
        self.assertEqual(status, 202)
        self.signup("someone@example.test")
        status, other, _ = self.server.request("POST", "/api/password-reset", {"email": "someone@example.test"})
        self.assertEqual((status, other), (202, body), "the same answer whether or not the account exists")
        self.reset_link("someone@example.test")
        self.assertFalse([m for m in self.sink.messages[before:] if m["to"] == ["nobody@example.test"]])

    def test_expired_link(self):
        self.signup("late@example.test")
        self.server.request("POST", "/api/password-reset", {"email": "late@example.test"})
        token = self.reset_link("late@example.test")
        with self.server.database() as db:
            db.execute("UPDATE password_resets SET expires_at = '2000-01-01T00:00:00Z'")
        status, body, _ = self.server.request("POST", "/api/password-reset/confirm",
                                              {"token": token, "password": "a brand new password"})
        self.assertEqual((status, body["error"]["code"]), (410, "reset_expired"))

    def test_sign_out_everywhere(self):
        one = self.signup("many@example.test")
        two = self.server.request("POST", "/api/session", {"email": "many@example.test",
                                                           "password": "the old password"})[1]["token"]
        status, body, _ = self.server.request("POST", "/api/sessions/revoke-all", token=one)
        self.assertEqual((status, body["sessions_revoked"]), (200, 2))
        for token in (one, two):
            self.assertEqual(self.server.request("GET", "/api/me", token=token)[0], 401)
