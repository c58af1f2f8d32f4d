// The C ABI for an issue's life (issue_lifecycle.h, customer_notices.h): filing,
// replies, escalation and the verdicts an issue is sent with. Shapes in c_api.h.
#include <nlohmann/json.hpp>

#include "c_api.h"
#include "c_api_json.h"
#include "customer_notices.h"
#include "issue_lifecycle.h"

using nlohmann::json;
using namespace portal::abi;

namespace {

const json kNotAnObject = bad_request("", "The request must be a JSON object.");

// An issue's coverage and impact as the server stored them.
portal::Coverage coverage_of(const json& j) {
    return {string_member(j, "plan"), string_member(j, "hosting")};
}

std::vector<std::string> labels_of(const json& j) {
    std::vector<std::string> out;
    if (j.contains("labels") && j["labels"].is_array())
        for (const json& l : j["labels"])
            if (l.is_string()) out.push_back(l.get<std::string>());
    return out;
}

// {"due_at", "first_response_at", "reply_due_at", "reply_answered_at"}: the stored clock facts.
bool read_clock_facts(const json& j, portal::ClockFacts& f) {
    if (!j.is_object()) return false;
    bool bad = false;
    f.first_response_due = time_member(j, "due_at", bad);
    f.first_response_at = time_member(j, "first_response_at", bad);
    f.next_reply_due = time_member(j, "reply_due_at", bad);
    f.next_reply_at = time_member(j, "reply_answered_at", bad);
    return !bad;
}

bool read_viewer(const json& j, const std::string& role_text, portal::Viewer& v, json& failure) {
    const auto role = portal::parse_role(role_text);
    if (!role) {
        failure = invalid("role", "Role must be community, customer, cse or admin.");
        return false;
    }
    v = portal::Viewer{*role, bool_member(j, "is_reporter"), bool_member(j, "in_organization")};
    return true;
}

bool read_contacts_member(const json& req, std::vector<portal::Contact>& out, json& failure) {
    if (!req.contains("contacts")) return true;
    portal::ContactsRead r = portal::read_contacts(req["contacts"]);
    if (r.error) {
        failure = invalid(r.error->field, r.error->message);
        return false;
    }
    out = std::move(r.contacts);
    return true;
}

const char* state_text(const std::optional<portal::ClockState>& s) {
    return s ? portal::clock_state_name(*s) : nullptr;
}

json optional_text(const char* text) {
    return text ? json(text) : json();
}

// The clock after a change, and the deadline staff now owe a reply by (null when none): the server keeps
// the latter to sort by.
json clock_after(const portal::ClockFacts& facts, portal::Instant at, json& reply) {
    const portal::Clock c = portal::active_clock(facts, at);
    reply["clock"] = c;
    reply["reply_owed_by"] = c.awaits_staff() ? json(portal::format_rfc3339_utc(*c.due_at)) : json();
    return reply;
}

// One issue's verdicts for one viewer at `now`; a refusal in `failure` when its facts are unreadable.
json issue_verdicts(const PortalPolicy& p, const json& issue, const std::string& role,
                    const std::vector<portal::Contact>& contacts, portal::Instant now, json& failure) {
    portal::Viewer viewer;
    portal::ClockFacts facts;
    if (!read_viewer(issue, role, viewer, failure)) return json();
    if (!issue.contains("clock") || !read_clock_facts(issue["clock"], facts)) {
        failure = bad_request("clock", "Give the clock facts as RFC 3339 times or null.");
        return json();
    }
    const portal::Coverage coverage = coverage_of(issue);
    const std::string impact = string_member(issue, "impact");
    const bool escalated = bool_member(issue, "escalated");
    const auto waiting = portal::waiting_on(labels_of(issue), viewer);
    const portal::EscalationVerdict may =
        portal::may_escalate(p.policy, coverage, impact, string_member(issue, "status"), viewer);
    json out{{"clock", portal::active_clock(facts, now)},
             {"can_escalate", may.allowed() && !escalated},
             {"waiting_on", waiting == portal::WaitingOn::You        ? json("you")
                            : waiting == portal::WaitingOn::Customer ? json("customer")
                                                                     : json()},
             {"waiting_label", waiting == portal::WaitingOn::Nobody ? json() : json(portal::waiting_text(waiting))}};
    if (escalated && issue.contains("delivery")) {
        const auto delivery = portal::parse_delivery(string_member(issue, "delivery"));
        if (!delivery) {
            failure =
                bad_request("delivery", "Delivery must be queued, delivered, retrying, failed or not_configured.");
            return json();
        }
        out["escalation_message"] = portal::escalation_message(p.policy, *delivery, contacts);
    }
    bool bad = false;
    if (const auto last = time_member(issue, "last_message_at", bad)) {
        const portal::NoticeResult n = portal::message_notice(p.policy, p.calendar, coverage, impact, *last, contacts);
        if (n.notice) out["notice"] = *n.notice;
    }
    if (bad) failure = bad_request("last_message_at", "Give last_message_at as an RFC 3339 time.");
    return out;
}

}  // namespace

extern "C" {

char* portal_coverage(const PortalPolicy* p, const char* request_json) {
    json req;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto role = portal::parse_role(string_member(req, "role"));
    if (!role) return give(invalid("role", "Role must be community, customer, cse or admin."));
    std::optional<portal::Coverage> org;
    if (req.contains("organization") && req["organization"].is_object()) org = coverage_of(req["organization"]);
    portal::Coverage c = portal::coverage_for(p->policy, *role, org);
    const portal::TargetsResult t = portal::applied_targets(p->policy, c, "");
    if (t.error) return give(invalid(t.error->field, t.error->message));
    c.hosting = t.targets->hosting->id;  // "" becomes the default's id
    return give(ok(json{{"plan", c.plan}, {"hosting", c.hosting}, {"paid", t.targets->plan->paid}}));
}

char* portal_file(const PortalPolicy* p, const char* request_json) {
    json req;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto role = portal::parse_role(string_member(req, "role"));
    if (!role) return give(invalid("role", "Role must be community, customer, cse or admin."));
    const auto at = portal::parse_rfc3339(string_member(req, "at"));
    if (!at) return give(bad_request("at", "Give at as an RFC 3339 time."));
    std::optional<portal::Coverage> org;
    std::string codename;
    if (req.contains("organization") && req["organization"].is_object()) {
        const json& o = req["organization"];
        org = coverage_of(o);
        if (bool_member(o, "anonymous")) codename = string_member(o, "codename");
    }
    portal::Coverage c = portal::coverage_for(p->policy, *role, org);
    if (*role != portal::Role::Customer) codename.clear();  // only a customer files as their organization
    const std::string impact = string_member(req, "impact");
    const portal::QuoteResult q = portal::quote_coverage(p->policy, p->calendar, c, impact, *at);
    if (q.error) return give(invalid(q.error->field, q.error->message));
    if (c.hosting.empty()) c.hosting = p->policy.hosting_option("")->id;
    json reply{{"coverage", {{"plan", c.plan}, {"hosting", c.hosting}}},
               {"quote", *q.quote},
               {"labels", portal::filing_labels(p->policy, c, impact, codename)},
               {"sla_state", q.quote->due_at ? "pending" : "none"}};
    portal::ClockFacts facts;
    facts.first_response_due = q.quote->due_at;
    return give(ok(clock_after(facts, *at, reply)));
}

char* portal_staff_reply(const PortalPolicy* p, const char* request_json) {
    json req;
    portal::ClockFacts facts;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto at = portal::parse_rfc3339(string_member(req, "at"));
    if (!at) return give(bad_request("at", "Give at as an RFC 3339 time."));
    if (!req.contains("clock") || !read_clock_facts(req["clock"], facts))
        return give(bad_request("clock", "Give the clock facts as RFC 3339 times or null."));
    const portal::ClocksStopped s = portal::staff_replied(facts, *at);
    json reply{{"first_response", optional_text(state_text(s.first_response))},
               {"next_reply", optional_text(state_text(s.next_reply))}};
    if (s.first_response) facts.first_response_at = *at;
    if (s.next_reply) facts.next_reply_at = *at;
    return give(ok(clock_after(facts, *at, reply)));
}

char* portal_customer_reply(const PortalPolicy* p, const char* request_json) {
    json req;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto at = portal::parse_rfc3339(string_member(req, "at"));
    if (!at) return give(bad_request("at", "Give at as an RFC 3339 time."));
    portal::ClockFacts facts;
    if (!req.contains("clock") || !read_clock_facts(req["clock"], facts))
        return give(bad_request("clock", "Give the clock facts as RFC 3339 times or null."));
    const portal::CustomerReplyResult r =
        portal::customer_replied(p->policy, p->calendar, coverage_of(req), string_member(req, "impact"), labels_of(req),
                                 string_member(req, "status"), facts, *at);
    if (r.error) return give(invalid(r.error->field, r.error->message));
    json reply{{"cleared_labels", r.reply->cleared_labels},
               {"next_reply", r.reply->next_reply ? json(*r.reply->next_reply) : json()},
               {"reopens", r.reply->reopens}};
    if (r.reply->next_reply) {
        facts.next_reply_due = r.reply->next_reply->due_at;
        facts.next_reply_at.reset();
    }
    return give(ok(clock_after(facts, *at, reply)));
}

char* portal_may_escalate(const PortalPolicy* p, const char* request_json) {
    json req, failure;
    portal::Viewer viewer;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    if (!read_viewer(req, string_member(req, "role"), viewer, failure)) return give(failure);
    const portal::EscalationVerdict v = portal::may_escalate(p->policy, coverage_of(req), string_member(req, "impact"),
                                                             string_member(req, "status"), viewer);
    return give(ok(json{
        {"allowed", v.allowed()},
        {"refusal", v.allowed() ? json() : json{{"code", portal::refusal_code(v.refusal)}, {"message", v.message}}}}));
}

char* portal_issue_verdicts(const PortalPolicy* p, const char* request_json) {
    json req, failure;
    std::vector<portal::Contact> contacts;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    const auto now = portal::parse_rfc3339(string_member(req, "now"));
    if (!now) return give(bad_request("now", "Give now as an RFC 3339 time."));
    if (!req.contains("issues") || !req["issues"].is_array())
        return give(bad_request("issues", "Give the issues as a list."));
    if (!read_contacts_member(req, contacts, failure)) return give(failure);
    const std::string role = string_member(req, "role");
    json verdicts = json::array();
    for (const json& issue : req["issues"]) {
        if (!issue.is_object()) return give(bad_request("issues", "Each issue must be an object."));
        json v = issue_verdicts(*p, issue, role, contacts, *now, failure);
        if (!failure.is_null()) return give(failure);
        verdicts.push_back(std::move(v));
    }
    return give(ok(json{{"verdicts", verdicts}}));
}

char* portal_contacts(const PortalPolicy* p, const char* request_json) {
    json req, failure;
    std::vector<portal::Contact> contacts;
    if (!p) return give(bad_request("", "No policy is loaded."));
    if (!parse_request(request_json, req)) return give(kNotAnObject);
    if (!read_contacts_member(req, contacts, failure)) return give(failure);
    json list = json::array();
    for (const portal::Contact& c : contacts) list.push_back({{"label", c.label}, {"value", c.value}});
    return give(ok(json{{"contacts", list}, {"advice", portal::contact_advice(p->policy, contacts)}}));
}

}  // extern "C"
