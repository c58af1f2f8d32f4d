#include "response_deadline.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace portal {

std::string describe_local(const UsTimeZone& zone, Instant t) {
    const LocalDateTime l = to_local(zone, t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %d, %02d:%02d %s", weekday_short_name(weekday_of(l.date)),
                  month_short_name(l.date.month), l.date.day, l.hour, l.minute, zone.abbreviation.c_str());
    return buf;
}

void to_json(nlohmann::json& out, const DeadlineQuote& q) {
    out = nlohmann::json{{"received_at", format_rfc3339_utc(q.received)},
                         {"has_deadline", q.has_deadline},
                         {"due_at", q.due_at ? nlohmann::json(format_rfc3339_utc(*q.due_at)) : nlohmann::json()},
                         {"in_business_hours", q.in_business_hours},
                         {"clock_starts_at", format_rfc3339_utc(q.clock_starts_at)},
                         {"skipped_holidays", q.skipped_holidays},
                         {"target", q.target_summary},
                         {"contact", q.contact},
                         {"explanation", q.explanation}};
    if (q.window_start) out["window_start"] = format_rfc3339_utc(*q.window_start);
}

namespace {

constexpr std::int64_t kHour = 3600;

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

std::string plural_hours(int n, const char* kind) {
    return std::to_string(n) + " " + kind + (n == 1 ? "hour" : "hours");
}

// Names of weekday holidays observed between two instants (inclusive dates).
std::vector<std::string> weekday_holidays(const BusinessCalendar& cal, Instant from, Instant to) {
    std::vector<std::string> names;
    const CivilDate first = to_local(cal.zone(), from).date, last = to_local(cal.zone(), to).date;
    for (const Holiday& h : cal.holidays().observed_between(first, last))
        if (cal.hours().open_days[static_cast<int>(weekday_of(h.observed))]) names.push_back(h.name);
    return names;
}

std::string receipt_clause(const BusinessCalendar& cal, Instant received, const DeadlineQuote& q, Holidays h) {
    std::string s = "Received " + describe_local(cal.zone(), received);
    if (q.in_business_hours) return s + ", inside business hours";
    const CivilDate day = to_local(cal.zone(), received).date;
    const auto holiday = cal.holidays().observed_on(day);
    if (h == Holidays::Pause && holiday && cal.hours().open_days[static_cast<int>(weekday_of(day))])
        s += ", on " + holiday->name + " (a holiday)";
    else
        s += ", outside business hours";
    return s + "; the clock starts " + describe_local(cal.zone(), q.clock_starts_at);
}

void quote_business(const BusinessCalendar& cal, const ResponseTarget& t, Instant at, DeadlineQuote& q) {
    q.in_business_hours = cal.in_business_hours(at, t.holidays);
    q.clock_starts_at = cal.next_opening(at, t.holidays);
    q.due_at = cal.add_business_seconds(at, t.hours * kHour, t.holidays);
    if (t.kind == TargetKind::BusinessWindow)
        q.window_start = cal.add_business_seconds(at, t.window_start_hours * kHour, t.holidays);
    const auto holidays = weekday_holidays(cal, q.clock_starts_at, *q.due_at);
    if (t.holidays == Holidays::Pause) q.skipped_holidays = holidays;

    std::string s = receipt_clause(cal, at, q, t.holidays);
    s += "; the clock runs " + cal.hours().describe(cal.zone()) + " for " + plural_hours(t.hours, "business ");
    if (t.kind == TargetKind::BusinessWindow)
        s += ", and the reply comes from " + describe_local(cal.zone(), *q.window_start) + " to " +
             describe_local(cal.zone(), *q.due_at);
    if (!holidays.empty())
        s += t.holidays == Holidays::Pause ? "; " + joined(holidays) + (holidays.size() == 1 ? " is" : " are") + " skipped"
                                           : "; " + joined(holidays) + " still counts, holidays do not pause this level";
    q.explanation = s + ".";
}

}  // namespace

QuoteResult quote_deadline(const Policy& policy, const BusinessCalendar& cal, const std::string& plan_id,
                           const std::string& impact, Instant at) {
    QuoteResult result;
    const Plan* plan = policy.plan(plan_id);
    if (!plan) {
        std::string ids;
        for (const Plan& p : policy.plans) ids += (ids.empty() ? "" : ", ") + p.id;
        result.error = QuoteError{"plan", "Plan must be one of " + ids + "."};
        return result;
    }
    if (plan->paid && !policy.impact(impact)) {
        std::string ids;
        for (const ImpactLevel& i : policy.impacts) ids += (ids.empty() ? "" : ", ") + i.id;
        result.error = QuoteError{"impact", "Impact level must be one of " + ids + "."};
        return result;
    }
    const int year = to_utc_civil(at).date.year;
    if (year < kFirstQuoteYear || year > kLastQuoteYear) {
        result.error = QuoteError{"at", "Time must be between 2007 and 2099."};
        return result;
    }
    const ResponseTarget* t = plan->target_for(impact);
    if (!t) {
        result.error = QuoteError{"impact", plan->name + " has no response target for " + impact + "."};
        return result;
    }
    result.quote = quote_target(cal, *t, plan->name, at);
    return result;
}

DeadlineQuote quote_target(const BusinessCalendar& cal, const ResponseTarget& target, const std::string& owner,
                           Instant at) {
    const ResponseTarget* t = &target;
    DeadlineQuote q;
    q.received = at;
    q.clock_starts_at = at;
    q.target_summary = t->summary;
    q.contact = t->contact;
    q.has_deadline = t->kind != TargetKind::None;
    q.in_business_hours = cal.in_business_hours(at, t->holidays);
    const std::string hours_text = cal.hours().describe(cal.zone());
    switch (t->kind) {
        case TargetKind::None:
            q.explanation = owner + " has no guaranteed response time; preferred contact: " + t->contact + ".";
            break;
        case TargetKind::CalendarHours:
            q.due_at = at.plus_seconds(t->hours * kHour);
            q.explanation = "Received " + describe_local(cal.zone(), at) + "; the answer is due within " +
                            plural_hours(t->hours, "") + " around the clock, nights, weekends and holidays included.";
            break;
        case TargetKind::BusinessHours:
        case TargetKind::BusinessWindow:
            quote_business(cal, *t, at, q);
            break;
        case TargetKind::ByReceiptHours: {
            const int hours = q.in_business_hours ? t->inside_hours : t->outside_hours;
            q.due_at = at.plus_seconds(hours * kHour);
            q.explanation = "Received " + describe_local(cal.zone(), at) + (q.in_business_hours ? ", inside" : ", outside") +
                            " business hours (" + hours_text + "), so " + owner + " answers within " +
                            plural_hours(hours, "") + (q.in_business_hours ? "." : " around the clock.");
            break;
        }
    }
    return q;
}

}  // namespace portal
