#include "customer_notices.h"

#include <nlohmann/json.hpp>

namespace portal {

namespace {
constexpr std::size_t kMaxContactText = 200;

std::string joined(const std::vector<std::string>& parts, const char* last) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += i + 1 == parts.size() ? last : ", ";
        out += parts[i];
    }
    return out;
}

// "Medium and Low": the levels of the plan whose clock a holiday pauses.
std::string paused_levels(const Policy& policy, const Coverage& coverage) {
    std::vector<std::string> names;
    if (const Plan* plan = policy.plan(coverage.plan))
        for (const ImpactLevel& level : policy.impacts)
            if (const ResponseTarget* t = plan->target_for(level.id); t && t->holidays == Holidays::Pause)
                names.push_back(level.name);
    return names.empty() ? std::string("Some") : joined(names, " and ");
}
}  // namespace

ContactsRead read_contacts(const nlohmann::json& list) {
    ContactsRead out;
    if (!list.is_array()) {
        out.error = QuoteError{"contacts", "Give the contacts as a list of {label, value}."};
        return out;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const nlohmann::json& c = list[i];
        const std::string at = "contacts[" + std::to_string(i) + "]";
        if (!c.is_object()) {
            out.error = QuoteError{at, "Each contact must be an object with a label and a value."};
            return out;
        }
        Contact contact;
        for (const char* key : {"label", "value"}) {
            const bool ok = c.contains(key) && c[key].is_string() && !c[key].get<std::string>().empty() &&
                            c[key].get<std::string>().size() <= kMaxContactText;
            if (!ok) {
                out.error =
                    QuoteError{at + "." + key, std::string("Give each contact a ") + key + " of 1 to 200 characters."};
                return out;
            }
        }
        contact.label = c["label"].get<std::string>();
        contact.value = c["value"].get<std::string>();
        out.contacts.push_back(std::move(contact));
    }
    return out;
}

std::string contact_advice(const Policy& policy, const std::vector<Contact>& contacts) {
    if (contacts.empty()) return policy.escalation.without_contacts;
    std::vector<std::string> parts;
    for (const Contact& c : contacts) parts.push_back(c.label + ": " + c.value);
    std::string out = "use ";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; or " : "") + parts[i];
    return out;
}

// ---- escalation -----------------------------------------------------------------

std::optional<Delivery> parse_delivery(const std::string& text) {
    for (Delivery d :
         {Delivery::Queued, Delivery::Delivered, Delivery::Retrying, Delivery::Failed, Delivery::NotConfigured})
        if (text == delivery_name(d)) return d;
    return std::nullopt;
}

const char* delivery_name(Delivery d) {
    switch (d) {
        case Delivery::Queued:
            return "queued";
        case Delivery::Delivered:
            return "delivered";
        case Delivery::Retrying:
            return "retrying";
        case Delivery::Failed:
            return "failed";
        case Delivery::NotConfigured:
            return "not_configured";
    }
    return "";
}

std::string escalation_message(const Policy& policy, Delivery delivery, const std::vector<Contact>& contacts) {
    const std::string advice = contact_advice(policy, contacts);
    switch (delivery) {
        case Delivery::Delivered:
            return "On-call has been paged, and the issue is at the top of the support queue.";
        case Delivery::Queued:
        case Delivery::Retrying:
            return "We are trying to reach on-call; the issue is at the top of the support queue. If it cannot wait, " +
                   advice + ".";
        case Delivery::Failed:
            return "We could not reach on-call automatically. The issue is at the top of the support queue; to reach "
                   "someone now, " +
                   advice + ".";
        case Delivery::NotConfigured:
            break;
    }
    return "The issue is at the top of the support queue. On-call is not paged automatically here; to reach someone "
           "now, " +
           advice + ".";
}

// ---- messages outside business hours --------------------------------------------

NoticeResult message_notice(const Policy& policy, const BusinessCalendar& cal, const Coverage& coverage,
                            const std::string& impact, Instant received, const std::vector<Contact>& contacts) {
    const ResponseTarget* chosen = nullptr;
    const QuoteResult q = quote_coverage(policy, cal, coverage, impact, received, &chosen);
    if (!q.quote) return NoticeResult{std::nullopt, q.error};
    if (!q.quote->due_at || !chosen) return {};  // no response target: nothing to promise
    const UsTimeZone& zone = cal.zone();
    const CivilDate day = to_local(zone, received).date;
    const auto holiday = cal.holidays().observed_on(day);
    const bool weekday_holiday = holiday && cal.hours().open_days[static_cast<int>(weekday_of(day))];
    MessageNotice n;
    n.received = received;
    n.clock_starts_at = q.quote->clock_starts_at;
    if (weekday_holiday && chosen->holidays == Holidays::Pause) {
        n.kind = MessageNotice::Kind::Holiday;
        n.text = "Received on " + holiday->name + ", a US federal holiday: " + paused_levels(policy, coverage) +
                 " responses may be delayed; your clock starts " + describe_local(zone, n.clock_starts_at) + ".";
    } else if (!cal.in_business_hours(received, Holidays::Count)) {  // nights and weekends, whatever the level
        n.kind = MessageNotice::Kind::OutsideHours;
        n.text = "Received " + describe_local(zone, received) + ", outside business hours (" +
                 cal.hours().describe(zone) + "): " +
                 (received < n.clock_starts_at
                      ? "your clock starts " + describe_local(zone, n.clock_starts_at)
                      : "the clock is already running; a reply is due by " + describe_local(zone, *q.quote->due_at)) +
                 ".";
    } else {
        return {};
    }
    const TargetsResult t = applied_targets(policy, coverage, impact);
    n.offers_escalation = t.targets && t.targets->can_escalate();
    if (n.offers_escalation)
        n.text += " Urgent? Use \"Escalate now\" on the issue to put it at the top of the support queue, or " +
                  contact_advice(policy, contacts) + ".";
    return NoticeResult{std::move(n), std::nullopt};
}

void to_json(nlohmann::json& out, const MessageNotice& n) {
    out = nlohmann::json{{"kind", n.kind == MessageNotice::Kind::Holiday ? "holiday" : "outside_hours"},
                         {"received_at", format_rfc3339_utc(n.received)},
                         {"clock_starts_at", format_rfc3339_utc(n.clock_starts_at)},
                         {"offers_escalation", n.offers_escalation},
                         {"text", n.text}};
}

}  // namespace portal
