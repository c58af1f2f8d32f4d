"""Invitation endpoints: accept (anyone holding the link)."""
from . import auth, invitations
from .api_accounts import user_json


def accept(req):
    req.app.limits.check(req, "signup")
    token, name, password = invitations.validate_accept(req.json())
    hashed = auth.hash_password(password)         # before the write lock: PBKDF2 takes a while
    with req.app.storage.write() as conn:
        user_id, _ = invitations.accept(conn, token, name, hashed)
        session, expires = auth.create_session(conn, user_id)
    user = auth.user_for_token(req.app.storage.read(), session)
    return 200, {"token": session, "expires_at": expires, "user": user_json(user, req.app.core)}
