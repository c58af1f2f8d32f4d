// SPEC §3: when a first response (or the next reply) is due, and why.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "policy.h"

namespace portal {

struct DeadlineQuote {
    Instant received;
    bool has_deadline = false;          // false for Free
    Instant clock_starts_at;            // received, or the next opening for business-hours targets
    std::optional<Instant> due_at;
    std::optional<Instant> window_start;   // P3: the earliest reply the target promises
    bool in_business_hours = false;     // judged the way the target counts holidays
    std::vector<std::string> skipped_holidays;   // holidays that paused the clock
    std::string target_summary;         // "≤ 1 business day"
    std::string contact;                // preferred contact for this level
    std::string explanation;            // one sentence: why this deadline
};

struct QuoteError {
    std::string field;                  // "plan", "impact" or "at"
    std::string message;
};

struct QuoteResult {
    std::optional<DeadlineQuote> quote;
    std::optional<QuoteError> error;
};

// The first year and last year a quote may be asked for (DST rules of 2007).
constexpr int kFirstQuoteYear = 2007;
constexpr int kLastQuoteYear = 2099;

QuoteResult quote_deadline(const Policy& policy, const BusinessCalendar& calendar, const std::string& plan,
                           const std::string& impact, Instant received);

// One target's quote; `owner` names whose target it is in the explanation ("Fleet Premium").
DeadlineQuote quote_target(const BusinessCalendar& calendar, const ResponseTarget& target, const std::string& owner,
                           Instant received);

// SPEC §3, the one breach rule for every clock: a response at the very second of
// the deadline meets it; a response one second later breaches it.
inline bool meets_deadline(Instant due, Instant response) { return response <= due; }

// {"due_at", "window_start"?, "in_business_hours", "clock_starts_at", "explanation", ...}; times RFC 3339 UTC.
void to_json(nlohmann::json& out, const DeadlineQuote& q);

// "Mon Dec 1, 06:00 PT" in the policy's zone.
std::string describe_local(const UsTimeZone& zone, Instant t);

}  // namespace portal
