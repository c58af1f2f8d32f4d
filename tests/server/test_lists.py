"""Lists that stay fast (issue 13): the same answers as a plain filter of everything the caller may
see, q= through FTS5 kept in step by triggers, keyset pages, and an index behind every list."""
import base64
import json
import sqlite3
import unittest
import urllib.parse

from tests.server.harness import REPORT, DemoServerTestCase

WHO = ("cse", "premium", "ultimate", "community")


class Lists(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reports = [("premium", "Proxy timeouts at the café", {"actual": "squid answers 504"}, False),
                   ("premium", "Confidential proxy outage", {"browser": "Firefox 128"}, True),
                   ("ultimate", "Globex proxy handshake", {}, True),
                   ("community", "Kestrel charts empty", {"os": "Ubuntu 24.04"}, False),
                   ("ultimate", "Emoji 😀 and 报告问题 in titles", {}, False)]
        for n in range(12):
            reports.append((WHO[1 + n % 3], f"Filler issue {n} about dashboards", {}, n % 3 != 2 and n % 4 == 0))
        cls.titles = {title for _, title, _, _ in reports}
        for who, title, extra, confidential in reports:
            body = dict(REPORT, title=title, **extra)
            if confidential:
                body["confidential"] = True
            if who == "community":
                body.pop("impact")
            status, issue, _ = cls.server.request("POST", "/api/issues", body, token=cls.tokens[who])
            assert status == 201, issue
        cls.server.request("PATCH", "/api/issues/1", {"add_labels": ["+more info please"]}, token=cls.tokens["cse"])

    def ids(self, who, query="", page_size=500):
        status, body, _ = self.as_(who, "GET", f"/api/issues?page_size={page_size}&{query}")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["total"], len(body["issues"]), query)
        return [i["id"] for i in body["issues"]]

    def everything(self, who):
        """What `who` may see, by the rule of SPEC §1, read straight from the database."""
        db = sqlite3.connect(self.server.db)
        try:
            me = db.execute("SELECT id, role, organization_id FROM users WHERE email = ?", (f"{who}@demo.test",)).fetchone()
            rows = db.execute("SELECT id, visibility, organization_id, reporter_id, status, updated_at FROM issues").fetchall()
            labels = {}
            for issue_id, label in db.execute("SELECT issue_id, label FROM issue_labels"):
                labels.setdefault(issue_id, set()).add(label)
        finally:
            db.close()
        visible = [r for r in rows if me[1] in ("cse", "admin") or r[1] == "public" or r[3] == me[0] or
                   (me[1] == "customer" and r[2] == me[2])]
        return me, visible, labels

    def test_every_list_is_what_the_caller_may_see_filtered_in_order(self):
        for who in WHO:
            me, visible, labels = self.everything(who)
            newest_first = [r[0] for r in sorted(visible, key=lambda r: (r[5], r[0]), reverse=True)]
            cases = {"": newest_first,
                     "scope=mine": [i for i in newest_first if next(r for r in visible if r[0] == i)[3] == me[0]],
                     "scope=public": [i for i in newest_first if next(r for r in visible if r[0] == i)[1] == "public"],
                     "status=open": [i for i in newest_first if next(r for r in visible if r[0] == i)[4] in
                                     ("new", "in_progress")],
                     "status=waiting_on_customer": [i for i in newest_first if any(l.startswith("+")
                                                                                   for l in labels.get(i, ()))],
                     "label=P1": [i for i in newest_first if "P1" in labels.get(i, ())]}
            for query, expected in cases.items():
                with self.subTest(who=who, query=query):
                    self.assertEqual(self.ids(who, query), expected)

    def test_search_finds_titles_and_report_fields_as_prefixes_and_without_accents(self):
        def titles(who, q, extra=""):                 # among this class's reports (the demo has its own)
            _, body, _ = self.as_(who, "GET", "/api/issues?q=" + urllib.parse.quote(q) + extra)
            return sorted(i["title"] for i in body["issues"] if i["title"] in self.titles)
        self.assertEqual(titles("premium", "proxy"), ["Confidential proxy outage", "Proxy timeouts at the café"])
        self.assertEqual(titles("cse", "prox"), ["Confidential proxy outage", "Globex proxy handshake",
                                                 "Proxy timeouts at the café"], "a word is a prefix")
        self.assertEqual(titles("community", "cafe"), ["Proxy timeouts at the café"], "accents fold")
        self.assertEqual(titles("community", "squid 504"), ["Proxy timeouts at the café"], "report fields are searched")
        self.assertEqual(titles("community", "Firefox"), [], "a confidential report's fields stay hidden")
        self.assertEqual(titles("community", "kestrel ubuntu"), ["Kestrel charts empty"])
        self.assertEqual(titles("community", "kestrel zebra"), [], "every word must match")
        self.assertEqual(titles("community", "kestrel zebra", "&match=any"), ["Kestrel charts empty"])
        self.assertEqual(titles("community", "报告问题"), ["Emoji 😀 and 报告问题 in titles"])

    def test_search_syntax_is_never_an_error(self):
        for q in ('"', '" OR "a', "NEAR(a b)", "a* AND", "title:proxy", "^proxy", "-proxy", "(((", "*", "%", "\\",
                  "a" * 5000, "💥", "\x00"):
            with self.subTest(q=q[:20]):
                status, body, _ = self.as_("community", "GET", "/api/issues?q=" + urllib.parse.quote(q))
                self.assertEqual(status, 200, body)

    def test_keyset_pages_walk_the_same_list_as_numbered_pages(self):
        for who, sort in (("cse", "updated"), ("premium", "created"), ("community", "deadline"), ("ultimate", "deadline")):
            with self.subTest(who=who, sort=sort):
                whole = self.ids(who, f"sort={sort}")
                walked, after = [], None
                while True:
                    query = f"/api/issues?page_size=4&sort={sort}" + (f"&after={after}" if after else "")
                    status, body, _ = self.as_(who, "GET", query)
                    self.assertEqual(status, 200, body)
                    walked += [i["id"] for i in body["issues"]]
                    after = body.get("next")
                    if not after:
                        break
                self.assertEqual(walked, whole)
                numbered = []
                for page in range(1, len(whole) // 4 + 2):
                    numbered += [i["id"] for i in self.as_(who, "GET", f"/api/issues?page_size=4&sort={sort}&page={page}")[1]["issues"]]
                self.assertEqual(numbered, whole)
        huge = base64.urlsafe_b64encode(json.dumps(["updated", "2027", 2 ** 70]).encode()).decode()
        deep = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode()
        for bad in ("x", "W10", "WyJjcmVhdGVkIiwxXQ", "%00", huge, deep):
            self.assertEqual(self.as_("cse", "GET", f"/api/issues?after={bad}")[0], 400, bad)

    def test_the_search_index_and_the_counts_follow_the_issues_table(self):
        for change in ({"status": "closed"}, {"visibility": "confidential"}, {"visibility": "public", "status": "new"}):
            self.assertEqual(self.as_("cse", "PATCH", "/api/issues/2", change)[0], 200)
        db = sqlite3.connect(self.server.db)
        try:
            kept = set(db.execute("SELECT visibility, status, organization_id, n FROM issue_counts WHERE n > 0"))
            counted = set(db.execute("SELECT visibility, status, COALESCE(organization_id, 0), COUNT(*) FROM issues "
                                     "GROUP BY 1, 2, 3"))
            self.assertEqual(kept, counted)
            indexed = db.execute("SELECT COUNT(*) FROM issues_fts").fetchone()[0]
            self.assertEqual(indexed, db.execute("SELECT COUNT(*) FROM issues").fetchone()[0])
            db.execute("INSERT INTO issues_fts (issues_fts) VALUES ('integrity-check')")   # raises if out of step
            triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            self.assertLessEqual({"issues_fts_insert", "issues_fts_update", "issues_fts_delete"}, triggers)
        finally:
            db.close()


class ListPlans(unittest.TestCase):
    """Every list's statements use an index for their filter and sort: no full scan of issues, no
    temporary B-tree to sort them (checked on the real schema with EXPLAIN QUERY PLAN)."""

    def test_no_list_scans_or_sorts_the_issues_table(self):
        import os
        import shutil
        import tempfile
        from server import issue_lists
        from server.storage import Storage
        folder = tempfile.mkdtemp(prefix="list-plans-")
        self.addCleanup(shutil.rmtree, folder, True)
        storage = Storage(os.path.join(folder, "plans.db"))
        with storage.write() as conn:
            self._seed(conn)
        statements = []
        conn.set_trace_callback(statements.append)
        people = {"cse": {"id": 1, "role": "cse", "organization_id": None},
                  "customer": {"id": 2, "role": "customer", "organization_id": 1},
                  "community": {"id": 3, "role": "community", "organization_id": None}}
        lists = [{}, {"scope": "mine"}, {"scope": "public"}, {"status": "open"}, {"status": "new"}, {"sort": "created"},
                 {"sort": "deadline"}, {"page": "3"}]
        checked = 0
        for who, user in people.items():
            for query in lists + ([{"scope": "org"}] if who == "customer" else []):
                statements.clear()
                issue_lists.list_page(conn, user, dict(query))
                conn.set_trace_callback(None)
                for sql in statements:
                    if "FROM issues i" not in sql or sql.lstrip().startswith("SELECT i.*"):
                        continue
                    checked += 1
                    plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql.replace("?", "NULL")))
                    with self.subTest(who=who, query=query):
                        self.assertNotIn("SCAN i", plan.replace("SCAN i USING", "SEARCH"), sql)
                        self.assertNotIn("TEMP B-TREE", plan, sql)
                conn.set_trace_callback(statements.append)
        conn.close()
        self.assertGreater(checked, 30, "the counts and the pages of every list were checked")

    @staticmethod
    def _seed(conn, count=3000):
        """Enough rows, and statistics, for the planner to choose as it would in production."""
        conn.execute("INSERT INTO organizations (id, name, plan, created_at) VALUES (1, 'Org', 'premium', '2027')")
        for uid, role, org in ((1, "cse", None), (2, "customer", 1), (3, "community", None), (4, "customer", 1)):
            conn.execute("""INSERT INTO users (id, email, name, role, organization_id, password_hash, password_salt,
                            password_iterations, created_at) VALUES (?, ?, 'x', ?, ?, x'00', x'00', 1, '2027')""",
                         (uid, f"u{uid}@x.test", role, org))
        for n in range(count):
            reporter = (2, 3, 4)[n % 3]
            at = f"2027-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"
            conn.execute("""INSERT INTO issues (title, status, visibility, plan, organization_id, reporter_id, created_at,
                            updated_at, reply_owed_by, sla_state, fields_json) VALUES (?, ?, ?, 'premium', ?, ?, ?, ?, ?,
                            'none', '{}')""",
                         (f"issue {n}", ("new", "in_progress", "closed")[n % 3], "confidential" if n % 5 == 0 else "public",
                          None if reporter == 3 else 1, reporter, at, at, at if n % 2 else None))
        conn.execute("ANALYZE")


if __name__ == "__main__":
    unittest.main()
