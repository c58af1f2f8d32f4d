"""Sign-up (community members), sign-in, sign-out and who am I. Sign-up answers the same for a taken and a
free email: the email it sends says which (a link to confirm the address, or "you already have an account")."""
from . import auth, identity, issue_store, sign_in_limits, verification
from . import visibility as vis
from .errors import ApiError

_DUMMY = auth.hash_password("not a real password", b"0123456789abcdef")[0]


def user_json(user, core):
    """The signed-in person; "plan" and "hosting" are what they file under (the core's word), "staff" whether
    they triage (cse and admin), "verified" false until a sign-up's email is confirmed (no filing, replying or
    uploading before)."""
    out = {"id": user["id"], "email": user["email"], "name": user["name"], "role": user["role"],
           "staff": vis.is_staff(user), "org_admin": bool(user.get("org_admin")),
           "verified": not verification.unverified(user)}
    if user.get("organization_id"):
        out["organization"] = {"name": user["org_name"], "plan": user["org_plan"], "hosting": user["org_hosting"],
                               "anonymous": bool(user["org_anonymous"]), "codename": user["org_codename"]}
    coverage = core.coverage(user["role"], issue_store.organization_of(user))
    out["plan"], out["hosting"] = coverage["plan"], coverage["hosting"]
    return out


def signup(req):
    req.app.limits.check(req, "signup")
    body = req.json()
    fields = {}
    email, problem = identity.normalize_email(body.get("email"))
    if problem:
        fields["email"] = problem
    name, problem = identity.clean_name(body.get("name"))
    if problem:
        fields["name"] = problem
    password = body.get("password")
    if not isinstance(password, str) or len(password) < 10:
        fields["password"] = "Password must be at least 10 characters."
    elif len(password) > 1024:
        fields["password"] = "Password must be at most 1024 characters."
    if fields:
        raise ApiError(422, "invalid", "Some details need fixing.", fields)
    digest, salt, iterations = auth.hash_password(password)   # taken or free, the same work: the same time
    public_url = req.app.public_url
    with req.app.storage.write() as conn:
        row = conn.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        row = dict(row) if row else None
        if row is None:
            user_id = conn.execute(
                """INSERT INTO users (email, name, role, password_hash, password_salt, password_iterations, created_at)
                   VALUES (?, ?, 'community', ?, ?, ?, ?)""",
                (email, name, digest, salt, iterations, auth.now_text())).lastrowid
            verification.send_link(conn, public_url, user_id, email, name)
        elif verification.unverified(row) and not row["deactivated_at"]:
            verification.send_link(conn, public_url, row["id"], row["email"], row["name"])   # the first password stays
        else:
            verification.send_existing(conn, public_url, row)
    req.app.outbox.wake()
    return 202, {"status": "check_email", "email": email,
                 "message": f"We sent a link to {email}. Open it to finish creating your account."}


def sign_in(req):
    req.app.limits.check(req, "sign_in")
    body = req.json()
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise ApiError(422, "invalid", "Enter your email and password.",
                       {k: "This is required." for k in ("email", "password") if not body.get(k)})
    normalized, _ = identity.normalize_email(email)
    email = normalized or email.strip()[:254]          # an impossible address fails like a wrong password
    password = password[:1024]
    storage, address = req.app.storage, req.client_address
    sign_in_limits.check(storage.read(), email, address)
    row = storage.read().execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone() if normalized else None
    ok = row is not None and auth.verify_password(password, row["password_hash"], row["password_salt"],
                                                  row["password_iterations"])
    if row is None:
        auth.verify_password(password, _DUMMY, b"0123456789abcdef", auth.ITERATIONS)   # same time either way
    if ok and row["deactivated_at"]:
        raise ApiError(403, "account_deactivated", "This account has been deactivated; ask your organization's "
                                                   "admin or the support team to reactivate it.")
    with storage.write() as conn:
        if not ok:
            sign_in_limits.record_failure(conn, email, address)
        else:
            sign_in_limits.record_success(conn, email, address)
            token, expires = auth.create_session(conn, row["id"])
    if not ok:
        raise ApiError(401, "bad_credentials", "That email and password do not match an account.")
    return 200, {"token": token, "expires_at": expires,
                 "user": user_json(auth.user_for_token(storage.read(), token), req.app.core)}


def sign_out(req):
    auth.require_user(req)
    with req.app.storage.write() as conn:
        conn.execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?",
                     (auth.now_text(), auth.token_hash(auth.bearer_token(req))))
    return 200, {"signed_out": True}


def me(req):
    return 200, {"user": user_json(auth.require_user(req), req.app.core)}
