"""Password reset and "sign out everywhere". A reset request answers 202 whether or not the account
exists, and only when it does, emails (through the outbox, same transaction) a one-time link
`/#/reset/<token>` valid 1 hour; confirming sets the password and revokes every session."""
from . import auth, identity, outbox, passwords, tokens
from .errors import ApiError

VALID_HOURS = 1


def request_reset(req):
    req.app.limits.check(req, "sign_in")
    body = req.json()
    email, problem = identity.normalize_email(body.get("email"))
    if problem:
        raise ApiError(422, "invalid", problem, {"email": problem})
    with req.app.storage.write() as conn:
        user = conn.execute("SELECT id, email, name FROM users WHERE email = ? AND deactivated_at IS NULL",
                            (email,)).fetchone()
        if user:
            token, digest = tokens.new_token()
            conn.execute("""INSERT INTO password_resets (user_id, token_hash, created_at, expires_at)
                            VALUES (?, ?, ?, ?)""", (user["id"], digest, auth.now_text(),
                                                     tokens.expires_in(hours=VALID_HOURS)))
            link = f"{req.app.public_url.rstrip('/')}/#/reset/{token}"
            outbox.enqueue(conn, "password_reset", user["email"], user["name"], "Reset your Fleet Support Portal password",
                           f"Hello {user['name']},\n\nSomeone (we hope you) asked to reset the password of your Fleet "
                           f"Support Portal account. Open this link to choose a new one (valid {VALID_HOURS} hour, "
                           f"usable once):\n\n{link}\n\nIf you did not ask, ignore this email: your password stays "
                           "as it is.\n")
    if user:
        req.app.outbox.wake()
    return 202, {"message": "If an account uses this email, a link to reset its password is on its way "
                            f"(valid {VALID_HOURS} hour)."}


def confirm(req):
    req.app.limits.check(req, "sign_in")
    body = req.json()
    token, password = body.get("token"), body.get("password")
    problem = passwords.password_problem(password)
    if problem:
        raise ApiError(422, "invalid", problem, {"password": problem})
    hashed = auth.hash_password(password)
    with req.app.storage.write() as conn:
        row = conn.execute("SELECT * FROM password_resets WHERE token_hash = ?", (tokens.token_hash(token),)).fetchone() \
            if tokens.plausible(token) else None
        if row is None:
            raise ApiError(404, "reset_not_found", "This reset link is not valid; check that the whole link was "
                                                   "copied, or ask for a new one.")
        if row["used_at"]:
            raise ApiError(410, "reset_used", "This reset link has already been used; ask for a new one if needed.")
        if row["expires_at"] <= auth.now_text():
            raise ApiError(410, "reset_expired", "This reset link has expired (links are valid 1 hour); ask for "
                                                 "a new one.")
        now = auth.now_text()
        conn.execute("""UPDATE users SET password_hash = ?, password_salt = ?, password_iterations = ?,
                        verified_at = COALESCE(verified_at, ?) WHERE id = ?""", (*hashed, now, row["user_id"]))
        conn.execute("UPDATE password_resets SET used_at = ? WHERE id = ?", (now, row["id"]))
        conn.execute("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                     (now, row["user_id"]))            # older links of the same account stop working too
        revoked = conn.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                               (now, row["user_id"])).rowcount
    return 200, {"password_changed": True, "sessions_revoked": revoked}


def sign_out_everywhere(req):
    user = auth.require_user(req)
    with req.app.storage.write() as conn:
        revoked = conn.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                               (auth.now_text(), user["id"])).rowcount
    return 200, {"signed_out": True, "sessions_revoked": revoked}
