"""issue 14, step 4: accounts (admin; org_admin within their organization): list, change role,
org_admin on/off, deactivate (sessions revoked at once, issues stay) and reactivate."""
from tests.server.harness import REPORT, ServerTestCase
from tests.server.smtp_sink import SmtpSink, link_in
from tests.server.test_outbox import accept, invite_admin


class Accounts(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example", "--no-rate-limits")
        super().setUpClass()
        cls.admin = accept(cls.server, invite_admin(cls.server, "admin@vendor.example", "Ada Admin"))
        status, body, _ = cls.server.request("POST", "/api/admin/organizations", {"name": "Globex", "plan": "premium"},
                                             token=cls.admin)
        cls.org = body["organization"]["id"]

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def invited(self, email, **extra):
        status, body, _ = self.server.request("POST", "/api/invitations", {"email": email, **extra}, token=self.admin)
        assert status == 201, body
        message = next(m for m in reversed(self.sink.wait_for(1)) if m["to"] == [email]) \
            if any(m["to"] == [email] for m in self.sink.messages) else None
        import time
        deadline = time.time() + 20
        while message is None and time.time() < deadline:
            time.sleep(0.05)
            message = next((m for m in self.sink.messages if m["to"] == [email]), None)
        return accept(self.server, link_in(message["message"], "invite")[1], email.split("@")[0])

    def me(self, token):
        return self.server.request("GET", "/api/me", token=token)

    def test_deactivate_reactivate_roles_and_org_admin(self):
        carol = self.invited("carol@globex.example", role="customer", organization_id=self.org)
        dave = self.invited("dave@globex.example", role="customer", organization_id=self.org)
        status, issue, _ = self.server.request("POST", "/api/issues", dict(REPORT), token=dave)
        self.assertEqual(status, 201)
        carol_id = self.me(carol)[1]["user"]["id"]
        dave_id = self.me(dave)[1]["user"]["id"]

        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{carol_id}", {"org_admin": True},
                                              token=self.admin)
        self.assertEqual((status, body["account"]["org_admin"]), (200, True))
        status, body, _ = self.server.request("GET", "/api/admin/accounts", token=carol)
        self.assertEqual(sorted(a["email"] for a in body["accounts"]), ["carol@globex.example", "dave@globex.example"])
        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{dave_id}", {"role": "cse"}, token=carol)
        self.assertEqual((status, body["error"]["code"]), (403, "admins_only"))

        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{dave_id}", {"active": False}, token=carol)
        self.assertEqual((status, body["account"]["active"]), (200, False))
        self.assertEqual(self.me(dave)[0], 401, "sessions are revoked at once")
        status, body, _ = self.server.request("POST", "/api/session", {"email": "dave@globex.example",
                                                                       "password": "a long password"})
        self.assertEqual((status, body["error"]["code"]), (403, "account_deactivated"))
        status, body, _ = self.server.request("GET", f"/api/issues/{issue['id']}", token=self.admin)
        self.assertEqual((status, body["reporter"]), (200, "dave"), "the issue stays, attributed")
        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{dave_id}", {"active": True},
                                              token=self.admin)
        self.assertEqual((status, body["account"]["active"]), (200, True))
        status, _, _ = self.server.request("POST", "/api/session", {"email": "dave@globex.example",
                                                                    "password": "a long password"})
        self.assertEqual(status, 200)

        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{dave_id}", {"role": "cse"},
                                              token=self.admin)
        self.assertEqual((status, body["account"]["role"], body["account"]["organization_id"]), (200, "cse", None))
        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{carol_id}", {"org_admin": False},
                                              token=self.admin)
        self.assertEqual(body["account"]["org_admin"], False)
        status, body, _ = self.server.request("GET", "/api/admin/accounts", token=carol)
        self.assertEqual((status, body["error"]["code"]), (403, "cannot_manage_accounts"))

    def test_refusals(self):
        admin_id = self.me(self.admin)[1]["user"]["id"]
        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{admin_id}", {"active": False},
                                              token=self.admin)
        self.assertEqual((status, body["error"]["code"]), (409, "not_yourself"))
        status, _, _ = self.server.request("PATCH", "/api/admin/accounts/99999", {"active": False}, token=self.admin)
        self.assertEqual(status, 404)
        status, body, _ = self.server.request("PATCH", f"/api/admin/accounts/{admin_id}", {"active": "no"},
                                              token=self.admin)
        self.assertEqual(status, 422)
