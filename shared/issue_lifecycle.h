// The life of an issue around the deadline engine (SPEC §1-4, §6): which plan and
// hosting apply, which clock runs and whether it was met, who may escalate, whether
// the issue waits on its reporter, and the labels set at filing. The server decides
// with these; the browser only previews with them. Every time is an argument.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "policy.h"
#include "response_deadline.h"

namespace portal {

// ---- people ---------------------------------------------------------------
enum class Role { Community, Customer, Cse, Admin };
std::optional<Role> parse_role(const std::string& text);   // "community", "customer", "cse", "admin"
bool is_staff(Role role);                                  // cse and admin

// The person looking at or acting on an issue, as the server knows them.
struct Viewer {
    Role role = Role::Community;
    bool is_reporter = false;          // filed the issue
    bool in_issue_organization = false;
};
// The reporter, or a customer of the issue's organization: the side an issue waits on.
bool on_reporter_side(const Viewer& viewer);

// ---- plan resolution --------------------------------------------------------
struct Coverage {
    std::string plan;                  // a plan id of the policy
    std::string hosting;               // a hosting id; "" for the policy's default
};

// A customer files under their organization's plan and hosting; anyone else under
// the policy's unpaid plan with the default hosting.
Coverage coverage_for(const Policy& policy, Role role, const std::optional<Coverage>& organization);

// The targets one impact level gets under a coverage. A hosting target (Managed
// Cloud P0/P1) applies to paid plans only, and the sooner deadline wins.
struct AppliedTargets {
    const Plan* plan = nullptr;
    const HostingOption* hosting = nullptr;
    const ResponseTarget* plan_target = nullptr;
    const ResponseTarget* hosting_target = nullptr;
    bool can_escalate() const;
};
struct TargetsResult {
    std::optional<AppliedTargets> targets;
    std::optional<QuoteError> error;
};
TargetsResult applied_targets(const Policy& policy, const Coverage& coverage, const std::string& impact);

// quote_deadline for a coverage: the plan's deadline, or the hosting's when sooner.
QuoteResult quote_coverage(const Policy& policy, const BusinessCalendar& calendar, const Coverage& coverage,
                           const std::string& impact, Instant received);
// The same, with the target whose deadline won (nullptr on error).
QuoteResult quote_coverage(const Policy& policy, const BusinessCalendar& calendar, const Coverage& coverage,
                           const std::string& impact, Instant received, const ResponseTarget** chosen);

// ---- clocks -------------------------------------------------------------------
enum class ClockKind { None, FirstResponse, NextReply };
enum class ClockState { None, Running, Met, Breached };
const char* clock_kind_name(ClockKind kind);      // "none", "first_response", "next_reply"
const char* clock_state_name(ClockState state);   // "none", "running", "met", "breached"

// The deadlines an issue has had and when staff answered them.
struct ClockFacts {
    std::optional<Instant> first_response_due;    // none for the unpaid plan
    std::optional<Instant> first_response_at;     // staff's first public reply
    std::optional<Instant> next_reply_due;        // the latest customer answer to a question started it
    std::optional<Instant> next_reply_at;         // staff's public reply to that answer
};

struct Clock {
    ClockKind kind = ClockKind::None;
    std::optional<Instant> due_at;
    ClockState state = ClockState::None;
    std::optional<Instant> answered_at;           // set once the clock stopped
    bool awaits_staff() const { return due_at.has_value() && !answered_at; }
};

// Met or Breached once answered (meets_deadline); before that Running, or Breached
// as soon as an answer now would be late.
ClockState judge(Instant due, std::optional<Instant> answered_at, Instant now);
// The clock an issue shows: the next-reply clock once the first response is in,
// else the first-response clock, else none.
Clock active_clock(const ClockFacts& facts, Instant now);
void to_json(nlohmann::json& out, const Clock& clock);   // {"kind", "state", "due_at"?, "answered_at"?}

// A public reply by staff at `at`: the clocks it stops, and how each ended.
struct ClocksStopped {
    std::optional<ClockState> first_response;
    std::optional<ClockState> next_reply;
};
ClocksStopped staff_replied(const ClockFacts& facts, Instant at);

// ---- waiting on the customer (labels beginning with "+") ----------------------
bool is_waiting_label(const std::string& label);
bool waiting_on_customer(const std::vector<std::string>& labels);
enum class WaitingOn { Nobody, You, Customer };
WaitingOn waiting_on(const std::vector<std::string>& labels, const Viewer& viewer);
const char* waiting_text(WaitingOn waiting);      // "Waiting on you", "Waiting on customer", ""

// A reply by anyone but staff: every + label goes; answering a question starts a
// next-reply clock with the issue's target (when it has one and no next-reply clock
// is still waiting for staff: the earlier promise stands); a resolved issue reopens.
struct CustomerReply {
    std::vector<std::string> cleared_labels;
    std::optional<DeadlineQuote> next_reply;
    bool reopens = false;
};
struct CustomerReplyResult {
    std::optional<CustomerReply> reply;
    std::optional<QuoteError> error;
};
CustomerReplyResult customer_replied(const Policy& policy, const BusinessCalendar& calendar, const Coverage& coverage,
                                     const std::string& impact, const std::vector<std::string>& labels,
                                     const std::string& status, const ClockFacts& facts, Instant at);

// ---- filing and escalation --------------------------------------------------------
// SPEC §6: bug, :reproduce, :incoming, the impact, "customer request" on a paid plan,
// and the codename of an organization that stays anonymous ("" when it does not).
std::vector<std::string> filing_labels(const Policy& policy, const Coverage& coverage, const std::string& impact,
                                       const std::string& anonymous_codename);

enum class EscalationRefusal { None, NotYours, NotUrgent, Closed };
struct EscalationVerdict {
    EscalationRefusal refusal = EscalationRefusal::None;
    std::string message;               // why not, for the person asking
    bool allowed() const { return refusal == EscalationRefusal::None; }
};
const char* refusal_code(EscalationRefusal refusal);   // "not_yours", "not_urgent", "closed"
// SPEC §4: the reporter's organization or staff, on an open issue whose target
// offers escalation (can_escalate in policy.json).
EscalationVerdict may_escalate(const Policy& policy, const Coverage& coverage, const std::string& impact,
                               const std::string& status, const Viewer& viewer);

}  // namespace portal
