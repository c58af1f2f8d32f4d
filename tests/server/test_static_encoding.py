"""Content negotiation of the web bundle over real HTTP: the build's precompressed .br,
else gzip, else identity, each with its own ETag; the bytes decode to the original.
The server never imports brotli; this test decodes br only if brotli is importable
(Debian's /usr/bin/python3 with python3-brotli), and checks the bytes served otherwise."""
import gzip
import os
import shutil
import tempfile
import time
import unittest

from tests.server.harness import ROOT, RunningServer

try:
    import brotli
except ImportError:
    brotli = None

SCRIPT = b"console.log('served precompressed');\n" * 60
# brotli.compress(SCRIPT, quality=11, mode=MODE_TEXT), fixed so no brotli is needed here.
SCRIPT_BR = bytes.fromhex("1bab08e01da9539fbbc60895de276c7072d285ec2ccb50de60030e9c0289388305ed70358915bbc144f81158db16ebcae541000004")
STYLE = b"body { margin: 0; }\n" * 80


class Negotiation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = tempfile.mkdtemp(prefix="portal-site-")
        files = {"index.html": b"<!doctype html><title>t</title>\n", "app.wasm": b"\0asm\1\0\0\0",
                 "app.js": SCRIPT, "app.js.br": SCRIPT_BR, "styles.css": STYLE, "stale.css": STYLE,
                 "stale.css.br": b"not the current stale.css"}
        for name, body in files.items():
            with open(os.path.join(cls.site, name), "wb") as f:
                f.write(body)
        # stale.css changed after its .br was written: the .br must be ignored.
        later = time.time() + 60
        os.utime(os.path.join(cls.site, "stale.css"), (later, later))
        cls.server = RunningServer("--site", cls.site).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.site, ignore_errors=True)

    def get(self, path, accept=None, **headers):
        if accept is not None:
            headers["Accept-Encoding"] = accept
        status, body, h = self.server.request("GET", path, headers=headers)
        self.assertEqual(status, 200)
        self.assertEqual(h["Vary"], "Accept-Encoding")
        return status, body, h

    def assert_decodes(self, body, encoding, original):
        if encoding == "br":
            self.assertEqual(body, SCRIPT_BR)  # the build's bytes, as they are
            if brotli is not None:
                self.assertEqual(brotli.decompress(body), original)
        elif encoding == "gzip":
            self.assertEqual(gzip.decompress(body), original)
        else:
            self.assertEqual(body, original)

    def test_br_when_accepted_gzip_then_identity(self):
        for accept, expected in (("gzip, deflate, br", "br"), ("br", "br"), ("BR;q=1.0", "br"), ("*", "br"),
                                 ("gzip, deflate", "gzip"), ("br;q=0, gzip", "gzip"), ("br;q=0.5, gzip", "gzip"),
                                 ("identity", None), ("", None), (None, None), ("br;q=0, gzip;q=0", None),
                                 ("*;q=0", None)):
            with self.subTest(accept=accept):
                _, body, h = self.get("/app.js", accept)
                self.assertEqual(h["Content-Encoding"], expected)
                self.assertEqual(h["Content-Type"], "text/javascript; charset=utf-8")
                self.assertEqual(int(h["Content-Length"]), len(body))
                if expected:
                    self.assertEqual(int(h["X-Decoded-Length"]), len(SCRIPT))
                self.assert_decodes(body, expected, SCRIPT)

    def test_each_encoding_has_its_own_etag_and_revalidates(self):
        etags = {}
        for accept in ("br", "gzip", "identity"):
            _, _, h = self.get("/app.js", accept)
            etags[accept] = h["ETag"]
        self.assertEqual(len(set(etags.values())), 3, etags)
        self.assertTrue(all(e.startswith('"') and e.endswith('"') for e in etags.values()), etags)
        for accept, etag in etags.items():
            status, body, h = self.server.request("GET", "/app.js", headers={"Accept-Encoding": accept,
                                                                             "If-None-Match": etag})
            self.assertEqual((status, body, h["ETag"]), (304, b"", etag))
            status, _, _ = self.server.request("GET", "/app.js", headers={"Accept-Encoding": accept,
                                                                          "If-None-Match": "W/" + etag + ', "x"'})
            self.assertEqual(status, 304)
        # A cached br copy is not "the same" for a client that now asks for gzip only.
        status, body, h = self.server.request("GET", "/app.js", headers={"Accept-Encoding": "gzip",
                                                                         "If-None-Match": etags["br"]})
        self.assertEqual((status, h["Content-Encoding"]), (200, "gzip"))
        self.assertEqual(gzip.decompress(body), SCRIPT)

    def test_without_a_br_file_gzip_and_a_stale_br_file_is_ignored(self):
        for path in ("/styles.css", "/stale.css"):
            with self.subTest(path=path):
                _, body, h = self.get(path, "gzip, deflate, br")
                self.assertEqual(h["Content-Encoding"], "gzip")
                self.assertEqual(gzip.decompress(body), STYLE)

    def test_small_files_without_br_are_sent_as_they_are(self):
        _, body, h = self.get("/index.html", "gzip, br")
        self.assertIsNone(h["Content-Encoding"])
        self.assertEqual(body, b"<!doctype html><title>t</title>\n")

    def test_head_announces_the_encoded_length(self):
        status, body, h = self.server.request("HEAD", "/app.js", headers={"Accept-Encoding": "br"})
        self.assertEqual((status, body, h["Content-Encoding"]), (200, b"", "br"))
        self.assertEqual(int(h["Content-Length"]), len(SCRIPT_BR))


SITE = os.environ.get("PORTAL_SITE_DIR") or os.path.join(ROOT, "build-wasm", "site")


@unittest.skipUnless(os.path.isfile(os.path.join(SITE, "app.wasm.br")), f"no brotli build in {SITE}")
class BuiltSite(unittest.TestCase):
    """The real bundle: every file the build precompressed is served as br and decodes back."""

    @classmethod
    def setUpClass(cls):
        cls.server = RunningServer("--site", SITE).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_precompressed_files_decode_to_the_originals(self):
        checked = 0
        for folder, _, names in os.walk(SITE):
            for name in names:
                if not name.endswith(".br"):
                    continue
                full = os.path.join(folder, name[:-3])
                with open(full, "rb") as f:
                    original = f.read()
                path = "/" + os.path.relpath(full, SITE).replace(os.sep, "/")
                conn = self.server.connection()  # raw: .json bodies arrive encoded
                conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
                resp = conn.getresponse()
                status, body, h = resp.status, resp.read(), resp.headers
                conn.close()
                self.assertEqual((status, h["Content-Encoding"]), (200, "br"), path)
                self.assertLess(len(body), len(original), path)
                self.assertEqual(int(h["X-Decoded-Length"]), len(original), path)
                if brotli is not None:
                    self.assertEqual(brotli.decompress(body), original, path)
                checked += 1
        self.assertGreater(checked, 0)


if __name__ == "__main__":
    unittest.main()
