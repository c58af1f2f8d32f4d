"""A sensitive reply leaves no public trace (issue 13): the events it causes are shown only to
those who may see the reply, and public comment numbers have no gaps."""
import json
import unittest

from tests.server.harness import REPORT, DemoServerTestCase

CAUSED = ("label_removed", "reply_clock_started", "reopened")


class SensitiveTraces(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _, issue, _ = cls.server.request("POST", "/api/issues", dict(REPORT, title="Public issue, private answer"),
                                         token=cls.tokens["premium"])
        cls.issue = issue["id"]
        path = f"/api/issues/{cls.issue}"
        for who, body in (("cse", {"body": "Which proxy do you use?", "visibility": "public"}),
                          ("cse", {"body": "Internal: customer on 4.39 too", "visibility": "internal"})):
            cls.server.request("POST", path + "/comments", body, token=cls.tokens[who])
        cls.server.request("PATCH", path, {"add_labels": ["+more info please"], "status": "resolved"},
                           token=cls.tokens["cse"])
        status, reply, _ = cls.server.request("POST", path + "/comments",
                                              {"body": "Our proxy is squid.acme.internal:3128", "visibility": "sensitive"},
                                              token=cls.tokens["premium"])
        assert status == 201, reply
        cls.server.request("POST", path + "/comments", {"body": "Thanks, we see it too.", "visibility": "public"},
                           token=cls.tokens["cse"])

    def view(self, who):
        status, issue, _ = self.as_(who, "GET", f"/api/issues/{self.issue}")
        self.assertEqual(status, 200)
        return issue

    def test_events_caused_by_a_sensitive_reply_are_hidden_from_outsiders(self):
        for who, sees in (("premium", True), ("cse", True), ("ultimate", False), ("community", False)):
            with self.subTest(who=who):
                issue = self.view(who)
                kinds = [e["kind"] for e in issue["timeline"]]
                for kind in CAUSED:
                    self.assertEqual(kind in kinds, sees, kind)
                self.assertEqual("squid" in json.dumps(issue), sees)

    def test_public_comment_numbers_have_no_gaps(self):
        outsider = self.view("community")
        self.assertEqual([c["id"] for c in outsider["comments"]], [1, 2])
        self.assertEqual([c["visibility"] for c in outsider["comments"]], ["public", "public"])
        staff = self.view("cse")
        self.assertEqual([c["id"] for c in staff["comments"]], [1, 2, 3, 4])
        self.assertEqual([c["visibility"] for c in staff["comments"]], ["public", "internal", "sensitive", "public"])

    def test_reply_events_point_at_the_numbers_the_viewer_knows(self):
        for who in ("community", "cse", "premium"):
            issue = self.view(who)
            numbers = {c["id"] for c in issue["comments"]}
            referenced = [e["detail"]["comment_id"] for e in issue["timeline"] if "comment_id" in e["detail"]]
            self.assertEqual(sorted(referenced), sorted(numbers), who)


if __name__ == "__main__":
    unittest.main()
