#include "issue_lifecycle.h"

#include <gtest/gtest.h>

#include "fleet_policy.h"

namespace portal {
namespace {

using testing::at;
using testing::fleet_policy;

std::optional<Instant> maybe(const char* t) { return *t ? std::optional<Instant>(at(t)) : std::nullopt; }

// ---- the active clock and its state ---------------------------------------------

struct ClockCase {
    const char* sentence;
    const char* first_due;
    const char* first_at;
    const char* next_due;
    const char* next_at;
    const char* now;
    ClockKind kind;
    ClockState state;
    const char* due;            // the clock's deadline, "" for none
};

const ClockCase kClocks[] = {
    {"a Free issue has no clock", "", "", "", "", "2027-03-15T18:00:00Z", ClockKind::None, ClockState::None, ""},
    {"a pending first response runs before its deadline", "2027-03-15T18:00:00Z", "", "", "", "2027-03-15T17:59:59Z",
     ClockKind::FirstResponse, ClockState::Running, "2027-03-15T18:00:00Z"},
    {"a pending first response still runs at the very second of its deadline", "2027-03-15T18:00:00Z", "", "", "",
     "2027-03-15T18:00:00Z", ClockKind::FirstResponse, ClockState::Running, "2027-03-15T18:00:00Z"},
    {"a pending first response is breached one second after its deadline", "2027-03-15T18:00:00Z", "", "", "",
     "2027-03-15T18:00:01Z", ClockKind::FirstResponse, ClockState::Breached, "2027-03-15T18:00:00Z"},
    {"a first response at the very second of the deadline meets it", "2027-03-15T18:00:00Z", "2027-03-15T18:00:00Z", "",
     "", "2027-03-20T00:00:00Z", ClockKind::FirstResponse, ClockState::Met, "2027-03-15T18:00:00Z"},
    {"a first response one second after the deadline breaches it", "2027-03-15T18:00:00Z", "2027-03-15T18:00:01Z", "", "",
     "2027-03-15T18:00:01Z", ClockKind::FirstResponse, ClockState::Breached, "2027-03-15T18:00:00Z"},
    {"a met first response stays met however much later it is read", "2027-03-15T18:00:00Z", "2027-03-15T17:00:00Z", "",
     "", "2030-01-01T00:00:00Z", ClockKind::FirstResponse, ClockState::Met, "2027-03-15T18:00:00Z"},
    {"a customer's answer to a question makes the next-reply clock the active one", "2027-03-15T18:00:00Z",
     "2027-03-15T17:00:00Z", "2027-03-16T18:00:00Z", "", "2027-03-16T10:00:00Z", ClockKind::NextReply,
     ClockState::Running, "2027-03-16T18:00:00Z"},
    {"a next-reply clock answered at its very second is met", "2027-03-15T18:00:00Z", "2027-03-15T17:00:00Z",
     "2027-03-16T18:00:00Z", "2027-03-16T18:00:00Z", "2027-03-17T00:00:00Z", ClockKind::NextReply, ClockState::Met,
     "2027-03-16T18:00:00Z"},
    {"a next-reply clock left unanswered past its deadline is breached", "2027-03-15T18:00:00Z", "2027-03-15T17:00:00Z",
     "2027-03-16T18:00:00Z", "", "2027-03-16T18:00:01Z", ClockKind::NextReply, ClockState::Breached,
     "2027-03-16T18:00:00Z"},
    {"a next-reply clock answered late is breached even after the first response was met", "2027-03-15T18:00:00Z",
     "2027-03-15T17:00:00Z", "2027-03-16T18:00:00Z", "2027-03-16T19:00:00Z", "2027-03-16T19:00:00Z",
     ClockKind::NextReply, ClockState::Breached, "2027-03-16T18:00:00Z"},
    {"before any first response, the first-response clock stays the one shown", "2027-03-15T18:00:00Z", "",
     "2027-03-15T20:00:00Z", "", "2027-03-15T17:00:00Z", ClockKind::FirstResponse, ClockState::Running,
     "2027-03-15T18:00:00Z"},
};

class ActiveClock : public ::testing::TestWithParam<ClockCase> {};

TEST_P(ActiveClock, FollowsSpec3) {
    const ClockCase& c = GetParam();
    const ClockFacts facts{maybe(c.first_due), maybe(c.first_at), maybe(c.next_due), maybe(c.next_at)};
    const Clock clock = active_clock(facts, at(c.now));
    EXPECT_EQ(clock.kind, c.kind) << c.sentence;
    EXPECT_EQ(clock.state, c.state) << c.sentence;
    EXPECT_EQ(clock.due_at, maybe(c.due)) << c.sentence;
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, ActiveClock, ::testing::ValuesIn(kClocks), testing::SentenceName());

struct StopCase {
    const char* sentence;
    const char* first_due;
    const char* first_at;
    const char* next_due;
    const char* next_at;
    const char* reply_at;
    std::optional<ClockState> first;
    std::optional<ClockState> next;
};

const StopCase kStops[] = {
    {"staff's first public reply before the deadline meets it", "2027-03-15T18:00:00Z", "", "", "",
     "2027-03-15T17:00:00Z", ClockState::Met, std::nullopt},
    {"staff's first public reply at the very second meets it", "2027-03-15T18:00:00Z", "", "", "", "2027-03-15T18:00:00Z",
     ClockState::Met, std::nullopt},
    {"staff's first public reply a second late breaches it", "2027-03-15T18:00:00Z", "", "", "", "2027-03-15T18:00:01Z",
     ClockState::Breached, std::nullopt},
    {"a later reply answers only the running next-reply clock", "2027-03-15T18:00:00Z", "2027-03-15T17:00:00Z",
     "2027-03-16T18:00:00Z", "", "2027-03-16T12:00:00Z", std::nullopt, ClockState::Met},
    {"one reply stops both clocks when both wait", "2027-03-15T18:00:00Z", "", "2027-03-15T20:00:00Z", "",
     "2027-03-15T19:00:00Z", ClockState::Breached, ClockState::Met},
    {"a reply with nothing running stops nothing", "", "", "", "", "2027-03-15T19:00:00Z", std::nullopt, std::nullopt},
    {"an answered next-reply clock is not answered twice", "2027-03-15T18:00:00Z", "2027-03-15T17:00:00Z",
     "2027-03-16T18:00:00Z", "2027-03-16T12:00:00Z", "2027-03-16T13:00:00Z", std::nullopt, std::nullopt},
};

class StaffReply : public ::testing::TestWithParam<StopCase> {};

TEST_P(StaffReply, StopsTheClocksItAnswers) {
    const StopCase& c = GetParam();
    const ClockFacts facts{maybe(c.first_due), maybe(c.first_at), maybe(c.next_due), maybe(c.next_at)};
    const ClocksStopped stopped = staff_replied(facts, at(c.reply_at));
    EXPECT_EQ(stopped.first_response, c.first) << c.sentence;
    EXPECT_EQ(stopped.next_reply, c.next) << c.sentence;
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, StaffReply, ::testing::ValuesIn(kStops), testing::SentenceName());

// ---- plan resolution: plan, hosting and role -> the deadline ----------------------

TEST(PlanResolution, ACustomerFilesUnderTheOrganizationAndEveryoneElseUnderFree) {
    const Policy& p = fleet_policy();
    const Coverage initech{"premium", "managed_cloud"};
    struct Case { Role role; std::optional<Coverage> org; const char* plan; const char* hosting; };
    for (const Case& c : {Case{Role::Customer, initech, "premium", "managed_cloud"},
                          Case{Role::Customer, std::nullopt, "free", ""}, Case{Role::Community, std::nullopt, "free", ""},
                          Case{Role::Cse, std::nullopt, "free", ""}, Case{Role::Admin, initech, "free", ""}}) {
        const Coverage got = coverage_for(p, c.role, c.org);
        EXPECT_EQ(got.plan, c.plan);
        EXPECT_EQ(got.hosting, c.hosting);
    }
    EXPECT_EQ(p.hosting_option("")->id, "self_managed") << "the first hosting is the default";
}

struct CoverageCase {
    const char* sentence;
    const char* plan;
    const char* hosting;
    const char* impact;
    const char* received;       // local PT with its offset
    const char* due;            // "" when there is no deadline
    const char* says;
};

// 2027: DST from Sun Mar 14 to Sun Nov 7; Thanksgiving Thu Nov 25; New Year's Day 2028 observed Fri Dec 31.
const CoverageCase kCoverage[] = {
    {"Managed Cloud P0 in business hours is due in 1 hour, sooner than Premium's 4", "premium", "managed_cloud", "P0",
     "2027-03-15T10:00:00-07:00", "2027-03-15T11:00:00-07:00", "so Managed Cloud's 24/7 target applies"},
    {"Managed Cloud P0 on a Saturday is due in 4 hours, no sooner than Premium's", "premium", "managed_cloud", "P0",
     "2027-03-13T10:00:00-08:00", "2027-03-13T14:00:00-08:00", "is not sooner, so Fleet Premium's applies"},
    {"Managed Cloud P1 late on a Friday is due that afternoon, not Monday", "premium", "managed_cloud", "P1",
     "2027-03-12T15:00:00-08:00", "2027-03-12T16:00:00-08:00", "That is sooner than Fleet Premium's target"},
    {"Managed Cloud P1 on the night DST starts counts real hours", "premium", "managed_cloud", "P1",
     "2027-03-13T23:00:00-08:00", "2027-03-14T04:00:00-07:00", "outside business hours"},
    {"Managed Cloud P1 on the night DST ends counts real hours", "premium", "managed_cloud", "P1",
     "2027-11-06T23:30:00-07:00", "2027-11-07T02:30:00-08:00", "within 4 hours around the clock"},
    {"Managed Cloud P1 on Thanksgiving morning is due in 1 hour: holidays count", "premium", "managed_cloud", "P1",
     "2027-11-25T10:00:00-08:00", "2027-11-25T11:00:00-08:00", "inside business hours"},
    {"Managed Cloud P1 on Thanksgiving evening is due in 4 hours", "premium", "managed_cloud", "P1",
     "2027-11-25T17:00:00-08:00", "2027-11-25T21:00:00-08:00", "outside"},
    {"Managed Cloud P1 on the observed New Year's Day is due in 1 hour", "premium", "managed_cloud", "P1",
     "2027-12-31T09:00:00-08:00", "2027-12-31T10:00:00-08:00", "inside"},
    {"Managed Cloud P2 keeps Premium's target, Thanksgiving skipped", "premium", "managed_cloud", "P2",
     "2027-11-24T10:00:00-08:00", "2027-11-26T10:00:00-08:00", "Thanksgiving is skipped"},
    {"Managed Cloud P3 keeps Premium's window, Christmas skipped", "premium", "managed_cloud", "P3",
     "2027-12-23T15:00:00-08:00", "2027-12-28T15:00:00-08:00", "Christmas Day is skipped"},
    {"Managed Cloud on Ultimate changes nothing when the targets agree", "ultimate", "managed_cloud", "P1",
     "2027-03-15T10:00:00-07:00", "2027-03-15T11:00:00-07:00", "is not sooner, so Fleet Ultimate's applies"},
    {"self-managed Premium P1 on a Saturday waits for Monday", "premium", "self_managed", "P1",
     "2027-03-13T10:00:00-08:00", "2027-03-15T10:00:00-07:00", "the clock starts Mon Mar 15, 06:00 PT"},
    {"the default hosting is self-managed", "premium", "", "P1", "2027-03-13T10:00:00-08:00",
     "2027-03-15T10:00:00-07:00", "4 business hours"},
    {"Free on Managed Cloud still has no deadline", "free", "managed_cloud", "", "2027-03-13T10:00:00-08:00", "",
     "no guaranteed response"},
};

class CoverageQuote : public ::testing::TestWithParam<CoverageCase> {};

TEST_P(CoverageQuote, TheSoonerDeadlineWins) {
    const CoverageCase& c = GetParam();
    const Policy& p = fleet_policy();
    const QuoteResult r = quote_coverage(p, p.calendar(), Coverage{c.plan, c.hosting}, c.impact, at(c.received));
    ASSERT_TRUE(r.quote.has_value()) << c.sentence << ": " << r.error->message;
    EXPECT_EQ(r.quote->due_at, maybe(c.due)) << c.sentence;
    EXPECT_NE(r.quote->explanation.find(c.says), std::string::npos) << c.sentence << ": " << r.quote->explanation;
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, CoverageQuote, ::testing::ValuesIn(kCoverage), testing::SentenceName());

TEST(PlanResolution, AnUnknownHostingNamesTheField) {
    const Policy& p = fleet_policy();
    const QuoteResult r = quote_coverage(p, p.calendar(), Coverage{"premium", "on_the_moon"}, "P1",
                                         at("2027-03-15T10:00:00Z"));
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->field, "hosting");
    EXPECT_EQ(r.error->message, "Hosting must be one of self_managed, managed_cloud.");
}

// ---- who may escalate ---------------------------------------------------------------

struct EscalateCase {
    const char* sentence;
    const char* plan;
    const char* hosting;
    const char* impact;
    Role role;
    bool is_reporter;
    bool in_organization;
    const char* status;
    EscalationRefusal refusal;
};

const EscalateCase kEscalations[] = {
    {"a Premium customer escalates their organization's P0", "premium", "", "P0", Role::Customer, true, true, "new", EscalationRefusal::None},
    {"a colleague escalates their organization's P1", "premium", "", "P1", Role::Customer, false, true, "in_progress", EscalationRefusal::None},
    {"a Premium P2 cannot be escalated", "premium", "", "P2", Role::Customer, true, true, "new", EscalationRefusal::NotUrgent},
    {"a Premium P3 cannot be escalated", "premium", "", "P3", Role::Customer, true, true, "new", EscalationRefusal::NotUrgent},
    {"an Ultimate customer escalates a P0", "ultimate", "", "P0", Role::Customer, true, true, "new", EscalationRefusal::None},
    {"an Ultimate customer escalates a P1", "ultimate", "", "P1", Role::Customer, true, true, "new", EscalationRefusal::None},
    {"an Ultimate P2 cannot be escalated", "ultimate", "", "P2", Role::Customer, true, true, "new", EscalationRefusal::NotUrgent},
    {"a Managed Cloud customer escalates a P1", "premium", "managed_cloud", "P1", Role::Customer, true, true, "new", EscalationRefusal::None},
    {"a Managed Cloud P2 cannot be escalated", "premium", "managed_cloud", "P2", Role::Customer, true, true, "new", EscalationRefusal::NotUrgent},
    {"a support engineer escalates any P1", "premium", "", "P1", Role::Cse, false, false, "new", EscalationRefusal::None},
    {"an admin escalates any P0", "ultimate", "", "P0", Role::Admin, false, false, "new", EscalationRefusal::None},
    {"a support engineer cannot escalate a P2 either", "premium", "", "P2", Role::Cse, false, false, "new", EscalationRefusal::NotUrgent},
    {"a customer of another organization may not escalate", "premium", "", "P0", Role::Customer, false, false, "new", EscalationRefusal::NotYours},
    {"a community member may not escalate even their own report", "free", "", "", Role::Community, true, false, "new", EscalationRefusal::NotYours},
    {"a support engineer cannot escalate a Free report", "free", "", "", Role::Cse, false, false, "new", EscalationRefusal::NotUrgent},
    {"a closed P0 cannot be escalated", "premium", "", "P0", Role::Customer, true, true, "closed", EscalationRefusal::Closed},
    {"a resolved P0 can still be escalated", "premium", "", "P0", Role::Customer, true, true, "resolved", EscalationRefusal::None},
};

class MayEscalate : public ::testing::TestWithParam<EscalateCase> {};

TEST_P(MayEscalate, FollowsThePolicyFlagAndTheRole) {
    const EscalateCase& c = GetParam();
    const EscalationVerdict v = may_escalate(fleet_policy(), Coverage{c.plan, c.hosting}, c.impact, c.status,
                                             Viewer{c.role, c.is_reporter, c.in_organization});
    EXPECT_EQ(v.refusal, c.refusal) << c.sentence << ": " << v.message;
    EXPECT_EQ(v.allowed(), c.refusal == EscalationRefusal::None) << c.sentence;
    if (!v.allowed()) {
        EXPECT_FALSE(v.message.empty()) << c.sentence;
    }
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, MayEscalate, ::testing::ValuesIn(kEscalations), testing::SentenceName());

TEST(MayEscalate, TheRefusalNamesTheLevelsFromThePolicy) {
    const EscalationVerdict v = may_escalate(fleet_policy(), Coverage{"premium", ""}, "P3", "new", Viewer{Role::Customer, true, true});
    EXPECT_EQ(v.message, "Only P0 (Emergency) and P1 (High) issues can be escalated.");
}

// ---- waiting on the customer, replies and filing labels -----------------------------

TEST(WaitingOnCustomer, OnlyTheReportersSideIsToldItIsWaitingOnThem) {
    const std::vector<std::string> waiting = {"bug", "P1", "+more info please"};
    struct Case { const char* sentence; Viewer viewer; WaitingOn expected; };
    for (const Case& c : {Case{"the reporter is waited on", {Role::Customer, true, true}, WaitingOn::You},
                          Case{"a colleague in the organization is waited on", {Role::Customer, false, true}, WaitingOn::You},
                          Case{"a community reporter is waited on", {Role::Community, true, false}, WaitingOn::You},
                          Case{"a support engineer waits on the customer", {Role::Cse, false, false}, WaitingOn::Customer},
                          Case{"an admin waits on the customer", {Role::Admin, false, false}, WaitingOn::Customer},
                          Case{"another organization's customer sees the customer waited on", {Role::Customer, false, false}, WaitingOn::Customer},
                          Case{"a community member reading a public issue sees the customer waited on", {Role::Community, false, false}, WaitingOn::Customer}}) {
        EXPECT_EQ(waiting_on(waiting, c.viewer), c.expected) << c.sentence;
        EXPECT_EQ(waiting_on({"bug", "P1"}, c.viewer), WaitingOn::Nobody) << c.sentence << ", but only with a + label";
    }
    EXPECT_STREQ(waiting_text(WaitingOn::You), "Waiting on you");
    EXPECT_STREQ(waiting_text(WaitingOn::Customer), "Waiting on customer");
    EXPECT_FALSE(is_waiting_label("more+info"));
}

TEST(CustomerReply, AnsweringAQuestionClearsEveryPlusLabelAndRestartsTheClock) {
    const Policy& p = fleet_policy();
    const auto r = customer_replied(p, p.calendar(), Coverage{"premium", ""}, "P2", {"bug", "+logs", "+more info please"},
                                    "in_progress", ClockFacts{}, at("2027-11-24T10:00:00-08:00"));
    ASSERT_TRUE(r.reply.has_value());
    EXPECT_EQ(r.reply->cleared_labels, (std::vector<std::string>{"+logs", "+more info please"}));
    ASSERT_TRUE(r.reply->next_reply.has_value());
    EXPECT_EQ(r.reply->next_reply->due_at, at("2027-11-26T10:00:00-08:00")) << "the same target: Thanksgiving skipped";
    EXPECT_FALSE(r.reply->reopens);
}

TEST(CustomerReply, AReplyWithoutAQuestionStartsNoClockButReopensAResolvedIssue) {
    const Policy& p = fleet_policy();
    const auto r = customer_replied(p, p.calendar(), Coverage{"premium", ""}, "P1", {"bug"}, "resolved",
                                    ClockFacts{}, at("2027-03-15T10:00:00Z"));
    ASSERT_TRUE(r.reply.has_value());
    EXPECT_TRUE(r.reply->cleared_labels.empty());
    EXPECT_FALSE(r.reply->next_reply.has_value());
    EXPECT_TRUE(r.reply->reopens);
}

TEST(CustomerReply, ANextReplyClockStillWaitingForStaffKeepsItsEarlierDeadline) {
    const Policy& p = fleet_policy();
    const ClockFacts waiting{at("2027-03-15T18:00:00Z"), at("2027-03-15T17:00:00Z"), at("2027-03-16T18:00:00Z"), std::nullopt};
    const auto r = customer_replied(p, p.calendar(), Coverage{"premium", ""}, "P2", {"+more logs"}, "in_progress",
                                    waiting, at("2027-03-16T12:00:00Z"));
    ASSERT_TRUE(r.reply.has_value());
    EXPECT_EQ(r.reply->cleared_labels.size(), 1u);
    EXPECT_FALSE(r.reply->next_reply.has_value()) << "the clock already running is not pushed back";
}

TEST(CustomerReply, AFreeReportClearsTheLabelButHasNoClockToRestart) {
    const Policy& p = fleet_policy();
    const auto r = customer_replied(p, p.calendar(), Coverage{"free", ""}, "", {"+repro please"}, "new",
                                    ClockFacts{}, at("2027-03-15T10:00:00Z"));
    ASSERT_TRUE(r.reply.has_value());
    EXPECT_EQ(r.reply->cleared_labels.size(), 1u);
    EXPECT_FALSE(r.reply->next_reply.has_value());
}

TEST(FilingLabels, Spec6) {
    const Policy& p = fleet_policy();
    using L = std::vector<std::string>;
    EXPECT_EQ(filing_labels(p, {"premium", ""}, "P1", "customer-ceres"),
              (L{"bug", ":reproduce", ":incoming", "P1", "customer request", "customer-ceres"}))
        << "an anonymous paying organization gets its codename";
    EXPECT_EQ(filing_labels(p, {"ultimate", "managed_cloud"}, "P2", ""),
              (L{"bug", ":reproduce", ":incoming", "P2", "customer request"}));
    EXPECT_EQ(filing_labels(p, {"free", ""}, "", ""), (L{"bug", ":reproduce", ":incoming"}))
        << "a community report is no customer request";
}

}  // namespace
}  // namespace portal
