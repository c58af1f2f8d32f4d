"""The built web bundle: right MIME types, gzip for large files, ETags and cache headers."""
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


class StaticFile:
    __slots__ = ("body", "gzipped", "etag", "mime", "cache_control")


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
        key = (full, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(full)
            if cached and cached[0] == key:
                return cached[1]
        entry = self._load(full)
        with self._lock:
            self._cache[full] = (key, entry)
        return entry

    @staticmethod
    def _load(full):
        ext = os.path.splitext(full)[1].lower()
        with open(full, "rb") as f:
            body = f.read()
        entry = StaticFile()
        entry.body = body
        entry.mime = MIME.get(ext, "application/octet-stream")
        entry.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        entry.gzipped = gzip.compress(body, 9, mtime=0) if ext in COMPRESSIBLE and len(body) > 1024 else None
        # Fonts never change under one name; everything else revalidates (cheap 304s).
        entry.cache_control = "public, max-age=604800" if ext == ".ttf" else "no-cache"
        return entry
