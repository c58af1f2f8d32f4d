"""Versioned schema migrations. Append a new list to MIGRATIONS; never edit a shipped one."""

# The report's text fields q= searches besides the title (assets/forms/bug-report.json).
SEARCHED_FIELDS = ("expected", "actual", "steps", "os", "browser", "fleet_version", "agent", "agent_version",
                   "fleet_instances", "fleet_usage", "mysql_version", "mysql_capacity", "mysql_usage", "redis_version",
                   "redis_capacity", "redis_usage")


def _search_body(fields_json):
    """The searched text of a report, as SQL over its fields_json column (json_each would be neater,
    but FTS5 cannot read a view that uses it)."""
    return "(" + " || ' ' || ".join(f"COALESCE(json_extract({fields_json}, '$.{f}'), '')" for f in SEARCHED_FIELDS) + ")"


MIGRATIONS = [
    # 1: accounts, issues, timeline, replies, attachments, idempotency, webhooks
    [
        """CREATE TABLE organizations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            plan TEXT NOT NULL CHECK (plan IN ('free', 'premium', 'ultimate')),
            anonymous INTEGER NOT NULL DEFAULT 0,
            codename TEXT UNIQUE,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('community', 'customer', 'cse')),
            organization_id INTEGER REFERENCES organizations(id),
            password_hash BLOB NOT NULL,
            password_salt BLOB NOT NULL,
            password_iterations INTEGER NOT NULL,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE sessions (
            token_hash BLOB PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT)""",
        """CREATE TABLE sign_in_failures (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL COLLATE NOCASE,
            address TEXT NOT NULL,
            at REAL NOT NULL)""",
        "CREATE INDEX sign_in_failures_email ON sign_in_failures(email, at)",
        "CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at)",
        """CREATE TABLE issues (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'resolved', 'closed')),
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'confidential')),
            plan TEXT NOT NULL,
            impact TEXT,
            organization_id INTEGER REFERENCES organizations(id),
            reporter_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            due_at TEXT,
            window_start TEXT,
            clock_starts_at TEXT,
            explanation TEXT,
            first_response_at TEXT,
            sla_state TEXT NOT NULL CHECK (sla_state IN ('none', 'pending', 'met', 'breached')),
            reply_due_at TEXT,
            reply_explanation TEXT,
            duplicate_of INTEGER REFERENCES issues(id),
            escalated INTEGER NOT NULL DEFAULT 0,
            escalated_at TEXT,
            fields_json TEXT NOT NULL)""",
        "CREATE INDEX issues_org ON issues(organization_id)",
        "CREATE INDEX issues_reporter ON issues(reporter_id)",
        "CREATE INDEX issues_visibility ON issues(visibility)",
        """CREATE TABLE issue_labels (
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            label TEXT NOT NULL,
            PRIMARY KEY (issue_id, label))""",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            at TEXT NOT NULL,
            actor_id INTEGER REFERENCES users(id),
            actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'automation')),
            kind TEXT NOT NULL,
            detail_json TEXT NOT NULL DEFAULT '{}',
            visibility TEXT NOT NULL DEFAULT 'public')""",
        "CREATE INDEX events_issue ON events(issue_id, id)",
        """CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            author_id INTEGER NOT NULL REFERENCES users(id),
            body TEXT NOT NULL,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'sensitive', 'internal')),
            created_at TEXT NOT NULL)""",
        "CREATE INDEX comments_issue ON comments(issue_id, id)",
        """CREATE TABLE affected (
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            at TEXT NOT NULL,
            PRIMARY KEY (issue_id, user_id))""",
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            uploader_id INTEGER NOT NULL REFERENCES users(id),
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            stored_name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE idempotency_keys (
            user_id INTEGER NOT NULL REFERENCES users(id),
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            created_at TEXT NOT NULL,
            PRIMARY KEY (user_id, key))""",
        """CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            payload TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'retrying', 'delivered', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            updated_at TEXT NOT NULL)""",
    ],
    # 2: issue 12. Hosting (Managed Cloud) for organizations and the issues they file; the admin role;
    # next-reply clocks keep their deadline once answered; the deadline staff owe a reply by (the core's
    # verdict, kept to sort by); who escalated; delivery states that tell "not configured" from "failed".
    # Tables are rebuilt the way SQLite documents (Storage.migrate turns foreign keys off around it).
    [
        "ALTER TABLE organizations ADD COLUMN hosting TEXT NOT NULL DEFAULT 'self_managed'",
        "ALTER TABLE issues ADD COLUMN hosting TEXT NOT NULL DEFAULT 'self_managed'",
        "ALTER TABLE issues ADD COLUMN reply_answered_at TEXT",
        "ALTER TABLE issues ADD COLUMN reply_owed_by TEXT",
        "ALTER TABLE issues ADD COLUMN escalated_by INTEGER REFERENCES users(id)",
        # Rows written before this version: the running next reply, else a pending first response.
        "UPDATE issues SET reply_owed_by = COALESCE(reply_due_at, CASE WHEN sla_state = 'pending' THEN due_at END)",
        "CREATE INDEX issues_reply_owed_by ON issues(reply_owed_by)",
        """CREATE TABLE users_v2 (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('community', 'customer', 'cse', 'admin')),
            organization_id INTEGER REFERENCES organizations(id),
            password_hash BLOB NOT NULL,
            password_salt BLOB NOT NULL,
            password_iterations INTEGER NOT NULL,
            created_at TEXT NOT NULL)""",
        """INSERT INTO users_v2 (id, email, name, role, organization_id, password_hash, password_salt,
                                 password_iterations, created_at)
           SELECT id, email, name, role, organization_id, password_hash, password_salt, password_iterations, created_at
           FROM users""",
        "DROP TABLE users",
        "ALTER TABLE users_v2 RENAME TO users",
        """CREATE TABLE webhook_deliveries_v2 (
            id INTEGER PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            payload TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'retrying', 'delivered', 'failed', 'not_configured')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            updated_at TEXT NOT NULL)""",
        """INSERT INTO webhook_deliveries_v2 (id, issue_id, payload, state, attempts, next_attempt_at, last_error, updated_at)
           SELECT id, issue_id, payload,
                  CASE WHEN state = 'pending' THEN 'queued'
                       WHEN state = 'failed' AND attempts = 0 THEN 'not_configured' ELSE state END,
                  attempts, next_attempt_at, last_error, updated_at
           FROM webhook_deliveries""",
        "DROP TABLE webhook_deliveries",
        "ALTER TABLE webhook_deliveries_v2 RENAME TO webhook_deliveries",
        "CREATE INDEX webhook_deliveries_issue ON webhook_deliveries(issue_id, id)",
    ],
    # 3: issue 13. Lists that stay fast: an index for each list's filter and sort (walked in order, so
    # LIMIT stops early), labels by name, and q= through FTS5: issues_fts is an external-content table
    # over the issues_search view (the title, and the report's text fields), kept in step by triggers;
    # 'rebuild' indexes the rows already there. A migration that rebuilds the issues table must
    # recreate the triggers; one that changes SEARCHED_FIELDS must recreate the view and triggers.
    [
        "CREATE INDEX issues_updated ON issues(updated_at, id)",
        "CREATE INDEX issues_created ON issues(created_at, id)",
        "CREATE INDEX issues_deadline ON issues((reply_owed_by IS NULL), reply_owed_by, id)",
        "CREATE INDEX issues_visibility_updated ON issues(visibility, updated_at, id)",
        "CREATE INDEX issues_visibility_created ON issues(visibility, created_at, id)",
        "CREATE INDEX issues_visibility_deadline ON issues(visibility, (reply_owed_by IS NULL), reply_owed_by, id)",
        "CREATE INDEX issues_org_updated ON issues(organization_id, updated_at, id)",
        "CREATE INDEX issues_reporter_updated ON issues(reporter_id, updated_at, id)",
        "CREATE INDEX issues_status_updated ON issues(status, updated_at, id)",
        "CREATE INDEX issues_visibility_status ON issues(visibility, status, updated_at, id)",
        "CREATE INDEX issue_labels_label ON issue_labels(label, issue_id)",
        # narrow: what list filters read, by id, so counting a large id set probes a small B-tree
        "CREATE INDEX issues_access ON issues(id, visibility, status, organization_id, reporter_id, impact)",
        f"CREATE VIEW issues_search (id, title, body) AS SELECT id, title, {_search_body('fields_json')} FROM issues",
        """CREATE VIRTUAL TABLE issues_fts USING fts5(title, body, content='issues_search', content_rowid='id',
                                                       tokenize='unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN
              INSERT INTO issues_fts (rowid, title, body) VALUES (new.id, new.title, {_search_body('new.fields_json')});
            END""",
        f"""CREATE TRIGGER issues_fts_delete AFTER DELETE ON issues BEGIN
              INSERT INTO issues_fts (issues_fts, rowid, title, body)
              VALUES ('delete', old.id, old.title, {_search_body('old.fields_json')});
            END""",
        f"""CREATE TRIGGER issues_fts_update AFTER UPDATE OF title, fields_json ON issues BEGIN
              INSERT INTO issues_fts (issues_fts, rowid, title, body)
              VALUES ('delete', old.id, old.title, {_search_body('old.fields_json')});
              INSERT INTO issues_fts (rowid, title, body) VALUES (new.id, new.title, {_search_body('new.fields_json')});
            END""",
        "INSERT INTO issues_fts (issues_fts) VALUES ('rebuild')",
    ],
    # 4: issue 13. The number of issues per visibility, status and organization, kept by triggers, so a
    # list's total without a search or label filter is a sum of a few rows, not a count of every issue.
    [
        """CREATE TABLE issue_counts (
            visibility TEXT NOT NULL,
            status TEXT NOT NULL,
            organization_id INTEGER NOT NULL,               -- 0: no organization
            n INTEGER NOT NULL,
            PRIMARY KEY (visibility, status, organization_id)) WITHOUT ROWID""",
        """INSERT INTO issue_counts (visibility, status, organization_id, n)
           SELECT visibility, status, COALESCE(organization_id, 0), COUNT(*) FROM issues GROUP BY 1, 2, 3""",
        """CREATE TRIGGER issue_counts_insert AFTER INSERT ON issues BEGIN
             INSERT INTO issue_counts (visibility, status, organization_id, n)
             VALUES (new.visibility, new.status, COALESCE(new.organization_id, 0), 1)
             ON CONFLICT DO UPDATE SET n = n + 1;
           END""",
        """CREATE TRIGGER issue_counts_delete AFTER DELETE ON issues BEGIN
             UPDATE issue_counts SET n = n - 1 WHERE visibility = old.visibility AND status = old.status
               AND organization_id = COALESCE(old.organization_id, 0);
           END""",
        """CREATE TRIGGER issue_counts_update AFTER UPDATE OF visibility, status, organization_id ON issues BEGIN
             UPDATE issue_counts SET n = n - 1 WHERE visibility = old.visibility AND status = old.status
               AND organization_id = COALESCE(old.organization_id, 0);
             INSERT INTO issue_counts (visibility, status, organization_id, n)
             VALUES (new.visibility, new.status, COALESCE(new.organization_id, 0), 1)
             ON CONFLICT DO UPDATE SET n = n + 1;
           END""",
    ],
    # 5: issue 14. Invitations: a one-time link (stored as the SHA-256 of its token) that creates an account
    # with the role and organization the inviter chose; `invite-admin` on the command line makes the first one.
    [
        """CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            token_hash BLOB NOT NULL UNIQUE,
            email TEXT NOT NULL COLLATE NOCASE,
            name TEXT,
            role TEXT NOT NULL CHECK (role IN ('community', 'customer', 'cse', 'admin')),
            organization_id INTEGER REFERENCES organizations(id),
            org_admin INTEGER NOT NULL DEFAULT 0,
            invited_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            accepted_at TEXT,
            accepted_user_id INTEGER REFERENCES users(id),
            revoked_at TEXT)""",
        "CREATE INDEX invitations_email ON invitations(email, id)",
    ],
    # 6: issue 14. The outbox: every email is written in the same transaction as the change that causes it,
    # then delivered by a worker with retries and backoff; nothing is dropped (without --smtp it stays queued).
    [
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            to_address TEXT NOT NULL,
            to_name TEXT,
            subject TEXT NOT NULL,
            text_body TEXT NOT NULL,
            html_body TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'retrying', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            message_id TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            sent_at TEXT)""",
        "CREATE INDEX outbox_due ON outbox(state, next_attempt_at)",
    ],
    # 7: issue 14. An organization's admin (a customer who invites and deactivates their colleagues),
    # deactivated accounts, and verified email (accounts made before this version count as verified).
    [
        "ALTER TABLE users ADD COLUMN org_admin INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE users ADD COLUMN deactivated_at TEXT",
        "ALTER TABLE users ADD COLUMN verified_at TEXT",
        "UPDATE users SET verified_at = created_at",
    ],
    # 8: issue 14. Password resets: one-time links valid 1 hour (only the token's hash stored).
    [
        """CREATE TABLE password_resets (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            token_hash BLOB NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT)""",
        "CREATE INDEX password_resets_user ON password_resets(user_id, id)",
    ],
    # 9: issue 14. Email verification of community sign-ups: one-time links valid 48 hours (only the
    # token's hash stored); a new link makes the older ones of the account unusable.
    [
        """CREATE TABLE email_verifications (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            token_hash BLOB NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT)""",
        "CREATE INDEX email_verifications_user ON email_verifications(user_id, id)",
    ],
    # 10: issue 15. Notifications: which emails each person turned off (every kind is on unless a row says
    # off), the time zone deadlines are shown in, colleagues watching an issue, an idempotency key per
    # email (a notification is never queued twice) with its extra headers (threading, Reply-To,
    # List-Unsubscribe), the refusal of a recipient (a bounce), and the emails already taken in by
    # `ingest-email` (a message delivered twice by the mail server is stored once).
    [
        """CREATE TABLE notification_preferences (
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (user_id, kind))""",
        "ALTER TABLE users ADD COLUMN time_zone TEXT",
        """CREATE TABLE issue_watchers (
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            at TEXT NOT NULL,
            PRIMARY KEY (issue_id, user_id))""",
        "ALTER TABLE outbox ADD COLUMN idempotency_key TEXT",
        "CREATE UNIQUE INDEX outbox_idempotency_key ON outbox(idempotency_key)",
        "ALTER TABLE outbox ADD COLUMN headers_json TEXT",
        "ALTER TABLE outbox ADD COLUMN bounced_at TEXT",
        """CREATE TABLE ingested_emails (
            message_id TEXT PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            comment_id INTEGER REFERENCES comments(id),
            at TEXT NOT NULL)""",
    ],
    # 11: issue 13. The confidential issues alone (a partial index, about a tenth of the issues), holding
    # what decides who may see one: a list's count probes it for each match instead of the whole table.
    # Spelled != 'public' (the same rows, by the CHECK): with "= 'confidential'", ANALYZE's row count for
    # it tells the planner how few issues are confidential and changes the plans of other lists.
    [
        """CREATE INDEX issues_confidential ON issues(id, visibility, organization_id, reporter_id)
           WHERE visibility != 'public'""",
    ],
    # 12: issue 13. The default sort's walk, holding who may see each row: a customer's or a community
    # member's list (a search's window, the waiting list) walks it without reading the issues table.
    [
        "CREATE INDEX issues_updated_access ON issues(updated_at, id, visibility, organization_id, reporter_id)",
    ],
    # 13: issue 16. Rate-limit buckets in the database, so every process of --workers counts against
    # the same ones (they were in one process's memory).
    [
        """CREATE TABLE rate_buckets (action TEXT NOT NULL, scope TEXT NOT NULL, key TEXT NOT NULL,
                                      tokens REAL NOT NULL, at REAL NOT NULL,
                                      PRIMARY KEY (action, scope, key)) WITHOUT ROWID""",
    ],
]
