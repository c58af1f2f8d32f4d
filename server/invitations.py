"""Invitations: a one-time link `<public url>/#/invite/<token>`, valid 7 days, that creates the
account with the role and organization the inviter chose. Only the token's hash is stored."""

from . import auth, identity, passwords, tokens
from .errors import ApiError

VALID_DAYS = 7
ROLES = ("community", "customer", "cse", "admin")


def link(public_url, token):
    return f"{public_url.rstrip('/')}/#/invite/{token}"


ROLE_WORDS = {"community": "a community member", "customer": "a customer", "cse": "a support engineer",
              "admin": "an administrator"}


def email_text(public_url, token, name, role, organization, inviter):
    """-> (subject, plain text) of the invitation email."""
    where = f" of {organization}" if organization else ""
    subject = "You are invited to the Fleet Support Portal"
    text = (f"Hello{' ' + name if name else ''},\n\n"
            f"{inviter} invites you to the Fleet Support Portal as {ROLE_WORDS[role]}{where}.\n\n"
            f"Open this link to choose your name and password (valid {VALID_DAYS} days, usable once):\n\n"
            f"{link(public_url, token)}\n\n"
            "If you did not expect this invitation, ignore this email.\n")
    return subject, text


def create(conn, email, name, role, organization_id=None, org_admin=False, invited_by=None):
    """Stores an invitation in the caller's transaction -> (invitation id, token)."""
    token, digest = tokens.new_token()
    cur = conn.execute(
        """INSERT INTO invitations (token_hash, email, name, role, organization_id, org_admin, invited_by,
                                    created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (digest, email, name, role, organization_id, 1 if org_admin else 0, invited_by, auth.now_text(),
         tokens.expires_in(days=VALID_DAYS)))
    return cur.lastrowid, token


def renew(conn, invitation_id):
    """A new link (the old one stops working) valid 7 days from now -> token."""
    token, digest = tokens.new_token()
    conn.execute("UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?",
                 (digest, tokens.expires_in(days=VALID_DAYS), invitation_id))
    return token


def state(row, now_text=None):
    """pending, accepted, revoked or expired."""
    if row["accepted_at"]:
        return "accepted"
    if row["revoked_at"]:
        return "revoked"
    if row["expires_at"] <= (now_text or auth.now_text()):
        return "expired"
    return "pending"


GONE = {
    "accepted": ("invitation_used", "This invitation has already been accepted; sign in with the email and password "
                                    "chosen then (or reset the password)."),
    "revoked": ("invitation_revoked", "This invitation was withdrawn; ask whoever invited you for a new one."),
    "expired": ("invitation_expired", "This invitation has expired (links are valid 7 days); ask whoever invited you "
                                      "to send it again."),
}


def usable(conn, token):
    """The pending invitation a link names -> row; ApiError 404/410 when it cannot be used."""
    row = conn.execute("SELECT * FROM invitations WHERE token_hash = ?", (tokens.token_hash(token),)).fetchone() \
        if tokens.plausible(token) else None
    if row is None:
        raise ApiError(404, "invitation_not_found", "This invitation link is not valid; check that the whole link "
                                                    "was copied.")
    current = state(row)
    if current != "pending":
        code, message = GONE[current]
        raise ApiError(410, code, message)
    return row


def accept(conn, token, name, hashed):
    """Creates the account in the caller's transaction -> (user id, invitation row); `hashed` is
    auth.hash_password's answer, computed before the transaction. ApiError when the link cannot be used."""
    row = usable(conn, token)
    digest, salt, iterations = hashed
    try:
        cur = conn.execute(
            """INSERT INTO users (email, name, role, organization_id, org_admin, password_hash, password_salt,
                                  password_iterations, created_at, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (row["email"], name, row["role"], row["organization_id"], row["org_admin"], digest, salt, iterations,
             auth.now_text(), auth.now_text()))        # the link came by email: the address is verified
    except conn.IntegrityError:
        raise ApiError(409, "email_taken", f"An account with {row['email']} already exists; sign in instead.")
    user_id = cur.lastrowid
    conn.execute("UPDATE invitations SET accepted_at = ?, accepted_user_id = ? WHERE id = ?",
                 (auth.now_text(), user_id, row["id"]))
    return user_id, row


def validate_accept(body):
    """-> (token, name, password) or ApiError 422."""
    fields = {}
    token = body.get("token")
    if not isinstance(token, str) or not token:
        fields["token"] = "The invitation token from the link is required."
    name, problem = identity.clean_name(body.get("name"))
    if problem:
        fields["name"] = problem
    problem = passwords.password_problem(body.get("password"))
    if problem:
        fields["password"] = problem
    if fields:
        raise ApiError(422, "invalid", "Some details need fixing.", fields)
    return token, name, body["password"]


