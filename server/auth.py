"""Passwords and sessions (sign-in limits: sign_in_limits.py).

Passwords: PBKDF2-HMAC-SHA256, 600,000 iterations, per-user salt; at most two hashes
run at once so parallel sign-ins cannot exhaust the machine. Tokens: 32 random bytes,
stored as SHA-256, expiring, revocable."""
import datetime
import hashlib
import hmac
import secrets
import threading

from .errors import ApiError

ITERATIONS = 600_000
SESSION_DAYS = 14
HASH_SLOTS = threading.BoundedSemaphore(2)


def hash_password(password, salt=None, iterations=ITERATIONS):
    salt = salt or secrets.token_bytes(16)
    if not HASH_SLOTS.acquire(timeout=15):
        raise ApiError(503, "busy", "Sign-in is busy; try again in a moment.", headers={"Retry-After": "2"})
    try:
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    finally:
        HASH_SLOTS.release()
    return digest, salt, iterations


def verify_password(password, digest, salt, iterations):
    candidate, _, _ = hash_password(password, salt, iterations)
    return hmac.compare_digest(candidate, digest)


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).digest()


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_session(conn, user_id):
    token = secrets.token_urlsafe(32)
    now = datetime.datetime.now(datetime.timezone.utc)
    expires = now + datetime.timedelta(days=SESSION_DAYS)
    conn.execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                 (token_hash(token), user_id, now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  expires.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return token, expires.strftime("%Y-%m-%dT%H:%M:%SZ")


def user_for_token(conn, token):
    row = conn.execute(
        """SELECT u.*, o.name AS org_name, o.plan AS org_plan, o.hosting AS org_hosting, o.anonymous AS org_anonymous,
                  o.codename AS org_codename
           FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN organizations o ON o.id = u.organization_id
           WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?
             AND u.deactivated_at IS NULL""",
        (token_hash(token), now_text())).fetchone()
    return dict(row) if row else None


def bearer_token(req):
    header = req.header("Authorization") or ""
    if not header.startswith("Bearer "):
        return None
    return header[7:].strip() or None


def require_user(req):
    token = bearer_token(req)
    user = user_for_token(req.app.storage.read(), token) if token else None
    if not user:
        raise ApiError(401, "unauthorized", "Sign in to continue; your session may have expired.",
                       headers={"WWW-Authenticate": "Bearer"})
    req.user = user
    return user


def optional_user(req):
    token = bearer_token(req)
    req.user = user_for_token(req.app.storage.read(), token) if token else None
    return req.user
