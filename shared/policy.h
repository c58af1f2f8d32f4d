// The support policy as data (assets/policy.json): plans, impact levels,
// response targets, hosting, business hours, holidays and what to say about
// escalation contacts (the contacts themselves are the deployment's, not policy).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "business_calendar.h"
#include "load_error.h"

namespace portal {

enum class TargetKind {
    None,             // no guaranteed response (Free)
    CalendarHours,    // hours around the clock (P0)
    BusinessHours,    // business hours, holidays pausing or not (P1, P2)
    BusinessWindow,   // a window of business hours; due at its end (P3)
    ByReceiptHours,   // calendar hours chosen by whether receipt is in business hours (Ultimate)
};

struct ResponseTarget {
    TargetKind kind = TargetKind::None;
    int hours = 0;                     // CalendarHours, BusinessHours, BusinessWindow (end)
    int window_start_hours = 0;        // BusinessWindow
    int inside_hours = 0;              // ByReceiptHours
    int outside_hours = 0;             // ByReceiptHours
    Holidays holidays = Holidays::Count;
    std::string summary;               // "≤ 4 business hours"
    std::string contact;               // preferred contact
    bool can_escalate = false;         // "Escalate now" is offered at this level (P0, P1)
};

struct ImpactLevel {
    std::string id;                    // "P0"
    std::string name;                  // "Emergency"
    std::string definition;            // shown to the user
};

struct Plan {
    std::string id;                    // "free", "premium", "ultimate"
    std::string name;                  // "Fleet Premium"
    bool paid = false;
    std::string description;
    std::map<std::string, ResponseTarget> targets;   // by impact id, "*" for any
    const ResponseTarget* target_for(const std::string& impact) const;
};

// Where the instance runs. A hosting's targets (Managed Cloud P0/P1) apply to paid
// plans on top of the plan's own: the sooner deadline wins.
struct HostingOption {
    std::string id;                    // "self_managed", "managed_cloud"
    std::string name;                  // "Managed Cloud"
    std::string description;
    std::map<std::string, ResponseTarget> targets;   // by impact id, "*" for any; often empty
    const ResponseTarget* target_for(const std::string& impact) const;
};

struct EscalationPolicy {
    std::string without_contacts;      // what to do when the deployment configures no contacts
};

struct Policy {
    std::string time_zone_id;          // "America/Los_Angeles"
    UsTimeZone zone;
    BusinessHours hours;
    std::vector<HolidayRule> holiday_rules;
    std::vector<ImpactLevel> impacts;
    std::vector<Plan> plans;
    std::vector<HostingOption> hosting;   // the first is the default
    EscalationPolicy escalation;
    std::vector<std::string> community_channels;

    const Plan* plan(const std::string& id) const;
    const ImpactLevel* impact(const std::string& id) const;
    const HostingOption* hosting_option(const std::string& id) const;   // "" -> the default
    BusinessCalendar calendar() const;
};

struct PolicyLoad {
    std::optional<Policy> policy;
    std::vector<LoadError> errors;
};

PolicyLoad load_policy(const std::string& json_text);

}  // namespace portal
