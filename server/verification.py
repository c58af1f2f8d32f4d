"""Verified community sign-up: the one-time link `<public url>/#/verify/<token>` (valid 48 hours, only its
hash stored) that confirms a sign-up's email address, the emails sign-up sends, and the one rule that an
unconfirmed account may sign in and read but not file, reply or upload.

Only sign-up makes unconfirmed accounts: an invitation's or a password reset's link confirms the address
too, and demo accounts and those made before this version count as confirmed."""
from . import auth, outbox, tokens
from .errors import ApiError

VALID_HOURS = 48


def unverified(user):
    """Whether this account still has to confirm its email address before filing, replying or uploading."""
    return not user.get("verified_at")


def require_verified(user):
    """403 email_unverified for an account that has not confirmed its email; depends on the caller only,
    so it may come before any lookup without revealing what exists."""
    if unverified(user):
        raise ApiError(403, "email_unverified", f"Confirm your email address first: open the link we sent to "
                                                f"{user['email']}, or send a new one.")


def _url(public_url, path):
    return f"{public_url.rstrip('/')}/#/{path}"


def send_link(conn, public_url, user_id, email, name):
    """A new link by email (the outbox, in the caller's transaction); older links of the account stop working."""
    now = auth.now_text()
    conn.execute("UPDATE email_verifications SET used_at = ? WHERE user_id = ? AND used_at IS NULL", (now, user_id))
    token, digest = tokens.new_token()
    conn.execute("""INSERT INTO email_verifications (user_id, token_hash, created_at, expires_at)
                    VALUES (?, ?, ?, ?)""", (user_id, digest, now, tokens.expires_in(hours=VALID_HOURS)))
    outbox.enqueue(conn, "verify_email", email, name, "Confirm your email for the Fleet Support Portal",
                   f"Hello {name},\n\nOpen this link to confirm your email address and finish creating your Fleet "
                   f"Support Portal account (valid {VALID_HOURS} hours, usable once):\n\n"
                   f"{_url(public_url, 'verify/' + token)}\n\n"
                   "If you did not sign up, ignore this email: without the link the account cannot file or reply.\n")


def send_existing(conn, public_url, user):
    """Sign-up with an address that already has an account: nothing changes, its owner is told by email."""
    if user["deactivated_at"]:
        what_now = ("That account has been deactivated; ask your organization's admin or the support team to "
                    "reactivate it.\n")
    else:
        what_now = (f"Sign in here:\n\n{_url(public_url, 'signin')}\n\n"
                    f"Forgot your password? Choose a new one here:\n\n{_url(public_url, 'reset')}\n")
    outbox.enqueue(conn, "signup_existing", user["email"], user["name"], "You already have a Fleet Support Portal account",
                   f"Hello {user['name']},\n\nSomeone (we hope you) tried to create a Fleet Support Portal account "
                   f"with {user['email']}, but you already have one; nothing was changed.\n\n{what_now}\n"
                   "If this was not you, ignore this email.\n")


GONE = ("link_used_or_expired", "This confirmation link has already been used or has expired. Sign in, and if your "
                                "email is not confirmed yet, send a new link from there.")


def consume(conn, token):
    """Marks the link's account verified, in the caller's transaction -> the account's id;
    410 for a link that is used, expired, superseded or unknown."""
    row = conn.execute("SELECT * FROM email_verifications WHERE token_hash = ?", (tokens.token_hash(token),)).fetchone() \
        if tokens.plausible(token) else None
    now = auth.now_text()
    if row is None or row["used_at"] or row["expires_at"] <= now:
        raise ApiError(410, *GONE)
    user = conn.execute("SELECT deactivated_at FROM users WHERE id = ?", (row["user_id"],)).fetchone()
    if user["deactivated_at"]:
        raise ApiError(403, "account_deactivated", "This account has been deactivated; ask your organization's "
                                                   "admin or the support team to reactivate it.")
    conn.execute("UPDATE users SET verified_at = COALESCE(verified_at, ?) WHERE id = ?", (now, row["user_id"]))
    conn.execute("UPDATE email_verifications SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                 (now, row["user_id"]))
    return row["user_id"]
