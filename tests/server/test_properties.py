"""Properties over every endpoint (issue 13): whatever arrives, the answer is never a 5xx, and a
4xx never changes the database or the stored files.

Bounded by PORTAL_FUZZ_SECONDS (default 4) so the default run stays short; a longer run:
    PORTAL_FUZZ_SECONDS=600 python3 -m unittest tests.server.test_properties
PORTAL_FUZZ_SEED replays a run; a failure prints the seed and the request."""
import hashlib
import http.client
import os
import random
import time
import unittest

from tests.server.api_fuzz import ZIP_UPLOAD, RequestMaker
from tests.server.harness import REPORT, DemoServerTestCase, sign_in

# Bookkeeping a refused request is meant to write: sign-in failures are what slow an attacker down.
BOOKKEEPING = {"sign_in_failures"}


def snapshot(db, tables, attachment_dir):
    """A digest of every table's rows (bookkeeping aside) and of the stored files' names."""
    return {k: v.hexdigest() for k, v in table_digests(db, tables, attachment_dir).items()}


def table_digests(db, tables, attachment_dir):
    digests = {}
    for table in tables:
        if table in BOOKKEEPING or "_fts" in table:        # FTS shadow tables mirror the issues table
            continue
        digest = digests[table] = hashlib.sha256()
        for row in sorted(repr(tuple(row)) for row in db.execute(f'SELECT * FROM "{table}"')):
            digest.update(row.encode("utf-8", "surrogatepass"))
    digests["files"] = hashlib.sha256(repr(sorted(os.listdir(attachment_dir))).encode())
    return digests


class EveryEndpoint(DemoServerTestCase):
    maxDiff = None
    server_args = ("--demo", "--no-rate-limits")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        status, issue, _ = cls.server.request("POST", "/api/issues", REPORT, token=cls.tokens["premium"])
        assert status == 201, issue
        status, archive, _ = cls.server.request("POST", f"/api/issues/{issue['id']}/attachments?filename=a.zip",
                                                raw=ZIP_UPLOAD, token=cls.tokens["premium"])
        assert status == 201, archive
        cls.issue_ids = list(range(1, issue["id"] + 1))
        cls.attachment_ids = [archive["id"]]
        cls.site_built = cls.server.request("GET", "/index.html")[0] != 503   # else pages say "build it" (503)

    def send(self, method, path, headers, body):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def test_no_request_gets_a_5xx_and_no_refused_request_changes_anything(self):
        seconds = float(os.environ.get("PORTAL_FUZZ_SECONDS", "4"))
        seed = int(os.environ.get("PORTAL_FUZZ_SEED") or random.randrange(2 ** 32))
        tokens = dict(self.tokens)
        maker = RequestMaker(seed, self.issue_ids, self.attachment_ids, tokens)
        attachment_dir = os.path.join(self.server.dir, "attachments")
        tables, db = self.server.table_names(), self.server.database()     # one connection: reads see each commit
        self.addCleanup(db.close)
        before = snapshot(db, tables, attachment_dir)
        counts, deadline = {}, time.monotonic() + seconds
        # For `seconds`, and at least twice as many requests as there are routes: a busy machine takes longer,
        # it does not fail.
        while time.monotonic() < deadline or sum(counts.values()) <= 2 * len(maker.routes):
            method, path, headers, body = maker.next()
            where = f"seed {seed}, request {maker.turn}: {method} {path[:120]} {headers} {(body or b'')[:200]!r}"
            status = self.send(method, path, headers, body)
            if not (status == 503 and not self.site_built and not path.startswith("/api/")):
                self.assertLess(status, 500, where)
            after = snapshot(db, tables, attachment_dir)
            if 400 <= status < 500:
                self.assertEqual(after, before, f"a {status} changed the database: {where}")
            counts[status] = counts.get(status, 0) + 1
            if method == "DELETE" and path.startswith("/api/session") and status == 200:
                self._renew(tokens, headers)            # signed out for real: sign that role back in
                after = snapshot(db, tables, attachment_dir)
            before = after
        self.assertTrue(any(400 <= s < 500 for s in counts), counts)
        self.assertNotIn("Traceback", self.server.log())

    def _renew(self, tokens, headers):
        for who, token in tokens.items():
            if headers.get("Authorization") == "Bearer " + token:
                tokens[who] = sign_in(self.server, f"{who}@demo.test")


if __name__ == "__main__":
    unittest.main()
