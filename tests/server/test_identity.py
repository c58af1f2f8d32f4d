"""Identity hygiene (issue 13): emails normalised, names NFC without control or bidi-override
characters, look-alike domains refused with a message that says why."""
import unittest

from tests.server.harness import DemoServerTestCase, emails_to


class Identity(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")
    mail = True
    PASSWORD = "long enough pw"

    def sign_up(self, email, name="Test Person"):
        return self.server.request("POST", "/api/signup", {"email": email, "name": name, "password": self.PASSWORD})

    def stored_email(self, user_id):
        db = self.server.database()
        try:
            return db.execute("SELECT email, name FROM users WHERE id = ?", (user_id,)).fetchone()
        finally:
            db.close()

    def test_emails_are_trimmed_and_the_domain_lower_cased_and_idna_encoded(self):
        body = self.sign_up_verified("  Zoë.Ørsted@Bücher.EXAMPLE  ", password=self.PASSWORD)
        self.assertEqual(body["user"]["email"], "Zoë.Ørsted@xn--bcher-kva.example")
        self.assertEqual(self.stored_email(body["user"]["id"])[0], "Zoë.Ørsted@xn--bcher-kva.example")
        for typed in ("zoë.Ørsted@BÜCHER.example", "Zoë.Ørsted@XN--BCHER-KVA.example "):
            status, _, _ = self.server.request("POST", "/api/session", {"email": typed, "password": self.PASSWORD})
            self.assertEqual(status, 200, typed)
        seen = len(self.sink.messages)
        self.assertEqual(self.sign_up("ZOë.Ørsted@bücheR.example")[0], 202)
        told = emails_to(self.sink, "Zoë.Ørsted@xn--bcher-kva.example", after=seen)[0]
        self.assertEqual(told["Subject"], "You already have a Fleet Support Portal account",
                         "the same address, however typed, is one account: its owner is told so")

    def test_look_alike_domains_are_refused_with_a_clear_message(self):
        for email, scripts in (("someone@demo.t\u0435st", "Cyrillic and Latin"),       # Cyrillic е
                               ("someone@\u0440aypal.example", "Cyrillic and Latin"),  # Cyrillic р
                               ("someone@g\u03bfogle.example", "Greek and Latin")):    # Greek ο
            with self.subTest(email=email):
                status, body, _ = self.sign_up(email)
                self.assertEqual(status, 422, body)
                message = body["error"]["fields"]["email"]
                self.assertIn(scripts, message)
                self.assertIn("look-alike", message)
        for email in ("taro@例え.jp", "taro@ドメイン名例.jp", "ivan@пример.example", "x@bücher.example"):
            with self.subTest(email=email):
                self.assertEqual(self.sign_up(email)[0], 202, "one script per label, or a mix real names use")

    def test_control_characters_bidi_overrides_and_markup_are_refused_in_names_and_emails(self):
        for name, mentions in (("Eve\u202eevil", "U+202E"), ("Nul\x00Byte", "U+0000"), ("Tab\tName", "U+0009"),
                               ("Iso\u2066late", "U+2066"), ("<script>alert(1)</script>", "< or >"),
                               ("Zero\u200bWidth", "U+200B")):
            with self.subTest(name=name):
                status, body, _ = self.sign_up(f"n{abs(hash(name))}@example.test", name)
                self.assertEqual(status, 422, body)
                self.assertIn(mentions, body["error"]["fields"]["name"])
        for email in ("a\u202e@example.test", "a\x00b@example.test", "<script>@example.test", "a b@example.test",
                      "two@@example.test", "dots..here@example.test", "x@example", "x@-bad-.example"):
            with self.subTest(email=email):
                status, body, _ = self.sign_up(email)
                self.assertEqual(status, 422, body)
                self.assertIn("email", body["error"]["fields"])

    def test_names_are_stored_in_nfc_and_otherwise_exactly(self):
        body = self.sign_up_verified("nfc@example.test", "Zoe\u0308 \u00d8rsted \u5f20\u4f1f \u0645\u0631\u06cc\u200c\u0645")
        self.assertEqual(body["user"]["name"], "Zo\u00eb \u00d8rsted \u5f20\u4f1f \u0645\u0631\u06cc\u200c\u0645",
                         "combining marks composed; Persian's zero-width non-joiner kept")

    def test_sign_in_with_an_impossible_address_fails_like_a_wrong_password(self):
        bad = self.server.request("POST", "/api/session", {"email": "x@demo.t\u0435st", "password": "whatever pw"})
        wrong = self.server.request("POST", "/api/session", {"email": "cse@demo.test", "password": "whatever pw"})
        self.assertEqual((bad[0], bad[1]), (wrong[0], wrong[1]))


if __name__ == "__main__":
    unittest.main()
