"""issue 16: two server processes on one database (SQLite WAL) share the outbox; each email is claimed
by one of them (a lease) and sent once — without claims both would send the rows they saw due."""
import collections
import os
import shutil
import tempfile
import threading
import time
import unittest

from server import delivery, outbox
from tests.server.harness import PG_SOCKET_DIR, RunningServer, _pg_admin, _pg_url
from tests.server.smtp_sink import SmtpSink


class TwoProcessesOneOutbox(unittest.TestCase):
    def test_every_email_is_sent_once(self):
        sink = SmtpSink(delay=0.5).start()   # slow: one process is mid-send while the other looks
        args = ("--smtp", sink.address, "--mail-from", "support@vendor.example", "--no-rate-limits")
        first = RunningServer(*args).start()
        second = RunningServer(*args, db_dir=first.dir).start()
        try:
            count = 10
            for i in range(count):                     # alternate: each process wakes its own worker
                server = (first, second)[i % 2]
                status, body, _ = server.request("POST", "/api/signup", {"email": f"person{i}@example.org",
                                                                         "name": f"Person {i}",
                                                                         "password": "long enough pw"})
                self.assertEqual(status, 202, body)
            sink.wait_for(count, timeout=60)
            time.sleep(3)                              # both workers poll every second: time to send twice
            sent = collections.Counter(m["to"][0] for m in sink.messages)
            self.assertEqual(len(sent), count)
            self.assertEqual([a for a, n in sent.items() if n > 1], [], "an email was sent twice")
        finally:
            second.cleanup()
            first.cleanup()
            sink.stop()


class ClaimsOnOneDatabase(unittest.TestCase):
    """claim_due straight on the storage, with two storages (two processes' worth of connections)."""

    def storages(self):
        if PG_SOCKET_DIR:
            from server.postgres import PostgresStorage
            name = f"portal_claims_{os.getpid()}_{self.id().rsplit('.', 1)[-1]}"[:60]
            _pg_admin(f"CREATE DATABASE {name}")
            self.addCleanup(_pg_admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            made = [PostgresStorage(_pg_url(name)) for _ in range(2)]
        else:
            from server.storage import Storage
            folder = tempfile.mkdtemp(prefix="portal-claims-")
            self.addCleanup(shutil.rmtree, folder, True)
            made = [Storage(os.path.join(folder, "portal.db")) for _ in range(2)]
        for s in made:
            self.addCleanup(s.close)
        with made[0].write() as conn:
            for i in range(120):
                outbox.enqueue(conn, "test", f"p{i}@example.org", "P", "Subject", "Text", key=f"claims-{i}")
        made[0].release()
        return made

    def test_claimers_racing_take_every_row_once(self):
        storages = self.storages()
        taken, errors = [], []

        def claimer(storage):
            try:
                while True:
                    rows = delivery.claim_due(storage, "outbox", limit=7)
                    storage.release()
                    if not rows:
                        return
                    taken.extend(r["id"] for r in rows)
            except Exception as e:             # noqa: BLE001 — reported by the assertion below
                errors.append(e)
        threads = [threading.Thread(target=claimer, args=(storages[n % 2],)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(len(taken), 120)
        self.assertEqual(len(set(taken)), 120, "a row was claimed twice")

    @unittest.skipUnless(PG_SOCKET_DIR, "SKIP LOCKED is PostgreSQL's (PORTAL_TEST_PG)")
    def test_a_claimer_passes_over_rows_another_holds_without_waiting(self):
        first, second = self.storages()
        with first.claim() as conn:                     # a claimer mid-transaction, holding ten rows
            held = [r["id"] for r in conn.execute("SELECT id FROM outbox ORDER BY id LIMIT 10 FOR UPDATE").fetchall()]
            started = time.monotonic()
            rows = delivery.claim_due(second, "outbox", limit=5)
            waited = time.monotonic() - started
        self.assertLess(waited, 2.0, "the second claimer did not wait for the first")
        self.assertEqual(len(rows), 5)
        self.assertFalse({r["id"] for r in rows} & set(held), "rows another claimer holds are passed over")


if __name__ == "__main__":
    unittest.main()
