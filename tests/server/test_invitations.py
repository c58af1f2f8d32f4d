"""issue 14, step 3: invitations over real HTTP, each link followed from the email a real SMTP server received."""

from tests.server.harness import REPORT, ServerTestCase, sign_up_verified
from tests.server.smtp_sink import SmtpSink, body_text, link_in
from tests.server.test_outbox import accept, invite_admin


class Invitations(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example",
                           "--no-rate-limits")          # sign-ups and acceptances share 5 a minute per address
        super().setUpClass()
        cls.admin = accept(cls.server, invite_admin(cls.server, "admin@vendor.example", "Ada Admin"), "Ada Admin")
        with cls.server.database() as db:       # step 4 adds the endpoint; here: straight into the table
            cls.org = db.execute("INSERT INTO organizations (name, plan, created_at) VALUES "
                                 "('Globex', 'ultimate', '2026-01-01T00:00:00Z')").lastrowid
            cls.other_org = db.execute("INSERT INTO organizations (name, plan, created_at) VALUES "
                                       "('Initrode', 'premium', '2026-01-01T00:00:00Z')").lastrowid

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def invite(self, token, **body):
        return self.server.request("POST", "/api/invitations", body, token=token)


    def wait_email(self, address, count=1):
        import time
        deadline = time.time() + 20
        while time.time() < deadline:
            found = [m["message"] for m in self.sink.messages if m["to"] == [address]]
            if len(found) >= count:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no email to {address}")

    def test_admin_invites_an_org_admin_who_invites_a_customer_who_files(self):
        status, body, _ = self.invite(self.admin, email="boss@globex.example", name="Hank Scorpio", role="customer",
                                      organization_id=self.org, org_admin=True)
        self.assertEqual(status, 201, body)
        self.assertEqual((body["invitation"]["state"], body["invitation"]["org_admin"]), ("pending", True))
        self.assertNotIn("token", body["invitation"])
        message = self.wait_email("boss@globex.example")
        self.assertIn("a customer of Globex", body_text(message))
        self.assertIn("Ada Admin invites you", body_text(message))
        self.assertTrue(message["Message-ID"].endswith("@vendor.example>"), "the sender's domain, not globex.example")
        _, token = link_in(message, "invite")
        status, offer, _ = self.server.request("POST", "/api/invitations/lookup", {"token": token})
        self.assertEqual((status, offer["email"], offer["role"], offer["organization"]),
                         (200, "boss@globex.example", "customer", "Globex"), offer)
        status, body, _ = self.server.request("POST", "/api/invitations/lookup", {"token": token[:-2] + "xx"})
        self.assertEqual((status, body["error"]["code"]), (404, "invitation_not_found"))
        boss = accept(self.server, token, "Hank Scorpio")
        status, body, _ = self.server.request("POST", "/api/invitations/lookup", {"token": token})
        self.assertEqual((status, body["error"]["code"]), (410, "invitation_used"))
        status, me, _ = self.server.request("GET", "/api/me", token=boss)
        self.assertEqual((me["user"]["role"], me["user"]["org_admin"], me["user"]["organization"]["name"]),
                         ("customer", True, "Globex"))
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": token, "name": "Again", "password": "a long password"})
        self.assertEqual((status, body["error"]["code"]), (410, "invitation_used"))

        # the org_admin: customers of their own organization only
        status, body, _ = self.invite(boss, email="cse@globex.example", role="cse")
        self.assertEqual((status, body["error"]["code"]), (403, "customers_only"))
        status, body, _ = self.invite(boss, email="x@initrode.example", role="customer",
                                      organization_id=self.other_org)
        self.assertEqual((status, body["error"]["code"]), (403, "own_organization_only"))
        status, body, _ = self.invite(boss, email="homer@globex.example", name="Homer", role="customer")
        self.assertEqual(status, 201, body)
        self.assertEqual(body["invitation"]["organization_id"], self.org)
        _, token = link_in(self.wait_email("homer@globex.example"), "invite")
        homer = accept(self.server, token, "Homer Simpson")
        status, me, _ = self.server.request("GET", "/api/me", token=homer)
        self.assertEqual((me["user"]["role"], me["user"]["org_admin"], me["user"]["plan"]),
                         ("customer", False, "ultimate"))
        status, body, _ = self.server.request("POST", "/api/issues", dict(REPORT), token=homer)
        self.assertEqual(status, 201, body)
        status, body, _ = self.invite(homer, email="bart@globex.example", role="customer")
        self.assertEqual((status, body["error"]["code"]), (403, "cannot_invite"))

        status, body, _ = self.server.request("GET", "/api/invitations", token=boss)
        self.assertEqual([i["email"] for i in body["invitations"]], ["homer@globex.example", "boss@globex.example"])
        status, body, _ = self.server.request("GET", "/api/invitations", token=self.admin)
        self.assertIn("admin@vendor.example", [i["email"] for i in body["invitations"]])

    def test_admin_invites_a_support_engineer_resend_and_revoke(self):
        status, body, _ = self.invite(self.admin, email="eng@vendor.example", name="Eng", role="cse")
        self.assertEqual(status, 201, body)
        inv = body["invitation"]["id"]
        _, first = link_in(self.wait_email("eng@vendor.example"), "invite")
        status, body, _ = self.server.request("POST", f"/api/invitations/{inv}/resend", token=self.admin)
        self.assertEqual((status, body["invitation"]["state"]), (200, "pending"))
        _, second = link_in(self.wait_email("eng@vendor.example", 2), "invite")
        self.assertNotEqual(first, second)
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": first, "name": "Eng", "password": "a long password"})
        self.assertEqual((status, body["error"]["code"]), (404, "invitation_not_found"), "a resent link replaces")
        status, body, _ = self.server.request("POST", f"/api/invitations/{inv}/revoke", token=self.admin)
        self.assertEqual((status, body["invitation"]["state"]), (200, "revoked"))
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": second, "name": "Eng", "password": "a long password"})
        self.assertEqual((status, body["error"]["code"]), (410, "invitation_revoked"))

        status, body, _ = self.invite(self.admin, email="ops@vendor.example", role="admin")
        self.assertEqual(status, 201)
        _, token = link_in(self.wait_email("ops@vendor.example"), "invite")
        ops = accept(self.server, token, "Ops")
        status, me, _ = self.server.request("GET", "/api/me", token=ops)
        self.assertEqual(me["user"]["role"], "admin")

    def test_refusals(self):
        status, body, _ = self.invite(self.admin, email="c@x.example", role="customer")
        self.assertEqual(status, 422)
        self.assertIn("organization_id", body["error"]["fields"])
        status, body, _ = self.invite(self.admin, email="c@x.example", role="cse", organization_id=self.org)
        self.assertEqual(status, 422)
        status, body, _ = self.invite(self.admin, email="c@x.example", role="customer", organization_id=99999)
        self.assertEqual((status, body["error"]["fields"]["organization_id"]), (422, "There is no such organization."))
        status, body, _ = self.invite(self.admin, email="c@x.example", role="emperor")
        self.assertEqual(status, 422)
        status, body, _ = self.invite(self.admin, email="admin@vendor.example", role="admin")
        self.assertEqual((status, body["error"]["code"]), (409, "email_taken"))
        body = sign_up_verified(self.server, self.sink, "comm@x.example", "C")
        status, body, _ = self.invite(body["token"], email="c@x.example", role="customer")
        self.assertEqual((status, body["error"]["code"]), (403, "cannot_invite"))
        status, _, _ = self.server.request("POST", "/api/invitations", {"email": "c@x.example"})
        self.assertEqual(status, 401)
        with self.server.database() as db:         # an invitation past its 7 days
            status, body, _ = self.invite(self.admin, email="late@x.example", role="cse")
            db.execute("UPDATE invitations SET expires_at = '2000-01-01T00:00:00Z' WHERE id = ?",
                       (body["invitation"]["id"],))
        _, token = link_in(self.wait_email("late@x.example"), "invite")
        status, body, _ = self.server.request("POST", "/api/invitations/accept",
                                              {"token": token, "name": "Late", "password": "a long password"})
        self.assertEqual((status, body["error"]["code"]), (410, "invitation_expired"))
