"""Demo mode: the accounts of SPEC §7 and a dozen realistic issues, seeded into an empty database."""
import datetime
import json

from . import auth, issues
from .api_public import rfc3339, utc_now
from .filing import filing_labels

PASSWORD = "demo-password"
ACCOUNTS = [  # email, name, role, organization
    ("cse@demo.test", "Sam Rivera", "cse", None),
    ("premium@demo.test", "Zoë Ørsted", "customer", "Acme Corp"),
    ("ultimate@demo.test", "Hiro Tanaka", "customer", "Globex"),
    ("community@demo.test", "Alex Morgan", "community", None),
]
ORGS = [("Acme Corp", "premium", 1, "customer-ceres"), ("Globex", "ultimate", 0, "customer-vesta")]

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
]


def seed_demo(app):
    storage = app.storage
    if storage.read().execute("SELECT COUNT(*) FROM users").fetchone()[0]:
        return ["Demo mode: the database already has accounts; nothing seeded."]
    hashes = [auth.hash_password(PASSWORD) for _ in ACCOUNTS]   # a salt of its own for each account
    now = utc_now()
    users = {}
    with storage.write() as conn:
        orgs = {}
        for name, plan, anonymous, codename in ORGS:
            orgs[name] = conn.execute("INSERT INTO organizations (name, plan, anonymous, codename, created_at) VALUES (?, ?, ?, ?, ?)",
                                      (name, plan, anonymous, codename, rfc3339(now))).lastrowid
        for (email, name, role, org), (digest, salt, iterations) in zip(ACCOUNTS, hashes):
            users[email.split("@")[0]] = conn.execute(
                """INSERT INTO users (email, name, role, organization_id, password_hash, password_salt, password_iterations,
                   created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (email, name, role, orgs.get(org), digest, salt, iterations, rfc3339(now))).lastrowid
        for spec in ISSUES:
            _seed_issue(app, conn, users, now, *spec)
        # The P0 outage was escalated by its customer: it tops the support queue.
        conn.execute("UPDATE issues SET escalated = 1, escalated_at = updated_at WHERE title LIKE 'Fleet UI returns 502%'")
        outage = conn.execute(issues.ISSUE_SELECT + " WHERE i.escalated = 1").fetchone()
        issues.record_event(conn, outage["id"], outage["updated_at"], outage["reporter_id"], "escalated", {})
        app.webhooks.enqueue(conn, outage, outage["updated_at"])
    lines = ["Demo mode (loopback only). Sign in with password '" + PASSWORD + "' as:"]
    lines += [f"  {email:<22} {role}{' — ' + org if org else ''}" for email, _, role, org in ACCOUNTS]
    return lines


def _seed_issue(app, conn, users, now, who, hours_ago, impact, status, extra, confidential, title, expected, actual,
                steps, reply_by):
    user = dict(conn.execute("""SELECT u.*, o.plan AS org_plan, o.anonymous AS org_anonymous, o.codename AS org_codename
                                FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = ?""",
                             (users[who],)).fetchone())
    created = now - datetime.timedelta(hours=hours_ago)
    plan = user["org_plan"] or "free"
    quote = app.core.quote(plan, impact or "", rfc3339(created)).get("quote") or {}
    fields = dict(BASE, title=title, expected=expected, actual=actual, steps=steps)
    if impact:
        fields["impact"] = impact
    if user["role"] == "customer":
        fields["confidential"] = confidential
    labels = list(dict.fromkeys(filing_labels(user, impact) + extra))
    at = rfc3339(created)
    issue_id = conn.execute(
        """INSERT INTO issues (title, status, visibility, plan, impact, organization_id, reporter_id, created_at, updated_at,
           due_at, window_start, clock_starts_at, explanation, sla_state, fields_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (title, status, "confidential" if confidential else "public", plan, impact, user["organization_id"], user["id"], at,
         at, quote.get("due_at"), quote.get("window_start"), quote.get("clock_starts_at"), quote.get("explanation"),
         "pending" if quote.get("due_at") else "none", json.dumps(fields, ensure_ascii=False))).lastrowid
    conn.executemany("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?)", [(issue_id, l) for l in labels])
    issues.record_event(conn, issue_id, at, user["id"], "filed", {"labels": labels, "due_at": quote.get("due_at")})
    if reply_by:
        replied = created + datetime.timedelta(minutes=45)
        text = "Thanks for the details. Could you attach the output of fleetctl debug archive from the affected server?" \
            if "+more info please" in extra else "Thanks for the report; we have reproduced this and are working on a fix."
        conn.execute("INSERT INTO comments (issue_id, author_id, body, visibility, created_at) VALUES (?, ?, ?, 'public', ?)",
                     (issue_id, users["cse"], text, rfc3339(replied)))
        issues.record_event(conn, issue_id, rfc3339(replied), users["cse"], "reply", {})
        if quote.get("due_at"):
            state = "met" if rfc3339(replied) <= quote["due_at"] else "breached"
            conn.execute("UPDATE issues SET first_response_at = ?, sla_state = ? WHERE id = ?",
                         (rfc3339(replied), state, issue_id))
            issues.record_event(conn, issue_id, rfc3339(replied), users["cse"], "sla_" + state, {"due_at": quote["due_at"]})
    conn.execute("UPDATE issues SET updated_at = ? WHERE id = ?",
                 (rfc3339(min(now, created + datetime.timedelta(hours=1))), issue_id))


def seed_bulk(app, count):
    """Synthetic issues for measuring the queue with many rows (demo mode only)."""
    now = utc_now()
    with app.storage.write() as conn:
        reporter = conn.execute("SELECT id, organization_id FROM users WHERE email = 'ultimate@demo.test'").fetchone()
        for n in range(count):
            created = now - datetime.timedelta(minutes=7 * n)
            impact = ("P0", "P1", "P2", "P3")[n % 4]
            quote = app.core.quote("ultimate", impact, rfc3339(created)).get("quote") or {}
            issue_id = conn.execute(
                """INSERT INTO issues (title, status, visibility, plan, impact, organization_id, reporter_id, created_at,
                   updated_at, due_at, clock_starts_at, explanation, sla_state, fields_json)
                   VALUES (?, 'new', 'public', 'ultimate', ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '{}')""",
                (f"Synthetic issue {n + 1}: agents report stale results", impact, reporter["organization_id"], reporter["id"],
                 rfc3339(created), rfc3339(created), quote.get("due_at"), quote.get("clock_starts_at"),
                 quote.get("explanation"))).lastrowid
            conn.executemany("INSERT INTO issue_labels (issue_id, label) VALUES (?, ?)",
                             [(issue_id, "bug"), (issue_id, impact), (issue_id, "customer request")])
    return [f"Demo mode: added {count} synthetic issues."]
