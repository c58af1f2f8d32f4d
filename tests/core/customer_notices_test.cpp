#include "customer_notices.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fleet_policy.h"

namespace portal {
namespace {

using testing::at;
using testing::fleet_policy;

const std::vector<Contact> kContacts = {{"On-call line (call or text)", "+1 415 555 0100"},
                                        {"Emergency email", "oncall@fleet.example"}};

// ---- the outside-hours notice, for every message ------------------------------------

enum class Expect { Nothing, OutsideHours, Holiday };

struct NoticeCase {
    const char* sentence;
    const char* plan;
    const char* hosting;
    const char* impact;
    const char* received;       // local PT with its offset
    Expect expect;
    bool offers_escalation;
    const char* says;
};

// 2027: DST from Sun Mar 14 02:00; Thanksgiving Thu Nov 25; New Year's Day 2028 observed Fri Dec 31.
const NoticeCase kNotices[] = {
    {"a P1 late on a Friday says the clock starts Monday and offers escalation", "premium", "", "P1",
     "2027-03-12T17:00:00-08:00", Expect::OutsideHours, true, "your clock starts Mon Mar 15, 06:00 PT"},
    {"a P1 in business hours says nothing", "premium", "", "P1", "2027-03-15T10:00:00-07:00", Expect::Nothing, false, ""},
    {"06:00:00 is inside business hours", "premium", "", "P1", "2027-03-15T06:00:00-07:00", Expect::Nothing, false, ""},
    {"05:59:59 is outside business hours", "premium", "", "P1", "2027-03-15T05:59:59-07:00", Expect::OutsideHours, true,
     "outside business hours (Mon\u2013Fri 06:00\u201316:00 PT): your clock starts Mon Mar 15, 06:00 PT"},
    {"16:00:00 is outside business hours", "premium", "", "P1", "2027-03-15T16:00:00-07:00", Expect::OutsideHours, true,
     "your clock starts Tue Mar 16, 06:00 PT"},
    {"a P0 on a Saturday says the clock already runs", "premium", "", "P0", "2027-03-13T10:00:00-08:00",
     Expect::OutsideHours, true, "the clock is already running; a reply is due by Sat Mar 13, 14:00 PT"},
    {"a P1 on the night DST starts waits for Monday's opening in daylight time", "premium", "", "P1",
     "2027-03-14T01:30:00-08:00", Expect::OutsideHours, true, "your clock starts Mon Mar 15, 06:00 PT"},
    {"a P2 on a weekend waits for Monday and offers no escalation", "premium", "", "P2", "2027-03-13T10:00:00-08:00",
     Expect::OutsideHours, false, "your clock starts Mon Mar 15, 06:00 PT"},
    {"a P2 on Thanksgiving is told Medium and Low responses may be delayed", "premium", "", "P2",
     "2027-11-25T10:00:00-08:00", Expect::Holiday, false,
     "Received on Thanksgiving, a US federal holiday: Medium and Low responses may be delayed; your clock starts Fri Nov 26, 06:00 PT."},
    {"a P3 on Thanksgiving evening hears about the holiday", "premium", "", "P3", "2027-11-25T18:00:00-08:00",
     Expect::Holiday, false, "Thanksgiving, a US federal holiday"},
    {"a P2 on the observed New Year's Day is told when its clock starts", "premium", "", "P2",
     "2027-12-31T09:00:00-08:00", Expect::Holiday, false, "your clock starts Mon Jan 3, 06:00 PT"},
    {"a P1 on Thanksgiving morning hears nothing: the holiday counts for P1", "premium", "", "P1",
     "2027-11-25T10:00:00-08:00", Expect::Nothing, false, ""},
    {"a P0 on Thanksgiving morning hears nothing", "premium", "", "P0", "2027-11-25T10:00:00-08:00", Expect::Nothing, false, ""},
    {"an Ultimate P2 on Thanksgiving morning hears nothing", "ultimate", "", "P2", "2027-11-25T10:00:00-08:00",
     Expect::Nothing, false, ""},
    {"an Ultimate P1 on a Saturday runs at once and offers escalation", "ultimate", "", "P1", "2027-03-13T10:00:00-08:00",
     Expect::OutsideHours, true, "a reply is due by Sat Mar 13, 14:00 PT"},
    {"a Managed Cloud P1 late on a Friday runs at once, 4 hours", "premium", "managed_cloud", "P1",
     "2027-03-12T17:00:00-08:00", Expect::OutsideHours, true, "a reply is due by Fri Mar 12, 21:00 PT"},
    {"a Managed Cloud P2 on Thanksgiving keeps the holiday notice", "premium", "managed_cloud", "P2",
     "2027-11-25T10:00:00-08:00", Expect::Holiday, false, "may be delayed"},
    {"a Free report at night promises nothing", "free", "", "", "2027-03-13T02:00:00-08:00", Expect::Nothing, false, ""},
};

class OutsideHoursNotice : public ::testing::TestWithParam<NoticeCase> {};

TEST_P(OutsideHoursNotice, Spec4) {
    const NoticeCase& c = GetParam();
    const Policy& p = fleet_policy();
    const NoticeResult r = message_notice(p, p.calendar(), Coverage{c.plan, c.hosting}, c.impact, at(c.received), kContacts);
    ASSERT_FALSE(r.error.has_value()) << c.sentence << ": " << r.error->message;
    if (c.expect == Expect::Nothing) {
        EXPECT_FALSE(r.notice.has_value()) << c.sentence << ": " << r.notice->text;
        return;
    }
    ASSERT_TRUE(r.notice.has_value()) << c.sentence;
    EXPECT_EQ(r.notice->kind == MessageNotice::Kind::Holiday, c.expect == Expect::Holiday) << c.sentence;
    EXPECT_EQ(r.notice->offers_escalation, c.offers_escalation) << c.sentence;
    EXPECT_NE(r.notice->text.find(c.says), std::string::npos) << c.sentence << ": " << r.notice->text;
    EXPECT_EQ(r.notice->text.find("Escalate now") != std::string::npos, c.offers_escalation) << c.sentence;
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, OutsideHoursNotice, ::testing::ValuesIn(kNotices), testing::SentenceName());

TEST(OutsideHoursNotice, TheEscalationOfferNamesTheConfiguredContactsOrSaysThereAreNone) {
    const Policy& p = fleet_policy();
    const Instant friday_evening = at("2027-03-12T17:00:00-08:00");
    const auto with = message_notice(p, p.calendar(), {"premium", ""}, "P1", friday_evening, kContacts);
    EXPECT_NE(with.notice->text.find("use On-call line (call or text): +1 415 555 0100; or Emergency email: "
                                     "oncall@fleet.example."), std::string::npos) << with.notice->text;
    const auto without = message_notice(p, p.calendar(), {"premium", ""}, "P1", friday_evening, {});
    EXPECT_NE(without.notice->text.find("use the contact address in your Fleet contract, or your private Slack "
                                        "channel with Fleet."), std::string::npos) << without.notice->text;
    nlohmann::json j = *without.notice;
    EXPECT_EQ(j["kind"], "outside_hours");
    EXPECT_EQ(j["clock_starts_at"], "2027-03-15T13:00:00Z");
    EXPECT_EQ(j["offers_escalation"], true);
}

// ---- what "Escalate now" tells the customer ----------------------------------------

struct MessageCase {
    const char* sentence;
    Delivery delivery;
    bool contacts;
    const char* says;
};

const MessageCase kMessages[] = {
    {"delivered: on-call has been paged", Delivery::Delivered, true,
     "On-call has been paged, and the issue is at the top of the support queue."},
    {"queued: we are trying, and the contacts for now", Delivery::Queued, true, "We are trying to reach on-call"},
    {"retrying: we are trying, and the contacts for now", Delivery::Retrying, true,
     "If it cannot wait, use On-call line (call or text): +1 415 555 0100"},
    {"failed: top of the queue and the contacts", Delivery::Failed, true,
     "We could not reach on-call automatically. The issue is at the top of the support queue; to reach someone now, use On-call"},
    {"not configured, no contacts: the contract address or the Slack channel", Delivery::NotConfigured, false,
     "The issue is at the top of the support queue. On-call is not paged automatically here; to reach someone now, use "
     "the contact address in your Fleet contract, or your private Slack channel with Fleet."},
    {"failed, no contacts: the contract address or the Slack channel", Delivery::Failed, false,
     "your private Slack channel with Fleet."},
};

class EscalationMessage : public ::testing::TestWithParam<MessageCase> {};

TEST_P(EscalationMessage, TellsWhatHappened) {
    const MessageCase& c = GetParam();
    const std::string text = escalation_message(fleet_policy(), c.delivery, c.contacts ? kContacts : std::vector<Contact>{});
    EXPECT_NE(text.find(c.says), std::string::npos) << c.sentence << ": " << text;
    EXPECT_EQ(text.find("has been paged") != std::string::npos, c.delivery == Delivery::Delivered)
        << c.sentence << ": paged only once delivered";
    EXPECT_EQ(text.find("555") != std::string::npos, c.contacts && c.delivery != Delivery::Delivered)
        << c.sentence << ": no number unless configured";
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, EscalationMessage, ::testing::ValuesIn(kMessages), testing::SentenceName());

TEST(EscalationMessage, DeliveryStatesRoundTrip) {
    for (const char* name : {"queued", "delivered", "retrying", "failed", "not_configured"})
        EXPECT_STREQ(delivery_name(*parse_delivery(name)), name);
    EXPECT_FALSE(parse_delivery("pending").has_value());
}

TEST(Contacts, AreReadFromTheDeploymentsListAndProblemsNameTheEntry) {
    const auto good = read_contacts(nlohmann::json::parse(R"([{"label": "Slack", "value": "#fleet-oncall"}])"));
    ASSERT_FALSE(good.error.has_value());
    EXPECT_EQ(good.contacts.at(0).value, "#fleet-oncall");
    struct Bad { const char* json; const char* field; };
    for (const Bad& b : {Bad{R"({"label": "x"})", "contacts"}, Bad{R"([{"label": "Phone"}])", "contacts[0].value"},
                         Bad{R"([{"label": "a", "value": "b"}, 3])", "contacts[1]"},
                         Bad{R"([{"label": "", "value": "b"}])", "contacts[0].label"}}) {
        const auto r = read_contacts(nlohmann::json::parse(b.json));
        ASSERT_TRUE(r.error.has_value()) << b.json;
        EXPECT_EQ(r.error->field, b.field) << b.json;
    }
}

}  // namespace
}  // namespace portal
