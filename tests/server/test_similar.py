"""Similar issues while typing a report title (SPEC §6): GET /api/issues/similar?q=..."""
import json
import os
import time
import unittest
import urllib.parse

from server.core import Core
from tests.server.harness import REPORT, ROOT, DemoServerTestCase


def similar_path(query):
    return "/api/issues/similar?q=" + urllib.parse.quote(query)


class SimilarIssues(DemoServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = {}
        for key, who, title, confidential, extra in (
                ("cafe", "premium", "Zoë's café: agent enrollment timeouts on Windows", False,
                 {"expected": "Enrollment finishes within a minute.", "actual": "The orbit agent retries for hours."}),
                ("secret", "ultimate", "Flamingo migration breaks saved dashboards", True, {}),
                ("best", "community", "Kestrel heron osprey sightings vanish", False, {}),
                ("second", "community", "Kestrel heron chart is empty", False, {}),
                ("third", "community", "Kestrel export button missing", False, {})):
            body = dict(REPORT, title=title, **extra)
            if confidential:
                body["confidential"] = True
            if who == "community":
                body.pop("impact")
            status, issue, _ = cls.server.request("POST", "/api/issues", body, token=cls.tokens[who])
            assert status == 201, issue
            cls.ids[key] = issue["id"]

    def similar(self, who, query):
        status, body, _ = self.as_(who, "GET", similar_path(query))
        self.assertEqual(status, 200, body)
        return body

    def titles(self, who, query):
        return [i["title"] for i in self.similar(who, query)["issues"]]

    def test_similar_found_by_stemmed_accented_and_case_changed_words(self):
        cases = [("plural and verb forms", "live query timing out", "Live queries time out on hosts behind a proxy"),
                 ("case and accents", "ZOE CAFE enrolment", "Zoë's café: agent enrollment timeouts on Windows"),
                 ("description words", "orbit agent retries", "Zoë's café: agent enrollment timeouts on Windows"),
                 ("a compound and its phrase", "Windows agents timed out enrolling",
                  "Zoë's café: agent enrollment timeouts on Windows")]
        for what, query, expected in cases:
            with self.subTest(what):
                self.assertEqual(self.titles("community", query)[:1], [expected])

    def test_a_match_is_an_issue_row_with_a_score(self):
        body = self.similar("community", "live queries time out")
        self.assertGreaterEqual(body["total"], len(body["issues"]))
        first = body["issues"][0]
        for key in ("id", "title", "status", "labels", "visibility", "fields", "link", "affected_count"):
            self.assertIn(key, first)
        self.assertTrue(0 < first["score"] <= 1, first["score"])

    def test_field_names_do_not_match(self):
        for query in ("title steps actual", "Title", "browser impact"):
            with self.subTest(query):
                self.assertEqual(self.titles("community", query), [])

    def test_a_confidential_issue_of_another_organization_is_never_suggested(self):
        query = "flamingo migration dashboards"
        for outsider in ("premium", "community"):
            ids = [i["id"] for i in self.similar(outsider, query)["issues"]]
            self.assertNotIn(self.ids["secret"], ids, f"{outsider} is shown another organization's confidential issue")
        self.assertEqual(self.titles("ultimate", query)[:1], ["Flamingo migration breaks saved dashboards"])
        self.assertEqual(self.titles("cse", query)[:1], ["Flamingo migration breaks saved dashboards"])
        self.assertNotIn("Software inventory misses Homebrew casks", self.titles("ultimate", "homebrew casks inventory"))
        self.assertEqual(self.titles("premium", "homebrew casks inventory")[:1], ["Software inventory misses Homebrew casks"])

    def test_empty_or_too_short_queries_give_an_empty_list(self):
        for query in ("", "   ", "ab", "the and of"):
            with self.subTest(query=query):
                self.assertEqual(self.similar("community", query), {"issues": [], "total": 0})

    def test_results_are_ranked_best_first(self):
        body = self.similar("community", "kestrel heron osprey")
        ids = [i["id"] for i in body["issues"]]
        self.assertEqual(ids[:2], [self.ids["best"], self.ids["second"]])
        scores = [i["score"] for i in body["issues"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertLessEqual(len(ids), 5)

    def test_sign_in_is_required(self):
        status, body, _ = self.server.request("GET", similar_path("live query"))
        self.assertEqual(status, 401, body)

    def test_the_route_leaves_issue_numbers_alone(self):
        status, issue, _ = self.as_("community", "GET", f"/api/issues/{self.ids['best']}")
        self.assertEqual((status, issue["id"]), (200, self.ids["best"]))


class SimilarAmongManyIssues(DemoServerTestCase):
    server_args = ("--demo", "--demo-bulk", "1100")

    def test_an_older_issue_is_found_past_the_most_recent_thousand(self):
        start = time.monotonic()
        status, body, _ = self.as_("community", "GET", similar_path("Policies stopped updating after a MySQL failover"))
        elapsed = time.monotonic() - start
        self.assertEqual(status, 200, body)
        self.assertEqual([i["title"] for i in body["issues"]][:1], ["Policies stop updating after MySQL failover"])
        self.assertLess(elapsed, 2.0, "ranking a thousand candidates stays interactive")


class SimilarThroughTheCoreAbi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ROOT, "assets", "policy.json"), encoding="utf-8") as f:
            cls.core = Core(os.path.join(ROOT, "build", "libportal.so"), f.read())

    def test_ranks_documents(self):
        docs = [{"id": 1, "title": "Live query timeout", "description": "Spinner forever."},
                {"id": 2, "title": "Calendar events duplicated"}]
        self.assertEqual(self.core.similar("live queries timing out", docs, 5),
                         {"ok": True, "matches": [{"id": 1, "score": 1.0}], "total": 1})

    def test_bad_requests_name_the_field(self):
        cases = [({"documents": []}, "query"), ({"query": "x"}, "documents"),
                 ({"query": "x", "documents": [{"title": "t"}]}, "documents[0].id"),
                 ({"query": "x", "documents": [{"id": 1}]}, "documents[0].title"),
                 ({"query": "x", "documents": [{"id": 1, "title": "t", "description": 3}]}, "documents[0].description"),
                 ({"query": "x", "documents": [], "limit": 0}, "limit"),
                 ({"query": "x", "documents": [], "min_score": 2}, "min_score")]
        for request, field in cases:
            with self.subTest(field):
                reply = self.core.call_raw("portal_similar", request)
                self.assertEqual((reply["ok"], reply["error"]["field"]), (False, field), json.dumps(reply))


if __name__ == "__main__":
    unittest.main()
