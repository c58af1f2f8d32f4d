"""Confirming a sign-up's email: POST /api/verify opens the emailed link (once) and signs in;
POST /api/verify/resend sends the signed-in, unconfirmed account a new link (the old ones stop working)."""
from . import auth, verification
from .api_accounts import user_json
from .errors import ApiError


def verify(req):
    req.app.limits.check(req, "sign_in")             # a guess at a token is a guess at a password
    token = req.json().get("token")
    if not isinstance(token, str) or not token:
        raise ApiError(422, "invalid", "The token from the link is required.",
                       {"token": "The token from the link is required."})
    with req.app.storage.write() as conn:
        user_id = verification.consume(conn, token)
        session, expires = auth.create_session(conn, user_id)
    user = auth.user_for_token(req.app.storage.read(), session)
    return 200, {"token": session, "expires_at": expires, "user": user_json(user, req.app.core)}


def resend(req):
    user = auth.require_user(req)
    if not verification.unverified(user):
        raise ApiError(409, "already_verified", "Your email address is already confirmed.")
    req.app.limits.check(req, "verify_resend", user)
    with req.app.storage.write() as conn:
        verification.send_link(conn, req.app.public_url, user["id"], user["email"], user["name"])
    req.app.outbox.wake()
    return 202, {"status": "check_email", "email": user["email"],
                 "message": f"We sent a new link to {user['email']}. Open it to confirm your email address; "
                            "earlier links no longer work."}
