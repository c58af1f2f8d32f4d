"""Rate limits per client address and per account, and the daily upload quota.

Token buckets: each (action, address) and (action, account) pair holds up to `burst`
requests and earns one back every `every` seconds; an empty bucket is a 429 with
Retry-After. They are kept in the database, so they hold across restarts and across the
processes of --workers; the upload quota is counted from the attachments table."""
import datetime
import math
import time

from . import visibility as vis
from .errors import ApiError

# action: ((scope, burst, seconds per token), ...)
RULES = {
    "signup": (("address", 5, 60.0),),                         # a person signs up once
    "sign_in": (("address", 30, 2.0),),                        # every attempt runs PBKDF2
    "file": (("account", 20, 6.0), ("address", 60, 2.0)),     # ~10 reports a minute after a burst
    "reply": (("account", 30, 4.0), ("address", 90, 1.0)),
    "upload": (("account", 10, 30.0), ("address", 30, 10.0)),
    "verify_resend": (("account", 3, 200.0), ("address", 10, 60.0)),   # 3 confirmation emails per 10 minutes
}
WHAT = {"signup": "sign-ups", "sign_in": "sign-in attempts", "file": "reports", "reply": "replies",
        "upload": "uploads", "verify_resend": "confirmation emails"}
UPLOAD_QUOTA_ORG = 512 * 1024 * 1024          # bytes per organization per UTC day
UPLOAD_QUOTA_PERSON = 128 * 1024 * 1024       # bytes per account without an organization
FORGET_AFTER = 3600.0                          # seconds; every bucket refills within 10 minutes


class RateLimits:
    """Buckets live in the database (table rate_buckets), so every server process of --workers
    counts against the same ones; each check is one short write transaction."""

    def __init__(self, storage, enabled=True, upload_quota_org=UPLOAD_QUOTA_ORG,
                 upload_quota_person=UPLOAD_QUOTA_PERSON, clock=time.time):
        self.storage = storage
        self.enabled = enabled
        self.upload_quota_org = upload_quota_org
        self.upload_quota_person = upload_quota_person
        self._clock = clock
        self._checks = 0

    def check(self, req, action, user=None):
        """Takes one token for `action` from the caller's address (and account), or raises 429."""
        if not self.enabled:
            return
        keys = []
        for scope, burst, every in RULES[action]:
            if scope == "address":
                keys.append(((action, scope, req.client_address), burst, every))
            elif user is not None and not vis.is_staff(user):   # staff accounts are made by admins, not sign-ups
                keys.append(((action, scope, str(user["id"])), burst, every))
        if not keys:
            return
        now = self._clock()
        with self.storage.write() as conn:
            levels = []
            for key, burst, every in keys:
                row = conn.execute("SELECT tokens, at FROM rate_buckets WHERE action = ? AND scope = ? AND key = ?",
                                   key).fetchone()
                levels.append(burst if row is None else min(burst, row[0] + max(0.0, now - row[1]) / every))
            waits = [0 if tokens >= 1 else (1 - tokens) * every for tokens, (_, _, every) in zip(levels, keys)]
            if max(waits) > 0:
                self._refuse(action, max(waits))                # nothing spent: the transaction rolls back
            for tokens, (key, _, _) in zip(levels, keys):      # only an allowed request spends tokens
                conn.execute("""INSERT INTO rate_buckets (action, scope, key, tokens, at) VALUES (?, ?, ?, ?, ?)
                                ON CONFLICT (action, scope, key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at""",
                             (*key, tokens - 1, now))
            self._checks += 1
            if self._checks % 1000 == 0:                        # a bucket idle this long is full again: forget it
                conn.execute("DELETE FROM rate_buckets WHERE at < ?", (now - FORGET_AFTER,))

    @staticmethod
    def _refuse(action, wait):
        seconds = max(1, math.ceil(wait))
        raise ApiError(429, "rate_limited", f"Too many {WHAT[action]} in a short time; try again in {seconds} "
                                            f"second{'s' if seconds != 1 else ''}.",
                       headers={"Retry-After": str(seconds)})

    # -- upload quota ---------------------------------------------------------------
    def check_upload_quota(self, conn, user, size):
        """Refuses an upload that would take the uploader's organization (or, without one, the
        uploader) past today's quota; staff are not limited."""
        if not self.enabled or vis.is_staff(user):
            return
        now = datetime.datetime.now(datetime.timezone.utc)
        day_start = now.strftime("%Y-%m-%dT00:00:00Z")
        if user.get("organization_id"):
            used = conn.execute("""SELECT COALESCE(SUM(a.size), 0) FROM attachments a JOIN users u ON u.id = a.uploader_id
                                   WHERE u.organization_id = ? AND a.created_at >= ?""",
                                (user["organization_id"], day_start)).fetchone()[0]
            quota, whose = self.upload_quota_org, "your organization's"
        else:
            used = conn.execute("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE uploader_id = ? AND created_at >= ?",
                                (user["id"], day_start)).fetchone()[0]
            quota, whose = self.upload_quota_person, "your"
        if used + size > quota:
            tomorrow = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            wait = max(1, math.ceil((tomorrow - now).total_seconds()))
            left = max(0, quota - used)
            raise ApiError(429, "upload_quota", f"This file would exceed {whose} upload quota of {_mb(quota)} a day "
                                                f"({_mb(left)} left today); the quota renews at 00:00 UTC.",
                           {"debug_archive": f"{_mb(left)} of today's upload quota left."},
                           headers={"Retry-After": str(wait)})


def _mb(size):
    return f"{size / (1024 * 1024):.1f} MB" if size % (1024 * 1024) else f"{size // (1024 * 1024)} MB"
