// Shared by the C ABI's files (c_api.cpp, c_api_issues.cpp): one shape for every
// reply. Success: {"ok": true, ...verdicts under their own keys}. A request the core
// will not answer: {"ok": false, "error": {"code", "field", "message"}} where code is
// "invalid" (a value the policy refuses: unknown plan, impact, hosting, a time out of
// range) or "bad_request" (the request itself is malformed: the caller's bug).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "civil_time.h"
#include "policy.h"

struct PortalPolicy {
    portal::Policy policy;
    portal::BusinessCalendar calendar;
};

namespace portal::abi {

using nlohmann::json;

char* give(const json& value);             // malloc'd UTF-8 text, freed by portal_free
json refusal(const char* code, const std::string& field, const std::string& message);
inline json invalid(const std::string& field, const std::string& message) { return refusal("invalid", field, message); }
inline json bad_request(const std::string& field, const std::string& message) {
    return refusal("bad_request", field, message);
}
json ok(json body);                        // adds "ok": true

bool parse_request(const char* text, json& out);   // a JSON object, or false
std::string string_member(const json& j, const char* key);
bool bool_member(const json& j, const char* key);
// An optional RFC 3339 member: absent or null -> nullopt; `bad` set when present but unreadable.
std::optional<Instant> time_member(const json& j, const char* key, bool& bad);

}  // namespace portal::abi
