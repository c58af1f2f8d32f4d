/* The core's C ABI for serve.py (ctypes): JSON text in, JSON text out.
   Every returned string is owned by the caller and released with portal_free.

   Every reply is {"ok": true, ...} with the core's verdicts under their own keys, or
   {"ok": false, "error": {"code", "field", "message"}} when the core will not answer:
   code "invalid" for a value the policy refuses (unknown plan, impact, hosting, role,
   a time out of range), "bad_request" for a malformed request, "bad_definition" for a
   form definition that does not load (with "definition_errors"). */
#ifndef PORTAL_C_API_H
#define PORTAL_C_API_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct PortalPolicy PortalPolicy;

/* Loads a policy; on failure returns NULL and sets *errors to a JSON list of {where, message, line, column}. */
PortalPolicy* portal_policy_load(const char* policy_json, char** errors);
void portal_policy_release(PortalPolicy* policy);

/* {"plan", "impact"?, "hosting"?, "at": RFC 3339} -> {"ok": true, "quote": {...}} (Managed Cloud P0/P1: the sooner deadline) */
char* portal_quote(const PortalPolicy* policy, const char* request_json);

/* {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} -> {"ok": true, "holidays": [{"name", "date", "observed"}]} */
char* portal_holidays(const PortalPolicy* policy, const char* request_json);

/* {"times": [RFC 3339, ...]} -> {"ok": true, "local": ["Mon Dec 1, 06:00 PT", ...]}: each instant on the
   policy's clock (Pacific), as the core's explanations say it; for emails, which have no browser to do it */
char* portal_describe_times(const PortalPolicy* policy, const char* request_json);

/* {"form": definition JSON text, "submission": {...}, "audience": role, "now": RFC 3339}
   -> {"ok": true, "errors": [{"field", "code", "message"}], "values": {...}} */
char* portal_validate(const char* request_json);

/* {"form": definition JSON text, "field": id, "filename": "...", "size": bytes}
   -> {"ok": true, "problem": null | {"field", "code", "message"}} */
char* portal_check_upload(const char* request_json);

/* {"form": definition JSON text} -> {"ok": true, "definition_errors": [...]} (empty when the definition is good) */
char* portal_check_form(const char* request_json);

/* {"query": "...", "documents": [{"id", "title", "description"?}], "limit"?: 1..100 (5), "min_score"?: 0..1 (0.3)}
   -> {"ok": true, "matches": [{"id", "score"}], "total"} best first (similar_issues.h) */
char* portal_similar(const char* request_json);

/* ---- an issue's life (issue_lifecycle.h, customer_notices.h) ----------------------------
   Clock facts: {"due_at", "first_response_at", "reply_due_at", "reply_answered_at"}, each RFC 3339 or null.
   Viewer: "role" and, per issue, "is_reporter", "in_organization" (booleans).
   Contacts: [{"label", "value"}], the deployment's escalation contacts. */

/* {"role", "organization"?: {"plan", "hosting"}} -> {"ok": true, "plan", "hosting", "paid"}: the plan a person files under */
char* portal_coverage(const PortalPolicy* policy, const char* request_json);

/* {"role", "organization"?: {"plan", "hosting", "anonymous", "codename"}, "impact"?, "at"}
   -> {"ok": true, "coverage": {"plan", "hosting"}, "quote": {...}, "labels": [...], "sla_state": "pending"|"none",
       "clock", "reply_owed_by"}. Every write below also answers "clock" (the clock after it) and
   "reply_owed_by" (the deadline staff now owe a reply by, or null: what the server sorts by). */
char* portal_file(const PortalPolicy* policy, const char* request_json);

/* {"at", "clock": facts} -> {"ok": true, "first_response": null|"met"|"breached", "next_reply": null|"met"|"breached"}:
   the clocks a public reply by staff stops */
char* portal_staff_reply(const PortalPolicy* policy, const char* request_json);

/* {"at", "plan", "hosting", "impact", "labels", "status", "clock": facts}
   -> {"ok": true, "cleared_labels": [...], "next_reply": null | quote, "reopens"}: a reply by anyone but staff */
char* portal_customer_reply(const PortalPolicy* policy, const char* request_json);

/* {"plan", "hosting", "impact", "status", "role", "is_reporter", "in_organization"}
   -> {"ok": true, "allowed", "refusal": null | {"code": "not_yours"|"not_urgent"|"closed", "message"}} */
char* portal_may_escalate(const PortalPolicy* policy, const char* request_json);

/* {"now", "role", "contacts"?, "issues": [{"plan", "hosting", "impact", "status", "labels", "escalated",
   "delivery"?, "is_reporter", "in_organization", "clock": facts, "last_message_at"?}]}
   -> {"ok": true, "verdicts": [{"clock": {"kind", "state", "due_at"?, "answered_at"?}, "can_escalate",
      "waiting_on": "you"|"customer"|null, "waiting_label", "escalation_message"?, "notice"?}]} in the same order */
char* portal_issue_verdicts(const PortalPolicy* policy, const char* request_json);

/* {"contacts": [...]} -> {"ok": true, "contacts": [...], "advice": "use ..."}: checks a deployment's contacts */
char* portal_contacts(const PortalPolicy* policy, const char* request_json);

void portal_free(char* text);

#ifdef __cplusplus
}
#endif
#endif
