"""Rate limits (issue 13): sign-in failures slow the attacker's address, not the owner; sign-up,
filing, replies and uploads are limited per address and per account with Retry-After; uploads
have a daily quota per organization. Each test speaks from its own address through the trusted
proxy (X-Forwarded-For), so the tests do not share buckets."""
import itertools
import time
import unittest

from tests.server.harness import DEMO_PASSWORD, REPORT, DemoServerTestCase, RunningServer

_addresses = (f"203.0.113.{n}" for n in itertools.count(1))
ZIP = b"PK\x03\x04" + b"\x00" * 1000


class RateLimits(DemoServerTestCase):
    server_args = ("--demo", "--trust-proxy", "127.0.0.1", "--upload-quota-mb", "1")
    mail = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        report = {k: v for k, v in REPORT.items() if k != "impact"}
        status, issue, _ = cls.server.request("POST", "/api/issues", dict(report, title="Many small files"),
                                              token=cls.tokens["community"])
        assert status == 201, issue
        cls.community_issue = issue["id"]

    def from_(self, address, method, path, body=None, token=None, **kw):
        headers = dict(kw.pop("headers", {}), **{"X-Forwarded-For": f"10.9.9.9, {address}"})
        return self.server.request(method, path, body, token=token, headers=headers, **kw)

    def sign_in_from(self, address, email, password):
        return self.from_(address, "POST", "/api/session", {"email": email, "password": password})

    def until_limited(self, send, burst, every):
        """Sends until a 429; checks every earlier answer was a success and that the number of them is
        the burst plus what the bucket may have earned back meanwhile (a slow machine earns more)."""
        statuses, started = [], time.monotonic()
        while len(statuses) < burst * 2 and 429 not in statuses:
            statuses.append(send(len(statuses)))
        earned = (time.monotonic() - started) / every
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertTrue(all(s in (200, 201) for s in statuses[:-1]), statuses)
        self.assertGreaterEqual(len(statuses) - 1, burst)
        self.assertLessEqual(len(statuses) - 1, burst + earned + 1)

    def assert_limited(self, reply, code="rate_limited"):
        status, body, headers = reply
        self.assertEqual(status, 429, body)
        self.assertEqual(body["error"]["code"], code)
        self.assertGreaterEqual(int(headers["Retry-After"]), 1)

    def test_an_attackers_failures_do_not_lock_the_owner_out(self):
        attacker, owner = next(_addresses), next(_addresses)
        statuses = [self.sign_in_from(attacker, "ultimate@demo.test", f"guess {n}")[0] for n in range(10)]
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertIn(429, statuses[5:], "the attacker's address is slowed")
        self.assert_limited(self.sign_in_from(attacker, "ultimate@demo.test", DEMO_PASSWORD), "too_many_attempts")
        status, body, _ = self.sign_in_from(owner, "ultimate@demo.test", DEMO_PASSWORD)
        self.assertEqual(status, 200, "the owner, from their own address, signs in at once")

    def test_a_success_clears_that_addresses_failures(self):
        address = next(_addresses)
        for n in range(4):
            self.assertEqual(self.sign_in_from(address, "community@demo.test", f"typo {n}")[0], 401)
        self.assertEqual(self.sign_in_from(address, "community@demo.test", DEMO_PASSWORD)[0], 200)
        statuses = [self.sign_in_from(address, "community@demo.test", f"typo again {n}")[0] for n in range(5)]
        self.assertEqual(statuses, [401] * 5, "four old failures were forgiven by the success")

    def test_spraying_many_accounts_from_one_address_is_refused(self):
        address = next(_addresses)
        statuses = [self.sign_in_from(address, f"nobody{n}@example.test", "wrong password")[0] for n in range(28)]
        self.assertEqual(statuses[:25], [401] * 25)
        self.assertEqual(statuses[25:], [429] * 3)
        self.assertEqual(self.sign_in_from(next(_addresses), "nobody1@example.test", "wrong password")[0], 401)

    def test_sign_up_is_limited_per_address(self):
        address = next(_addresses)
        replies = [self.from_(address, "POST", "/api/signup", {"email": f"burst{n}@example.test", "name": "Burst",
                                                               "password": "long enough pw"}) for n in range(6)]
        self.assertEqual([r[0] for r in replies[:5]], [202] * 5)
        self.assert_limited(replies[5])
        status, _, _ = self.from_(next(_addresses), "POST", "/api/signup",
                                  {"email": "elsewhere@example.test", "name": "Else", "password": "long enough pw"})
        self.assertEqual(status, 202, "another address signs up")

    def test_filing_is_limited_per_account(self):
        address = next(_addresses)
        account = self.sign_up_verified("filer@example.test", "Filer", headers={"X-Forwarded-For": f"10.9.9.9, {address}"})
        report = {k: v for k, v in REPORT.items() if k != "impact"}
        self.until_limited(lambda n: self.from_(address, "POST", "/api/issues", dict(report, title=f"Flood {n}"),
                                                account["token"])[0], 20, 6.0)
        self.assert_limited(self.from_(next(_addresses), "POST", "/api/issues", report, account["token"]))
        status, _, _ = self.from_(address, "POST", "/api/issues", dict(REPORT, title="Someone else"), self.tokens["premium"])
        self.assertEqual(status, 201, "another account files from the same address")

    def test_replies_are_limited_per_account(self):
        _, issue, _ = self.file("premium", dict(REPORT, title="Chatty"))
        path = f"/api/issues/{issue['id']}/comments"
        address = next(_addresses)
        self.until_limited(lambda n: self.from_(address, "POST", path, {"body": f"reply {n}", "visibility": "public"},
                                                self.tokens["premium"])[0], 30, 4.0)
        status, _, _ = self.from_(address, "POST", path, {"body": "staff", "visibility": "public"}, self.tokens["cse"])
        self.assertEqual(status, 201, "support engineers are not limited per account")

    def test_uploads_have_a_daily_quota_per_organization(self):
        _, issue, _ = self.file("premium", dict(REPORT, title="Archives"))
        path = f"/api/issues/{issue['id']}/attachments?filename=big.zip"
        big = b"PK\x03\x04" + b"\x00" * (600 * 1024)
        self.assertEqual(self.from_(next(_addresses), "POST", path, raw=big, token=self.tokens["premium"])[0], 201)
        reply = self.from_(next(_addresses), "POST", path, raw=big, token=self.tokens["premium"])
        self.assert_limited(reply, "upload_quota")
        self.assertIn("00:00 UTC", reply[1]["error"]["message"])
        _, other, _ = self.file("ultimate", dict(REPORT, title="Globex archive"))
        status, _, _ = self.from_(next(_addresses), "POST", f"/api/issues/{other['id']}/attachments?filename=g.zip",
                                  raw=big, token=self.tokens["ultimate"])
        self.assertEqual(status, 201, "another organization has its own quota")

    def test_uploads_are_limited_per_account(self):
        path = f"/api/issues/{self.community_issue}/attachments?filename=small.zip"
        address = next(_addresses)
        self.until_limited(lambda n: self.from_(address, "POST", path, raw=ZIP, token=self.tokens["community"])[0],
                           10, 30.0)


class ForwardedForIsIgnoredWithoutTrustProxy(unittest.TestCase):
    def test_x_forwarded_for_does_not_let_an_attacker_pick_a_fresh_address(self):
        server = RunningServer("--demo").start()
        try:
            statuses = [server.request("POST", "/api/session", {"email": "cse@demo.test", "password": f"bad {n}"},
                                       headers={"X-Forwarded-For": f"198.51.100.{n}"})[0] for n in range(8)]
            self.assertIn(429, statuses, "every attempt came from 127.0.0.1, whatever the header said")
            self.assertIn("127.0.0.1 POST /api/session 429", server.log())
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
