"""A real SMTP server for tests, on the standard library: speaks enough ESMTP for smtplib (EHLO,
AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps what it receives, and can answer with a
failure to show what the portal does then."""
import base64
import email
import email.policy
import re
import socketserver
import ssl
import threading
import time


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode("utf-8"))

    def finish(self):
        super().finish()
        if isinstance(self.connection, ssl.SSLSocket):   # socketserver closes only the socket it accepted
            self.connection.close()

    def handle(self):
        sink = self.server.sink
        sink.connections += 1
        self.reply("220 sink.test ESMTP ready")
        mail_from, rcpts, options, authed = None, [], [], sink.auth is None
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                secure = isinstance(self.connection, ssl.SSLSocket)
                extensions = ["8BITMIME"] + (["SMTPUTF8"] if sink.smtputf8 else []) + \
                    (["STARTTLS"] if sink.tls and not secure else []) + \
                    (["AUTH PLAIN"] if sink.auth and (secure or not sink.tls) else [])
                lines = ["sink.test"] + extensions
                # One write, as real servers answer: line by line, Nagle and delayed ACKs add 40 ms a message.
                self.reply("\r\n".join(("250 " if i == len(lines) - 1 else "250-") + t for i, t in enumerate(lines)))
            elif verb == "STARTTLS" and sink.tls and not isinstance(self.connection, ssl.SSLSocket):
                self.reply("220 2.0.0 Ready to start TLS")
                try:
                    self.connection = sink.tls.wrap_socket(self.connection, server_side=True)
                except (ssl.SSLError, OSError):
                    sink.tls_failures += 1         # the client refused our certificate
                    return
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb", buffering=0)
                mail_from, rcpts, options = None, [], []   # RFC 3207: the session starts over
            elif verb in ("MAIL", "AUTH") and sink.tls and not isinstance(self.connection, ssl.SSLSocket):
                self.reply("530 5.7.0 Must issue a STARTTLS command first")
            elif verb == "AUTH":
                parts = line.split()
                ok = False
                if len(parts) == 3 and parts[1].upper() == "PLAIN":
                    try:
                        _, user, password = base64.b64decode(parts[2]).decode("utf-8").split("\0")
                        ok = (user, password) == sink.auth
                    except ValueError:
                        ok = False
                if ok:
                    authed = True
                    sink.logins += 1
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                if not authed:
                    self.reply("530 5.7.0 Authentication required")
                    continue
                m = re.match(r"MAIL FROM:<([^>]*)>(.*)", line, re.I)
                mail_from, options, rcpts = m.group(1), m.group(2).split(), []
                self.reply("250 2.1.0 OK")
            elif verb == "RCPT":
                if sink.fail and sink.fail[0] == "rcpt":
                    self.reply(sink.fail[1])
                    continue
                rcpts.append(re.match(r"RCPT TO:<([^>]*)>", line, re.I).group(1))
                self.reply("250 2.1.5 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    chunk = self.rfile.readline(1 << 20)
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if sink.fail and sink.fail[0] == "data":
                    self.reply(sink.fail[1])
                    continue
                if sink.delay:
                    time.sleep(sink.delay)                  # a slow server: deliveries overlap in time
                sink.received(mail_from, rcpts, options + (["TLS"] if isinstance(self.connection, ssl.SSLSocket) else []),
                              b"".join(data))
                self.reply("250 2.0.0 Queued")
            elif verb == "RSET":
                mail_from, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognized")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """with SmtpSink() as sink: ... sink.address ("127.0.0.1:PORT"), sink.wait_for(n) -> messages."""

    def __init__(self, smtputf8=True, auth=None, fail=None, tls=None, delay=0.0):
        """`tls`: a server-side ssl.SSLContext; then STARTTLS is offered and required before AUTH and MAIL."""
        self.smtputf8, self.auth, self.fail, self.tls = smtputf8, auth, fail, tls
        self.tls_failures = 0
        self.delay = delay                 # seconds before accepting each message
        self.messages = []         # dicts: from, to, options, raw, message (email.message.EmailMessage)
        self.connections = self.logins = 0
        self._cond = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.address = f"127.0.0.1:{self._server.server_address[1]}"

    def received(self, mail_from, rcpts, options, raw):
        with self._cond:
            self.messages.append({"from": mail_from, "to": rcpts, "options": options, "raw": raw,
                                  "message": email.message_from_bytes(raw, policy=email.policy.default)})
            self._cond.notify_all()

    def wait_for(self, count, timeout=20):
        deadline = time.time() + timeout
        with self._cond:
            while len(self.messages) < count:
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"the SMTP server received {len(self.messages)} emails, not {count}")
                self._cond.wait(left)
            return list(self.messages)

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    start = __enter__

    def stop(self):
        self.__exit__()


def body_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, kind):
    """The first /#/<kind>/<token> link in an email's plain text."""
    m = re.search(r"https?://\S+/#/" + kind + r"/([A-Za-z0-9_-]+)", body_text(message))
    assert m, body_text(message)
    return m.group(0), m.group(1)


def _serve_as_json_lines():
    """For the browser tests: `python3 -m tests.server.smtp_sink` prints "listening on HOST:PORT", then
    one JSON line per email received ({to, subject, text, reply_to, message_id}), until its input closes."""
    import json
    import sys

    class Printing(SmtpSink):
        def received(self, mail_from, rcpts, options, raw):
            super().received(mail_from, rcpts, options, raw)
            message = self.messages[-1]["message"]
            print(json.dumps({"to": rcpts, "subject": str(message["subject"]), "text": body_text(message),
                              "reply_to": str(message["reply-to"] or ""), "message_id": str(message["message-id"] or "")}),
                  flush=True)

    with Printing() as sink:
        print(f"listening on {sink.address}", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    _serve_as_json_lines()
