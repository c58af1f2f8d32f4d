"""The mail commands of serve.py, run against the database beside a running server (whose outbox
worker delivers what they queue): `ingest-email` (one message on stdin, as a pipe transport
delivers it) and `digest` (the staff's daily digest; run it from cron once a day)."""
import datetime
import sys

from . import auth, email_ingest, notifications, outbox
from .app import PortalApp
from .core import CoreUnavailable
from .notification_email import zone_or_none

EX_TEMPFAIL = 75                                   # sysexits.h: Postfix defers and retries


def run(name, root, args, stdin=None, out=sys.stdout, err=sys.stderr):
    missing = [flag for flag, value in (("--public-url", args.public_url), ("--mail-from", args.mail_from))
               if not value]
    if missing:                  # links and reply addresses in what it queues must be the server's own
        print(f"error: {name} needs {' and '.join(missing)} (the same as the server's)", file=err)
        return EX_TEMPFAIL       # a mail server keeps the message until the command is set up right
    try:
        app = PortalApp(root, args.site, args.db, args.core, contacts=args.contacts, public_url=args.public_url,
                        oncall_email=args.oncall_email, mail_from=args.mail_from, log=err,
                        data_dir=args.data_dir)
    except (CoreUnavailable, ValueError) as e:
        print(f"error: {e}", file=err)
        return 2
    if name == "digest":
        count = digest(app, auth.now_text())
        print(f"daily digest queued for {count} support engineer(s)", file=out)
        return 0
    at = getattr(args, "at", None) or auth.now_text()
    try:
        datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        print(f"error: --at takes a UTC time such as 2026-11-28T10:00:00Z, not {at!r}", file=err)
        return 2
    raw = (stdin or sys.stdin.buffer).read(email_ingest.MAX_MESSAGE + 1)
    try:
        print(email_ingest.ingest(app, raw, at), file=out)
    except email_ingest.AlreadyStored as e:
        print(f"already stored: {e} (the mail server delivered it twice)", file=out)
    except email_ingest.Refused as e:
        print(f"refused: {e.reason}", file=err)
        return e.code
    except app.storage.OperationalError as e:          # the database is busy or unwritable: the MTA tries again
        print(f"try again later: {e}", file=err)
        return EX_TEMPFAIL
    return 0


def digest(app, now):
    """One email per support engineer who wants it: the open issues whose deadline passes in the next 24
    hours, soonest first (the deadline staff owe a reply by: the core's verdict, kept in reply_owed_by)."""
    until = (datetime.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=24)) \
        .strftime("%Y-%m-%dT%H:%M:%SZ")
    day = now[:10]
    sent = 0
    with app.storage.write() as conn:
        rows = conn.execute("""SELECT id, title, impact, reply_owed_by FROM issues WHERE reply_owed_by IS NOT NULL
                               AND reply_owed_by >= ? AND reply_owed_by <= ? AND status NOT IN ('resolved', 'closed')
                               ORDER BY reply_owed_by, id""", (now, until)).fetchall()
        if not rows:
            return 0
        composer = app.notifier.composer
        for staff in app.notifier.staff_wanting(conn, "daily_digest"):
            zone = zone_or_none(staff.get("time_zone"))
            lines = [f"Deadlines in the next 24 hours ({len(rows)}):", ""]
            for r in rows:
                clock = {"state": "running", "kind": "first_response", "due_at": r["reply_owed_by"]}
                due = composer.deadline_line(clock, zone).replace("The first response is due", "Due")
                lines += [f"#{r['id']} {r['impact'] or ''} {r['title']}".replace("  ", " "), f"  {due}",
                          f"  {composer.issue_link(r['id'])}", ""]
            lines += ["-- ", f"You get this email for “{notifications.KINDS['daily_digest']}”. Turn it off: "
                             f"{composer.unsubscribe_url(staff['id'], 'daily_digest')}"]
            headers = {"List-Unsubscribe": f"<{composer.unsubscribe_url(staff['id'], 'daily_digest')}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Auto-Submitted": "auto-generated",
                       "X-Loop": app.mail_from or composer.domain}
            if outbox.enqueue(conn, "daily_digest", staff["email"], staff["name"],
                              f"[{composer.vendor} support] {len(rows)} deadline(s) in the next 24 hours",
                              "\n".join(lines) + "\n", headers=headers, key=f"daily_digest:{day}:user:{staff['id']}"):
                sent += 1
    return sent
