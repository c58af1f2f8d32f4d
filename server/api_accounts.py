"""Sign-up (community members), sign-in, sign-out and who am I."""
import re
import sqlite3

from . import auth
from .errors import ApiError

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_DUMMY = auth.hash_password("not a real password", b"0123456789abcdef")[0]


def user_json(user):
    out = {"id": user["id"], "email": user["email"], "name": user["name"], "role": user["role"]}
    if user.get("organization_id"):
        out["organization"] = {"name": user["org_name"], "plan": user["org_plan"],
                               "anonymous": bool(user["org_anonymous"]), "codename": user["org_codename"]}
    out["plan"] = user["org_plan"] if user.get("organization_id") else "free"
    return out


def _text(body, key, label, max_len):
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        return None, f"{label} is required."
    if len(value) > max_len:
        return None, f"{label} must be at most {max_len} characters."
    return value, None


def signup(req):
    body = req.json()
    fields = {}
    email, problem = _text(body, "email", "Email", 254)
    if problem or not EMAIL.match(email.strip()):
        fields["email"] = problem or "Email must look like name@example.com."
    name, problem = _text(body, "name", "Name", 100)
    if problem:
        fields["name"] = problem
    password = body.get("password")
    if not isinstance(password, str) or len(password) < 10:
        fields["password"] = "Password must be at least 10 characters."
    elif len(password) > 1024:
        fields["password"] = "Password must be at most 1024 characters."
    if fields:
        raise ApiError(422, "invalid", "Some details need fixing.", fields)
    digest, salt, iterations = auth.hash_password(password)
    try:
        with req.app.storage.write() as conn:
            cur = conn.execute(
                """INSERT INTO users (email, name, role, password_hash, password_salt, password_iterations, created_at)
                   VALUES (?, ?, 'community', ?, ?, ?, ?)""",
                (email.strip(), name.strip(), digest, salt, iterations, auth.now_text()))
            token, expires = auth.create_session(conn, cur.lastrowid)
    except sqlite3.IntegrityError:
        raise ApiError(409, "email_taken", "An account with this email already exists; sign in instead.",
                       {"email": "An account with this email already exists; sign in instead."})
    user = auth.user_for_token(req.app.storage.read(), token)
    return 201, {"token": token, "expires_at": expires, "user": user_json(user)}


def sign_in(req):
    body = req.json()
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise ApiError(422, "invalid", "Enter your email and password.",
                       {k: "This is required." for k in ("email", "password") if not body.get(k)})
    email = email.strip()[:254]
    password = password[:1024]
    storage = req.app.storage
    auth.check_sign_in_allowed(storage.read(), email, req.client_address)
    row = storage.read().execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
    ok = row is not None and auth.verify_password(password, row["password_hash"], row["password_salt"],
                                                  row["password_iterations"])
    if row is None:
        auth.verify_password(password, _DUMMY, b"0123456789abcdef", auth.ITERATIONS)   # same time either way
    with storage.write() as conn:
        if not ok:
            auth.record_failure(conn, email, req.client_address)
        else:
            token, expires = auth.create_session(conn, row["id"])
    if not ok:
        raise ApiError(401, "bad_credentials", "That email and password do not match an account.")
    return 200, {"token": token, "expires_at": expires, "user": user_json(auth.user_for_token(storage.read(), token))}


def sign_out(req):
    auth.require_user(req)
    with req.app.storage.write() as conn:
        conn.execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?",
                     (auth.now_text(), auth.token_hash(auth.bearer_token(req))))
    return 200, {"signed_out": True}


def me(req):
    return 200, {"user": user_json(auth.require_user(req))}
