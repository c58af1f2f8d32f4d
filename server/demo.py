"""Demo mode: the accounts of SPEC §7 and realistic issues, seeded into an empty database
through the same write path as the API (issue_store): validated by the core, deadlines,
labels, SLA results and escalations decided by the core, never written by hand."""
import datetime

from . import auth, issue_store, issues
from .api_public import rfc3339, utc_now
from .filing import FORM_ID

PASSWORD = "demo-password"
ACCOUNTS = [  # email, name, role, organization
    ("cse@demo.test", "Sam Rivera", "cse", None),
    ("premium@demo.test", "Zoë Ørsted", "customer", "Acme Corp"),
    ("ultimate@demo.test", "Hiro Tanaka", "customer", "Globex"),
    ("community@demo.test", "Alex Morgan", "community", None),
    ("managed@demo.test", "Priya Raman", "customer", "Initech"),
    ("admin@demo.test", "Robin Admin", "admin", None),
]
ORGS = [  # name, plan, hosting, anonymous, codename
    ("Acme Corp", "premium", "self_managed", 1, "customer-ceres"),
    ("Globex", "ultimate", "self_managed", 0, "customer-vesta"),
    ("Initech", "premium", "managed_cloud", 0, "customer-juno"),
]
ORG_NOTES = {"Acme Corp": "Premium, anonymous as customer-ceres", "Globex": "Ultimate", "Initech": "Premium, Managed Cloud"}

BASE = {"fleet_version": "4.40.0", "agent": "fleetd", "agent_version": "1.20.0", "os": "macOS 14.4",
        "browser": "Chrome 124"}
# reporter, hours ago, impact, status, extra labels, confidential, title, expected, actual, steps, a reply
ISSUES = [
    ("premium", 2, "P0", "new", [], False, "Fleet UI returns 502 for every user after upgrade to 4.40.0",
     "The dashboard loads.", "Every page returns 502 Bad Gateway.", "1. Upgrade to 4.40.0\n2. Open the dashboard", None),
    ("premium", 30, "P1", "in_progress", ["+more info please"], False, "Live queries time out on hosts behind a proxy",
     "Results within 30 seconds.", "The spinner never stops.", "1. Run a live query on a proxied host", "cse"),
    ("premium", 80, "P2", "in_progress", [], True, "Software inventory misses Homebrew casks",
     "Casks appear in software.", "Only formulae appear.", "1. Install a cask\n2. Refetch the host", "cse"),
    ("premium", 200, "P3", "resolved", [], False, "How do I rotate the enroll secret without re-enrolling?",
     "A documented rotation path.", "Docs are unclear.", "1. Read the enroll secret docs", "cse"),
    ("ultimate", 1, "P1", "new", [], False, "Policies stop updating after MySQL failover",
     "Policy results keep updating.", "Results freeze at the failover time.", "1. Fail over the MySQL writer", None),
    ("ultimate", 50, "P2", "in_progress", [], True, "Vulnerability dashboard slow with 60,000 hosts",
     "The page loads in under 5 s.", "It takes 90 s.", "1. Open Vulnerabilities", "cse"),
    ("ultimate", 400, "P3", "closed", [], False, "Question about SSO group sync",
     "Groups sync from Okta.", "Unclear whether nested groups sync.", "1. Configure SSO", "cse"),
    ("community", 5, None, "new", [], False, "fleetctl apply fails on YAML with Windows line endings",
     "The file applies.", "error: yaml: line 3: did not find expected key", "1. Save a team YAML with CRLF\n2. fleetctl apply -f team.yml", None),
    ("community", 120, None, "in_progress", [":reproduce"], False, "Host details page crashes in Safari 17",
     "The page renders.", "Blank page, TypeError in the console.", "1. Open any host in Safari 17", "cse"),
    ("community", 300, None, "resolved", [], False, "Typo in the osquery table docs for `apps`",
     "Correct column names.", "bundle_short_version is misspelled.", "1. Read the apps table docs", "cse"),
    ("premium", 10, "P2", "new", [], False, "Calendar events duplicated for one policy",
     "One event per failing policy.", "Two identical events appear.", "1. Enable calendar for a policy", None),
    ("ultimate", 20, "P0", "in_progress", [], False, "Agents cannot reach the server after certificate renewal",
     "Hosts check in.", "TLS handshake errors on all hosts.", "1. Renew the server certificate", "cse"),
    ("managed", 3, "P1", "new", [], False, "Managed Cloud instance returns 504 on the hosts page",
     "The hosts page loads.", "504 Gateway Timeout after 60 s.", "1. Open Hosts with 20,000 hosts enrolled", None),
    ("managed", 30, "P2", "in_progress", [], True, "Scheduled report emails arrive twice",
     "One email per report.", "Two identical emails.", "1. Schedule a weekly report", "cse"),
]


def seed_demo(app):
    storage = app.storage
    if storage.read().execute("SELECT COUNT(*) FROM users").fetchone()[0]:
        return ["Demo mode: the database already has accounts; nothing seeded."]
    hashes = [auth.hash_password(PASSWORD) for _ in ACCOUNTS]   # a salt of its own for each account
    now = utc_now()
    with storage.write() as conn:
        orgs = {}
        for name, plan, hosting, anonymous, codename in ORGS:
            orgs[name] = conn.execute("""INSERT INTO organizations (name, plan, hosting, anonymous, codename, created_at)
                                         VALUES (?, ?, ?, ?, ?, ?)""",
                                      (name, plan, hosting, anonymous, codename, rfc3339(now))).lastrowid
        ids = {}
        for (email, name, role, org), (digest, salt, iterations) in zip(ACCOUNTS, hashes):
            ids[email.split("@")[0]] = conn.execute(
                """INSERT INTO users (email, name, role, organization_id, password_hash, password_salt, password_iterations,
                   created_at, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (email, name, role, orgs.get(org), digest, salt, iterations, rfc3339(now), rfc3339(now))).lastrowid
        users = {who: dict(conn.execute(issue_store.USER_SELECT + " WHERE u.id = ?", (uid,)).fetchone())
                 for who, uid in ids.items()}
        outage = None
        for spec in ISSUES:
            issue_id = _seed_issue(app, conn, users, now, *spec)
            outage = outage or issue_id
        # The P0 outage was escalated by its customer an hour after filing: it tops the support queue.
        row = _row(conn, outage)
        at = rfc3339(min(now, _parse(row["created_at"]) + datetime.timedelta(hours=1)))
        issue_store.escalate(conn, app.webhooks, row, users["premium"], at)
    lines = ["Demo mode (loopback only). Sign in with password '" + PASSWORD + "' as:"]
    lines += [f"  {email:<22} {role}{' — ' + org + ' (' + ORG_NOTES[org] + ')' if org else ''}"
              for email, _, role, org in ACCOUNTS]
    return lines


def _parse(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def _row(conn, issue_id):
    return conn.execute(issues.ISSUE_SELECT + " WHERE i.id = ?", (issue_id,)).fetchone()


def _seed_issue(app, conn, users, now, who, hours_ago, impact, status, extra, confidential, title, expected, actual,
                steps, reply_by):
    """Files one report as its reporter would, then the support engineer's reply, labels and status."""
    user = users[who]
    created = now - datetime.timedelta(hours=hours_ago)
    report = dict(BASE, title=title, expected=expected, actual=actual, steps=steps)
    if impact:
        report["impact"] = impact
    if user["role"] == "customer":
        report["confidential"] = confidential
    checked = app.core.validate(app.forms.texts[FORM_ID], report, user["role"], rfc3339(created))
    if checked["errors"]:
        raise ValueError(f"demo report {title!r} is not valid: {checked['errors']}")
    issue_id, _ = issue_store.create_issue(conn, app.core, user, checked["values"], rfc3339(created))
    later = created
    if reply_by:
        later = created + datetime.timedelta(minutes=45)
        text = "Thanks for the details. Could you attach the output of fleetctl debug archive from the affected server?" \
            if "+more info please" in extra else "Thanks for the report; we have reproduced this and are working on a fix."
        issue_store.add_reply(conn, app.core, _row(conn, issue_id), users[reply_by], text, "public", rfc3339(later))
    later += datetime.timedelta(minutes=1)
    for label in extra:
        issue_store.add_label(conn, issue_id, label, users["cse"], rfc3339(later))
    issue_store.set_status(conn, _row(conn, issue_id), status, users["cse"], rfc3339(later))
    return issue_id


def seed_bulk(app, count):
    """Synthetic issues for measuring the queue with many rows (demo mode only), filed like any other."""
    now = utc_now()
    impacts = [level["id"] for level in app.policy["impact_levels"]]
    with app.storage.write() as conn:
        reporter = dict(conn.execute(issue_store.USER_SELECT + " WHERE u.email = 'ultimate@demo.test'").fetchone())
        for n in range(count):
            created = now - datetime.timedelta(minutes=7 * n)
            values = {"title": f"Synthetic issue {n + 1}: agents report stale results", "impact": impacts[n % len(impacts)]}
            issue_store.create_issue(conn, app.core, reporter, values, rfc3339(created))
    return [f"Demo mode: added {count} synthetic issues."]
