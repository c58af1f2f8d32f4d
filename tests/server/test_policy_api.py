import datetime
import unittest

from tests.server.harness import ServerTestCase


class PolicyAndQuotes(ServerTestCase):
    def quote(self, body):
        return self.server.request("POST", "/api/sla/quote", body)

    def test_p2_before_new_year_2028_skips_the_observed_holiday(self):
        status, q, _ = self.quote({"plan": "premium", "impact": "P2", "at": "2027-12-30T18:00:00Z"})
        self.assertEqual(status, 200)
        self.assertEqual(q["due_at"], "2028-01-03T18:00:00Z")
        self.assertTrue(q["in_business_hours"])
        self.assertEqual(q["clock_starts_at"], "2027-12-30T18:00:00Z")
        self.assertIn("New Year's Day is skipped", q["explanation"])
        self.assertNotIn("window_start", q)

    def test_p3_has_a_window_and_weekend_receipt_starts_monday(self):
        status, q, _ = self.quote({"plan": "premium", "impact": "P3", "at": "2027-03-13T20:00:00Z"})
        self.assertEqual(status, 200)
        self.assertFalse(q["in_business_hours"])
        self.assertEqual(q["clock_starts_at"], "2027-03-15T13:00:00Z")   # Monday 06:00 PDT
        self.assertEqual(q["window_start"], "2027-03-15T23:00:00Z")      # Monday 16:00 PDT
        self.assertEqual(q["due_at"], "2027-03-16T23:00:00Z")

    def test_ultimate_and_free(self):
        status, q, _ = self.quote({"plan": "ultimate", "impact": "P1", "at": "2027-03-15T22:59:59Z"})
        self.assertEqual((status, q["due_at"]), (200, "2027-03-15T23:59:59Z"))
        status, q, _ = self.quote({"plan": "ultimate", "impact": "P1", "at": "2027-03-15T23:00:00Z"})
        self.assertEqual(q["due_at"], "2027-03-16T03:00:00Z")
        status, q, _ = self.quote({"plan": "free", "at": "2027-03-15T23:00:00Z"})
        self.assertEqual(status, 200)
        self.assertIsNone(q["due_at"])
        self.assertFalse(q["has_deadline"])

    def test_at_defaults_to_the_servers_now(self):
        before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        status, q, _ = self.quote({"plan": "premium", "impact": "P0"})
        self.assertEqual(status, 200)
        received = datetime.datetime.fromisoformat(q["received_at"].replace("Z", "+00:00"))
        self.assertLessEqual(abs((received - before).total_seconds()), 5)

    def test_bad_input_names_the_field(self):
        cases = [
            ({"plan": "gold", "impact": "P1"}, "plan"),
            ({"impact": "P1"}, "plan"),
            ({"plan": "premium", "impact": "P7"}, "impact"),
            ({"plan": "premium"}, "impact"),
            ({"plan": "premium", "impact": 3}, "impact"),
            ({"plan": "premium", "impact": "P1", "at": "tomorrow"}, "at"),
            ({"plan": "premium", "impact": "P1", "at": "2027-02-30T10:00:00Z"}, "at"),
            ({"plan": "premium", "impact": "P1", "at": "1999-01-01T10:00:00Z"}, "at"),
        ]
        for body, field in cases:
            status, reply, _ = self.quote(body)
            self.assertEqual(status, 400, body)
            self.assertIn(field, reply["error"]["fields"], body)
            self.assertTrue(reply["error"]["message"])

    def test_non_json_bodies_are_refused(self):
        status, reply, _ = self.server.request("POST", "/api/sla/quote", raw=b"plan=premium",
                                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 415)
        status, reply, _ = self.server.request("POST", "/api/sla/quote", raw=b"{nope",
                                               headers={"Content-Type": "application/json"})
        self.assertEqual((status, reply["error"]["code"]), (400, "bad_json"))

    def test_policy_lists_plans_and_24_months_of_holidays(self):
        status, body, _ = self.server.request("GET", "/api/policy")
        self.assertEqual(status, 200)
        self.assertEqual([p["id"] for p in body["policy"]["plans"]], ["free", "premium", "ultimate"])
        names = {h["name"] for h in body["holidays"]}
        self.assertIn("Thanksgiving", names)
        self.assertGreaterEqual(len(body["holidays"]), 21)
        self.assertLessEqual(len(body["holidays"]), 24)
        first, last = body["holidays_from"], body["holidays_to"]
        self.assertTrue(all(first <= h["observed"] <= last for h in body["holidays"]))


if __name__ == "__main__":
    unittest.main()
