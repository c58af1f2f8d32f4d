"""Escalation webhooks: a JSON POST to the on-call URL, delivered in the background
with retries and backoff, every attempt recorded; the API never waits on it.

A delivery is queued -> delivered, or retrying -> delivered | failed; without a URL
it is not_configured from the start. Those states are what the customer is told
about (shared/customer_notices.h), so they are never rounded up."""
import json
import time
import urllib.error
import urllib.request

from . import auth, delivery, issues

MAX_ATTEMPTS = 6
TIMEOUT = 5


class Webhooks(delivery.Worker):
    def __init__(self, storage, url, log, base_delay=2.0):
        self.storage = storage
        self.url = url
        self.base_delay = base_delay
        self.on_outcome = None             # (conn, issue id, "delivered"|"failed", at), in the same transaction
        super().__init__("webhooks", log)

    def enabled(self):
        return bool(self.url)

    def enqueue(self, conn, row, now):
        payload = {"event": "escalated", "issue": row["id"], "title": row["title"], "impact": row["impact"],
                   "plan": row["plan"], "organization": row["org_codename"] if row["org_anonymous"] else row["org_name"],
                   "escalated_at": now, "due_at": row["due_at"], "link": f"/#/issues/{row['id']}"}
        state = "queued" if self.url else "not_configured"
        conn.execute("""INSERT INTO webhook_deliveries (issue_id, payload, state, attempts, next_attempt_at, last_error, updated_at)
                        VALUES (?, ?, ?, 0, ?, ?, ?)""",
                     (row["id"], json.dumps(payload, ensure_ascii=False), state, time.time(),
                      None if self.url else "No on-call webhook is configured (--webhook).", now))

    def retry(self, conn, delivery_id):
        """Sends a failed (or never configured) delivery again; 0 when there is no such delivery to retry."""
        return conn.execute("""UPDATE webhook_deliveries SET state = 'queued', attempts = 0, next_attempt_at = ?
                               WHERE id = ? AND state IN ('failed', 'not_configured')""",
                            (time.time(), delivery_id)).rowcount

    @staticmethod
    def delivery_states(conn, issue_ids):
        """{issue id: the state of its latest delivery} for the escalated issues among `issue_ids`."""
        out = {}
        for start in range(0, len(issue_ids), 500):
            chunk = issue_ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for r in conn.execute(f"""SELECT issue_id, state FROM webhook_deliveries WHERE id IN
                                      (SELECT MAX(id) FROM webhook_deliveries WHERE issue_id IN ({marks}) GROUP BY issue_id)""",
                                  chunk):
                out[r["issue_id"]] = r["state"]
        return out

    def deliver_due(self):
        for d in delivery.claim_due(self.storage, "webhook_deliveries"):
            error = self._post(d["payload"])
            attempts = d["attempts"] + 1
            now = auth.now_text()
            with self.storage.write() as conn:
                if error is None:
                    state, next_at = "delivered", 0
                elif attempts >= MAX_ATTEMPTS:
                    state, next_at = "failed", 0
                else:
                    state, next_at = "retrying", time.time() + self.base_delay * 2 ** (attempts - 1)
                conn.execute("""UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
                                updated_at = ? WHERE id = ?""", (state, attempts, next_at, error, now, d["id"]))
                if state in ("delivered", "failed"):
                    issues.record_event(conn, d["issue_id"], now, None, "webhook_" + state,
                                        {"attempts": attempts, "error": error}, visibility="internal", automation=True)
                    if self.on_outcome:
                        self.on_outcome(conn, d["issue_id"], state, now)
            self.log.write(f"webhook delivery {d['id']} attempt {attempts}: {state}{' (' + error + ')' if error else ''}\n")

    def _post(self, payload):
        request = urllib.request.Request(self.url, data=payload.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json", "User-Agent": "FleetSupportPortal"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return None if 200 <= response.status < 300 else f"HTTP {response.status}"
        except urllib.error.HTTPError as e:
            return f"HTTP {e.code}"
        except (urllib.error.URLError, OSError) as e:
            return str(getattr(e, "reason", e))[:200]
