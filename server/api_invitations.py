"""Invitation endpoints: admins invite anyone to any role; an organization's org_admin invites customers
of their own organization. Each invitation is emailed (the outbox, same transaction) as a one-time link
valid 7 days; it can be listed, resent (a new link; the old one stops working) and revoked."""
from . import auth, identity, invitations, outbox
from .api_accounts import user_json
from .errors import ApiError, not_found
from .ids import parse_id


def accept(req):
    req.app.limits.check(req, "signup")
    token, name, password = invitations.validate_accept(req.json())
    hashed = auth.hash_password(password)         # before the write lock: PBKDF2 takes a while
    with req.app.storage.write() as conn:
        user_id, _ = invitations.accept(conn, token, name, hashed)
        session, expires = auth.create_session(conn, user_id)
    user = auth.user_for_token(req.app.storage.read(), session)
    return 200, {"token": session, "expires_at": expires, "user": user_json(user, req.app.core)}


def lookup(req):
    """What an invitation link offers, for its landing screen: the email (the account's user name), the name
    suggested, the role and the organization (the invitee belongs to it, so its real name)."""
    req.app.limits.check(req, "sign_in")             # a guess at a token is a guess at a password
    token = req.json().get("token")
    conn = req.app.storage.read()
    row = invitations.usable(conn, token if isinstance(token, str) else "")
    org = conn.execute("SELECT name FROM organizations WHERE id = ?", (row["organization_id"],)).fetchone() \
        if row["organization_id"] else None
    return 200, {"email": row["email"], "name": row["name"] or "", "role": row["role"],
                 "role_words": invitations.ROLE_WORDS[row["role"]], "organization": org["name"] if org else None,
                 "expires_at": row["expires_at"]}


def _inviter(req):
    """The signed-in admin or org_admin; 403 for anyone else."""
    user = auth.require_user(req)
    if user["role"] == "admin" or (user["role"] == "customer" and user.get("org_admin")):
        return user
    raise ApiError(403, "cannot_invite", "Only an administrator or your organization's admin can invite people.")


def _org_name(conn, org_id):
    row = conn.execute("SELECT name, anonymous, codename FROM organizations WHERE id = ?", (org_id,)).fetchone()
    return row and row["name"]


def invitation_json(row):
    return {"id": row["id"], "email": row["email"], "name": row["name"], "role": row["role"],
            "organization_id": row["organization_id"], "org_admin": bool(row["org_admin"]),
            "state": invitations.state(row), "created_at": row["created_at"], "expires_at": row["expires_at"],
            "accepted_at": row["accepted_at"], "revoked_at": row["revoked_at"]}


def create(req):
    user = _inviter(req)
    body = req.json()
    fields = {}
    email, problem = identity.normalize_email(body.get("email"))
    if problem:
        fields["email"] = problem
    name = body.get("name")
    if name not in (None, ""):
        name, problem = identity.clean_name(name)
        if problem:
            fields["name"] = problem
    else:
        name = None
    role = body.get("role", "customer")
    if role not in invitations.ROLES:
        fields["role"] = "Role is one of community, customer, cse, admin."
    org_id = body.get("organization_id")
    org_admin = body.get("org_admin", False)
    if not isinstance(org_admin, bool):
        fields["org_admin"] = "org_admin is true or false."
    if user["role"] != "admin":
        if role != "customer":
            raise ApiError(403, "customers_only", "Your organization's admin can invite customers of the "
                                                  "organization only.")
        if org_id not in (None, user["organization_id"]):
            raise ApiError(403, "own_organization_only", "You can invite people to your own organization only.")
        org_id = user["organization_id"]
    if role == "customer":
        if org_id is None:
            fields["organization_id"] = "A customer belongs to an organization: choose one."
        elif parse_id(org_id) is None:
            fields["organization_id"] = "There is no such organization."
        else:
            org_id = parse_id(org_id)
    elif org_id is not None:
        fields["organization_id"] = "Only customers belong to an organization."
    if org_admin and role != "customer":
        fields["org_admin"] = "Only a customer can be their organization's admin."
    if fields:
        raise ApiError(422, "invalid", "Some details need fixing.", fields)
    with req.app.storage.write() as conn:
        org_name = None
        if org_id is not None:
            org_name = _org_name(conn, org_id)
            if org_name is None:
                raise ApiError(422, "invalid", "Some details need fixing.",
                               {"organization_id": "There is no such organization."})
        if conn.execute("SELECT 1 FROM users WHERE email = ?", (email,)).fetchone():
            raise ApiError(409, "email_taken", f"{email} already has an account.", {"email": "This email already "
                                                                                          "has an account."})
        invitation_id, token = invitations.create(conn, email, name, role, org_id, org_admin, user["id"])
        outbox.enqueue(conn, "invitation", email, name, *invitations.email_text(
            req.app.public_url, token, name, role, org_name, user["name"]))
        row = conn.execute("SELECT * FROM invitations WHERE id = ?", (invitation_id,)).fetchone()
    req.app.outbox.wake()
    return 201, {"invitation": invitation_json(row)}


def list_invitations(req):
    user = _inviter(req)
    sql, args = "SELECT * FROM invitations", []
    if user["role"] != "admin":
        sql, args = sql + " WHERE organization_id = ?", [user["organization_id"]]
    rows = req.app.storage.read().execute(sql + " ORDER BY id DESC LIMIT 500", args).fetchall()
    return 200, {"invitations": [invitation_json(r) for r in rows]}


def _own_invitation(conn, req, user):
    inv_id = parse_id(req.params["id"])
    row = conn.execute("SELECT * FROM invitations WHERE id = ?", (inv_id,)).fetchone() if inv_id else None
    if row is None or (user["role"] != "admin" and row["organization_id"] != user["organization_id"]):
        raise not_found("There is no such invitation.")
    return row


def resend(req):
    user = _inviter(req)
    with req.app.storage.write() as conn:
        row = _own_invitation(conn, req, user)
        current = invitations.state(row)
        if current in ("accepted", "revoked"):
            raise ApiError(409, "invitation_" + current, f"This invitation was {current}; it cannot be sent again.")
        token = invitations.renew(conn, row["id"])
        org_name = _org_name(conn, row["organization_id"]) if row["organization_id"] else None
        outbox.enqueue(conn, "invitation", row["email"], row["name"], *invitations.email_text(
            req.app.public_url, token, row["name"], row["role"], org_name, user["name"]))
        row = conn.execute("SELECT * FROM invitations WHERE id = ?", (row["id"],)).fetchone()
    req.app.outbox.wake()
    return 200, {"invitation": invitation_json(row)}


def revoke(req):
    user = _inviter(req)
    with req.app.storage.write() as conn:
        row = _own_invitation(conn, req, user)
        if row["accepted_at"]:
            raise ApiError(409, "invitation_accepted", "This invitation was already accepted; deactivate the "
                                                       "account instead.")
        conn.execute("UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                     (auth.now_text(), row["id"]))
        row = conn.execute("SELECT * FROM invitations WHERE id = ?", (row["id"],)).fetchone()
    return 200, {"invitation": invitation_json(row)}
