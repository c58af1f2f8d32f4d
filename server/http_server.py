"""HTTP/1.1 with the limits http.server lacks: caps on connections overall and per client
address, deadlines per phase of a request enforced by a reaper (connections.py; a socket
timeout alone lets a trickling client hold a thread forever), body limits checked before
reading, files streamed from disk, TCP_NODELAY, JSON errors and one log line per request."""
import http.server
import ipaddress
import json
import collections
import contextlib
import socket
import sys
import threading
import time

from .connections import ACTIVE, HEADERS, IDLE, ConnectionTable
from .errors import ApiError

MAX_CONNECTIONS = 64
MAX_PER_ADDRESS = 12               # well below the global cap: a browser opens about 6 per host
REQUEST_DEADLINE = 20.0            # seconds for one request's handling and small body
HEADER_DEADLINE = 5.0              # seconds from a request's first byte to the end of its headers
IDLE_KEEPALIVE = 15.0              # seconds a kept-alive connection may sit idle (less under pressure)
MIN_UPLOAD_RATE = 64 * 1024        # bytes/s a large body must keep up
SOCKET_TIMEOUT = 10.0
DRAIN_LIMIT = 1024 * 1024           # an unread body up to this size is drained, not left for the next request
# Routes run at most this many at a time per process; the rest of a connection's life (headers,
# bodies, replies on the wire) does not count. Every SQLite step hands the GIL over: with 32 threads
# queued for it each handover was a context switch, and one process served 131 lists a second at 32
# clients against 415 at one (tests/bench/workers_load.py); with the slots, 338.
ACTIVE_ROUTES = 4


class FairSlots:
    """A semaphore that hands a freed slot to the longest waiter (threading's lets a newcomer take
    it first, which left some requests waiting through many others' turns: a long p99)."""

    def __init__(self, count):
        self._free = count
        self._waiters = collections.deque()
        self._lock = threading.Lock()

    def acquire(self):
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()                     # released by the holder that hands us its slot

    def release(self):
        with self._lock:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._free += 1


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

    def __init__(self, address, handler_class, app, log=sys.stderr, sock=None):
        super().__init__(address, handler_class, bind_and_activate=sock is None)
        if sock is not None:                   # a worker: the socket its supervisor listens on
            self.socket.close()
            # Non-blocking: every worker's select() wakes for a connection one of them takes; a blocking
            # accept() in the others would wait for the next one, deaf to shutdown (SIGTERM hung).
            sock.setblocking(False)
            self.socket = sock
            self.server_address = sock.getsockname()
        self.app = app
        self.log = log
        self.request_deadline = REQUEST_DEADLINE
        self.header_deadline = HEADER_DEADLINE
        self.trusted_proxy = None          # the reverse proxy whose X-Forwarded-For is believed
        self.connections = ConnectionTable(MAX_CONNECTIONS, MAX_PER_ADDRESS)
        self.route_slots = FairSlots(ACTIVE_ROUTES)

    def first_byte_deadline(self):
        return min(self.header_deadline, self.request_deadline)

    def enter(self, sock, phase, seconds):
        self.connections.enter(sock, phase, seconds)

    def extend(self, sock, seconds):
        self.connections.extend(sock, seconds)

    # -- connection caps ------------------------------------------------------
    REFUSALS = {"busy": "The server is busy; try again in a moment.",
                "address": "Too many connections from your address; close some and try again."}

    def process_request(self, request, client_address):
        address = client_address[0]
        refused = self.connections.admit(request, address, self.first_byte_deadline(),
                                         exempt=self.trusted_proxy is not None and address == self.trusted_proxy)
        if refused:
            body = _json_bytes({"error": {"code": "busy", "message": self.REFUSALS[refused]}})
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                b"Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                                str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.release(request)
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release(request)

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

    _in_slot = False

    @contextlib.contextmanager
    def route_slot(self):
        """Runs a route's work in one of the process's slots (ACTIVE_ROUTES)."""
        self.server.route_slots.acquire()
        self._in_slot = True
        try:
            yield
        finally:
            if self._in_slot:
                self._in_slot = False
                self.server.route_slots.release()

    @contextlib.contextmanager
    def off_slot(self):
        """Network waits inside a route (reading its body) give the slot to others meanwhile, and a
        pooled database connection back (else threads holding connections while they wait for a
        slot, and threads in slots waiting for a connection, would wait on each other)."""
        held = self._in_slot and self.server.app.storage.release_idle()
        if held:
            self._in_slot = False
            self.server.route_slots.release()
        try:
            yield
        finally:
            if held:
                self.server.route_slots.acquire()
                self._in_slot = True

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection.settimeout(SOCKET_TIMEOUT)

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def _await_request(self):
        """Waits, idle, for the next request's first byte; then its headers have a short deadline."""
        try:
            if not self.rfile.peek(1):
                return False
        except (ConnectionError, TimeoutError, OSError, ValueError):
            return False
        self.server.enter(self.connection, HEADERS, self.server.first_byte_deadline())
        return True

    def parse_request(self):
        ok = super().parse_request()
        if ok:
            self.server.enter(self.connection, ACTIVE, self.server.request_deadline)
        return ok

    def handle_one_request(self):
        self._status = 0
        self._sent = 0
        self._body_consumed = False
        self.headers_sent = False
        if not self._await_request():
            self.close_connection = True
            return
        self._started = time.monotonic()
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
        finally:
            self.server.enter(self.connection, IDLE, IDLE_KEEPALIVE)   # kept alive, and first to give way

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
            with self.off_slot():
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
        with self.off_slot():
            body = self.rfile.read(size)
        if len(body) != size:
            self.close_connection = True
            raise ConnectionError("body cut short")
        return body
