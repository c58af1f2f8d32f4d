"""The portal application: configuration, the core, storage, the site, and the
request handler that routes API calls and serves the bundle."""
import json
import os
import sys
import traceback
import uuid

from . import mail_signing, routes
from .contacts import contacts_path, load_contacts
from .core import Core, CoreRefusal
from .errors import ApiError
from .http_server import BaseHandler, FileBody, PortalHTTPServer
from .request import Request
from .forms import FormCatalog
from .notifications import Notifier
from .outbox import Outbox
from .rate_limits import RateLimits
from .static_files import StaticSite, etag_matches
from .storage import open_storage
from .webhooks import Webhooks


class PortalApp:
    def __init__(self, root, site_dir, db_path, library_path, demo=False, webhook=None, webhook_backoff=2.0,
                 log=sys.stderr, contacts=None, smtp=None, public_url=None, mail_backoff=2.0, oncall_email=None,
                 mail_from=None, data_dir=None):
        with open(os.path.join(root, "assets", "policy.json"), encoding="utf-8") as f:
            policy_text = f.read()
        self.policy = json.loads(policy_text)
        self.core = Core(library_path, policy_text)
        self.site = StaticSite(site_dir)
        self.forms = FormCatalog(os.path.join(root, "assets", "forms"), self.core)
        self.storage = open_storage(db_path)     # StorageUnavailable: a ValueError
        # attachments, the secret and contacts.json: beside a SQLite file, else in data/ (or --data-dir)
        self.data_dir = data_dir or self.storage.data_dir or os.path.join(root, "data")
        self.contacts_file = contacts_path(contacts, self.data_dir)
        self.contacts, self.contact_advice = load_contacts(self.core, self.contacts_file)   # ContactsError: a ValueError
        self.attachment_dir = os.path.join(self.data_dir, "attachments")
        os.makedirs(self.attachment_dir, exist_ok=True)
        self.demo = demo
        self.webhook = webhook
        self.log = log
        self.webhooks = Webhooks(self.storage, webhook, log, webhook_backoff)
        self.limits = RateLimits(self.storage)
        self.smtp = smtp                     # mailer.SmtpConfig, or None: emails stay queued in the outbox
        self.public_url = public_url or "http://127.0.0.1:8000"
        self.outbox = Outbox(self.storage, smtp, log, mail_backoff)
        self.mail_from = smtp.mail_from if smtp else mail_from     # commands name it without --smtp
        self.oncall_email = oncall_email
        self.secret = mail_signing.load_secret(self.data_dir)
        self.notifier = Notifier(self)
        self.webhooks.on_outcome = self._escalation_outcome

    def _escalation_outcome(self, conn, issue_id, state, at):
        """The webhook worker settled a delivery (in its transaction): the reporter's side hears it. A failure
        here must not undo the delivery's state (on-call would be paged again), hence the savepoint."""
        conn.execute("SAVEPOINT escalation_outcome")
        try:
            self.notifier.escalation_outcome(conn, issue_id, state, at)
        except Exception as e:
            conn.execute("ROLLBACK TO escalation_outcome")
            self.log.write(f"escalation outcome email for issue {issue_id} not written: {type(e).__name__}: {e}\n")
        conn.execute("RELEASE escalation_outcome")
        self.outbox.wake()

    def storage_status(self):
        return self.storage.status()


class PortalHandler(BaseHandler):
    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

    def do_OPTIONS(self):
        self.send_json(200, {}, {"Allow": "GET, HEAD, POST, PATCH, DELETE"})
        self.log_request_line()

    def dispatch(self):
        try:
            path = self.path.split("?", 1)[0]
            if path.startswith("/api/"):
                self.serve_api(path)
            else:
                self.serve_static(path)
        except (ApiError, CoreRefusal) as e:
            if isinstance(e, CoreRefusal):        # the core refused a value the caller gave
                e = ApiError(400, "invalid_" + e.field, e.message, {e.field: e.message})
            if self.headers_sent:              # a status line is out: a second one would corrupt the reply
                self.close_connection = True
            else:
                self.discard_unsent_response()
                self.send_json(e.status, e.body(), e.headers)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
            return
        except Exception:
            incident = uuid.uuid4().hex[:12]
            self.server.log.write(f"internal error {incident}: {traceback.format_exc(limit=-3).strip()}\n")
            self.close_connection = True
            if not self.headers_sent:
                self.discard_unsent_response()
                self.send_json(500, {"error": {"code": "internal", "message":
                                               f"Something went wrong on our side (incident {incident}). Try again."}})
        finally:
            self.server.app.storage.release()    # a pooled connection goes back between requests
        self.log_request_line()

    def serve_api(self, path):
        handler, found = routes.match(self.command, path)
        if handler is None:
            if found:
                raise ApiError(405, "method_not_allowed", f"{self.command} is not allowed here.",
                               headers={"Allow": ", ".join(found)})
            raise ApiError(404, "not_found", "There is no such API endpoint.")
        with self.route_slot():                  # given back before the reply goes on the wire
            result = handler(Request(self, found))
        self.server.app.storage.release()        # and the database connection: a slow reader holds neither
        status, payload = result[0], result[1]
        headers = result[2] if len(result) > 2 else None
        if isinstance(payload, FileBody):
            self.send_file(status, payload.path, payload.size, payload.content_type, headers)
        elif isinstance(payload, bytes):
            headers = dict(headers)
            self.send_bytes(status, payload, headers.pop("Content-Type"), headers)
        else:
            self.send_json(status, payload, headers)

    def serve_static(self, path):
        if self.command not in ("GET", "HEAD"):
            raise ApiError(405, "method_not_allowed", "Only GET here.", headers={"Allow": "GET, HEAD"})
        site = self.server.app.site
        if not site.is_built():
            self.send_bytes(503, ("The web app has not been built yet. Run scripts/run.sh (or: emcmake cmake -S . "
                                  "-B build-wasm && cmake --build build-wasm), then reload.\n").encode(),
                            "text/plain; charset=utf-8", {"Cache-Control": "no-store"})
            return
        entry = site.lookup(path)
        if entry is None:
            self.send_bytes(404, b"Not found.\n", "text/plain; charset=utf-8")
            return
        body, coding, etag = entry.representation(self.headers.get("Accept-Encoding"))
        headers = {"Cache-Control": entry.cache_control, "ETag": etag, "Vary": "Accept-Encoding"}
        if etag_matches(self.headers.get("If-None-Match"), etag):
            self._settle_unread_body()
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self._status = 304
            return
        if coding:
            headers["Content-Encoding"] = coding
            headers["X-Decoded-Length"] = str(len(entry.body))
        self.send_bytes(200, body, entry.mime, headers)


def make_server(app, host, port, request_deadline=20.0, header_deadline=5.0, trusted_proxy=None, sock=None):
    """Listens on host:port, or serves the already listening `sock` (a worker of --workers)."""
    server = PortalHTTPServer((host, port), PortalHandler, app, app.log, sock=sock)
    server.request_deadline = request_deadline
    server.header_deadline = header_deadline
    server.trusted_proxy = trusted_proxy
    return server
