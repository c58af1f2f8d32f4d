#include "c_api.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "c_api_json.h"
#include "form_validation.h"
#include "issue_lifecycle.h"
#include "json_reader.h"
#include "response_deadline.h"
#include "similar_issues.h"

using nlohmann::json;
using namespace portal::abi;

namespace portal::abi {

char* give(const json& value) {
    const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out) std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

json refusal(const char* code, const std::string& field, const std::string& message) {
    return json{{"ok", false}, {"error", {{"code", code}, {"field", field}, {"message", message}}}};
}

json ok(json body) {
    body["ok"] = true;
    return body;
}

bool parse_request(const char* text, json& out) {
    portal::LoadError e;
    return text && portal::parse_json(text, out, e) && out.is_object();
}

std::string string_member(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

bool bool_member(const json& j, const char* key) { return j.contains(key) && j[key].is_boolean() && j[key].get<bool>(); }

std::optional<portal::Instant> time_member(const json& j, const char* key, bool& bad) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    const auto t = j[key].is_string() ? portal::parse_rfc3339(j[key].get<std::string>()) : std::nullopt;
    if (!t) bad = true;
    return t;
}

}  // namespace portal::abi

namespace {

const json kNotAnObject = bad_request("", "The request must be a JSON object.");

json load_errors_json(const std::vector<portal::LoadError>& errors) {
    json list = json::array();
    for (const auto& e : errors)
        list.push_back({{"where", e.where}, {"message", e.message}, {"line", e.line}, {"column", e.column}});
    return list;
}

// The form named by a request's "form" member (definition text), or a refusal in `failure`.
std::optional<portal::FormDefinition> request_form(const json& req, json& failure) {
    if (!req.contains("form") || !req["form"].is_string()) {
        failure = bad_request("form", "Give the form definition as JSON text.");
        return std::nullopt;
    }
    portal::FormLoad load = portal::load_form(req["form"].get<std::string>());
    if (!load.form) {
        failure = refusal("bad_definition", "form", "The form definition is not valid.");
        failure["error"]["definition_errors"] = load_errors_json(load.errors);
    }
    return std::move(load.form);
}

json field_error_json(const portal::FieldError& e) {
    return json{{"field", e.field}, {"code", e.code}, {"message", e.message}};
}

// Reads a similar-issues request's documents; a refusal when they are malformed, else null.
json read_documents(const json& req, std::vector<portal::IssueText>& out) {
    constexpr std::size_t kMaxDocuments = 20000;
    if (!req.contains("documents") || !req["documents"].is_array())
        return bad_request("documents", "Give the documents as a list of {id, title, description}.");
    const json& docs = req["documents"];
    if (docs.size() > kMaxDocuments) return invalid("documents", "Give at most 20000 documents.");
    out.reserve(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const json& d = docs[i];
        const std::string at = "documents[" + std::to_string(i) + "]";
        if (!d.is_object()) return bad_request(at, "Each document must be an object.");
        if (!d.contains("id") || !d["id"].is_number_integer()) return bad_request(at + ".id", "Give each document a whole-number id.");
        if (!d.contains("title") || !d["title"].is_string()) return bad_request(at + ".title", "Give each document a title as text.");
        if (d.contains("description") && !d["description"].is_string() && !d["description"].is_null())
            return bad_request(at + ".description", "A description must be text.");
        out.push_back({d["id"].get<std::int64_t>(), d["title"].get<std::string>(), string_member(d, "description")});
    }
    return json();
}

}  // namespace

extern "C" {

PortalPolicy* portal_policy_load(const char* policy_json, char** errors) {
    portal::PolicyLoad load = portal::load_policy(policy_json ? policy_json : "");
    if (!load.policy) {
        if (errors) *errors = give(load_errors_json(load.errors));
        return nullptr;
    }
    if (errors) *errors = nullptr;
    portal::BusinessCalendar cal = load.policy->calendar();
    return new PortalPolicy{std::move(*load.policy), std::move(cal)};
}

void portal_policy_release(PortalPolicy* policy) { delete policy; }

char* portal_quote(const PortalPolicy* p, const char* request_json) {
    json req;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const std::pair<const char*, const char*> texts[] = {{"plan", "Plan must be text such as \"premium\"."},
                                                         {"impact", "Impact level must be text such as \"P1\"."},
                                                         {"hosting", "Hosting must be text such as \"managed_cloud\"."}};
    for (const auto& [key, message] : texts)
        if (req.contains(key) && !req[key].is_string() && !req[key].is_null()) return give(invalid(key, message));
    const auto at = portal::parse_rfc3339(string_member(req, "at"));
    if (!at) return give(invalid("at", "Time must be an RFC 3339 time such as 2027-12-30T18:00:00Z."));
    const portal::Coverage coverage{string_member(req, "plan"), string_member(req, "hosting")};
    const portal::QuoteResult r = portal::quote_coverage(p->policy, p->calendar, coverage, string_member(req, "impact"), *at);
    if (r.error) return give(invalid(r.error->field, r.error->message));
    return give(ok(json{{"quote", *r.quote}}));
}

char* portal_holidays(const PortalPolicy* p, const char* request_json) {
    json req;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto from = portal::parse_iso_date(string_member(req, "from"));
    const auto to = portal::parse_iso_date(string_member(req, "to"));
    if (!from) return give(invalid("from", "Give the first day as YYYY-MM-DD."));
    if (!to || *to < *from) return give(invalid("to", "Give the last day as YYYY-MM-DD, not before the first."));
    // Bounded: ten thousand years of holidays is a denial of service, not a calendar.
    if (to->year - from->year > 100)
        return give(invalid("to", "Ask for at most 100 years of holidays at a time."));
    json list = json::array();
    for (const portal::Holiday& h : p->calendar.holidays().observed_between(*from, *to))
        list.push_back({{"name", h.name}, {"date", portal::format_iso_date(h.date)},
                        {"observed", portal::format_iso_date(h.observed)}});
    return give(ok(json{{"holidays", list}}));
}

char* portal_describe_times(const PortalPolicy* p, const char* request_json) {
    json req;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    if (!req.contains("times") || !req["times"].is_array() || req["times"].size() > 1000)
        return give(invalid("times", "Give a list of at most 1000 RFC 3339 times."));
    json local = json::array();
    for (const json& t : req["times"]) {
        const auto at = t.is_string() ? portal::parse_rfc3339(t.get<std::string>()) : std::nullopt;
        if (!at) return give(invalid("times", "Each time must be an RFC 3339 time such as 2027-12-30T18:00:00Z."));
        local.push_back(portal::describe_local(p->calendar.zone(), *at));
    }
    return give(ok(json{{"local", local}}));
}

char* portal_validate(const char* request_json) {
    json req, failure;
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto form = request_form(req, failure);
    if (!form) return give(failure);
    portal::SubmissionContext ctx;
    const auto role = portal::parse_role(string_member(req, "audience"));   // staff see the form as support does
    if (!role) return give(invalid("audience", "Audience must be community, customer, cse or admin."));
    ctx.audience = portal::is_staff(*role) ? portal::Audience::Cse
                   : *role == portal::Role::Customer ? portal::Audience::Customer : portal::Audience::Community;
    const auto now = portal::parse_rfc3339(string_member(req, "now"));
    if (!now) return give(invalid("now", "Give now as an RFC 3339 time."));
    ctx.today = portal::earliest_today(*now);
    const json submission = req.contains("submission") ? req["submission"] : json();
    const portal::ValidationResult r = portal::validate_submission(*form, submission, ctx);
    json errors = json::array();
    for (const auto& e : r.errors) errors.push_back(field_error_json(e));
    return give(ok(json{{"errors", errors}, {"values", r.values}}));
}

char* portal_check_upload(const char* request_json) {
    json req, failure;
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto form = request_form(req, failure);
    if (!form) return give(failure);
    const portal::FieldDefinition* field = form->field(string_member(req, "field"));
    if (!field) return give(bad_request("field", "That form has no such field."));
    if (!req.contains("size") || !req["size"].is_number_integer()) return give(bad_request("size", "Give the size in bytes."));
    const auto e = portal::validate_upload(*field, string_member(req, "filename"), req["size"].get<std::int64_t>());
    return give(ok(json{{"problem", e ? field_error_json(*e) : json()}}));   // the verdict, not a refusal
}

char* portal_check_form(const char* request_json) {
    json req;
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    if (!req.contains("form") || !req["form"].is_string()) return give(bad_request("form", "Give the form definition as JSON text."));
    const portal::FormLoad load = portal::load_form(req["form"].get<std::string>());
    return give(ok(json{{"definition_errors", load.form ? json::array() : load_errors_json(load.errors)}}));
}

char* portal_similar(const char* request_json) {
    json req;
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    if (!req.contains("query") || !req["query"].is_string()) return give(bad_request("query", "Give the query as text."));
    portal::SimilarityOptions options;
    if (req.contains("limit")) {
        const json& limit = req["limit"];
        if (!limit.is_number_integer() || limit.get<std::int64_t>() < 1 || limit.get<std::int64_t>() > 100)
            return give(invalid("limit", "Limit must be a whole number from 1 to 100."));
        options.limit = limit.get<std::size_t>();
    }
    if (req.contains("min_score")) {
        const json& min = req["min_score"];
        if (!min.is_number() || min.get<double>() < 0 || min.get<double>() > 1)
            return give(invalid("min_score", "min_score must be a number from 0 to 1."));
        options.min_score = min.get<double>();
    }
    std::vector<portal::IssueText> documents;
    const json refused = read_documents(req, documents);
    if (!refused.is_null()) return give(refused);
    const portal::SimilarIssues r = portal::rank_similar(req["query"].get<std::string>(), documents, options);
    json matches = json::array();
    for (const portal::SimilarIssue& m : r.matches)
        matches.push_back({{"id", m.id}, {"score", std::round(m.score * 1000) / 1000}});
    return give(ok(json{{"matches", matches}, {"total", r.total}}));
}

void portal_free(char* text) { std::free(text); }

}  // extern "C"
