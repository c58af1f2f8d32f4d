"""Malformed input is a 4xx with a message that says what to fix, never a 500 (issue 13)."""
import unittest

from tests.server.harness import REPORT, DemoServerTestCase


def raw_json(server, method, path, text, token=None):
    """Sends `text` as the body byte for byte (json.dumps would refuse or rewrite what we mean to send)."""
    return server.request(method, path, raw=text.encode("utf-8", "surrogatepass"), token=token,
                          headers={"Content-Type": "application/json"})


class MalformedInput(DemoServerTestCase):
    def assert_refused(self, reply, status=400, code=None, mentions=None):
        got, body, _ = reply
        self.assertEqual(got, status, body)
        self.assertIn("error", body)
        if code:
            self.assertEqual(body["error"]["code"], code, body)
        if mentions:
            self.assertIn(mentions, body["error"]["message"])

    def test_json_nested_200000_deep_is_a_400_that_names_the_limit(self):
        for text in ("[" * 200000 + "]" * 200000, '{"a":' * 100000 + "1" + "}" * 100000, "[" * 40 + "]" * 40):
            self.assert_refused(raw_json(self.server, "POST", "/api/sla/quote", text), 400, "too_deep", "32 levels")
        self.assert_refused(raw_json(self.server, "POST", "/api/issues", '{"title": ' + "[" * 5000 + "]" * 5000 + "}",
                                     self.tokens["premium"]), 400, "too_deep")

    def test_a_lone_surrogate_anywhere_is_a_400(self):
        lone = '"x \\ud800 y"'
        cases = [("POST", "/api/signup", '{"email": "a@example.test", "name": ' + lone + ', "password": "long enough pw"}', None),
                 ("POST", "/api/signup", '{"email": ' + lone + ', "name": "A", "password": "long enough pw"}', None),
                 ("POST", "/api/session", '{"email": "\\udc00@demo.test", "password": "demo-password"}', None),
                 ("POST", "/api/issues", '{"title": ' + lone + "}", "premium"),
                 ("POST", "/api/issues/1/comments", '{"body": ' + lone + ', "visibility": "public"}', "premium"),
                 ("PATCH", "/api/issues/1", '{"add_labels": [' + lone + "]}", "cse"),
                 ("POST", "/api/sla/quote", '{"plan": "premium", "impact": ' + lone + "}", None),
                 ("POST", "/api/sla/quote", '{' + lone + ': 1, "plan": "premium"}', None)]
        for method, path, text, who in cases:
            with self.subTest(path=path, text=text[:40]):
                self.assert_refused(raw_json(self.server, method, path, text, self.tokens.get(who)), 400, "bad_encoding",
                                    "surrogate")
        paired = '{"plan": "premium", "impact": "P1", "at": "2027-01-04T18:00:00Z", "note": "\\ud83d\\ude00"}'
        self.assertEqual(raw_json(self.server, "POST", "/api/sla/quote", paired)[0], 200, "a proper pair is an emoji")

    def test_nan_and_infinity_are_refused_as_numbers(self):
        for literal in ("NaN", "Infinity", "-Infinity", "1e400", "-1e999"):
            body = dict(REPORT, title="NaN test")
            text = self._report_text(body, "total_hosts", literal)
            with self.subTest(literal=literal):
                self.assert_refused(raw_json(self.server, "POST", "/api/issues", text, self.tokens["premium"]), 400,
                                    "bad_number", "finite number")

    def test_huge_integers_are_refused_with_the_range(self):
        for literal in ("9" * 5000, str(2 ** 63), str(-(2 ** 63) - 1), "1" + "0" * 25):
            text = self._report_text(dict(REPORT), "total_hosts", literal)
            with self.subTest(digits=len(literal)):
                self.assert_refused(raw_json(self.server, "POST", "/api/issues", text, self.tokens["premium"]), 400,
                                    "bad_number", "9223372036854775807")
        text = '{"duplicate_of": ' + str(2 ** 64) + "}"
        self.assert_refused(raw_json(self.server, "PATCH", "/api/issues/1", text, self.tokens["cse"]), 400, "bad_number")
        self.assertEqual(raw_json(self.server, "PATCH", "/api/issues/1", '{"duplicate_of": 9223372036854775807}',
                                  self.tokens["cse"])[0], 422, "the largest int64 is read, and names no issue")

    def test_path_ids_beyond_int64_or_not_decimal_are_404_like_a_missing_issue(self):
        missing = self.as_("premium", "GET", "/api/issues/999999")
        for bad in (str(2 ** 63), str(2 ** 64 + 5), "9" * 5000, "1_0", "%2B1", "%EF%BC%97", "0", "-1", "1e3", "0x10"):
            for method, path, body in (("GET", f"/api/issues/{bad}", None),
                                       ("PATCH", f"/api/issues/{bad}", {"status": "closed"}),
                                       ("POST", f"/api/issues/{bad}/comments", {"body": "hi", "visibility": "public"}),
                                       ("POST", f"/api/issues/{bad}/affected", None),
                                       ("POST", f"/api/issues/{bad}/escalate", None),
                                       ("GET", f"/api/attachments/{bad}", None),
                                       ("POST", f"/api/escalations/{bad}/retry", None)):
                who = "cse" if method == "PATCH" or "escalations" in path else "premium"
                with self.subTest(bad=bad[:30], path=path[:40]):
                    status, reply, _ = self.as_(who, method, path, body)
                    self.assertEqual(status, 404 if "escalations" not in path else status, reply)
                    if "issues" in path:
                        self.assertEqual(reply, missing[1])
                    self.assertLess(status, 500)

    def test_query_numbers_are_range_checked(self):
        for query in ("page=" + "9" * 5000, "page=99999999999999999999", "page_size=-1", "page=NaN", "page=%00"):
            status, body, _ = self.as_("premium", "GET", "/api/issues?" + query)
            self.assertEqual(status, 400, (query[:30], body))

    @staticmethod
    def _report_text(body, field, literal):
        import json
        text = json.dumps(dict(body, **{field: 12345}), ensure_ascii=False)
        return text.replace("12345", literal, 1)


if __name__ == "__main__":
    unittest.main()
