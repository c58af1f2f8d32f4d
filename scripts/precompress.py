#!/usr/bin/python3
"""Writes FILE.br next to every compressible file of the built site, for the server to
send to browsers that accept brotli (it only reads them: the server needs no brotli).

    /usr/bin/python3 scripts/precompress.py SITE_DIR

Redoes only files whose bytes changed since their .br; removes .br files whose source is gone or
that would not be smaller. Needs Debian's python3-brotli (/usr/bin/python3).
"""
import os
import sys

try:
    import brotli
except ImportError:
    sys.exit(f"error: brotli is not importable by {sys.executable}; install Debian's python3-brotli "
             "(bash scripts/install.sh) and run this script with /usr/bin/python3")

# Keep in step with COMPRESSIBLE in server/static_files.py.
MODES = {".wasm": brotli.MODE_GENERIC, ".ttf": brotli.MODE_FONT, ".js": brotli.MODE_TEXT,
         ".json": brotli.MODE_TEXT, ".html": brotli.MODE_TEXT, ".css": brotli.MODE_TEXT,
         ".svg": brotli.MODE_TEXT, ".txt": brotli.MODE_TEXT}


def unchanged(packed_path, body):
    with open(packed_path, "rb") as f:
        try:
            return brotli.decompress(f.read()) == body
        except brotli.error:
            return False


def precompress(site):
    written = 0
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".br"):
                if not os.path.isfile(path[:-3]):
                    os.remove(path)
                continue
            mode = MODES.get(os.path.splitext(name)[1].lower())
            if mode is None:
                continue
            packed_path = path + ".br"
            if os.path.isfile(packed_path) and os.stat(packed_path).st_mtime_ns >= os.stat(path).st_mtime_ns:
                continue
            with open(path, "rb") as f:
                body = f.read()
            if os.path.isfile(packed_path) and unchanged(packed_path, body):
                os.utime(packed_path)  # the site step copies web/ anew each build: same bytes, newer file
                continue
            packed = brotli.compress(body, mode=mode, quality=11)
            if len(packed) >= len(body):
                if os.path.exists(packed_path):
                    os.remove(packed_path)
                continue
            temporary = packed_path + ".tmp"
            with open(temporary, "wb") as f:
                f.write(packed)
            os.replace(temporary, packed_path)
            written += 1
    return written


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.exit("usage: /usr/bin/python3 scripts/precompress.py SITE_DIR")
    print(f"brotli: {precompress(argv[1])} file(s) compressed in {argv[1]}")


if __name__ == "__main__":
    main(sys.argv)
