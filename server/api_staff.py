"""Support engineers' extras: the escalation list with webhook delivery state, and retries."""
from . import auth
from . import visibility as vis
from .errors import ApiError, not_found
from .ids import parse_id


def _require_staff(req):
    user = auth.require_user(req)
    if not vis.is_staff(user):
        raise not_found("There is no such API endpoint.")
    return user


def escalations(req):
    _require_staff(req)
    rows = req.app.storage.read().execute(
        """SELECT d.*, i.title, i.impact, i.escalated_at FROM webhook_deliveries d JOIN issues i ON i.id = d.issue_id
           ORDER BY d.id DESC LIMIT 500""").fetchall()
    return 200, {"escalations": [{"delivery_id": r["id"], "issue_id": r["issue_id"], "title": r["title"],
                                  "impact": r["impact"], "escalated_at": r["escalated_at"], "state": r["state"],
                                  "attempts": r["attempts"], "last_error": r["last_error"], "updated_at": r["updated_at"]}
                                 for r in rows]}


def retry_escalation(req):
    _require_staff(req)
    if not req.app.webhook:
        raise ApiError(409, "no_webhook", "No on-call webhook is configured; start the server with --webhook URL.")
    delivery = parse_id(req.params["id"])
    if delivery is None:
        raise not_found("There is no such delivery.")
    with req.app.storage.write() as conn:
        if not req.app.webhooks.retry(conn, delivery):
            raise ApiError(409, "not_failed", "Only a failed delivery can be retried.")
    req.app.webhooks.wake()
    return 200, {"delivery_id": delivery, "state": "queued"}


def forms_list(req):
    auth.require_user(req)
    return 200, {"forms": req.app.forms.summaries()}


def form_get(req):
    auth.require_user(req)
    form = req.app.forms.parsed.get(req.params["id"])
    if form is None:
        raise not_found("There is no such form.")
    return 200, form
