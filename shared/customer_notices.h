// What a customer is told, true to what happened (SPEC §4): the notice for a
// message received outside business hours or on a holiday, and the outcome of
// "Escalate now" given how far the on-call delivery got. The contacts are the
// deployment's configuration, passed in; none is ever invented.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "issue_lifecycle.h"

namespace portal {

struct Contact {
    std::string label;                 // "On-call line (call or text)"
    std::string value;                 // "+1 415 555 0100"
};
// Reads [{"label", "value"}, ...]; a problem names the entry ("contacts[1].value").
struct ContactsRead {
    std::vector<Contact> contacts;
    std::optional<QuoteError> error;
};
ContactsRead read_contacts(const nlohmann::json& list);

// "use On-call line: +1 415 555 0100; or Emergency email: oncall@example.com",
// or the policy's words for a deployment without contacts.
std::string contact_advice(const Policy& policy, const std::vector<Contact>& contacts);

// ---- escalation -----------------------------------------------------------------
enum class Delivery { Queued, Delivered, Retrying, Failed, NotConfigured };
std::optional<Delivery> parse_delivery(const std::string& text);
const char* delivery_name(Delivery delivery);  // "queued", "delivered", "retrying", "failed", "not_configured"

// "On-call has been paged" only once delivered; "we are trying to reach on-call"
// while queued or retrying; otherwise the top of the queue and which contact to use now.
std::string escalation_message(const Policy& policy, Delivery delivery, const std::vector<Contact>& contacts);

// ---- messages outside business hours --------------------------------------------
struct MessageNotice {
    enum class Kind { OutsideHours, Holiday };
    Kind kind = Kind::OutsideHours;
    Instant received;
    Instant clock_starts_at;
    bool offers_escalation = false;    // P0/P1: "Escalate now" and the contacts
    std::string text;                  // what the sender reads
};
struct NoticeResult {
    std::optional<MessageNotice> notice;   // none inside business hours, or without a response target
    std::optional<QuoteError> error;
};
// For a report or reply received at `received` under the coverage and impact:
// outside business hours (nights, weekends) says when the clock starts; a weekday
// holiday tells levels that pause for holidays that they may be delayed; levels that
// count holidays as business days hear nothing on such a day.
NoticeResult message_notice(const Policy& policy, const BusinessCalendar& calendar, const Coverage& coverage,
                            const std::string& impact, Instant received, const std::vector<Contact>& contacts);
void to_json(nlohmann::json& out, const MessageNotice& notice);

}  // namespace portal
