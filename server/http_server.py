"""HTTP/1.1 with the limits http.server lacks: a cap on connections, a deadline per
request enforced by a reaper (a socket timeout alone lets a trickling client hold a
thread forever), body limits checked before reading, TCP_NODELAY, JSON errors and
one log line per request."""
import http.server
import ipaddress
import json
import socket
import sys
import threading
import time

from .errors import ApiError

MAX_CONNECTIONS = 64
REQUEST_DEADLINE = 20.0            # seconds for one request's headers and small body
IDLE_KEEPALIVE = 15.0              # seconds a kept-alive connection may sit idle
MIN_UPLOAD_RATE = 64 * 1024        # bytes/s a large body must keep up
SOCKET_TIMEOUT = 10.0
DRAIN_LIMIT = 1024 * 1024           # an unread body up to this size is drained, not left for the next request


class FileBody:
    """A route's reply body that is a file on disk, sent in chunks by send_file."""
    def __init__(self, path, size, content_type):
        self.path, self.size, self.content_type = path, size, content_type


def _json_bytes(payload):
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class PortalHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address, handler_class, app, log=sys.stderr):
        super().__init__(address, handler_class)
        self.app = app
        self.log = log
        self.request_deadline = REQUEST_DEADLINE
        self.trusted_proxy = None          # the reverse proxy whose X-Forwarded-For is believed
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._deadlines = {}
        self._deadline_lock = threading.Lock()
        threading.Thread(target=self._reap, name="deadline-reaper", daemon=True).start()

    # -- deadlines ----------------------------------------------------------
    def arm(self, sock, seconds):
        with self._deadline_lock:
            self._deadlines[sock] = time.monotonic() + seconds

    def extend(self, sock, seconds):
        with self._deadline_lock:
            if sock in self._deadlines:
                self._deadlines[sock] += seconds

    def disarm(self, sock):
        with self._deadline_lock:
            self._deadlines.pop(sock, None)

    def _reap(self):
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            with self._deadline_lock:
                overdue = [s for s, at in self._deadlines.items() if at < now]
                for s in overdue:
                    del self._deadlines[s]
            for s in overdue:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    # -- connection cap -------------------------------------------------------
    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            body = _json_bytes({"error": {"code": "busy", "message": "The server is busy; try again in a moment."}})
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                b"Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                                str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address):
        kind = sys.exc_info()[0]
        if kind and issubclass(kind, (ConnectionError, TimeoutError, OSError)):
            return                         # a client that hung up is not news
        self.log.write(f"{client_address[0]} connection error: {kind.__name__ if kind else 'unknown'}\n")


class BaseHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FleetSupportPortal"
    sys_version = ""

    SECURITY_HEADERS = {
        "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                                   "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                                   "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection.settimeout(SOCKET_TIMEOUT)
        self.server.arm(self.connection, self.server.request_deadline)

    def finish(self):
        self.server.disarm(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def handle_one_request(self):
        self._started = time.monotonic()
        self._status = 0
        self._sent = 0
        self._body_consumed = False
        self.headers_sent = False
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
        finally:
            # The next request on this connection gets the idle time plus its own deadline.
            self.server.arm(self.connection, IDLE_KEEPALIVE + self.server.request_deadline)

    def client_ip(self):
        """The client's address: the socket's peer, or, when the peer is the trusted proxy,
        the last X-Forwarded-For hop (the one that proxy added; earlier hops are the client's say)."""
        peer = self.client_address[0]
        if not self.server.trusted_proxy or peer != self.server.trusted_proxy or getattr(self, "headers", None) is None:
            return peer
        hops = [h.strip() for value in self.headers.get_all("X-Forwarded-For") or [] for h in value.split(",")]
        try:
            return str(ipaddress.ip_address(hops[-1])) if hops else peer
        except ValueError:
            return peer

    def log_message(self, fmt, *args):
        pass                               # replaced by log_request_line

    def log_request_line(self):
        ms = (time.monotonic() - self._started) * 1000
        path = self.path.split("?", 1)[0]
        self.server.log.write(f"{self.client_ip()} {self.command} {path} {self._status} "
                              f"{self._sent}B {ms:.1f}ms\n")
        self.server.log.flush()

    # -- replies --------------------------------------------------------------
    def _settle_unread_body(self):
        """A body the handler never read (an early 401, say) must not be parsed as the
        next request on this connection: read and drop a small one, else close."""
        if self._body_consumed or self.close_connection or not hasattr(self, "headers") or self.headers is None:
            return
        self._body_consumed = True
        length = (self.headers.get("Content-Length") or "").strip()
        if self.headers.get_all("Transfer-Encoding") or (length and not length.isdigit()):
            self.close_connection = True
        elif length and int(length) > 0:
            if int(length) > DRAIN_LIMIT:
                self.close_connection = True
            else:
                self.rfile.read(int(length))

    def send_bytes(self, status, body, content_type, headers=None):
        self._settle_unread_body()
        self.send_response(status)
        for k, v in self.SECURITY_HEADERS.items():
            self.send_header(k, v)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self._status = status
        self._sent = len(body)

    def end_headers(self):
        super().end_headers()
        self.headers_sent = True             # from here on a failure can only close the connection

    def discard_unsent_response(self):
        """Forget a status line and headers that were buffered but not sent (a header that
        could not be encoded, say), so an error reply is the only response on the wire."""
        if getattr(self, "_headers_buffer", None):
            self._headers_buffer = []

    def send_file(self, status, path, size, content_type, headers=None):
        """Streams a file from disk in chunks (socket.sendfile): memory stays flat whatever its size."""
        self._settle_unread_body()
        with open(path, "rb") as f:          # opened first: a missing file is an error before any header
            self.send_response(status)
            for k, v in self.SECURITY_HEADERS.items():
                self.send_header(k, v)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(size))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self._status = status
            if self.command == "HEAD":
                return
            self.server.extend(self.connection, size / MIN_UPLOAD_RATE)
            self.wfile.flush()
            sent = self.connection.sendfile(f, 0, size)
            self._sent = sent
            if sent != size:
                raise ConnectionError("file changed while it was sent")

    def send_json(self, status, payload, headers=None):
        merged = {"Cache-Control": "no-store"}
        merged.update(headers or {})
        self.send_bytes(status, _json_bytes(payload), "application/json; charset=utf-8", merged)

    def send_error(self, code, message=None, explain=None):
        # http.server's own errors (bad request line, headers too long...) as JSON too.
        self.close_connection = True
        try:
            self.send_json(code, {"error": {"code": "http_error", "message": message or "Bad request."}})
        except OSError:
            pass

    # -- request bodies -------------------------------------------------------
    def body_size(self, limit):
        """The declared body size after checking the framing headers; 0 when there is none."""
        if self.headers.get_all("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(400, "transfer_encoding", "Send the body with a Content-Length, not Transfer-Encoding.")
        lengths = self.headers.get_all("Content-Length") or []
        if len(set(v.strip() for v in lengths)) > 1:
            self.close_connection = True
            raise ApiError(400, "content_length", "The request has conflicting Content-Length headers.")
        if not lengths:
            return 0
        text = lengths[0].strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            self.close_connection = True
            raise ApiError(400, "content_length", "Content-Length must be a whole number of bytes.")
        size = int(text)
        if size > limit:
            self.close_connection = True   # the unread body must not be taken for the next request
            raise ApiError(413, "too_large", f"The body is larger than the limit of {limit} bytes.")
        return size

    def body_chunks(self, limit, chunk=64 * 1024):
        """Yields the body in chunks of at most `chunk` bytes: a large upload never sits in memory.
        A consumer that stops early must set close_connection (the rest is unread)."""
        size = self.body_size(limit)
        self._body_consumed = True
        self.server.extend(self.connection, size / MIN_UPLOAD_RATE)
        left = size
        while left:
            data = self.rfile.read(min(chunk, left))
            if not data:
                self.close_connection = True
                raise ConnectionError("body cut short")
            left -= len(data)
            yield data

    def read_body(self, limit):
        size = self.body_size(limit)
        self._body_consumed = True
        if not size:
            return b""
        self.server.extend(self.connection, size / MIN_UPLOAD_RATE)
        body = self.rfile.read(size)
        if len(body) != size:
            self.close_connection = True
            raise ConnectionError("body cut short")
        return body
