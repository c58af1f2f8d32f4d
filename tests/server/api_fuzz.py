"""A small generator of hostile API requests (the standard library only: PyPI is out of reach,
and the server tests run under the stdlib Python). Each request is built from a seeded Random,
so a failure names the seed and the request number that reproduce it.

Values mix what a person sends, what an integration gets wrong and what an attacker tries:
wrong types, empty and huge strings, control and bidi characters, lone surrogates, NaN and
Infinity, integers past 64 bits, deep nesting, invalid UTF-8, and every route's known fields."""
import base64
import json
import random
import urllib.parse

from server import routes


class Raw:
    """Text placed in the JSON body as is: what json.dumps would refuse or rewrite."""
    def __init__(self, text):
        self.text = text


STRINGS = ["", " ", "x", "Zoë Ørsted", "报告.zip", "😀", "\u202eevil", "a\x00b", "\t\n", "<script>alert(1)</script>",
           "' OR 1=1 --", "%", "\\", "P1", "P0", "public", "sensitive", "internal", "confidential", "closed", "new",
           "premium", "ultimate", "free", "managed_cloud", "4.40.0", "fleetd", "osquery", "2027-12-30T18:00:00Z",
           "2027-02-30", "9999-12-31T23:59:59Z", "+more info please", "x" * 300, "é" * 5000, "cse@demo.test",
           "premium@demo.test", "someone@demo.t\u0435st", "demo-password", Raw('"\\ud800"'), Raw('"\\udfff x"'),
           Raw('"\\u0000"')]
NUMBERS = [0, 1, -1, 7, 2 ** 31, 2 ** 63 - 1, 1.5, -0.0, 1e308, Raw(str(2 ** 63)), Raw(str(-(2 ** 63) - 1)),
           Raw("9" * 5000), Raw("1e400"), Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1" + "0" * 30)]
FIELDS = {
    "/api/signup": ["email", "name", "password"],
    "/api/session": ["email", "password"],
    "/api/verify": ["token"],
    "/api/signup/verify": ["token"],
    "/api/sla/quote": ["plan", "impact", "hosting", "at"],
    "/api/issues": ["title", "impact", "fleet_version", "agent", "agent_version", "os", "browser", "expected", "actual",
                    "steps", "total_hosts", "online_hosts", "scheduled_queries", "mysql_replicas", "redis_cluster",
                    "target_date", "confidential", "debug_archive"],
    "comments": ["body", "visibility"],
    "PATCH": ["status", "add_labels", "remove_labels", "visibility", "duplicate_of"],
}
VALID = {
    "/api/sla/quote": {"plan": "premium", "impact": "P1", "at": "2027-01-04T18:00:00Z"},
    "/api/issues": {"title": "Fuzzed report", "impact": "P2", "fleet_version": "4.40.0", "agent": "fleetd",
                    "agent_version": "1.20.0", "os": "macOS 14.4", "browser": "Chrome 124", "expected": "It works.",
                    "actual": "It does not.", "steps": "1. Try."},
    "comments": {"body": "A fuzzed reply", "visibility": "public"},
    "PATCH": {"add_labels": ["fuzz"]},
    "/api/signup": {"email": "fuzz@example.test", "name": "Fuzz", "password": "long enough pw"},
    "/api/session": {"email": "community@demo.test", "password": "demo-password"},
}
BAD_IDS = ["0", "-1", "999999", str(2 ** 63), str(2 ** 64 + 1), "9" * 300, "abc", "1_0", "%2B1", "%00", "%EF%BC%97",
           "1e3", "%F0%9F%98%80", "..%2F..%2Fetc"]
ZIP_UPLOAD = b"PK\x03\x04" + b"\0" * 100
STATIC = ["/", "/index.html", "/app.js", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%00",
          "/x" * 200, "/assets/forms/bug-report.json", "/%ff%fe"]


def encode(value):
    """JSON text of `value`, with Raw pieces inserted verbatim."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(encode(str(k)) + ":" + encode(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


class RequestMaker:
    def __init__(self, seed, issue_ids, attachment_ids, tokens):
        self.rng = random.Random(seed)
        self.issue_ids = issue_ids
        self.attachment_ids = attachment_ids
        self.tokens = tokens                     # role -> token (read at each request: they may be renewed)
        self.routes = [(m, p.pattern[1:-1]) for m, p, _ in routes.ROUTES]
        self.turn = 0

    def value(self, depth=0):
        r = self.rng.random()
        if r < 0.4:
            return self.rng.choice(STRINGS)
        if r < 0.65:
            return self.rng.choice(NUMBERS)
        if r < 0.75:
            return self.rng.choice([True, False, None])
        if depth > 3:
            return self.rng.choice(STRINGS)
        if r < 0.88:
            return [self.value(depth + 1) for _ in range(self.rng.randint(0, 4))]
        obj = {}
        for _ in range(self.rng.randint(0, 3)):
            key = self.rng.choice(STRINGS)
            obj["title" if isinstance(key, Raw) else key] = self.value(depth + 1)
        return obj

    def body(self, kind):
        r = self.rng.random()
        if r < 0.07:
            return self.rng.choice([b"", b"{", b"[]", b'"text"', b"1", b"\xff\xfe{}", b"\xef\xbb\xbf{}", b"{}" * 3,
                                    b"{\"a\":" * 60 + b"1" + b"}" * 60, b"[" * 100000 + b"]" * 100000, b"null"])
        body = dict(VALID.get(kind, {}))
        fields = FIELDS.get(kind, [])
        for _ in range(self.rng.randint(0, 4)):
            key = self.rng.choice(fields) if fields and self.rng.random() < 0.85 else self.rng.choice(STRINGS[:20])
            if isinstance(key, Raw):
                continue
            if self.rng.random() < 0.15:
                body.pop(key, None)
            else:
                body[key] = self.value()
        if kind == "/api/issues" and self.rng.random() < 0.2 and self.attachment_ids:
            body["debug_archive"] = self.rng.choice(self.attachment_ids + [999999])
        return encode(body).encode("utf-8", "surrogatepass")

    def path_id(self, name):
        pool = self.attachment_ids if name == "attachments" else self.issue_ids
        if pool and self.rng.random() < 0.7:
            return str(self.rng.choice(pool))
        return self.rng.choice(BAD_IDS)

    def cursor(self):
        """A list cursor (base64 JSON) holding whatever value() makes."""
        key = [self.rng.choice(["updated", "created", "deadline", "x"])] + [self.value() for _ in range(self.rng.randint(0, 3))]
        return base64.urlsafe_b64encode(encode(key).encode("utf-8", "surrogatepass")).decode().rstrip("=")

    def query(self, path):
        if path == "/api/issues":
            params = {k: self.rng.choice(v) for k, v in (
                ("scope", ["mine", "org", "public", "all", "junk", ""]), ("status", ["open", "new", "waiting_on_customer", "x"]),
                ("q", ["proxy", "zoë", "%", "_", "\"", "a b c", "报告", "' OR 1=1", "x" * 500]),
                ("page", ["1", "2", "0", "-1", "99999999999999999999", "NaN", "1_0"]),
                ("page_size", ["1", "50", "500", "501", "x"]), ("sort", ["updated", "created", "deadline", "x"]),
                ("impact", ["P1", "P9"]), ("label", ["bug", "+more info please"]), ("match", ["any", "all"]),
                ("after", [self.cursor(), self.cursor(), "x", "%00", "W10"]))
                if self.rng.random() < 0.4}
            return "?" + urllib.parse.urlencode(params) if params else ""
        if path == "/api/issues/similar":
            return "?q=" + urllib.parse.quote(str(self.rng.choice([s for s in STRINGS if not isinstance(s, Raw)])))
        if "attachments" in path and self.rng.random() < 0.8:
            return "?filename=" + urllib.parse.quote(self.rng.choice(["debug.zip", "报告.tar.gz", "x.exe", "../../a.zip",
                                                                      "a\x00.zip", ""]))
        return ""

    def next(self):
        """-> (method, path, headers, body bytes or None)"""
        self.turn += 1
        if self.rng.random() < 0.03:
            return "GET", self.rng.choice(STATIC), {}, None
        method, pattern = self.routes[self.turn % len(self.routes)]
        if self.rng.random() < 0.05:
            method = self.rng.choice(["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"])
        path = pattern.replace("(?P<id>[^/]+)", self.path_id("attachments" if "attachments/(" in pattern else "issues"))
        headers = {}
        who = self.rng.choice(list(self.tokens) + [None, "garbage"])
        if who == "garbage":
            headers["Authorization"] = self.rng.choice(["Bearer x", "Basic YWI6Y2Q=", "Bearer " + "a" * 300, "Bearer"])
        elif who:
            headers["Authorization"] = "Bearer " + self.tokens[who]
        body = None
        if "attachments" in path and method == "POST":
            body = self.rng.choice([ZIP_UPLOAD, b"\x1f\x8b" + b"\0" * 100, b"MZ not an archive", b""])
            headers["Content-Type"] = "application/zip"
        elif method in ("POST", "PATCH", "PUT") or self.rng.random() < 0.05:
            kind = "comments" if path.endswith("/comments") else "PATCH" if method == "PATCH" else pattern
            body = self.body(kind)
            headers["Content-Type"] = self.rng.choice(["application/json"] * 8 + ["text/plain", "application/json; charset=utf-8"])
        if method == "POST" and path == "/api/issues" and self.rng.random() < 0.3:
            headers["Idempotency-Key"] = self.rng.choice(["k1", "k2", " ", "x" * 300, "é"])
        return method, path + self.query(path), headers, body
