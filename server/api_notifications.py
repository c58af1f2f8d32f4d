"""Which emails a person receives: GET/PATCH /api/me/notifications (every kind on unless turned off,
and the time zone deadlines are shown in), one-click unsubscribe from an email (RFC 8058:
POST /api/unsubscribe?token=..., the token signed for one person and one kind), and watching an
issue of one's own organization (PUT/DELETE /api/issues/{id}/watch) to hear what its reporter hears."""
import html
import json
import urllib.parse

from . import auth, issues, mail_signing, notifications
from . import visibility as vis
from .errors import ApiError
from .notification_email import zone_or_none

UNSUBSCRIBE_BODY_LIMIT = 4096


def _settings(conn, app, user):
    prefs = notifications.preferences(conn, user)
    kinds = notifications.kinds_for(user)
    row = conn.execute("SELECT time_zone FROM users WHERE id = ?", (user["id"],)).fetchone()
    watching = [r["issue_id"] for r in conn.execute("SELECT issue_id FROM issue_watchers WHERE user_id = ? "
                                                     "ORDER BY issue_id", (user["id"],))]
    return {"kinds": [{"kind": k, "label": kinds[k], "enabled": prefs[k]} for k in kinds],
            "time_zone": row["time_zone"], "policy_time_zone": app.policy["time_zone"]["id"], "watching": watching}


def get_settings(req):
    user = auth.require_user(req)
    return 200, _settings(req.app.storage.read(), req.app, user)


def patch_settings(req):
    """{"kinds"?: {kind: true|false}, "time_zone"?: IANA name or null} -> the settings."""
    user = auth.require_user(req)
    body = req.json()
    unknown = sorted(set(body) - {"kinds", "time_zone"})
    if unknown:
        raise ApiError(422, "invalid", "Unknown setting: " + ", ".join(unknown) + ". Send kinds and time_zone.",
                       {k: "Not a notification setting." for k in unknown})
    changes = body.get("kinds", {})
    if not isinstance(changes, dict):
        raise ApiError(422, "invalid", "kinds must be an object {kind: true or false}.", {"kinds": "Give an object."})
    mine, fields = notifications.kinds_for(user), {}
    for kind, enabled in changes.items():
        if kind not in notifications.KINDS:
            fields[f"kinds.{kind}"] = "No such notification; the kinds are: " + ", ".join(mine) + "."
        elif kind not in mine:
            fields[f"kinds.{kind}"] = "You do not receive this notification; yours are: " + ", ".join(mine) + "."
        elif not isinstance(enabled, bool):
            fields[f"kinds.{kind}"] = "Give true or false."
    zone = body.get("time_zone")
    if "time_zone" in body and zone is not None and zone_or_none(zone) is None:
        fields["time_zone"] = "Give a time zone such as Europe/Paris or America/New_York (or null for Pacific Time)."
    if fields:
        raise ApiError(422, "invalid", " ".join(sorted(set(fields.values()))), fields)
    now = auth.now_text()
    with req.app.storage.write() as conn:
        for kind, enabled in changes.items():
            notifications.set_preference(conn, user["id"], kind, enabled, now)
        if "time_zone" in body:
            conn.execute("UPDATE users SET time_zone = ? WHERE id = ?", (zone, user["id"]))
        return 200, _settings(conn, req.app, user)


def _token(req):
    token = req.query.get("token")
    if token is None:                  # also in a JSON or form body
        raw = req.raw_body(UNSUBSCRIBE_BODY_LIMIT).decode("utf-8", "replace")
        try:
            token = (json.loads(raw) or {}).get("token") if raw.lstrip().startswith("{") else \
                urllib.parse.parse_qs(raw).get("token", [None])[-1]
        except (ValueError, AttributeError):
            token = None
    found = mail_signing.read_unsubscribe_token(req.app.secret, token) if isinstance(token, str) else None
    if found is None or found[1] not in notifications.KINDS:
        raise ApiError(400, "invalid_token", "This unsubscribe link is not valid; change your emails in the "
                                             "portal's notification settings.")
    return token, found


def unsubscribe(req):
    """RFC 8058 one-click: the mail client POSTs List-Unsubscribe=One-Click to the URL; no sign-in."""
    _, (user_id, kind) = _token(req)
    with req.app.storage.write() as conn:
        if conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
            raise ApiError(400, "invalid_token", "This unsubscribe link is not valid.")
        notifications.set_preference(conn, user_id, kind, False, auth.now_text())
    return 200, {"unsubscribed": True, "kind": kind, "label": notifications.KINDS[kind]}


def unsubscribe_page(req):
    """A person who opens the link: a button, never a change on GET (link checkers open links)."""
    token, (_, kind) = _token(req)
    page = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
            f"<p>Stop emails for “{html.escape(notifications.KINDS[kind])}”?</p>"
            f"<form method=\"post\" action=\"/api/unsubscribe?token={html.escape(urllib.parse.quote(token))}\">"
            f"<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
            f"<button type=\"submit\">Unsubscribe</button></form></body></html>\n")
    return 200, page.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


def _watchable(req, user):
    conn = req.app.storage.read()
    row = issues.load_visible(conn, user, req.params["id"])
    if user["role"] != "customer" or not vis.in_org(user, row["organization_id"]):
        raise ApiError(403, "forbidden", "Only colleagues of the reporter's organization watch an issue by email.")
    return row


def watch(req):
    user = auth.require_user(req)
    row = _watchable(req, user)
    with req.app.storage.write() as conn:
        conn.execute("INSERT INTO issue_watchers (issue_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                     (row["id"], user["id"], auth.now_text()))
    return 200, {"id": row["id"], "watching": True}


def unwatch(req):
    user = auth.require_user(req)
    row = _watchable(req, user)
    with req.app.storage.write() as conn:
        conn.execute("DELETE FROM issue_watchers WHERE issue_id = ? AND user_id = ?", (row["id"], user["id"]))
    return 200, {"id": row["id"], "watching": False}
