"""Endpoints anyone may call: health, the policy and deadline quotes."""
import datetime

from . import VERSION
from .errors import ApiError, bad_request


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def rfc3339(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def health(req):
    return 200, {"status": "ok", "version": VERSION, "time": rfc3339(utc_now()),
                 "storage": req.app.storage_status()}


def policy(req):
    today = utc_now().date()
    last = (today.replace(day=1) + datetime.timedelta(days=31 * 24)).replace(day=1) - datetime.timedelta(days=1)
    result = req.app.core.holidays(today.isoformat(), last.isoformat())
    return 200, {"policy": req.app.policy, "holidays": result.get("holidays", []),
                 "holidays_from": today.isoformat(), "holidays_to": last.isoformat()}


def quote(req):
    body = req.json()
    plan, impact, at = body.get("plan"), body.get("impact", ""), body.get("at")
    if not isinstance(plan, str) or not plan:
        raise bad_request("Plan is required: free, premium or ultimate.", "plan")
    if impact is None:
        impact = ""
    if not isinstance(impact, str):
        raise bad_request("Impact level must be one of P0, P1, P2, P3.", "impact")
    if at is None:
        at = rfc3339(utc_now())
    if not isinstance(at, str):
        raise bad_request("Time must be an RFC 3339 time such as 2027-12-30T18:00:00Z.", "at")
    result = req.app.core.quote(plan, impact, at)
    if "error" in result:
        field = result["error"]["field"] or "body"
        raise ApiError(400, "invalid_" + field, result["error"]["message"], {field: result["error"]["message"]})
    return 200, result["quote"]
