/* The core's C ABI for serve.py (ctypes): JSON text in, JSON text out.
   Every returned string is owned by the caller and released with portal_free. */
#ifndef PORTAL_C_API_H
#define PORTAL_C_API_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct PortalPolicy PortalPolicy;

/* Loads a policy; on failure returns NULL and sets *errors to a JSON list of {where, message, line, column}. */
PortalPolicy* portal_policy_load(const char* policy_json, char** errors);
void portal_policy_release(PortalPolicy* policy);

/* {"plan", "impact"?, "at": RFC 3339} -> {"quote": {...}} or {"error": {"field", "message"}} */
char* portal_quote(const PortalPolicy* policy, const char* request_json);

/* {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} -> {"holidays": [{"name", "date", "observed"}]} */
char* portal_holidays(const PortalPolicy* policy, const char* request_json);

/* {"form": definition JSON text, "submission": {...}, "audience": "community"|"customer"|"cse", "now": RFC 3339}
   -> {"errors": [{"field", "code", "message"}], "values": {...}}
   or {"definition_errors": [{"where", "message", "line", "column"}]} when the definition itself is bad. */
char* portal_validate(const char* request_json);

/* {"form": definition JSON text, "field": id, "filename": "...", "size": bytes} -> {"error": null | {...}} */
char* portal_check_upload(const char* request_json);

/* {"form": definition JSON text} -> {"definition_errors": [...]} (empty when the definition is good) */
char* portal_check_form(const char* request_json);

/* {"query": "...", "documents": [{"id", "title", "description"?}], "limit"?: 1..100 (5), "min_score"?: 0..1 (0.3)}
   -> {"ok": true, "matches": [{"id", "score"}], "total"} best first (similar_issues.h)
   or {"ok": false, "error": {"field", "message"}}. */
char* portal_similar(const char* request_json);

void portal_free(char* text);

#ifdef __cplusplus
}
#endif
#endif
