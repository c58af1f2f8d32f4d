"""What the email outbox and the on-call webhook share: a worker thread that wakes when asked (and
every second, for rows another process wrote) and claims due rows with a lease, so however many
server processes run on one database, each delivery is attempted by one of them at a time."""
import threading
import time

LEASE = 120.0      # seconds a claimed row is its claimer's; a claimer that dies leaves it due again after


class Worker:
    """Subclasses give `enabled()` and `deliver_due()`; `wake()` asks for a round now."""

    def __init__(self, name, log):
        self.log = log
        self._wake = threading.Event()
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def wake(self):
        self._wake.set()

    def _run(self):
        while True:
            self._wake.wait(1.0)
            self._wake.clear()
            if not self.enabled():
                continue
            try:
                self.deliver_due()
            except Exception as e:        # keep the worker alive; the row stays due
                self.log.write(f"{threading.current_thread().name} worker error: {type(e).__name__}: {e}\n")
            finally:
                self.storage.release()    # a pooled connection goes back between rounds


def claim_due(storage, table, limit=50, now=None):
    """The due rows of `table` (state queued or retrying, next_attempt_at passed), claimed for LEASE
    seconds in one transaction: another process asking at the same time gets others or none. On
    PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED (rows another claimer holds are passed
    over, not waited for); SQLite's claim is a write transaction, one at a time."""
    now = time.time() if now is None else now
    with storage.claim() as conn:
        skip = " FOR UPDATE SKIP LOCKED" if conn.dialect == "postgresql" else ""
        rows = conn.execute(f"""SELECT * FROM {table} WHERE state IN ('queued', 'retrying') AND next_attempt_at <= ?
                                ORDER BY id LIMIT ?{skip}""", (now, limit)).fetchall()
        if rows:
            marks = ", ".join("?" * len(rows))
            conn.execute(f"UPDATE {table} SET next_attempt_at = ? WHERE id IN ({marks})",
                         (now + LEASE, *[r["id"] for r in rows]))
    return rows
