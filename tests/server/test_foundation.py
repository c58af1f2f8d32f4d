import gzip
import unittest

from tests.server.harness import ServerTestCase


class StaticAndHealth(ServerTestCase):
    def test_health_reports_ok_version_and_storage(self):
        status, body, headers = self.server.request("GET", "/api/health")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")
        self.assertRegex(body["version"], r"^\d+\.\d+\.\d+$")
        self.assertTrue(body["storage"]["ok"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("frame-ancestors 'none'", headers["Content-Security-Policy"])

    def test_wasm_is_served_as_application_wasm_and_gzipped_on_request(self):
        status, plain, headers = self.server.request("GET", "/app.wasm")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/wasm")
        self.assertEqual(plain[:4], b"\0asm")
        status, packed, headers = self.server.request("GET", "/app.wasm", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertLess(len(packed), len(plain))
        self.assertEqual(gzip.decompress(packed), plain)
        self.assertEqual(int(headers["X-Decoded-Length"]), len(plain))

    def test_index_revalidates_with_etag(self):
        status, _, headers = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertEqual(headers["Cache-Control"], "no-cache")
        status, body, _ = self.server.request("GET", "/", headers={"If-None-Match": headers["ETag"]})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")

    def test_paths_outside_the_site_and_unknown_files_are_404(self):
        for path in ("/../serve.py", "/%2e%2e/serve.py", "/nope.js", "/assets/../../serve.py"):
            status, _, _ = self.server.request("GET", path)
            self.assertEqual(status, 404, path)

    def test_unknown_api_and_wrong_method_answer_json(self):
        status, body, _ = self.server.request("GET", "/api/nothing-here")
        self.assertEqual((status, body["error"]["code"]), (404, "not_found"))
        status, body, headers = self.server.request("DELETE", "/api/health")
        self.assertEqual(status, 405)
        self.assertIn("GET", headers["Allow"])


if __name__ == "__main__":
    unittest.main()
