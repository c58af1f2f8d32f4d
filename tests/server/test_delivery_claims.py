"""issue 16: two server processes on one database (SQLite WAL) share the outbox; each email is claimed
by one of them (a lease) and sent once — without claims both would send the rows they saw due."""
import collections
import time
import unittest

from tests.server.harness import RunningServer
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


if __name__ == "__main__":
    unittest.main()
