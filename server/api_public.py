"""Endpoints anyone may call: health, the policy and deadline quotes."""
import datetime

from . import VERSION


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def rfc3339(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def health(req):
    return 200, {"status": "ok", "version": VERSION, "time": rfc3339(utc_now()),
                 "storage": req.app.storage_status()}


def policy(req):
    """The policy, the holidays of the next 24 months, and the deployment's escalation contacts
    (with what to say when there are none)."""
    today = utc_now().date()
    last = (today.replace(day=1) + datetime.timedelta(days=31 * 24)).replace(day=1) - datetime.timedelta(days=1)
    return 200, {"policy": req.app.policy, "holidays": req.app.core.holidays(today.isoformat(), last.isoformat()),
                 "holidays_from": today.isoformat(), "holidays_to": last.isoformat(),
                 "contacts": req.app.contacts, "contact_advice": req.app.contact_advice}


def quote(req):
    """{plan, impact?, hosting?, at?} -> the core's quote; `at` defaults to the server's now. Whatever the
    core refuses (an unknown plan, impact or hosting, a bad time) becomes a 400 naming the field."""
    body = req.json()
    at = body.get("at")
    return 200, req.app.core.quote(body.get("plan"), body.get("impact"), body.get("hosting"),
                                   rfc3339(utc_now()) if at is None else at)
