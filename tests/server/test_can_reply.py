"""can_reply and reply_visibilities in the issue JSON agree with what POST /comments accepts (SPEC §1, §6, §7)."""
import datetime
import unittest

from server import auth
from tests.server.harness import REPORT, DemoServerTestCase

ALL = ("public", "sensitive", "internal")
STAFF, MEMBER, NONE, HIDDEN = ALL, ("public", "sensitive"), (), None

# issue key -> (filed by, confidential)
ISSUES = {
    "acme_public": ("premium", False),
    "acme_confidential": ("premium", True),
    "acme_colleague_confidential": ("colleague", True),
    "globex_public": ("ultimate", False),
    "globex_confidential": ("ultimate", True),
    "community_public": ("community", False),
}
# who -> issue key -> the visibilities they may reply with (HIDDEN: the issue is a 404 to them)
EXPECTED = {
    "cse": {k: STAFF for k in ISSUES},
    "premium": {"acme_public": MEMBER, "acme_confidential": MEMBER, "acme_colleague_confidential": MEMBER,
                "globex_public": NONE, "globex_confidential": HIDDEN, "community_public": NONE},
    "colleague": {"acme_public": MEMBER, "acme_confidential": MEMBER, "acme_colleague_confidential": MEMBER,
                  "globex_public": NONE, "globex_confidential": HIDDEN, "community_public": NONE},
    "ultimate": {"acme_public": NONE, "acme_confidential": HIDDEN, "acme_colleague_confidential": HIDDEN,
                 "globex_public": MEMBER, "globex_confidential": MEMBER, "community_public": NONE},
    "community": {"acme_public": NONE, "acme_confidential": HIDDEN, "acme_colleague_confidential": HIDDEN,
                  "globex_public": NONE, "globex_confidential": HIDDEN, "community_public": MEMBER},
}


class CanReply(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")     # hundreds of replies from one account, by design
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens = dict(cls.tokens, colleague=cls._add_acme_colleague())
        cls.ids = {}
        for key, (who, confidential) in ISSUES.items():
            body = dict(REPORT, title=f"can_reply {key}")
            if confidential:
                body["confidential"] = True
            if who == "community":
                body.pop("impact")
            status, issue, _ = cls.server.request("POST", "/api/issues", body, token=cls.tokens[who])
            assert status == 201, issue
            cls.ids[key] = issue["id"]

    @classmethod
    def _add_acme_colleague(cls):
        # A second Acme customer, so "same organization, not the reporter" is covered (the demo has one per org).
        digest, salt, iterations = auth.hash_password("colleague-password")
        db = cls.server.database()
        with db:
            org = db.execute("SELECT id FROM organizations WHERE name = 'Acme Corp'").fetchone()[0]
            now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            db.execute("""INSERT INTO users (email, name, role, organization_id, password_hash, password_salt,
                          password_iterations, created_at, verified_at) VALUES (?, ?, 'customer', ?, ?, ?, ?, ?, ?)""",
                       ("colleague@demo.test", "Ada Colleague", org, digest, salt, iterations, now, now))
        db.close()
        return cls.sign_in("colleague@demo.test", "colleague-password")

    def _list_rows(self, who):
        status, body, _ = self.as_(who, "GET", "/api/issues?page_size=500")
        self.assertEqual(status, 200)
        return {row["id"]: row for row in body["issues"]}

    def _advertised(self, who, issue_id, rows):
        """(can_reply, reply_visibilities) from GET /api/issues/{id}, checked equal to the list row's; None if 404."""
        status, issue, _ = self.as_(who, "GET", f"/api/issues/{issue_id}")
        if status == 404:
            self.assertNotIn(issue_id, rows, f"{who}: a hidden issue is not listed either")
            return None
        self.assertEqual(status, 200, issue)
        single = (issue["can_reply"], tuple(issue["reply_visibilities"]))
        self.assertIs(type(issue["can_reply"]), bool)
        self.assertEqual(single[0], bool(single[1]), f"{who} #{issue_id}: can_reply means some visibility is allowed")
        self.assertIn(issue_id, rows, f"{who} #{issue_id}")
        listed = (rows[issue_id]["can_reply"], tuple(rows[issue_id]["reply_visibilities"]))
        self.assertEqual(listed, single, f"{who} #{issue_id}: the list row and the issue agree")
        return single

    def _accepted(self, who, issue_id):
        """The visibilities POST /comments accepts, trying each; None if the issue is a 404 to `who`."""
        accepted = []
        for visibility in ALL:
            status, reply, _ = self.as_(who, "POST", f"/api/issues/{issue_id}/comments",
                                        {"body": f"{who} writes a {visibility} reply", "visibility": visibility})
            if status == 404:
                return None
            self.assertIn(status, (200, 201, 403), f"{who} #{issue_id} {visibility}: {reply}")
            if status == 403:
                self.assertEqual(reply["error"]["code"], "forbidden")
                self.assertTrue(reply["error"]["message"])
            else:
                accepted.append(visibility)
        return tuple(accepted)

    def _check(self, who, issue_id, rows, expected=...):
        advertised = self._advertised(who, issue_id, rows)
        accepted = self._accepted(who, issue_id)
        label = f"{who} on #{issue_id}"
        if advertised is None or accepted is None:
            self.assertEqual((advertised, accepted), (None, None), f"{label}: 404 on both reading and replying")
        else:
            self.assertEqual(advertised[1], accepted, f"{label}: reply_visibilities is what POST /comments accepts")
            self.assertEqual(advertised[0], bool(accepted), f"{label}: can_reply is whether POST /comments succeeds")
        if expected is not ...:
            self.assertEqual(advertised[1] if advertised else None, expected, f"{label}: the rule of SPEC §1")

    def test_table_of_roles_and_issues(self):
        checked = 0
        for who, cases in EXPECTED.items():
            rows = self._list_rows(who)
            for key, expected in cases.items():
                with self.subTest(who=who, issue=key):
                    self._check(who, self.ids[key], rows, expected)
                    checked += 1
        self.assertEqual(checked, len(EXPECTED) * len(ISSUES))

    def test_every_listed_demo_issue_agrees(self):
        # The seeded issues cover new, in progress, waiting, resolved and closed ones.
        ours = set(self.ids.values())
        for who in EXPECTED:
            rows = self._list_rows(who)
            for issue_id in sorted(set(rows) - ours):
                with self.subTest(who=who, issue=issue_id, status=rows[issue_id]["status"]):
                    self._check(who, issue_id, rows)

    def test_refusals_say_what_is_not_allowed(self):
        issue = self.ids["globex_public"]
        status, body, _ = self.as_("community", "POST", f"/api/issues/{issue}/comments",
                                   {"body": "me too", "visibility": "public"})
        self.assertEqual(status, 403)
        self.assertIn("support engineers", body["error"]["message"])
        self.assertIn("affected too", body["error"]["message"])
        status, body, _ = self.as_("ultimate", "POST", f"/api/issues/{issue}/comments",
                                   {"body": "note", "visibility": "internal"})
        self.assertEqual(status, 403)
        self.assertEqual(body["error"]["message"], "Only support engineers write internal notes.")
        self.assertEqual(body["error"]["fields"], {"visibility": "Choose public or sensitive."})


if __name__ == "__main__":
    unittest.main()
