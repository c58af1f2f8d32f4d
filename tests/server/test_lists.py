"""Lists that stay fast (issue 13): the same answers as a plain filter of everything the caller may
see, q= through FTS5 kept in step by triggers, keyset pages, and an index behind every list."""
import base64
import json
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
        db = self.server.database()
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
        db = self.server.database()
        try:
            kept = set(db.execute("SELECT visibility, status, organization_id, n FROM issue_counts WHERE n > 0"))
            counted = set(db.execute("SELECT visibility, status, COALESCE(organization_id, 0), COUNT(*) FROM issues "
                                     "GROUP BY 1, 2, 3"))
            self.assertEqual(kept, counted)
            if self.server.backend == "postgresql":     # an index over the rows themselves: nothing to fall behind
                self.assertTrue(db.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'issues_search'").fetchone())
                return
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
                 {"sort": "deadline"}, {"page": "3"}, {"status": "waiting_on_customer"}, {"label": "P1"}, {"q": "issue"},
                 {"q": "issue", "sort": "deadline"}]
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
            conn.execute("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?)",
                         (n + 1, "+more info please" if n % 2 else "P1"))     # dense enough to walk the sort's index
        conn.execute("ANALYZE")


class SearchAndLabelLists(unittest.TestCase):
    """Searches and label lists answer exactly what a plain filter of everything the caller may see
    answers (totals, order, keyset and numbered pages), whichever way list_page finds them: fetching
    rare matches by id, one pass over a search's matches with the page looked for in a window of the
    list (grown, or given up for the general way), or a walk of the sort's index testing each row."""

    WORDS = (("alpha", 2), ("alphabet", 9), ("beta", 3), ("gamma", 17), ("delta", 101))   # word, in one issue in n

    @classmethod
    def setUpClass(cls):
        import os
        import random
        import tempfile
        from server.storage import Storage
        cls.folder = tempfile.mkdtemp(prefix="list-sets-")
        cls.conn = Storage(os.path.join(cls.folder, "sets.db")).read()
        rng = random.Random(13)
        with cls.conn:
            cls.conn.execute("BEGIN")
            for org in (1, 2):
                cls.conn.execute("INSERT INTO organizations (id, name, plan, created_at) VALUES (?, ?, 'premium', '2027')",
                                 (org, f"Org {org}"))
            cls.people = {"cse": (1, "cse", None), "customer": (2, "customer", 1), "colleague": (3, "customer", 1),
                          "other org": (4, "customer", 2), "community": (5, "community", None),
                          "other community": (6, "community", None)}
            for uid, role, org in cls.people.values():
                cls.conn.execute("""INSERT INTO users (id, email, name, role, organization_id, password_hash, password_salt,
                                    password_iterations, created_at) VALUES (?, ?, 'x', ?, ?, x'00', x'00', 1, '2027')""",
                                 (uid, f"u{uid}@x.test", role, org))
            for n in range(1, 301):
                uid, role, org = rng.choice(list(cls.people.values())[1:])
                title = " ".join(w for w, every in cls.WORDS if rng.randrange(every) == 0) or "nothing"
                at = f"2027-01-{rng.randrange(1, 6):02d}"           # ties: the id decides
                cls.conn.execute("""INSERT INTO issues (id, title, status, visibility, plan, organization_id, reporter_id,
                                    created_at, updated_at, reply_owed_by, sla_state, fields_json)
                                    VALUES (?, ?, ?, ?, 'premium', ?, ?, ?, ?, ?, 'none', '{}')""",
                                 (n, title, rng.choice(("new", "closed")), rng.choice(("public", "public", "confidential")),
                                  org, uid, f"2027-02-{rng.randrange(1, 6):02d}", at, rng.choice((None, at))))
                for label, every in (("+more info please", 5), ("+logs please", 9), ("P1", 4)):
                    if rng.randrange(every) == 0:
                        cls.conn.execute("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?)", (n, label))
            cls.conn.execute("COMMIT")

    @classmethod
    def tearDownClass(cls):
        import shutil
        cls.conn.close()
        shutil.rmtree(cls.folder, True)

    def expected(self, user, query):
        from server import issue_lists, visibility
        rows = [dict(r) for r in self.conn.execute("SELECT * FROM issues")]
        labels = {}
        for issue_id, label in self.conn.execute("SELECT issue_id, label FROM issue_labels"):
            labels.setdefault(issue_id, set()).add(label)
        keep = [r for r in rows if visibility.can_see_issue(user, r)]
        if query.get("scope") == "public":
            keep = [r for r in keep if r["visibility"] == "public"]
        if query.get("status") == "open":
            keep = [r for r in keep if r["status"] == "new"]
        if query.get("status") == "waiting_on_customer":
            keep = [r for r in keep if any(label.startswith("+") for label in labels.get(r["id"], ()))]
        if query.get("label"):
            keep = [r for r in keep if query["label"] in labels.get(r["id"], ())]
        if query.get("q"):                  # the prefix form, never the expansion into terms
            match = issue_lists.fts_query(query["q"], any_word=query.get("match") == "any")
            found = {r[0] for r in self.conn.execute("SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?", (match,))}
            keep = [r for r in keep if r["id"] in found]
        sort = query.get("sort", "updated")
        if sort == "deadline":
            return [r["id"] for r in sorted(keep, key=lambda r: (r["reply_owed_by"] is None, r["reply_owed_by"] or "", r["id"]))]
        column = "updated_at" if sort == "updated" else "created_at"
        return [r["id"] for r in sorted(keep, key=lambda r: (r[column], r["id"]), reverse=True)]

    def check(self, user, query):
        from server import issue_lists
        expected = self.expected(user, query)
        rows, total, _, _, after = issue_lists.list_page(self.conn, user, dict(query, page_size="500"))
        self.assertEqual(([r["id"] for r in rows], total), (expected, len(expected)))
        walked = []
        while True:
            rows, total, _, _, after = issue_lists.list_page(self.conn, user, dict(query, page_size="9",
                                                                                    **({"after": after} if after else {})))
            self.assertEqual(total, len(expected))
            walked += [r["id"] for r in rows]
            if not after:
                break
        self.assertEqual(walked, expected, "keyset pages")
        rows = issue_lists.list_page(self.conn, user, dict(query, page_size="9", page="3"))[0]
        self.assertEqual([r["id"] for r in rows], expected[18:27], "page 3")

    def test_every_search_and_label_list_is_the_plain_filter_of_what_the_caller_may_see(self):
        from unittest import mock
        from server import issue_lists
        queries = [{"q": "alpha"}, {"q": "alph"}, {"q": "ALPHABET"}, {"q": "beta gamma"}, {"q": "gamma"},
                   {"q": "delta zzz", "match": "any"}, {"q": "alpha beta", "match": "any"}, {"q": "zzz"},
                   {"q": "alpha", "scope": "public"}, {"q": "beta", "status": "open"}, {"q": "alpha", "label": "P1"},
                   {"status": "waiting_on_customer"}, {"label": "P1"}, {"label": "+logs please"}]
        ways = {"as configured": {"DENSE": issue_lists.DENSE}, "one pass, window grown": {"DENSE": 0, "WINDOW": 1},
                "window given up": {"DENSE": 0, "WINDOW": 1, "MAX_WINDOW": 30}, "walk every set": {"DENSE": -1}}
        for way, constants in ways.items():
            with mock.patch.multiple(issue_lists, **constants):
                for who, (uid, role, org) in self.people.items():
                    user = {"id": uid, "role": role, "organization_id": org}
                    for query in queries:
                        for sort in ("updated", "created", "deadline"):
                            with self.subTest(way=way, who=who, query=query, sort=sort):
                                self.check(user, dict(query, sort=sort))


if __name__ == "__main__":
    unittest.main()
