"""The built web bundle: right MIME types, brotli (precompressed by the build) or gzip,
ETags per encoding and cache headers."""
import gzip
import hashlib
import os
import threading

MIME = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".wasm": "application/wasm", ".ttf": "font/ttf", ".png": "image/png", ".svg": "image/svg+xml",
    ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
}
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".wasm", ".ttf", ".svg", ".txt"}
PREFERENCE = ("br", "gzip")  # on equal q: br is 10-30 % smaller than gzip -9 on this bundle


def accepted_codings(header):
    """{coding: q} from an Accept-Encoding header."""
    accepted = {}
    for part in (header or "").split(","):
        coding, _, params = part.partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        accepted[coding] = q
    return accepted


def etag_matches(if_none_match, etag):
    """If-None-Match against one ETag, with the weak comparison RFC 9110 asks for."""
    if not if_none_match:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return any(t == "*" or t.removeprefix("W/") == etag for t in tags)


class StaticFile:
    __slots__ = ("body", "encoded", "etag", "mime", "cache_control")

    def representation(self, accept_encoding):
        """-> (bytes, Content-Encoding or None, ETag) for a request's Accept-Encoding:
        br, else gzip, else identity (always acceptable to us, even if q=0)."""
        accepted = accepted_codings(accept_encoding)
        best, best_q = None, 0.0
        for coding in PREFERENCE:
            q = accepted.get(coding, accepted.get("*", 0.0))
            if coding in self.encoded and q > best_q:
                best, best_q = coding, q
        if best is None:
            return self.body, None, self.etag
        # A distinct ETag per encoding: caches must never answer a gzip request with br bytes.
        return self.encoded[best], best, self.etag[:-1] + "-" + best + '"'


class StaticSite:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self._cache = {}
        self._lock = threading.Lock()

    def is_built(self):
        return os.path.isfile(os.path.join(self.root, "index.html")) and \
            os.path.isfile(os.path.join(self.root, "app.wasm"))

    def lookup(self, url_path):
        """The file for a URL path, or None. Never leaves the site's folder."""
        relative = url_path.lstrip("/") or "index.html"
        if "\x00" in relative or "\\" in relative:
            return None
        full = os.path.realpath(os.path.join(self.root, relative))
        if not full.startswith(self.root + os.sep) or not os.path.isfile(full):
            return None
        stat = os.stat(full)
        # The build's FILE.br counts only if written after FILE (a stale one is ignored).
        try:
            br_stat = os.stat(full + ".br")
            br = (br_stat.st_mtime_ns, br_stat.st_size) if br_stat.st_mtime_ns >= stat.st_mtime_ns else None
        except OSError:
            br = None
        key = (full, stat.st_mtime_ns, stat.st_size, br)
        with self._lock:
            cached = self._cache.get(full)
            if cached and cached[0] == key:
                return cached[1]
        entry = self._load(full, br is not None)
        with self._lock:
            self._cache[full] = (key, entry)
        return entry

    @staticmethod
    def _load(full, with_br):
        ext = os.path.splitext(full)[1].lower()
        with open(full, "rb") as f:
            body = f.read()
        entry = StaticFile()
        entry.body = body
        entry.mime = MIME.get(ext, "application/octet-stream")
        entry.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        entry.encoded = {}
        if ext in COMPRESSIBLE and with_br:
            try:
                with open(full + ".br", "rb") as f:
                    entry.encoded["br"] = f.read()
            except OSError:
                pass
        if ext in COMPRESSIBLE and len(body) > 1024:
            entry.encoded["gzip"] = gzip.compress(body, 9, mtime=0)
        # Fonts never change under one name; everything else revalidates (cheap 304s).
        entry.cache_control = "public, max-age=604800" if ext == ".ttf" else "no-cache"
        return entry
