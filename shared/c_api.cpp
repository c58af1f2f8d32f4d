#include "c_api.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "json_reader.h"
#include "form_validation.h"
#include "policy.h"
#include "response_deadline.h"
#include "similar_issues.h"

using nlohmann::json;

struct PortalPolicy {
    portal::Policy policy;
    portal::BusinessCalendar calendar;
};

namespace {

char* give(const json& value) {
    const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out) std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

json error(const std::string& field, const std::string& message) {
    return json{{"error", {{"field", field}, {"message", message}}}};
}

// Parses a request; a bad one becomes {"error": ...} in `failure`.
bool parse_request(const char* text, json& out, json& failure) {
    portal::LoadError e;
    if (text && portal::parse_json(text, out, e) && out.is_object()) return true;
    failure = error("", "The request must be a JSON object.");
    return false;
}

std::string string_member(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

json load_errors_json(const std::vector<portal::LoadError>& errors) {
    json list = json::array();
    for (const auto& e : errors)
        list.push_back({{"where", e.where}, {"message", e.message}, {"line", e.line}, {"column", e.column}});
    return list;
}

// The form named by a request's "form" member (definition text), or errors in `failure`.
std::optional<portal::FormDefinition> request_form(const json& req, json& failure) {
    if (!req.contains("form") || !req["form"].is_string()) {
        failure = error("form", "Give the form definition as JSON text.");
        return std::nullopt;
    }
    portal::FormLoad load = portal::load_form(req["form"].get<std::string>());
    if (!load.form) failure = json{{"definition_errors", load_errors_json(load.errors)}};
    return std::move(load.form);
}

json field_error_json(const portal::FieldError& e) {
    return json{{"field", e.field}, {"code", e.code}, {"message", e.message}};
}

json refusal(const std::string& field, const std::string& message) {
    json out = error(field, message);
    out["ok"] = false;
    return out;
}

// Reads a similar-issues request's documents; a refusal when they are malformed, else null.
json read_documents(const json& req, std::vector<portal::IssueText>& out) {
    constexpr std::size_t kMaxDocuments = 20000;
    if (!req.contains("documents") || !req["documents"].is_array())
        return refusal("documents", "Give the documents as a list of {id, title, description}.");
    const json& docs = req["documents"];
    if (docs.size() > kMaxDocuments) return refusal("documents", "Give at most 20000 documents.");
    out.reserve(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const json& d = docs[i];
        const std::string at = "documents[" + std::to_string(i) + "]";
        if (!d.is_object()) return refusal(at, "Each document must be an object.");
        if (!d.contains("id") || !d["id"].is_number_integer()) return refusal(at + ".id", "Give each document a whole-number id.");
        if (!d.contains("title") || !d["title"].is_string()) return refusal(at + ".title", "Give each document a title as text.");
        if (d.contains("description") && !d["description"].is_string() && !d["description"].is_null())
            return refusal(at + ".description", "A description must be text.");
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
    json req, failure;
    if (!p) return give(error("", "No policy is loaded."));
    if (!parse_request(request_json, req, failure)) return give(failure);
    if (req.contains("plan") && !req["plan"].is_string()) return give(error("plan", "Plan must be a text such as \"premium\"."));
    if (req.contains("impact") && !req["impact"].is_string() && !req["impact"].is_null())
        return give(error("impact", "Impact level must be a text such as \"P1\"."));
    const std::string at_text = string_member(req, "at");
    const auto at = portal::parse_rfc3339(at_text);
    if (!at) return give(error("at", "Time must be an RFC 3339 time such as 2027-12-30T18:00:00Z."));
    const portal::QuoteResult r =
        portal::quote_deadline(p->policy, p->calendar, string_member(req, "plan"), string_member(req, "impact"), *at);
    if (r.error) return give(error(r.error->field, r.error->message));
    return give(json{{"quote", *r.quote}});
}

char* portal_holidays(const PortalPolicy* p, const char* request_json) {
    json req, failure;
    if (!p) return give(error("", "No policy is loaded."));
    if (!parse_request(request_json, req, failure)) return give(failure);
    const auto from = portal::parse_iso_date(string_member(req, "from"));
    const auto to = portal::parse_iso_date(string_member(req, "to"));
    if (!from) return give(error("from", "Give the first day as YYYY-MM-DD."));
    if (!to || *to < *from) return give(error("to", "Give the last day as YYYY-MM-DD, not before the first."));
    json list = json::array();
    for (const portal::Holiday& h : p->calendar.holidays().observed_between(*from, *to))
        list.push_back({{"name", h.name}, {"date", portal::format_iso_date(h.date)},
                        {"observed", portal::format_iso_date(h.observed)}});
    return give(json{{"holidays", list}});
}

char* portal_validate(const char* request_json) {
    json req, failure;
    if (!parse_request(request_json, req, failure)) return give(failure);
    const auto form = request_form(req, failure);
    if (!form) return give(failure);
    const std::string audience = string_member(req, "audience");
    portal::SubmissionContext ctx;
    if (audience == "community") ctx.audience = portal::Audience::Community;
    else if (audience == "customer") ctx.audience = portal::Audience::Customer;
    else if (audience == "cse") ctx.audience = portal::Audience::Cse;
    else return give(error("audience", "Audience must be community, customer or cse."));
    const auto now = portal::parse_rfc3339(string_member(req, "now"));
    if (!now) return give(error("now", "Give now as an RFC 3339 time."));
    ctx.today = portal::earliest_today(*now);
    const json submission = req.contains("submission") ? req["submission"] : json();
    const portal::ValidationResult r = portal::validate_submission(*form, submission, ctx);
    json errors = json::array();
    for (const auto& e : r.errors) errors.push_back(field_error_json(e));
    return give(json{{"errors", errors}, {"values", r.values}});
}

char* portal_check_upload(const char* request_json) {
    json req, failure;
    if (!parse_request(request_json, req, failure)) return give(failure);
    const auto form = request_form(req, failure);
    if (!form) return give(failure);
    const portal::FieldDefinition* field = form->field(string_member(req, "field"));
    if (!field) return give(error("field", "That form has no such field."));
    if (!req.contains("size") || !req["size"].is_number_integer()) return give(error("size", "Give the size in bytes."));
    const auto e = portal::validate_upload(*field, string_member(req, "filename"), req["size"].get<std::int64_t>());
    return give(json{{"error", e ? field_error_json(*e) : json()}});
}

char* portal_check_form(const char* request_json) {
    json req, failure;
    if (!parse_request(request_json, req, failure)) return give(failure);
    const auto form = request_form(req, failure);
    return give(form ? json{{"definition_errors", json::array()}} : failure);
}

char* portal_similar(const char* request_json) {
    json req, failure;
    if (!parse_request(request_json, req, failure)) return give(refusal("", "The request must be a JSON object."));
    if (!req.contains("query") || !req["query"].is_string()) return give(refusal("query", "Give the query as text."));
    portal::SimilarityOptions options;
    if (req.contains("limit")) {
        const json& limit = req["limit"];
        if (!limit.is_number_integer() || limit.get<std::int64_t>() < 1 || limit.get<std::int64_t>() > 100)
            return give(refusal("limit", "Limit must be a whole number from 1 to 100."));
        options.limit = limit.get<std::size_t>();
    }
    if (req.contains("min_score")) {
        const json& min = req["min_score"];
        if (!min.is_number() || min.get<double>() < 0 || min.get<double>() > 1)
            return give(refusal("min_score", "min_score must be a number from 0 to 1."));
        options.min_score = min.get<double>();
    }
    std::vector<portal::IssueText> documents;
    const json refused = read_documents(req, documents);
    if (!refused.is_null()) return give(refused);
    const portal::SimilarIssues r = portal::rank_similar(req["query"].get<std::string>(), documents, options);
    json matches = json::array();
    for (const portal::SimilarIssue& m : r.matches)
        matches.push_back({{"id", m.id}, {"score", std::round(m.score * 1000) / 1000}});
    return give(json{{"ok", true}, {"matches", matches}, {"total", r.total}});
}

void portal_free(char* text) { std::free(text); }

}  // extern "C"
