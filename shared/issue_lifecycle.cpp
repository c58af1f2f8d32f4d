#include "issue_lifecycle.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace portal {

// ---- people ---------------------------------------------------------------

std::optional<Role> parse_role(const std::string& text) {
    if (text == "community") return Role::Community;
    if (text == "customer") return Role::Customer;
    if (text == "cse") return Role::Cse;
    if (text == "admin") return Role::Admin;
    return std::nullopt;
}

bool is_staff(Role role) {
    return role == Role::Cse || role == Role::Admin;
}

bool on_reporter_side(const Viewer& v) {
    return v.is_reporter || (v.role == Role::Customer && v.in_issue_organization);
}

// ---- plan resolution --------------------------------------------------------

Coverage coverage_for(const Policy& policy, Role role, const std::optional<Coverage>& organization) {
    if (role == Role::Customer && organization) return *organization;
    for (const Plan& p : policy.plans)
        if (!p.paid) return Coverage{p.id, ""};
    return Coverage{policy.plans.empty() ? "" : policy.plans.front().id, ""};
}

bool AppliedTargets::can_escalate() const {
    return (plan_target && plan_target->can_escalate) || (hosting_target && hosting_target->can_escalate);
}

TargetsResult applied_targets(const Policy& policy, const Coverage& coverage, const std::string& impact) {
    TargetsResult out;
    AppliedTargets t;
    t.plan = policy.plan(coverage.plan);
    t.hosting = policy.hosting_option(coverage.hosting);
    if (!t.plan) {
        std::string ids;
        for (const Plan& p : policy.plans) ids += (ids.empty() ? "" : ", ") + p.id;
        out.error = QuoteError{"plan", "Plan must be one of " + ids + "."};
        return out;
    }
    if (!t.hosting) {
        std::string ids;
        for (const HostingOption& h : policy.hosting) ids += (ids.empty() ? "" : ", ") + h.id;
        out.error = QuoteError{"hosting", "Hosting must be one of " + ids + "."};
        return out;
    }
    t.plan_target = t.plan->target_for(impact);
    if (t.plan->paid) t.hosting_target = t.hosting->target_for(impact);
    out.targets = t;
    return out;
}

QuoteResult quote_coverage(const Policy& policy, const BusinessCalendar& cal, const Coverage& coverage,
                           const std::string& impact, Instant at) {
    return quote_coverage(policy, cal, coverage, impact, at, nullptr);
}

QuoteResult quote_coverage(const Policy& policy, const BusinessCalendar& cal, const Coverage& coverage,
                           const std::string& impact, Instant at, const ResponseTarget** chosen) {
    if (chosen) *chosen = nullptr;
    const TargetsResult targets = applied_targets(policy, coverage, impact);
    if (targets.error) return QuoteResult{std::nullopt, targets.error};
    QuoteResult r = quote_deadline(policy, cal, coverage.plan, impact, at);  // checks impact and year too
    if (!r.quote) return r;
    const AppliedTargets& t = *targets.targets;
    if (chosen) *chosen = t.plan_target;
    if (!t.hosting_target || !r.quote->due_at) return r;
    DeadlineQuote hosted = quote_target(cal, *t.hosting_target, t.hosting->name, at);
    if (!hosted.due_at) return r;
    const std::string plan_due = describe_local(cal.zone(), *r.quote->due_at);
    const std::string hosted_due = describe_local(cal.zone(), *hosted.due_at);
    if (*hosted.due_at < *r.quote->due_at) {
        hosted.explanation += " That is sooner than " + t.plan->name + "'s target (" + plan_due + "), so " +
                              t.hosting->name + "'s 24/7 target applies.";
        r.quote = hosted;
        if (chosen) *chosen = t.hosting_target;
    } else {
        r.quote->explanation += " " + t.hosting->name + "'s 24/7 target (" + hosted_due + ") is not sooner, so " +
                                t.plan->name + "'s applies.";
    }
    return r;
}

// ---- clocks -------------------------------------------------------------------

const char* clock_kind_name(ClockKind kind) {
    switch (kind) {
        case ClockKind::FirstResponse:
            return "first_response";
        case ClockKind::NextReply:
            return "next_reply";
        case ClockKind::None:
            break;
    }
    return "none";
}

const char* clock_state_name(ClockState state) {
    switch (state) {
        case ClockState::Running:
            return "running";
        case ClockState::Met:
            return "met";
        case ClockState::Breached:
            return "breached";
        case ClockState::None:
            break;
    }
    return "none";
}

ClockState judge(Instant due, std::optional<Instant> answered_at, Instant now) {
    const Instant response = answered_at ? *answered_at : now;  // unanswered: as if answered this second
    if (meets_deadline(due, response)) return answered_at ? ClockState::Met : ClockState::Running;
    return ClockState::Breached;
}

Clock active_clock(const ClockFacts& f, Instant now) {
    Clock c;
    const bool first_settled = f.first_response_at.has_value() || !f.first_response_due;
    if (f.next_reply_due && first_settled) {
        c.kind = ClockKind::NextReply;
        c.due_at = f.next_reply_due;
        c.answered_at = f.next_reply_at;
    } else if (f.first_response_due) {
        c.kind = ClockKind::FirstResponse;
        c.due_at = f.first_response_due;
        c.answered_at = f.first_response_at;
    } else {
        return c;
    }
    c.state = judge(*c.due_at, c.answered_at, now);
    return c;
}

void to_json(nlohmann::json& out, const Clock& c) {
    out = nlohmann::json{{"kind", clock_kind_name(c.kind)}, {"state", clock_state_name(c.state)}};
    if (c.due_at) out["due_at"] = format_rfc3339_utc(*c.due_at);
    if (c.answered_at) out["answered_at"] = format_rfc3339_utc(*c.answered_at);
}

ClocksStopped staff_replied(const ClockFacts& f, Instant at) {
    ClocksStopped out;
    if (f.first_response_due && !f.first_response_at) out.first_response = judge(*f.first_response_due, at, at);
    if (f.next_reply_due && !f.next_reply_at) out.next_reply = judge(*f.next_reply_due, at, at);
    return out;
}

// ---- waiting on the customer --------------------------------------------------

bool is_waiting_label(const std::string& label) {
    return !label.empty() && label[0] == '+';
}

bool waiting_on_customer(const std::vector<std::string>& labels) {
    return std::any_of(labels.begin(), labels.end(), is_waiting_label);
}

WaitingOn waiting_on(const std::vector<std::string>& labels, const Viewer& viewer) {
    if (!waiting_on_customer(labels)) return WaitingOn::Nobody;
    return on_reporter_side(viewer) ? WaitingOn::You : WaitingOn::Customer;
}

const char* waiting_text(WaitingOn w) {
    switch (w) {
        case WaitingOn::You:
            return "Waiting on you";
        case WaitingOn::Customer:
            return "Waiting on customer";
        case WaitingOn::Nobody:
            break;
    }
    return "";
}

CustomerReplyResult customer_replied(const Policy& policy, const BusinessCalendar& cal, const Coverage& coverage,
                                     const std::string& impact, const std::vector<std::string>& labels,
                                     const std::string& status, const ClockFacts& facts, Instant at) {
    CustomerReply reply;
    for (const std::string& l : labels)
        if (is_waiting_label(l)) reply.cleared_labels.push_back(l);
    reply.reopens = status == "resolved";
    const bool next_reply_waiting = facts.next_reply_due && !facts.next_reply_at;
    if (!reply.cleared_labels.empty() && !next_reply_waiting) {  // a question answered: a reply is owed again
        QuoteResult q = quote_coverage(policy, cal, coverage, impact, at);
        if (!q.quote) return CustomerReplyResult{std::nullopt, q.error};
        if (q.quote->due_at) reply.next_reply = std::move(q.quote);
    }
    return CustomerReplyResult{std::move(reply), std::nullopt};
}

// ---- filing and escalation --------------------------------------------------------

std::vector<std::string> filing_labels(const Policy& policy, const Coverage& coverage, const std::string& impact,
                                       const std::string& anonymous_codename) {
    std::vector<std::string> labels = {"bug", ":reproduce", ":incoming"};
    if (!impact.empty()) labels.push_back(impact);
    const Plan* plan = policy.plan(coverage.plan);
    if (plan && plan->paid) labels.push_back("customer request");
    if (!anonymous_codename.empty()) labels.push_back(anonymous_codename);
    return labels;
}

const char* refusal_code(EscalationRefusal r) {
    switch (r) {
        case EscalationRefusal::NotYours:
            return "not_yours";
        case EscalationRefusal::NotUrgent:
            return "not_urgent";
        case EscalationRefusal::Closed:
            return "closed";
        case EscalationRefusal::None:
            break;
    }
    return "";
}

EscalationVerdict may_escalate(const Policy& policy, const Coverage& coverage, const std::string& impact,
                               const std::string& status, const Viewer& viewer) {
    if (!is_staff(viewer.role) && !(viewer.role == Role::Customer && viewer.in_issue_organization))
        return {EscalationRefusal::NotYours,
                "Only customers of this issue's organization and support engineers can escalate it."};
    const TargetsResult t = applied_targets(policy, coverage, impact);
    if (!t.targets || !t.targets->can_escalate()) {
        std::string levels;
        for (const ImpactLevel& level : policy.impacts) {
            const TargetsResult lt = applied_targets(policy, coverage, level.id);
            if (lt.targets && lt.targets->can_escalate())
                levels += (levels.empty() ? "" : " and ") + level.id + " (" + level.name + ")";
        }
        return {EscalationRefusal::NotUrgent,
                levels.empty() ? "This plan offers no escalation." : "Only " + levels + " issues can be escalated."};
    }
    if (status == "closed")
        return {EscalationRefusal::Closed, "A closed issue cannot be escalated; file a new report."};
    return {};
}

}  // namespace portal
