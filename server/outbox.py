"""The outbox: emails written in the transaction of the change that causes them, delivered by a worker
thread with retries and backoff. queued -> sent, or retrying -> sent | failed (with the SMTP server's
answer); a 5xx answer fails at once. Without an SMTP server, mail stays queued (and says why) until
one is configured: never dropped. Admins list it and retry."""
import html
import json
import time

from . import auth, delivery, mailer

MAX_ATTEMPTS = 5
NOT_CONFIGURED = "No SMTP server is configured (start the server with --smtp HOST:PORT --mail-from ADDRESS); kept here."


def enqueue(conn, kind, to_address, to_name, subject, text, html_body=None, headers=None, key=None):
    """Writes one email in the caller's transaction -> its outbox id, or None when an email with the same
    idempotency `key` was already written (it is never queued twice). headers: extra ones (threading,
    Reply-To, List-Unsubscribe), a Message-ID among them replacing the one the mailer would make."""
    now = auth.now_text()
    if html_body is None:
        html_body = text_to_html(text)
    cur = conn.execute(
        """INSERT INTO outbox (kind, to_address, to_name, subject, text_body, html_body, state, attempts,
                               next_attempt_at, created_at, updated_at, headers_json, idempotency_key)
           VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""",
        (kind, to_address, to_name, subject, text, html_body, time.time(), now, now,
         json.dumps(headers, ensure_ascii=False) if headers else None, key))
    return cur.lastrowid if cur.rowcount else None


def text_to_html(text):
    """Paragraphs of escaped text, with URLs (lines starting with http) as links."""
    parts = []
    for para in text.strip().split("\n\n"):
        lines = []
        for line in para.split("\n"):
            if line.startswith(("http://", "https://")):
                lines.append(f'<a href="{html.escape(line, quote=True)}">{html.escape(line)}</a>')
            else:
                lines.append(html.escape(line))
        parts.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "<!doctype html>\n<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def row_json(r, configured):
    state = r["state"]
    return {"id": r["id"], "kind": r["kind"], "to": r["to_address"], "subject": r["subject"], "state": state,
            "attempts": r["attempts"], "last_error": r["last_error"] or (None if configured or state != "queued"
                                                                          else NOT_CONFIGURED),
            "message_id": r["message_id"], "created_at": r["created_at"], "updated_at": r["updated_at"],
            "sent_at": r["sent_at"], "bounced": bool(r["bounced_at"]), "bounced_at": r["bounced_at"]}


class Outbox(delivery.Worker):
    def __init__(self, storage, config, log, base_delay=2.0):
        self.storage = storage
        self.config = config             # mailer.SmtpConfig or None
        self.base_delay = base_delay
        super().__init__("outbox", log)  # also polls: mail written by `serve.py ... invite-admin` beside the server

    def enabled(self):
        return self.config is not None

    def retry(self, conn, mail_id):
        """Queues a failed (or waiting) email again, due now; 0 when there is no such email or it was sent."""
        return conn.execute("""UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, updated_at = ?
                               WHERE id = ? AND state IN ('failed', 'retrying', 'queued')""",
                            (time.time(), auth.now_text(), mail_id)).rowcount

    def deliver_due(self):
        for r in delivery.claim_due(self.storage, "outbox"):
            error, permanent, msg, bounced = None, False, None, False
            try:
                msg = mailer.build(self.config.mail_from, r["to_address"], r["to_name"], r["subject"],
                                   r["text_body"], r["html_body"],
                                   headers=json.loads(r["headers_json"]) if r["headers_json"] else None)
                mailer.send(self.config, msg, r["to_address"])
            except mailer.MailError as e:
                error, permanent, bounced = str(e), e.permanent, e.permanent and e.refused
            except (ValueError, TypeError, UnicodeError) as e:       # a message that cannot be written
                error, permanent = f"cannot write this email: {e}"[:300], True
            attempts = r["attempts"] + 1
            now = auth.now_text()
            if error is None:
                state, next_at = "sent", 0
            elif permanent or attempts >= MAX_ATTEMPTS:
                state, next_at = "failed", 0
            else:
                state, next_at = "retrying", time.time() + self.base_delay * 2 ** (attempts - 1)
            with self.storage.write() as conn:
                conn.execute("""UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
                                message_id = ?, updated_at = ?, sent_at = ?, bounced_at = ? WHERE id = ?""",
                             (state, attempts, next_at, error, msg["Message-ID"] if msg else None, now,
                              now if state == "sent" else None, now if bounced else None, r["id"]))
            self.log.write(f"email {r['id']} ({r['kind']}) attempt {attempts}: {state}"
                           f"{' (' + error + ')' if error else ''}\n")
