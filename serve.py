#!/usr/bin/env python3
"""Serves the support portal: the web bundle, the JSON API and its storage (SQLite, or PostgreSQL with
--db postgresql://..., which needs Debian's python3-psycopg: run it with /usr/bin/python3).

    python3 serve.py [--host 127.0.0.1] [--port 8000] [--db data/portal.db | postgresql://...] [--demo] [--webhook URL]
                     [--contacts PATH] [--public-url URL]
    python3 serve.py --db PATH [--public-url URL] invite-admin EMAIL NAME
    python3 serve.py --db PATH --public-url URL --mail-from ADDRESS ingest-email < message.eml
    python3 serve.py --db PATH --public-url URL --mail-from ADDRESS digest
"""
import argparse
import ipaddress
import os
import socket
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)

from server.app import PortalApp, make_server  # noqa: E402
from server.core import CoreUnavailable  # noqa: E402
from server.storage import describe_db  # noqa: E402


def is_loopback(host):
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback
                   for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP))
    except (OSError, ValueError):
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description="Fleet Support Portal server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--db", default=os.path.join(ROOT, "data", "portal.db"),
                        help="a SQLite file (the default, data/portal.db) or a postgresql:// URL")
    parser.add_argument("--data-dir", metavar="PATH",
                        help="folder for attachments, the server's secret and contacts.json (default: the SQLite "
                             "file's folder; data/ with PostgreSQL)")
    parser.add_argument("--demo", action="store_true", help="seed demo accounts and issues (loopback only)")
    parser.add_argument("--webhook", help="on-call webhook URL for escalations")
    parser.add_argument("--contacts", metavar="PATH",
                        help="escalation contacts shown to customers (JSON; default: contacts.json beside the database)")
    parser.add_argument("--demo-bulk", type=int, default=0, help="with --demo: add N synthetic issues (queue benchmarks)")
    parser.add_argument("--webhook-backoff", type=float, default=2.0, help="seconds before the first webhook retry (doubles)")
    parser.add_argument("--request-deadline", type=float, default=20.0, help="seconds a client has to send one request")
    parser.add_argument("--header-deadline", type=float, default=5.0,
                        help="seconds from a request's first byte to the end of its headers")
    parser.add_argument("--trust-proxy", metavar="ADDRESS",
                        help="the reverse proxy's address: only its X-Forwarded-For names the client")
    parser.add_argument("--no-rate-limits", action="store_true",
                        help="turn off request rate limits and upload quotas (load tests; a proxy that limits)")
    parser.add_argument("--upload-quota-mb", type=float, default=None,
                        help="upload quota per organization per UTC day, in MB (default 512; 1/4 of it per account "
                             "without an organization)")
    parser.add_argument("--site", default=os.environ.get("PORTAL_SITE_DIR") or os.path.join(ROOT, "build-wasm", "site"),
                        help="built web bundle (default: $PORTAL_SITE_DIR, else build-wasm/site)")
    parser.add_argument("--core", default=os.path.join(ROOT, "build", "libportal.so"), help="core C ABI library")
    parser.add_argument("--public-url", metavar="URL",
                        help="the portal's address as people reach it, for links in emails and invitations "
                             "(default: http://HOST:PORT)")
    parser.add_argument("--smtp", metavar="HOST:PORT",
                        help="SMTP server for the portal's emails (STARTTLS when offered); without it emails stay "
                             "queued in the outbox, shown to admins")
    parser.add_argument("--mail-from", metavar="ADDRESS", help="sender of the portal's emails (with --smtp)")
    parser.add_argument("--smtp-user", metavar="NAME", help="SMTP authentication user name")
    parser.add_argument("--smtp-password-file", metavar="PATH",
                        help="file holding the SMTP password (never on the command line)")
    parser.add_argument("--smtp-ca-file", metavar="PATH",
                        help="CA certificates (PEM) to trust for STARTTLS besides the system's, e.g. a private CA")
    parser.add_argument("--mail-backoff", type=float, default=2.0, help="seconds before the first email retry (doubles)")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes on the one port (default 1); they share the database")
    parser.add_argument("--oncall-email", metavar="ADDRESS",
                        help="on-call address: new P0, P1 and Ultimate reports outside business hours, every escalation")
    parser.add_argument("--at", metavar="RFC3339", help="ingest-email: when the message counts as received (default: now)")
    parser.add_argument("command", nargs="*", metavar="invite-admin EMAIL NAME | ingest-email | digest | export | import",
                        help="instead of serving: print a one-time invitation link for an admin; take one email "
                             "(stdin) as a reply to the issue it answers; queue the staff's daily digest; write the "
                             "whole portal as JSON lines (stdout) or load such a dump into an empty database (stdin)")
    args = parser.parse_args(argv)
    if args.command and args.command[0] in ("export", "import") and len(args.command) == 1:
        from server.commands import move
        return move(args.command[0], args.db)
    if args.command and args.command[0] in ("ingest-email", "digest") and len(args.command) == 1:
        from server.mail_commands import run
        return run(args.command[0], ROOT, args)
    if args.command:
        if args.command[0] != "invite-admin" or len(args.command) != 3:
            parser.error("the commands are: invite-admin EMAIL NAME, ingest-email (< message), digest, "
                         "export (> dump.jsonl), import (< dump.jsonl)")
        from server.commands import invite_admin
        return invite_admin(args.db, args.public_url or f"http://{args.host}:{args.port}", *args.command[1:])

    if args.trust_proxy:
        try:
            args.trust_proxy = str(ipaddress.ip_address(args.trust_proxy))
        except ValueError:
            parser.error(f"--trust-proxy takes the proxy's IP address, not {args.trust_proxy!r}")
    if args.demo and not is_loopback(args.host):
        parser.error(f"--demo has well-known passwords and listens only on loopback (127.0.0.1, ::1), not {args.host}")
    smtp = None
    if args.smtp or args.mail_from or args.smtp_user or args.smtp_password_file or args.smtp_ca_file:
        from server.mailer import SmtpConfig
        try:
            smtp = SmtpConfig.parse(args.smtp, args.mail_from, args.smtp_user, args.smtp_password_file,
                                    args.smtp_ca_file)
        except ValueError as e:
            parser.error(str(e))
    if args.workers < 1:
        parser.error("--workers takes a number of processes, 1 or more")
    return serve(args, smtp) if args.workers == 1 else serve_workers(args, smtp)


def build_app(args, smtp, public_url=None):
    """The application of one server process; ValueError or CoreUnavailable with a reason."""
    app = PortalApp(ROOT, args.site, args.db, args.core, demo=args.demo, webhook=args.webhook,
                    webhook_backoff=args.webhook_backoff, contacts=args.contacts, smtp=smtp,
                    public_url=public_url or args.public_url, mail_backoff=args.mail_backoff,
                    oncall_email=args.oncall_email, data_dir=args.data_dir)
    app.limits.enabled = not args.no_rate_limits
    if args.upload_quota_mb is not None:
        app.limits.upload_quota_org = int(args.upload_quota_mb * 1024 * 1024)
        app.limits.upload_quota_person = app.limits.upload_quota_org // 4
    return app


def prepare(args, app, smtp):
    """Once per start: demo data, and what the operator should know."""
    if args.demo:
        from server.demo import seed_bulk, seed_demo
        for line in seed_demo(app) + (seed_bulk(app, args.demo_bulk) if args.demo_bulk > 0 else []):
            print(line, flush=True)
        app.storage.release()
    if not app.site.is_built():
        print(f"note: the web bundle is not built in {args.site}; the API works, the page will say how to build it",
              file=sys.stderr)
    print(f"Escalation contacts: {len(app.contacts)} from {app.contacts_file}" if app.contacts_file else
          "Escalation contacts: none configured (customers are told to use their contract's address or Slack channel)",
          flush=True)
    print(f"Email: through {smtp.host}:{smtp.port} as {smtp.mail_from}" if smtp else
          "Email: no --smtp; emails are kept in the outbox (admins see them) until a server is configured", flush=True)


def serve(args, smtp):
    from server.workers import serve_until_signalled
    try:
        app = build_app(args, smtp)
    except (CoreUnavailable, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    try:
        server = make_server(app, args.host, args.port, request_deadline=args.request_deadline,
                             header_deadline=args.header_deadline, trusted_proxy=args.trust_proxy)
    except OSError as e:
        print(f"error: cannot listen on {args.host}:{args.port}: {e.strerror}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    app.public_url = args.public_url or f"http://{host}:{port}"
    prepare(args, app, smtp)
    print(f"Fleet Support Portal listening on http://{host}:{port}/ (database {describe_db(args.db)})", flush=True)
    serve_until_signalled(server)
    return 0


def serve_workers(args, smtp):
    """--workers N: migrations and demo data in a first child, then N workers on one socket."""
    from server import workers

    def setup():
        try:
            prepare(args, build_app(args, smtp), smtp)
        except (CoreUnavailable, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return 0

    code = workers.in_child(setup)
    if code:
        return code
    try:
        sock = socket.create_server((args.host, args.port), backlog=128)
    except OSError as e:
        print(f"error: cannot listen on {args.host}:{args.port}: {e.strerror}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    public_url = args.public_url or f"http://{host}:{port}"

    def worker():
        app = build_app(args, smtp, public_url)
        server = make_server(app, host, port, request_deadline=args.request_deadline,
                             header_deadline=args.header_deadline, trusted_proxy=args.trust_proxy, sock=sock)
        workers.serve_until_signalled(server)
        return 0

    print(f"Fleet Support Portal listening on http://{host}:{port}/ "
          f"(database {describe_db(args.db)}, {args.workers} workers)", flush=True)
    return workers.supervise(args.workers, worker)


if __name__ == "__main__":
    sys.exit(main())
