"""Issue 12 over real HTTP: every field the server computes with the core (clock,
can_escalate, waiting_on / waiting_label, escalation, the outside-hours notice, the
user's plan and hosting) for every role: cse, admin, premium, ultimate, managed, community."""
import unittest

from tests.server.harness import REPORT, DemoServerTestCase

ROLES = ("cse", "admin", "premium", "ultimate", "managed", "community")
VERDICT_FIELDS = ("clock", "can_escalate", "waiting_on", "waiting_label", "status", "waiting_on_customer")
# issue key -> who files it, impact (None: a community report)
ISSUES = {"acme_p1": ("premium", "P1"), "acme_p2": ("premium", "P2"), "initech_p1": ("managed", "P1"),
          "globex_p0": ("ultimate", "P0"), "community": ("community", None)}
# Who may escalate which issue (SPEC §4): its organization's customers and staff, for P0/P1 only.
CAN_ESCALATE = {
    "acme_p1": {"cse", "admin", "premium"},
    "acme_p2": set(),
    "initech_p1": {"cse", "admin", "managed"},
    "globex_p0": {"cse", "admin", "ultimate"},
    "community": set(),
}
REPORTER_SIDE = {"acme_p1": {"premium"}, "acme_p2": {"premium"}, "initech_p1": {"managed"},
                 "globex_p0": {"ultimate"}, "community": {"community"}}


def db_update(server, sql, args):
    db = server.database()
    with db:
        db.execute(sql, args)
    db.close()


class VerdictsForEveryRole(DemoServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens = dict(cls.tokens, managed=cls.sign_in("managed@demo.test"), admin=cls.sign_in("admin@demo.test"))
        cls.ids = {}
        for key, (who, impact) in ISSUES.items():
            body = dict(REPORT, title=f"lifecycle {key}", impact=impact)
            if impact is None:
                body.pop("impact")
            status, issue, _ = cls.server.request("POST", "/api/issues", body, token=cls.tokens[who])
            assert status == 201, issue
            cls.ids[key] = issue["id"]
        status, _, _ = cls.server.request("PATCH", f"/api/issues/{cls.ids['acme_p1']}",
                                          {"add_labels": ["+more info please"]}, token=cls.tokens["cse"])
        assert status == 200

    def get(self, who, key):
        status, issue, _ = self.as_(who, "GET", f"/api/issues/{self.ids[key]}")
        self.assertEqual(status, 200, issue)
        return issue

    def test_the_user_says_what_plan_and_hosting_they_file_under(self):
        expected = {"cse": ("free", "self_managed", True), "admin": ("free", "self_managed", True),
                    "premium": ("premium", "self_managed", False), "ultimate": ("ultimate", "self_managed", False),
                    "managed": ("premium", "managed_cloud", False), "community": ("free", "self_managed", False)}
        for who in ROLES:
            status, body, _ = self.as_(who, "GET", "/api/me")
            user = body["user"]
            self.assertEqual((user["plan"], user["hosting"], user["staff"]), expected[who], who)
        _, me, _ = self.as_("managed", "GET", "/api/me")
        self.assertEqual(me["user"]["organization"]["hosting"], "managed_cloud")

    def test_can_escalate_and_waiting_for_every_role_and_issue(self):
        checked = 0
        for who in ROLES:
            for key in ISSUES:
                with self.subTest(who=who, issue=key):
                    issue = self.get(who, key)
                    self.assertIs(issue["can_escalate"], who in CAN_ESCALATE[key])
                    waiting = key == "acme_p1"
                    side = who in REPORTER_SIDE[key]
                    self.assertEqual(issue["waiting_on"], ("you" if side else "customer") if waiting else None)
                    self.assertEqual(issue["waiting_label"],
                                     ("Waiting on you" if side else "Waiting on customer") if waiting else None)
                    self.assertEqual(issue["status"], "waiting_on_customer" if waiting else "new")
                    self.assertNotIn("escalation", issue, "nothing escalated yet")
                    checked += 1
        self.assertEqual(checked, len(ROLES) * len(ISSUES))

    def test_a_fresh_report_runs_its_first_response_clock_and_a_community_one_has_none(self):
        for who in ROLES:
            issue = self.get(who, "initech_p1")
            self.assertEqual(issue["clock"], {"kind": "first_response", "state": "running", "due_at": issue["due_at"]}, who)
            self.assertEqual(issue["hosting"], "managed_cloud")
            self.assertEqual(self.get(who, "community")["clock"], {"kind": "none", "state": "none"}, who)

    def test_the_list_rows_carry_the_same_verdicts_as_the_issue(self):
        for who in ROLES:
            status, listing, _ = self.as_(who, "GET", "/api/issues?scope=all&page_size=500")
            rows = {row["id"]: row for row in listing["issues"]}
            for key in ISSUES:
                issue = self.get(who, key)
                self.assertEqual({f: rows[issue["id"]][f] for f in VERDICT_FIELDS}, {f: issue[f] for f in VERDICT_FIELDS},
                                 f"{who} #{key}")

    def test_managed_cloud_p1_is_due_at_the_sooner_deadline(self):
        issue = self.get("managed", "initech_p1")
        status, quote, _ = self.server.request("POST", "/api/sla/quote", {"plan": "premium", "impact": "P1",
                                                                         "hosting": "managed_cloud", "at": issue["created_at"]})
        self.assertEqual(status, 200)
        self.assertEqual(issue["due_at"], quote["due_at"], "the stored deadline is the core's Managed Cloud quote")
        _, self_managed, _ = self.server.request("POST", "/api/sla/quote", {"plan": "premium", "impact": "P1",
                                                                           "at": issue["created_at"]})
        self.assertLessEqual(quote["due_at"], self_managed["due_at"], "never later than Premium's own target")


class ClocksOverHttp(DemoServerTestCase):
    """The clock the server sends, through a life: running, breached, met, next reply."""

    def test_first_response_then_next_reply(self):
        _, issue, _ = self.file("premium", dict(REPORT, title="clock life", impact="P2"))
        n = issue["id"]
        db_update(self.server, "UPDATE issues SET due_at = '2020-01-01T00:00:00Z' WHERE id = ?", (n,))
        for who in ("premium", "cse", "ultimate"):
            _, seen, _ = self.as_(who, "GET", f"/api/issues/{n}")
            self.assertEqual(seen["clock"], {"kind": "first_response", "state": "breached", "due_at": "2020-01-01T00:00:00Z"},
                             "unanswered past its deadline: breached, for everyone")
        db_update(self.server, "UPDATE issues SET due_at = '2099-01-01T00:00:00Z' WHERE id = ?", (n,))
        _, answered, _ = self.as_("cse", "POST", f"/api/issues/{n}/comments", {"body": "On it.", "visibility": "public"})
        self.assertEqual(answered["sla_state"], "met")
        self.assertEqual(answered["clock"]["state"], "met")
        self.assertEqual(answered["clock"]["answered_at"], answered["first_response_at"])
        self.as_("cse", "PATCH", f"/api/issues/{n}", {"add_labels": ["+logs please"]})
        _, replied, _ = self.as_("premium", "POST", f"/api/issues/{n}/comments", {"body": "Logs attached.", "visibility": "public"})
        self.assertEqual(replied["clock"], {"kind": "next_reply", "state": "running", "due_at": replied["reply_due_at"]},
                         "the list no longer says 'SLA met' while a next-reply clock runs")
        _, listing, _ = self.as_("cse", "GET", "/api/issues?scope=all&sort=deadline&page_size=500")
        self.assertEqual(next(r for r in listing["issues"] if r["id"] == n)["clock"], replied["clock"])
        _, done, _ = self.as_("cse", "POST", f"/api/issues/{n}/comments", {"body": "Thanks!", "visibility": "public"})
        self.assertEqual((done["clock"]["kind"], done["clock"]["state"]), ("next_reply", "met"))
        self.assertNotIn("reply_due_at", done, "no next reply is owed any more")

    def test_the_deadline_sort_follows_the_clock_staff_owe(self):
        _, early, _ = self.file("ultimate", dict(REPORT, title="owed first", impact="P0"))
        _, answered, _ = self.file("ultimate", dict(REPORT, title="answered already", impact="P0"))
        self.as_("cse", "POST", f"/api/issues/{answered['id']}/comments", {"body": "Done.", "visibility": "public"})
        _, listing, _ = self.as_("cse", "GET", "/api/issues?scope=all&sort=deadline&page_size=500")
        order = [r["id"] for r in listing["issues"]]
        owed = [r["id"] for r in listing["issues"] if r["clock"]["state"] in ("running", "breached")
                and "answered_at" not in r["clock"]]
        self.assertEqual(order[:len(owed)], owed, "issues owed a reply come first")
        self.assertIn(early["id"], owed)
        self.assertNotIn(answered["id"], owed)


class OutsideHoursNotice(DemoServerTestCase):
    """The notice for the caller's last message (SPEC §4: every message, not only the first)."""

    def test_the_sender_is_told_and_others_are_not(self):
        _, issue, _ = self.file("premium", dict(REPORT, title="a Saturday P1", impact="P1"))
        n = issue["id"]
        db_update(self.server, "UPDATE issues SET created_at = '2027-03-13T18:00:00Z' WHERE id = ?", (n,))  # Sat 10:00 PST
        _, seen, _ = self.as_("premium", "GET", f"/api/issues/{n}")
        notice = seen["notice"]
        self.assertEqual((notice["kind"], notice["offers_escalation"]), ("outside_hours", True))
        self.assertEqual(notice["clock_starts_at"], "2027-03-15T13:00:00Z", "Monday 06:00 PDT")
        self.assertIn("Received Sat Mar 13, 10:00 PT, outside business hours", notice["text"])
        self.assertIn("use the contact address in your Fleet contract", notice["text"], "no contact is invented")
        for who in ("cse", "ultimate", "community"):
            _, other, _ = self.as_(who, "GET", f"/api/issues/{n}")
            self.assertNotIn("notice", other, f"{who} did not send that message")
        # A later reply inside business hours: no notice; one on Thanksgiving evening: told again.
        _, _, _ = self.as_("premium", "POST", f"/api/issues/{n}/comments", {"body": "More detail.", "visibility": "public"})
        db_update(self.server, "UPDATE comments SET created_at = '2027-03-15T17:00:00Z' WHERE issue_id = ?", (n,))
        self.assertNotIn("notice", self.as_("premium", "GET", f"/api/issues/{n}")[1])
        db_update(self.server, "UPDATE comments SET created_at = '2027-11-26T01:00:00Z' WHERE issue_id = ?", (n,))
        self.assertIn("Received Thu Nov 25, 17:00 PT, outside business hours",
                      self.as_("premium", "GET", f"/api/issues/{n}")[1]["notice"]["text"])

    def test_a_p2_on_a_weekday_holiday_is_told_it_may_be_delayed(self):
        _, issue, _ = self.file("premium", dict(REPORT, title="a Thanksgiving P2", impact="P2"))
        db_update(self.server, "UPDATE issues SET created_at = '2027-11-25T18:00:00Z' WHERE id = ?", (issue["id"],))
        notice = self.as_("premium", "GET", f"/api/issues/{issue['id']}")[1]["notice"]
        self.assertEqual((notice["kind"], notice["offers_escalation"]), ("holiday", False))
        self.assertIn("Medium and Low responses may be delayed", notice["text"])


class CoreRefusalsAreNeverSwallowed(DemoServerTestCase):
    def test_an_organization_with_a_hosting_the_policy_lacks_cannot_file_and_nothing_is_stored(self):
        db = self.server.database()
        before = db.execute("SELECT COUNT(*) FROM issues").fetchone()[0]
        db.close()
        db_update(self.server, "UPDATE organizations SET hosting = 'on_the_moon' WHERE name = 'Globex'", ())
        try:
            status, body, _ = self.file("ultimate", dict(REPORT, title="refused"))
        finally:
            db_update(self.server, "UPDATE organizations SET hosting = 'self_managed' WHERE name = 'Globex'", ())
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["code"], "invalid_hosting")
        self.assertIn("self_managed, managed_cloud", body["error"]["fields"]["hosting"])
        db = self.server.database()
        self.assertEqual(db.execute("SELECT COUNT(*) FROM issues").fetchone()[0], before, "no issue without a deadline")
        db.close()

    def test_quote_takes_hosting_and_names_a_refused_one(self):
        status, q, _ = self.server.request("POST", "/api/sla/quote", {"plan": "premium", "impact": "P0",
                                                                     "hosting": "managed_cloud", "at": "2027-03-15T17:00:00Z"})
        self.assertEqual((status, q["due_at"]), (200, "2027-03-15T18:00:00Z"), "1 hour in business hours, not 4")
        status, body, _ = self.server.request("POST", "/api/sla/quote", {"plan": "premium", "impact": "P0", "hosting": "moon"})
        self.assertEqual((status, list(body["error"]["fields"])), (400, ["hosting"]))


if __name__ == "__main__":
    unittest.main()
