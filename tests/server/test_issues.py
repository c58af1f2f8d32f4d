import threading
import unittest
import uuid

from tests.server.harness import REPORT, DemoServerTestCase


class FilingAndTriage(DemoServerTestCase):
    def test_filing_sets_labels_deadline_and_keeps_text_exactly(self):
        status, issue, headers = self.file("premium")
        self.assertEqual(status, 201, issue)
        self.assertEqual(headers["Location"], f"/api/issues/{issue['id']}")
        self.assertEqual(set(issue["labels"]), {"bug", ":reproduce", ":incoming", "P1", "customer request", "customer-ceres"})
        self.assertEqual(issue["title"], REPORT["title"])
        self.assertEqual(issue["sla_state"], "pending")
        self.assertRegex(issue["due_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertTrue(issue["explanation"])
        self.assertEqual(issue["visibility"], "public", "reports default to public")
        self.assertEqual(issue["timeline"][0]["kind"], "filed")
        self.assertEqual(issue["link"], f"/#/issues/{issue['id']}")

    def test_community_reports_have_no_deadline_or_customer_labels(self):
        status, issue, _ = self.file("community")
        self.assertEqual(status, 201, issue)
        self.assertEqual(issue["sla_state"], "none")
        self.assertNotIn("due_at", issue)
        self.assertEqual(set(issue["labels"]), {"bug", ":reproduce", ":incoming"})

    def test_invalid_report_lists_every_field_and_stores_nothing(self):
        _, before, _ = self.as_("cse", "GET", "/api/issues")
        bad = dict(REPORT, fleet_version="4.40", title="", impact="P9", total_hosts=5, online_hosts=9, colour="red")
        status, body, _ = self.file("premium", bad)
        self.assertEqual(status, 422)
        self.assertEqual(body["error"]["code"], "invalid_report")
        self.assertEqual(set(body["error"]["fields"]), {"fleet_version", "title", "impact", "online_hosts", "colour"})
        self.assertEqual(body["error"]["fields"]["fleet_version"], "Fleet server version must look like 4.40.0.")
        _, after, _ = self.as_("cse", "GET", "/api/issues")
        self.assertEqual(before["total"], after["total"])

    def test_idempotency_key_makes_a_retry_safe(self):
        key = str(uuid.uuid4())
        first = self.file("ultimate", headers={"Idempotency-Key": key})
        again = self.file("ultimate", headers={"Idempotency-Key": key})
        self.assertEqual((first[0], again[0]), (201, 200))
        self.assertEqual(first[1]["id"], again[1]["id"])
        self.assertEqual(again[2]["Idempotent-Replayed"], "true")
        other = self.file("ultimate", dict(REPORT, title="A different report"), headers={"Idempotency-Key": key})
        self.assertEqual(other[0], 422)
        self.assertEqual(other[1]["error"]["code"], "idempotency_key_reused")

    def test_concurrent_retries_file_one_issue(self):
        key = str(uuid.uuid4())
        results = []
        threads = [threading.Thread(target=lambda: results.append(self.file("premium", headers={"Idempotency-Key": key})))
                   for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual({r[1]["id"] for r in results} and len({r[1]["id"] for r in results}), 1)
        self.assertEqual(sorted(r[0] for r in results), [200] * 5 + [201])

    def test_a_reply_retried_with_its_key_is_stored_once(self):
        _, issue, _ = self.file("premium")
        n, key = issue["id"], str(uuid.uuid4())
        reply = {"body": "Archive attached — 日本語 ✅", "visibility": "public"}
        results = []
        threads = [threading.Thread(target=lambda: results.append(
            self.as_("premium", "POST", f"/api/issues/{n}/comments", reply, headers={"Idempotency-Key": key})))
            for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(r[0] for r in results), [200] * 3 + [201], "one stored, three answered as replays")
        self.assertTrue(all(r[2].get("Idempotent-Replayed") == "true" for r in results if r[0] == 200))
        _, issue, _ = self.as_("premium", "GET", f"/api/issues/{n}")
        self.assertEqual([c["body"] for c in issue["comments"]].count(reply["body"]), 1)
        cases = [  # (who, issue, body, status, code): the same key for anything else is refused
            ("premium", n, dict(reply, body="Something else"), 422, "idempotency_key_reused"),
            ("premium", self.file("premium")[1]["id"], reply, 422, "idempotency_key_reused"),
            ("cse", n, reply, 201, None),     # another account: its keys are its own, so this is a new reply
        ]
        for who, target, body, status, code in cases:
            got = self.as_(who, "POST", f"/api/issues/{target}/comments", body, headers={"Idempotency-Key": key})
            self.assertEqual((got[0], got[1].get("error", {}).get("code")), (status, code), (who, target, body))
        got = self.as_("premium", "POST", f"/api/issues/{n}/comments", reply, headers={"Idempotency-Key": " "})
        self.assertEqual((got[0], got[1]["error"]["code"]), (400, "bad_idempotency_key"))
        status, report, _ = self.file("premium", headers={"Idempotency-Key": key})
        self.assertEqual((status, report["error"]["code"]), (422, "idempotency_key_reused"), "a reply's key is not a report's")

    def test_plus_label_automation_and_the_next_reply_clock(self):
        _, issue, _ = self.file("premium")
        n = issue["id"]
        status, issue, _ = self.as_("cse", "POST", f"/api/issues/{n}/comments", {"body": "Looking now.", "visibility": "public"})
        self.assertEqual(issue["sla_state"], "met")
        self.assertIn("first_response_at", issue)
        self.assertEqual(issue["workflow_status"], "in_progress")
        _, issue, _ = self.as_("cse", "PATCH", f"/api/issues/{n}", {"add_labels": ["+more info please"]})
        self.assertEqual(issue["status"], "waiting_on_customer")
        _, waiting, _ = self.as_("premium", "GET", "/api/issues?status=waiting_on_customer&scope=mine")
        self.assertIn(n, [i["id"] for i in waiting["issues"]])
        status, issue, _ = self.as_("premium", "POST", f"/api/issues/{n}/comments",
                                    {"body": "Here is the archive.", "visibility": "public"})
        self.assertEqual(status, 201)
        self.assertNotIn("+more info please", issue["labels"])
        self.assertFalse(issue["waiting_on_customer"])
        removed = [e for e in issue["timeline"] if e["kind"] == "label_removed"]
        self.assertEqual(len(removed), 1)
        self.assertTrue(removed[0]["by_automation"])
        self.assertEqual(removed[0]["actor"], "automation")
        self.assertIn("reply_due_at", issue)
        self.assertIn("reply_clock_started", [e["kind"] for e in issue["timeline"]])
        _, issue, _ = self.as_("cse", "POST", f"/api/issues/{n}/comments", {"body": "Thanks!", "visibility": "public"})
        self.assertNotIn("reply_due_at", issue)
        self.assertIn("reply_met", [e["kind"] for e in issue["timeline"]])

    def test_a_reply_reopens_a_resolved_issue_and_duplicates_link(self):
        _, issue, _ = self.file("ultimate")
        _, other, _ = self.file("ultimate", dict(REPORT, title="Same problem again"))
        self.as_("cse", "PATCH", f"/api/issues/{issue['id']}", {"status": "resolved"})
        _, reopened, _ = self.as_("ultimate", "POST", f"/api/issues/{issue['id']}/comments",
                                  {"body": "Still broken.", "visibility": "public"})
        self.assertEqual(reopened["workflow_status"], "in_progress")
        self.assertIn("reopened", [e["kind"] for e in reopened["timeline"]])
        status, dup, _ = self.as_("cse", "PATCH", f"/api/issues/{other['id']}", {"duplicate_of": issue["id"]})
        self.assertEqual((status, dup["duplicate_of"], dup["workflow_status"]), (200, issue["id"], "closed"))
        for bad in ({"duplicate_of": other["id"]}, {"duplicate_of": 999999}, {"duplicate_of": "7"},
                    {"status": "done"}, {"add_labels": "P1"}, {"colour": "red"}, {"visibility": "secret"}):
            status, body, _ = self.as_("cse", "PATCH", f"/api/issues/{other['id']}", bad)
            self.assertEqual(status, 422, bad)
            self.assertTrue(body["error"]["fields"], bad)

    def test_list_filters_search_and_pages(self):
        title = "Unique search phrase flamingo"
        self.file("premium", dict(REPORT, title=title))
        _, found, _ = self.as_("community", "GET", "/api/issues?q=flamingo%20search&scope=public")
        self.assertEqual([i["title"] for i in found["issues"]], [title])
        _, none, _ = self.as_("community", "GET", "/api/issues?q=flamingo%20zebra&scope=public")
        self.assertEqual(none["total"], 0, "every word must match by default")
        _, similar, _ = self.as_("community", "GET", "/api/issues?q=flamingo%20zebra&scope=public&match=any")
        self.assertIn(title, [i["title"] for i in similar["issues"]], "any word matches for similar issues")
        _, page, _ = self.as_("cse", "GET", "/api/issues?page_size=2&page=2")
        self.assertEqual((page["page"], page["page_size"], len(page["issues"])), (2, 2, 2))
        for bad in ("scope=everything", "page=0", "page_size=100000", "status=sleeping", "sort=random"):
            status, body, _ = self.as_("cse", "GET", "/api/issues?" + bad)
            self.assertEqual(status, 400, bad)
        status, _, _ = self.as_("community", "GET", "/api/issues?scope=org")
        self.assertEqual(status, 400)


if __name__ == "__main__":
    unittest.main()
