"""Rate limits per client address and per account, and the daily upload quota.

Token buckets in memory: each (action, address) and (action, account) pair holds up
to `burst` requests and earns one back every `every` seconds; an empty bucket is a
429 with Retry-After. Memory is per process, which is what one process needs; the
upload quota is counted from the attachments table, so it holds across restarts."""
import datetime
import math
import threading
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
MAX_BUCKETS = 50_000                           # beyond this, full (idle) buckets are forgotten


class RateLimits:
    def __init__(self, enabled=True, upload_quota_org=UPLOAD_QUOTA_ORG, upload_quota_person=UPLOAD_QUOTA_PERSON,
                 clock=time.monotonic):
        self.enabled = enabled
        self.upload_quota_org = upload_quota_org
        self.upload_quota_person = upload_quota_person
        self._clock = clock
        self._buckets = {}                     # (action, scope, key) -> (tokens, at)
        self._lock = threading.Lock()

    def check(self, req, action, user=None):
        """Takes one token for `action` from the caller's address (and account), or raises 429."""
        if not self.enabled:
            return
        keys = []
        for scope, burst, every in RULES[action]:
            if scope == "address":
                keys.append(((action, scope, req.client_address), burst, every))
            elif user is not None and not vis.is_staff(user):   # staff accounts are made by admins, not sign-ups
                keys.append(((action, scope, user["id"]), burst, every))
        now = self._clock()
        with self._lock:
            waits = [self._wait(key, burst, every, now) for key, burst, every in keys]
            if max(waits, default=0) > 0:
                self._refuse(action, max(waits))
            for key, burst, every in keys:   # only an allowed request spends tokens
                tokens, _ = self._level(key, burst, every, now)
                self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > MAX_BUCKETS:
                self._forget_idle(now)

    def _level(self, key, burst, every, now):
        tokens, at = self._buckets.get(key, (burst, now))
        return min(burst, tokens + (now - at) / every), at

    def _wait(self, key, burst, every, now):
        tokens, _ = self._level(key, burst, every, now)
        return 0 if tokens >= 1 else (1 - tokens) * every

    def _forget_idle(self, now):
        rules = {(a, s): (b, e) for a, rs in RULES.items() for s, b, e in rs}
        for key in [k for k, (tokens, at) in self._buckets.items()
                    if tokens + (now - at) / rules[k[:2]][1] >= rules[k[:2]][0]]:
            del self._buckets[key]

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
