"""Administration endpoints (role admin): the outbox."""
from . import auth, outbox
from .errors import ApiError, not_found
from .ids import parse_id


def require_admin(req):
    user = auth.require_user(req)
    if user["role"] != "admin":
        raise ApiError(403, "admins_only", "Only an administrator can do this.")
    return user


def outbox_list(req):
    require_admin(req)
    state = req.query.get("state")
    if state is not None and state not in ("queued", "retrying", "sent", "failed"):
        raise ApiError(400, "bad_state", "state is one of queued, retrying, sent, failed.")
    sql, args = "SELECT * FROM outbox", []
    if state:
        sql, args = sql + " WHERE state = ?", [state]
    rows = req.app.storage.read().execute(sql + " ORDER BY id DESC LIMIT 500", args).fetchall()
    configured = req.app.smtp is not None
    return 200, {"smtp_configured": configured, "emails": [outbox.row_json(r, configured) for r in rows]}


def outbox_retry(req):
    require_admin(req)
    mail_id = parse_id(req.params["id"])
    if mail_id is None:
        raise not_found("There is no such email.")
    with req.app.storage.write() as conn:
        if not req.app.outbox.retry(conn, mail_id):
            if conn.execute("SELECT 1 FROM outbox WHERE id = ?", (mail_id,)).fetchone():
                raise ApiError(409, "already_sent", "This email was sent; there is nothing to retry.")
            raise not_found("There is no such email.")
    req.app.outbox.wake()
    row = req.app.storage.read().execute("SELECT * FROM outbox WHERE id = ?", (mail_id,)).fetchone()
    return 200, {"email": outbox.row_json(row, req.app.smtp is not None)}
