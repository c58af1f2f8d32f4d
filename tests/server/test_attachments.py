"""Debug archives (issue 13): only the reporter's organization and staff see them, whatever the
issue's visibility; contents checked by magic number; downloads streamed with a safe name."""
import hashlib
import io
import json
import os
import socket
import tarfile
import time
import unittest
import urllib.parse

from tests.server.harness import REPORT, DemoServerTestCase

ZIP = b"PK\x03\x04" + b"\x00" * 600
GZIP = b"\x1f\x8b\x08\x00" + b"\x00" * 600


def tar_bytes():
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        data = b"hosts: 3\n"
        info = tarfile.TarInfo("fleet/config.yml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


class Attachments(DemoServerTestCase):
    server_args = ("--demo", "--no-rate-limits")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _, issue, _ = cls.server.request("POST", "/api/issues", dict(REPORT, title="Public Acme issue with an archive"),
                                         token=cls.tokens["premium"])
        cls.public = issue["id"]
        cls.archive = cls.upload_as("premium", cls.public, "acme-debug.zip", ZIP)

    @classmethod
    def upload_as(cls, who, issue, name, data, expect=201):
        status, body, _ = cls.server.request("POST", f"/api/issues/{issue}/attachments?filename=" + urllib.parse.quote(name),
                                             raw=data, token=cls.tokens[who],
                                             headers={"Content-Type": "application/octet-stream"})
        assert status == expect, (status, body)
        return body

    def test_a_public_issue_shows_its_files_only_to_the_organization_and_staff(self):
        for who, sees in (("premium", True), ("cse", True), ("ultimate", False), ("community", False)):
            with self.subTest(who=who):
                status, issue, _ = self.as_(who, "GET", f"/api/issues/{self.public}")
                self.assertEqual(status, 200)
                text = json.dumps(issue, ensure_ascii=False)
                listed = [a["id"] for a in issue["attachments"]]
                self.assertEqual(self.archive["id"] in listed, sees)
                self.assertEqual(bool(listed), sees)
                self.assertEqual("acme-debug.zip" in text, sees, "the name is in neither list nor timeline")
                self.assertEqual("attachment_added" in [e["kind"] for e in issue["timeline"]], sees)
                status, _, _ = self.as_(who, "GET", f"/api/attachments/{self.archive['id']}")
                self.assertEqual(status, 200 if sees else 404)

    def test_a_hidden_file_answers_exactly_like_a_missing_one(self):
        hidden = self.as_("community", "GET", f"/api/attachments/{self.archive['id']}")
        missing = self.as_("community", "GET", "/api/attachments/987654")
        self.assertEqual((hidden[0], hidden[1]), (missing[0], missing[1]))
        self.assertEqual(hidden[1]["error"]["message"], "There is no such file.")

    def test_an_issue_made_public_later_keeps_its_files_private(self):
        _, issue, _ = self.file("premium", dict(REPORT, title="Was confidential", confidential=True))
        archive = self.upload_as("premium", issue["id"], "secret.tar.gz", GZIP)
        status, _, _ = self.as_("cse", "PATCH", f"/api/issues/{issue['id']}", {"visibility": "public"})
        self.assertEqual(status, 200)
        status, seen, _ = self.as_("community", "GET", f"/api/issues/{issue['id']}")
        self.assertEqual((status, seen["attachments"]), (200, []))
        self.assertNotIn("secret.tar.gz", json.dumps(seen))
        self.assertEqual(self.as_("community", "GET", f"/api/attachments/{archive['id']}")[0], 404)

    def test_debug_archive_in_a_report_must_be_a_file_the_reporter_may_use(self):
        own = self.archive["id"]
        _, ultimate_issue, _ = self.file("ultimate", dict(REPORT, title="Globex archive holder"))
        other = self.upload_as("ultimate", ultimate_issue["id"], "globex.zip", ZIP)["id"]
        for who, value, ok in (("premium", own, True), ("premium", other, False), ("premium", 999999, False),
                               ("community", own, False), ("ultimate", other, True)):
            with self.subTest(who=who, value=value):
                status, body, _ = self.file(who, dict(REPORT, title="Report naming an archive", debug_archive=value))
                if ok:
                    self.assertEqual(status, 201, body)
                    self.assertEqual(body["fields"]["debug_archive"], value)
                else:
                    self.assertEqual(status, 422, body)
                    self.assertIn("debug_archive", body["error"]["fields"])
        status, body, _ = self.as_("community", "GET", f"/api/issues/{self.public}")
        self.assertNotIn("debug_archive", body["fields"])

    def test_contents_are_checked_by_magic_number(self):
        cases = [("debug.zip", ZIP, 201), ("debug.tar.gz", GZIP, 201), ("debug.tgz", GZIP, 201), ("debug.gz", GZIP, 201),
                 ("debug.tar", tar_bytes(), 201), ("debug.zip", GZIP, 422), ("debug.tar", ZIP, 422),
                 ("debug.zip", b"MZ\x90\x00 not an archive" * 40, 422), ("debug.zip", b"PK", 422),
                 ("debug.tar.gz", b"<html>" + b"x" * 2000, 422)]
        for name, data, expected in cases:
            with self.subTest(name=name, head=data[:6]):
                body = self.upload_as("premium", self.public, name, data, expected)
                if expected == 422:
                    self.assertEqual(body["error"]["code"], "not_an_archive")
                    self.assertIn("debug_archive", body["error"]["fields"])

    def test_non_latin_names_download_with_an_ascii_fallback_and_rfc5987(self):
        archive = self.upload_as("premium", self.public, "报告.zip", ZIP)
        self.assertEqual(archive["filename"], "报告.zip")
        status, data, headers = self.as_("premium", "GET", archive["url"])
        self.assertEqual((status, data), (200, ZIP))
        self.assertEqual(headers["Content-Disposition"],
                         "attachment; filename=\"attachment.zip\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.zip")
        accented = self.upload_as("premium", self.public, "Zoë café.tar.gz", GZIP)
        _, _, headers = self.as_("premium", "GET", accented["url"])
        self.assertIn('filename="Zoe cafe.tar.gz"', headers["Content-Disposition"])
        raw = self._raw_get(archive["url"])
        self.assertEqual(raw.count(b"HTTP/1.1 "), 1, "one status line, one response")
        self.assertTrue(raw.startswith(b"HTTP/1.1 200"))

    def test_large_files_stream_both_ways_unchanged(self):
        data = b"PK\x03\x04" + os.urandom(6 * 1024 * 1024)
        archive = self.upload_as("premium", self.public, "big.zip", data)
        self.assertEqual(archive["size"], len(data))
        status, body, headers = self.as_("premium", "GET", archive["url"])
        self.assertEqual(status, 200)
        self.assertEqual(int(headers["Content-Length"]), len(data))
        self.assertEqual(hashlib.sha256(body).hexdigest(), hashlib.sha256(data).hexdigest())

    def test_a_failure_after_the_headers_closes_the_connection_without_a_second_status_line(self):
        data = b"PK\x03\x04" + b"\x01" * (24 * 1024 * 1024)
        archive = self.upload_as("premium", self.public, "shrinks.zip", data)
        stored = self._stored_path(archive["id"])
        with socket.create_connection((self.server.host, self.server.port), timeout=20) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
            s.sendall(f"GET {archive['url']} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {self.tokens['premium']}\r\n\r\n"
                      .encode())
            head = s.recv(4096)
            self.assertTrue(head.startswith(b"HTTP/1.1 200"), head[:40])
            time.sleep(0.5)                              # the server is blocked on a full socket buffer
            with open(stored, "r+b") as f:
                f.truncate(1024 * 1024)                  # the file shrinks under the download
            received = [head]
            while True:
                chunk = s.recv(1024 * 1024)
                if not chunk:
                    break
                received.append(chunk)
        raw = b"".join(received)
        self.assertEqual(raw.count(b"HTTP/1.1 "), 1, "no second status line after the first one's headers")
        self.assertLess(len(raw), len(data), "the connection closed short of Content-Length")
        self.assertEqual(self.server.request("GET", "/api/health")[0], 200)

    def _stored_path(self, attachment_id):
        db = self.server.database()
        name = db.execute("SELECT stored_name FROM attachments WHERE id = ?", (attachment_id,)).fetchone()[0]
        db.close()
        return os.path.join(self.server.dir, "attachments", name)

    def _raw_get(self, path):
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      f"Authorization: Bearer {self.tokens['premium']}\r\n\r\n".encode())
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)


if __name__ == "__main__":
    unittest.main()
