"""One-time link tokens (invitations, password resets, sign-up verification): 32 random bytes in the
link, only their SHA-256 stored, so a copy of the database opens no account."""
import datetime
import hashlib
import secrets


def new_token():
    """-> (token for the link, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).digest()


def plausible(token):
    """A token a link could carry: short printable URL-safe text (anything else names nothing)."""
    return isinstance(token, str) and 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token)


def utc_text(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def expires_in(**delta):
    return utc_text(now() + datetime.timedelta(**delta))
