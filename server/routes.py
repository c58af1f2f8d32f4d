"""The route table: method, path pattern, handler. Handlers take a Request and
return (status, payload) or (status, payload, headers); a bytes payload is sent as is."""
import re

from . import (api_accounts, api_admin, api_admin_accounts, api_attachments, api_invitations, api_issues,
               api_notifications, api_organizations, api_password_reset, api_public, api_similar, api_staff, api_verification, filing)


def _compile(pattern):
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")


ROUTES = [(method, _compile(pattern), fn) for method, pattern, fn in [
    ("GET", "/api/health", api_public.health),
    ("GET", "/api/policy", api_public.policy),
    ("POST", "/api/sla/quote", api_public.quote),
    ("POST", "/api/signup", api_accounts.signup),
    ("POST", "/api/verify", api_verification.verify),
    ("POST", "/api/signup/verify", api_verification.verify),        # SPEC §7's name for the same
    ("POST", "/api/verify/resend", api_verification.resend),
    ("POST", "/api/session", api_accounts.sign_in),
    ("POST", "/api/invitations/accept", api_invitations.accept),
    ("POST", "/api/invitations/lookup", api_invitations.lookup),
    ("GET", "/api/invitations", api_invitations.list_invitations),
    ("POST", "/api/invitations", api_invitations.create),
    ("POST", "/api/invitations/{id}/resend", api_invitations.resend),
    ("POST", "/api/invitations/{id}/revoke", api_invitations.revoke),
    ("DELETE", "/api/session", api_accounts.sign_out),
    ("POST", "/api/sessions/revoke-all", api_password_reset.sign_out_everywhere),
    ("POST", "/api/password-reset", api_password_reset.request_reset),
    ("POST", "/api/password-reset/confirm", api_password_reset.confirm),
    ("GET", "/api/me", api_accounts.me),
    ("GET", "/api/me/notifications", api_notifications.get_settings),
    ("PATCH", "/api/me/notifications", api_notifications.patch_settings),
    ("POST", "/api/unsubscribe", api_notifications.unsubscribe),
    ("GET", "/api/unsubscribe", api_notifications.unsubscribe_page),
    ("GET", "/api/forms", api_staff.forms_list),
    ("GET", "/api/forms/{id}", api_staff.form_get),
    ("GET", "/api/issues", api_issues.list_issues),
    ("POST", "/api/issues", filing.file_report),
    ("GET", "/api/issues/similar", api_similar.similar_issues),   # before {id}, which would take "similar"
    ("GET", "/api/issues/{id}", api_issues.get_issue),
    ("PATCH", "/api/issues/{id}", api_issues.patch_issue),
    ("POST", "/api/issues/{id}/comments", api_issues.add_comment),
    ("POST", "/api/issues/{id}/escalate", api_issues.escalate),
    ("POST", "/api/issues/{id}/affected", api_issues.affected),
    ("PUT", "/api/issues/{id}/watch", api_notifications.watch),
    ("DELETE", "/api/issues/{id}/watch", api_notifications.unwatch),
    ("POST", "/api/issues/{id}/attachments", api_attachments.upload),
    ("GET", "/api/attachments/{id}", api_attachments.download),
    ("GET", "/api/escalations", api_staff.escalations),
    ("POST", "/api/escalations/{id}/retry", api_staff.retry_escalation),
    ("GET", "/api/admin/outbox", api_admin.outbox_list),
    ("GET", "/api/admin/organizations", api_organizations.list_organizations),
    ("POST", "/api/admin/organizations", api_organizations.create),
    ("PATCH", "/api/admin/organizations/{id}", api_organizations.patch),
    ("GET", "/api/admin/accounts", api_admin_accounts.list_accounts),
    ("PATCH", "/api/admin/accounts/{id}", api_admin_accounts.patch),
    ("POST", "/api/admin/outbox/{id}/retry", api_admin.outbox_retry),
]]


def match(method, path):
    """(handler, params) for a request, or (None, allowed_methods) when the path exists for other methods."""
    allowed = []
    for m, pattern, fn in ROUTES:
        found = pattern.match(path)
        if found:
            if m == method or (method == "HEAD" and m == "GET"):
                return fn, found.groupdict()
            allowed.append(m)
    return None, allowed
