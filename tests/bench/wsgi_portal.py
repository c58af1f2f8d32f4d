"""The portal's routes as a WSGI callable, only to measure the hand-written HTTP server against
gunicorn and waitress (tests/bench/server_compare.py). The same PortalHandler code answers: this
adapter swaps the socket for a WSGI environ and the wire writes for a captured response.

    PORTAL_DB=path/to/portal.db gunicorn --chdir ROOT tests.bench.wsgi_portal:application"""
import email.message
import os
import sys
import threading

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from server.app import PortalApp, PortalHandler  # noqa: E402


class _Server:
    """What a handler asks of its server: the app and the log; deadlines are the WSGI server's job."""
    def __init__(self, app):
        self.app, self.log, self.trusted_proxy = app, app.log, None
        self.route_slots = threading.BoundedSemaphore(1024)    # the WSGI server bounds its own threads

    def enter(self, sock, phase, seconds):
        pass

    def extend(self, sock, seconds):
        pass


class WsgiHandler(PortalHandler):
    def __init__(self, environ, server):          # no socket: BaseHTTPRequestHandler.__init__ is skipped
        self.server, self.connection = server, None
        self.command = environ["REQUEST_METHOD"]
        query = environ.get("QUERY_STRING", "")
        self.path = environ.get("PATH_INFO", "/") + ("?" + query if query else "")
        self.client_address = (environ.get("REMOTE_ADDR", ""), 0)
        self.headers = email.message.Message()
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                self.headers[key[5:].replace("_", "-").title()] = value
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                self.headers[key.replace("_", "-").title()] = environ[key]
        self.rfile = environ["wsgi.input"]
        self.file_wrapper = environ.get("wsgi.file_wrapper")
        self.close_connection, self.headers_sent, self._body_consumed = False, False, False
        self.status, self.out_headers, self.body = "500 Internal Server Error", [], [b""]

    def _start(self, status, content_type, length, headers):
        self.status = f"{status} {self.responses.get(status, ('',))[0]}"
        self.out_headers = [*self.SECURITY_HEADERS.items(), ("Content-Type", content_type),
                            ("Content-Length", str(length)), *(headers or {}).items()]
        self.headers_sent = True

    def send_bytes(self, status, body, content_type, headers=None):
        self._start(status, content_type, len(body), headers)
        self.body = [body] if self.command != "HEAD" else [b""]

    def send_file(self, status, path, size, content_type, headers=None):
        f = open(path, "rb")
        self._start(status, content_type, size, headers)
        self.body = self.file_wrapper(f, 64 * 1024) if self.file_wrapper else iter(lambda: f.read(64 * 1024), b"")

    def send_response(self, code, message=None):  # the 304 path of serve_static
        self._start(code, "", 0, None)
        self.out_headers = [h for h in self.out_headers if h[0] != "Content-Type"]

    def send_header(self, key, value):
        if key != "Content-Length":
            self.out_headers.append((key, value))

    def end_headers(self):
        self.headers_sent = True

    def discard_unsent_response(self):
        self.out_headers = []

    def log_request_line(self):
        pass                                      # the WSGI server writes its own access log

    def read_body(self, limit):
        size = self.body_size(limit)
        self._body_consumed = True
        return self.rfile.read(size) if size else b""

    def body_chunks(self, limit, chunk=64 * 1024):
        left = self.body_size(limit)
        self._body_consumed = True
        while left:
            data = self.rfile.read(min(chunk, left))
            if not data:
                raise ConnectionError("body cut short")
            left -= len(data)
            yield data


def make_application():
    app = PortalApp(ROOT, os.path.join(ROOT, "build-wasm", "site"), os.environ["PORTAL_DB"],
                    os.path.join(ROOT, "build", "libportal.so"))
    app.limits.enabled = False
    server = _Server(app)

    def application(environ, start_response):
        handler = WsgiHandler(environ, server)
        handler.dispatch()
        start_response(handler.status, handler.out_headers)
        return handler.body
    return application


_application, _lock = None, threading.Lock()


def application(environ, start_response):
    global _application                          # built in the worker after the fork, not in the arbiter
    with _lock:
        if _application is None:
            _application = make_application()
    return _application(environ, start_response)
