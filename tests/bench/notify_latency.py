#!/usr/bin/env python3
"""Time from a support engineer's reply (the HTTP POST) to its notification email being accepted by
the SMTP server.

    python3 tests/bench/notify_latency.py [--replies 100]

Starts serve.py (--demo) against the in-process SMTP server of the tests, files one report as a
customer, then posts `replies` public replies as a support engineer one after another, each timed
from just before its POST to the moment the SMTP server has the reporter's email (end of DATA).
Prints the median, p95 and maximum."""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from tests.server.harness import REPORT, RunningServer, sign_in  # noqa: E402
from tests.server.smtp_sink import SmtpSink, body_text  # noqa: E402


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replies", type=int, default=100)
    args = parser.parse_args()
    sink = SmtpSink().start()
    server = RunningServer("--demo", "--smtp", sink.address, "--mail-from", "support@vendor.example",
                           "--no-rate-limits").start()
    try:
        cse, customer = sign_in(server, "cse@demo.test"), sign_in(server, "premium@demo.test")
        status, issue, _ = server.request("POST", "/api/issues", dict(REPORT, impact="P3"), token=customer)
        assert status == 201, issue
        time.sleep(1.0)                                    # let the filing's own emails go first
        latencies = []
        for n in range(args.replies):
            marker = f"latency probe {n}"
            start = time.perf_counter()
            status, body, _ = server.request("POST", f"/api/issues/{issue['id']}/comments",
                                             {"body": marker, "visibility": "public"}, token=cse)
            assert status == 201, body
            with sink._cond:                                  # woken by every message the sink accepts
                while not any(m["to"] == ["premium@demo.test"] and marker in body_text(m["message"]).splitlines()
                              for m in sink.messages[-5:]):
                    if not sink._cond.wait(30):
                        raise SystemExit(f"reply {n}: no email within 30 s")
            latencies.append((time.perf_counter() - start) * 1000)
        print(f"{len(latencies)} replies: reply POST -> email accepted by the SMTP server: "
              f"median {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
              f"max {max(latencies):.1f} ms")
    finally:
        server.cleanup()
        sink.stop()


if __name__ == "__main__":
    main()
