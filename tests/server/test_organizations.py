"""issue 14, step 4: organizations (admin) over real HTTP; then a customer invited into one files under its plan."""
from tests.server.harness import REPORT, ServerTestCase
from tests.server.smtp_sink import SmtpSink, link_in
from tests.server.test_outbox import accept, invite_admin


class Organizations(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.server_args = ("--smtp", cls.sink.address, "--mail-from", "support@vendor.example", "--no-rate-limits")
        super().setUpClass()
        cls.admin = accept(cls.server, invite_admin(cls.server, "admin@vendor.example", "Ada Admin"))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.sink.stop()

    def org(self, method, path="", body=None, token=None):
        return self.server.request(method, "/api/admin/organizations" + path, body, token=token or self.admin)

    def test_create_anonymous_codenames_edit_and_file(self):
        status, body, _ = self.org("POST", body={"name": "Umbrella Corp", "plan": "ultimate",
                                                 "hosting": "managed_cloud", "anonymous": True})
        self.assertEqual(status, 201, body)
        umbrella = body["organization"]
        self.assertEqual((umbrella["plan"], umbrella["hosting"], umbrella["anonymous"], umbrella["codename"]),
                         ("ultimate", "managed_cloud", True, "customer-ceres"))
        status, body, _ = self.org("POST", body={"name": "Cyberdyne", "plan": "premium", "anonymous": True})
        self.assertEqual((body["organization"]["codename"], body["organization"]["hosting"]),
                         ("customer-vesta", "self_managed"))
        cyberdyne = body["organization"]["id"]
        status, body, _ = self.org("PATCH", f"/{cyberdyne}", {"codename": "customer-ceres"})
        self.assertEqual((status, body["error"]["code"]), (409, "codename_taken"))
        status, body, _ = self.org("PATCH", f"/{cyberdyne}", {"codename": "customer-psyche", "plan": "ultimate",
                                                              "name": "Cyberdyne Systems"})
        self.assertEqual(status, 200, body)
        self.assertEqual((body["organization"]["codename"], body["organization"]["plan"],
                          body["organization"]["name"]), ("customer-psyche", "ultimate", "Cyberdyne Systems"))
        status, body, _ = self.org("POST", body={"name": "Open Co", "plan": "premium"})
        self.assertEqual((body["organization"]["anonymous"], body["organization"]["codename"]), (False, None))
        status, body, _ = self.org("PATCH", f"/{body['organization']['id']}", {"anonymous": True})
        self.assertEqual(body["organization"]["codename"], "customer-vesta")
        status, body, _ = self.org("GET")
        self.assertEqual([o["name"] for o in body["organizations"]], ["Cyberdyne Systems", "Open Co", "Umbrella Corp"])

        status, body, _ = self.server.request("POST", "/api/invitations", {"email": "alice@umbrella.example",
                                                                           "role": "customer",
                                                                           "organization_id": umbrella["id"]},
                                              token=self.admin)
        self.assertEqual(status, 201, body)
        message = next(m for m in self.sink.wait_for(2) if m["to"] == ["alice@umbrella.example"])
        _, token = link_in(message["message"], "invite")
        alice = accept(self.server, token, "Alice")
        status, me, _ = self.server.request("GET", "/api/me", token=alice)
        self.assertEqual((me["user"]["plan"], me["user"]["hosting"], me["user"]["organization"]["codename"]),
                         ("ultimate", "managed_cloud", "customer-ceres"))
        status, issue, _ = self.server.request("POST", "/api/issues", dict(REPORT), token=alice)
        self.assertEqual(status, 201, issue)
        self.assertEqual(issue["plan"], "ultimate")
        status, _, _ = self.org("GET", token=alice)
        self.assertEqual(status, 403)

    def test_refusals(self):
        status, body, _ = self.org("POST", body={"name": "", "plan": "free", "hosting": "moon"})
        self.assertEqual(status, 422)
        self.assertEqual(set(body["error"]["fields"]), {"name", "plan", "hosting"})
        status, body, _ = self.org("POST", body={"name": "X", "plan": "premium", "codename": "Customer Ceres"})
        self.assertEqual((status, list(body["error"]["fields"])), (422, ["codename"]))
        status, _, _ = self.org("PATCH", "/99999", {"plan": "premium"})
        self.assertEqual(status, 404)
        status, _, _ = self.server.request("GET", "/api/admin/organizations")
        self.assertEqual(status, 401)
