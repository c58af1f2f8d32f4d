"""Every role trying to read and change what it must not (SPEC §1)."""
import json
import unittest

from tests.server.harness import REPORT, DemoServerTestCase


class AccessControl(DemoServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = {}
        for who, confidential in (("premium", True), ("premium", False), ("ultimate", True), ("community", False)):
            body = dict(REPORT, title=f"{who} {'secret' if confidential else 'open'} report")
            if confidential:
                body["confidential"] = True
            if who == "community":
                body.pop("impact")
            status, issue, _ = cls.server.request("POST", "/api/issues", body, token=cls.tokens[who])
            assert status == 201, issue
            cls.ids[(who, confidential)] = issue["id"]
        # a sensitive reply and an internal note on the public Acme issue
        cls.acme_public = cls.ids[("premium", False)]
        cls.server.request("POST", f"/api/issues/{cls.acme_public}/comments",
                           {"body": "Our hostname is db7.acme.internal", "visibility": "sensitive"}, token=cls.tokens["premium"])
        cls.server.request("POST", f"/api/issues/{cls.acme_public}/comments",
                           {"body": "Internal: looks like a proxy bug", "visibility": "internal"}, token=cls.tokens["cse"])
        status, att, _ = cls.server.request("POST", f"/api/issues/{cls.ids[('premium', True)]}/attachments?filename=debug.zip",
                                            raw=b"PK\x03\x04 archive", token=cls.tokens["premium"],
                                            headers={"Content-Type": "application/zip"})
        assert status == 201, att
        cls.secret_attachment = att["id"]

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_confidential_issues_are_404_to_outsiders(self):
        cases = [("ultimate", ("premium", True)), ("community", ("premium", True)), ("premium", ("ultimate", True)),
                 ("community", ("ultimate", True))]
        tried = 0
        for who, key in cases:
            issue = self.ids[key]
            for method, path, body in (("GET", f"/api/issues/{issue}", None),
                                       ("POST", f"/api/issues/{issue}/comments", {"body": "hi", "visibility": "public"}),
                                       ("PATCH", f"/api/issues/{issue}", {"status": "closed"}),
                                       ("POST", f"/api/issues/{issue}/escalate", None),
                                       ("POST", f"/api/issues/{issue}/affected", None),
                                       ("POST", f"/api/issues/{issue}/attachments?filename=x.zip", None)):
                kw = {"raw": b"PK data", "headers": {"Content-Type": "application/zip"}} if "attachments" in path else {}
                status, reply, _ = self.as_(who, method, path, body, **kw)
                self.assertEqual(status, 404, f"{who} {method} {path}")
                self.assertEqual(reply["error"]["code"], "not_found")
                tried += 1
            if key == ("premium", True):               # the file on Acme's confidential issue
                status, _, _ = self.as_(who, "GET", f"/api/attachments/{self.secret_attachment}")
                self.assertEqual(status, 404, who)
                tried += 1
        self.assertEqual(tried, 26)

    def test_404_for_hidden_is_the_same_as_for_missing(self):
        hidden = self.as_("community", "GET", f"/api/issues/{self.ids[('premium', True)]}")
        missing = self.as_("community", "GET", "/api/issues/999999")
        self.assertEqual((hidden[0], hidden[1]), (missing[0], missing[1]))

    def test_lists_hold_only_what_each_role_may_see(self):
        for who in ("premium", "ultimate", "community", "cse"):
            status, body, _ = self.as_(who, "GET", "/api/issues?page_size=500")
            self.assertEqual(status, 200)
            ids = {i["id"] for i in body["issues"]}
            self.assertEqual(body["total"], len(ids))
            self.assertEqual(self.ids[("premium", True)] in ids, who in ("premium", "cse"), who)
            self.assertEqual(self.ids[("ultimate", True)] in ids, who in ("ultimate", "cse"), who)
            self.assertIn(self.ids[("community", False)], ids)
            for issue in body["issues"]:
                if who not in ("premium", "cse"):
                    self.assertNotEqual(issue["organization"], "Acme Corp")
                    self.assertNotIn("Zoë Ørsted", json.dumps(issue, ensure_ascii=False))

    def test_anonymous_organization_shows_its_codename_to_outsiders_only(self):
        for who, expected in (("community", "customer-ceres"), ("ultimate", "customer-ceres"),
                              ("premium", "Acme Corp"), ("cse", "Acme Corp")):
            status, issue, _ = self.as_(who, "GET", f"/api/issues/{self.acme_public}")
            self.assertEqual(status, 200)
            self.assertEqual(issue["organization"], expected, who)
            text = json.dumps(issue, ensure_ascii=False)
            if expected == "customer-ceres":
                self.assertNotIn("Acme", text)
                self.assertNotIn("Zoë", text)
                self.assertNotIn("Ørsted", text)
            self.assertIn("customer-ceres", issue["labels"])

    def test_sensitive_replies_and_internal_notes(self):
        seen = {}
        for who in ("premium", "ultimate", "community", "cse"):
            _, issue, _ = self.as_(who, "GET", f"/api/issues/{self.acme_public}")
            seen[who] = {c["visibility"] for c in issue["comments"]}
            kinds = {e["kind"] for e in issue["timeline"]}
            self.assertEqual("internal_note" in kinds, who == "cse", who)
        self.assertEqual(seen["premium"], {"sensitive"})
        self.assertEqual(seen["cse"], {"sensitive", "internal"})
        self.assertEqual(seen["ultimate"], set())
        self.assertEqual(seen["community"], set())

    def test_only_staff_triage_and_write_internal_notes(self):
        issue = self.acme_public
        status, _, _ = self.as_("premium", "PATCH", f"/api/issues/{issue}", {"status": "closed"})
        self.assertEqual(status, 403)
        status, _, _ = self.as_("premium", "POST", f"/api/issues/{issue}/comments", {"body": "x", "visibility": "internal"})
        self.assertEqual(status, 403)
        status, _, _ = self.as_("community", "POST", f"/api/issues/{issue}/comments", {"body": "me too", "visibility": "public"})
        self.assertEqual(status, 403, "community members reply on their own issues only")
        status, body, _ = self.as_("community", "POST", f"/api/issues/{issue}/affected")
        self.assertEqual((status, body["affected_count"]), (200, 1))
        status, body, _ = self.as_("community", "POST", f"/api/issues/{issue}/affected")
        self.assertEqual(body["affected_count"], 1, "affected too counts a person once")

    def test_escalation_is_for_the_customers_own_p0_p1_and_staff(self):
        issue = self.acme_public
        self.assertEqual(self.as_("ultimate", "POST", f"/api/issues/{issue}/escalate")[0], 403)
        self.assertEqual(self.as_("community", "POST", f"/api/issues/{issue}/escalate")[0], 403)
        _, other, _ = self.file("ultimate", dict(REPORT, title="Globex P1 a support engineer escalates"))
        status, body, _ = self.as_("cse", "POST", f"/api/issues/{other['id']}/escalate")
        self.assertEqual((status, body["escalated"]), (200, True), "support engineers page on-call for any P0/P1 (SPEC §4)")
        status, body, _ = self.as_("premium", "POST", f"/api/issues/{issue}/escalate")
        self.assertEqual(status, 200)
        self.assertTrue(body["escalated"])
        self.assertIn("escalated", [e["kind"] for e in body["timeline"]])
        low = dict(REPORT, impact="P3", title="A question")
        _, p3, _ = self.file("premium", low)
        status, body, _ = self.as_("premium", "POST", f"/api/issues/{p3['id']}/escalate")
        self.assertEqual(status, 409)

    def test_staff_only_endpoints_hide_from_others(self):
        for who in ("premium", "community"):
            self.assertEqual(self.as_(who, "GET", "/api/escalations")[0], 404)
        self.assertEqual(self.as_("cse", "GET", "/api/escalations")[0], 200)

    def test_attachments_download_with_a_safe_name_for_those_who_may_see(self):
        status, data, headers = self.as_("premium", "GET", f"/api/attachments/{self.secret_attachment}")
        self.assertEqual(status, 200)
        self.assertEqual(data, b"PK\x03\x04 archive")
        self.assertTrue(headers["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(headers["Content-Type"], "application/octet-stream")
        status, _, _ = self.as_("cse", "GET", f"/api/attachments/{self.secret_attachment}")
        self.assertEqual(status, 200)

    def test_every_endpoint_needs_a_session(self):
        for method, path in (("GET", "/api/issues"), ("POST", "/api/issues"), ("GET", f"/api/issues/{self.acme_public}"),
                             ("GET", f"/api/attachments/{self.secret_attachment}"), ("GET", "/api/me")):
            status, body, _ = self.server.request(method, path, {} if method == "POST" else None)
            self.assertEqual(status, 401, path)


if __name__ == "__main__":
    unittest.main()
