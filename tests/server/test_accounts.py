import unittest

from tests.server.harness import DemoServerTestCase, RunningServer


class Accounts(DemoServerTestCase):
    mail = True

    def test_demo_banner_prints_the_sign_in_details(self):
        banner = "".join(self.server.banner)
        for email in ("cse@demo.test", "premium@demo.test", "ultimate@demo.test", "community@demo.test"):
            self.assertIn(email, banner)
        self.assertIn("demo-password", banner)

    def test_me_shows_role_and_organization(self):
        status, body, _ = self.as_("premium", "GET", "/api/me")
        self.assertEqual(status, 200)
        self.assertEqual(body["user"]["role"], "customer")
        self.assertEqual(body["user"]["organization"]["name"], "Acme Corp")
        self.assertEqual(body["user"]["organization"]["codename"], "customer-ceres")
        status, body, _ = self.as_("community", "GET", "/api/me")
        self.assertNotIn("organization", body["user"])
        self.assertEqual(body["user"]["plan"], "free")

    def test_sign_up_sign_in_and_sign_out(self):
        body = self.sign_up_verified("new@example.test", "Ünal Demir")
        self.assertEqual(body["user"]["role"], "community")
        self.assertEqual(body["user"]["name"], "Ünal Demir")
        self.assertTrue(body["user"]["verified"])
        token = body["token"]
        status, _, _ = self.server.request("GET", "/api/me", token=token)
        self.assertEqual(status, 200)
        status, _, _ = self.server.request("DELETE", "/api/session", token=token)
        self.assertEqual(status, 200)
        status, body, headers = self.server.request("GET", "/api/me", token=token)
        self.assertEqual(status, 401, "a signed-out token is revoked")
        self.assertEqual(headers["WWW-Authenticate"], "Bearer")
        status, body, _ = self.server.request("POST", "/api/session", {"email": "new@example.test",
                                                                       "password": "long enough pw"})
        self.assertEqual((status, body["user"]["name"]), (200, "Ünal Demir"))

    def test_sign_up_errors_name_each_field(self):
        status, body, _ = self.server.request("POST", "/api/signup", {"email": "nope", "name": " ", "password": "short"})
        self.assertEqual(status, 422)
        self.assertEqual(set(body["error"]["fields"]), {"email", "name", "password"})

    def test_passwords_are_stored_as_salted_pbkdf2_with_600000_iterations(self):
        db = self.server.database()
        rows = db.execute("SELECT password_hash, password_salt, password_iterations FROM users").fetchall()
        db.close()
        self.assertGreaterEqual(len(rows), 4)
        self.assertEqual({r[2] for r in rows}, {600000})
        self.assertEqual(len({r[1] for r in rows}), len(rows), "a salt of its own for each account")
        self.assertTrue(all(len(r[0]) == 32 and b"demo-password" not in r[0] for r in rows))

    def test_wrong_password_and_unknown_account_look_the_same(self):
        a = self.server.request("POST", "/api/session", {"email": "cse@demo.test", "password": "wrong password"})
        b = self.server.request("POST", "/api/session", {"email": "ghost@demo.test", "password": "wrong password"})
        self.assertEqual((a[0], b[0]), (401, 401))
        self.assertEqual(a[1], b[1])

    def test_garbage_tokens_are_refused(self):
        for token in ("", "x", "a" * 500):
            status, _, _ = self.server.request("GET", "/api/me", token=token or None)
            self.assertEqual(status, 401)


class SignInLimits(unittest.TestCase):
    def test_failures_grow_a_delay_then_refuse(self):
        server = RunningServer("--demo").start()
        try:
            statuses = [server.request("POST", "/api/session", {"email": "premium@demo.test", "password": f"bad {i}"})[0]
                        for i in range(7)]
            self.assertEqual(statuses[:5], [401] * 5)
            self.assertIn(429, statuses[5:], "after five failures the account must wait")
            status, body, headers = server.request("POST", "/api/session",
                                                   {"email": "premium@demo.test", "password": "demo-password"})
            self.assertEqual(status, 429, "even the right password waits out the delay")
            self.assertGreaterEqual(int(headers["Retry-After"]), 1)
        finally:
            server.cleanup()


class DemoIsLoopbackOnly(unittest.TestCase):
    def test_demo_refuses_a_public_address(self):
        import subprocess, sys, os
        from tests.server.harness import ROOT
        proc = subprocess.run([sys.executable, os.path.join(ROOT, "serve.py"), "--demo", "--host", "0.0.0.0",
                               "--port", "0"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("loopback", proc.stderr)


if __name__ == "__main__":
    unittest.main()
