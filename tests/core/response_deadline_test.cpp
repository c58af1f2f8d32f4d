#include "response_deadline.h"

#include <gtest/gtest.h>

#include "fleet_policy.h"

namespace portal {
namespace {

using testing::at;
using testing::fleet_policy;

struct DeadlineCase {
    const char* plan;
    const char* impact;
    const char* received;       // local PT with its offset, for readability
    const char* due;            // "" when there is no deadline
    const char* window_start;   // P3 only
    bool in_business_hours;
    const char* clock_starts;
    const char* says;           // a phrase the explanation must contain
};

// PST is -08:00, PDT -07:00. 2027: DST from Sun Mar 14 to Sun Nov 7; Thanksgiving Thu Nov 25;
// New Year's Day 2028 (a Saturday) is observed Fri 2027-12-31.
const DeadlineCase kCases[] = {
    // P0: 4 calendar hours around the clock
    {"premium", "P0", "2027-01-02T10:00:00-08:00", "2027-01-02T14:00:00-08:00", "", false, "2027-01-02T10:00:00-08:00", "around the clock"},
    {"premium", "P0", "2027-03-14T00:30:00-08:00", "2027-03-14T05:30:00-07:00", "", false, "2027-03-14T00:30:00-08:00", "4 hours"},
    {"premium", "P0", "2027-11-25T10:00:00-08:00", "2027-11-25T14:00:00-08:00", "", true, "2027-11-25T10:00:00-08:00", "holidays included"},
    // P1: 4 business hours, holidays do not pause it
    {"premium", "P1", "2027-03-15T10:00:00-07:00", "2027-03-15T14:00:00-07:00", "", true, "2027-03-15T10:00:00-07:00", "inside business hours"},
    {"premium", "P1", "2027-03-15T13:00:00-07:00", "2027-03-16T07:00:00-07:00", "", true, "2027-03-15T13:00:00-07:00", "Mon\u2013Fri 06:00\u201316:00 PT"},
    {"premium", "P1", "2027-03-12T14:00:00-08:00", "2027-03-15T08:00:00-07:00", "", true, "2027-03-12T14:00:00-08:00", "4 business hours"},
    {"premium", "P1", "2027-11-25T10:00:00-08:00", "2027-11-25T14:00:00-08:00", "", true, "2027-11-25T10:00:00-08:00", "Thanksgiving still counts"},
    {"premium", "P1", "2027-03-15T06:00:00-07:00", "2027-03-15T10:00:00-07:00", "", true, "2027-03-15T06:00:00-07:00", "inside"},
    {"premium", "P1", "2027-03-15T05:59:59-07:00", "2027-03-15T10:00:00-07:00", "", false, "2027-03-15T06:00:00-07:00", "the clock starts Mon Mar 15, 06:00 PT"},
    {"premium", "P1", "2027-03-15T16:00:00-07:00", "2027-03-16T10:00:00-07:00", "", false, "2027-03-16T06:00:00-07:00", "outside business hours"},
    {"premium", "P1", "2027-03-15T15:59:59-07:00", "2027-03-16T09:59:59-07:00", "", true, "2027-03-15T15:59:59-07:00", "inside"},
    {"premium", "P1", "2027-03-13T12:00:00-08:00", "2027-03-15T10:00:00-07:00", "", false, "2027-03-15T06:00:00-07:00", "Received Sat Mar 13, 12:00 PT, outside"},
    // P2: 10 business hours, holidays skipped
    {"premium", "P2", "2027-03-15T06:00:00-07:00", "2027-03-15T16:00:00-07:00", "", true, "2027-03-15T06:00:00-07:00", "10 business hours"},
    {"premium", "P2", "2027-03-15T10:00:00-07:00", "2027-03-16T10:00:00-07:00", "", true, "2027-03-15T10:00:00-07:00", "inside"},
    {"premium", "P2", "2027-11-24T10:00:00-08:00", "2027-11-26T10:00:00-08:00", "", true, "2027-11-24T10:00:00-08:00", "Thanksgiving is skipped"},
    {"premium", "P2", "2027-11-25T10:00:00-08:00", "2027-11-26T16:00:00-08:00", "", false, "2027-11-26T06:00:00-08:00", "on Thanksgiving (a holiday); the clock starts Fri Nov 26, 06:00 PT"},
    {"premium", "P2", "2027-12-30T10:00:00-08:00", "2028-01-03T10:00:00-08:00", "", true, "2027-12-30T10:00:00-08:00", "New Year's Day is skipped"},
    {"premium", "P2", "2027-12-31T09:00:00-08:00", "2028-01-03T16:00:00-08:00", "", false, "2028-01-03T06:00:00-08:00", "on New Year's Day (a holiday)"},
    {"premium", "P2", "2027-11-05T12:00:00-07:00", "2027-11-08T12:00:00-08:00", "", true, "2027-11-05T12:00:00-07:00", "inside"},
    {"premium", "P2", "2026-07-02T12:00:00-07:00", "2026-07-06T12:00:00-07:00", "", true, "2026-07-02T12:00:00-07:00", "Independence Day is skipped"},
    {"premium", "P2", "2022-12-23T12:00:00-08:00", "2022-12-27T12:00:00-08:00", "", true, "2022-12-23T12:00:00-08:00", "Christmas Day is skipped"},
    {"premium", "P2", "2027-12-23T12:00:00-08:00", "2027-12-27T12:00:00-08:00", "", true, "2027-12-23T12:00:00-08:00", "Christmas Day is skipped"},
    {"premium", "P2", "2027-03-13T23:00:00-08:00", "2027-03-15T16:00:00-07:00", "", false, "2027-03-15T06:00:00-07:00", "the clock starts Mon Mar 15, 06:00 PT"},
    // P3: a window of 10 to 20 business hours, holidays skipped
    {"premium", "P3", "2027-03-15T06:00:00-07:00", "2027-03-16T16:00:00-07:00", "2027-03-15T16:00:00-07:00", true, "2027-03-15T06:00:00-07:00", "the reply comes from Mon Mar 15, 16:00 PT to Tue Mar 16, 16:00 PT"},
    {"premium", "P3", "2027-11-24T10:00:00-08:00", "2027-11-29T10:00:00-08:00", "2027-11-26T10:00:00-08:00", true, "2027-11-24T10:00:00-08:00", "Thanksgiving is skipped"},
    {"premium", "P3", "2027-12-23T15:00:00-08:00", "2027-12-28T15:00:00-08:00", "2027-12-27T15:00:00-08:00", true, "2027-12-23T15:00:00-08:00", "Christmas Day is skipped"},
    {"premium", "P3", "2027-12-29T15:00:00-08:00", "2028-01-03T15:00:00-08:00", "2027-12-30T15:00:00-08:00", true, "2027-12-29T15:00:00-08:00", "New Year's Day is skipped"},
    {"premium", "P3", "2027-11-06T09:00:00-07:00", "2027-11-09T16:00:00-08:00", "2027-11-08T16:00:00-08:00", false, "2027-11-08T06:00:00-08:00", "the clock starts Mon Nov 8, 06:00 PT"},
    // Ultimate: 1 hour if received in business hours, otherwise 4; holidays count as business days
    {"ultimate", "P2", "2027-03-15T15:59:59-07:00", "2027-03-15T16:59:59-07:00", "", true, "2027-03-15T15:59:59-07:00", "within 1 hour"},
    {"ultimate", "P2", "2027-03-15T16:00:00-07:00", "2027-03-15T20:00:00-07:00", "", false, "2027-03-15T16:00:00-07:00", "within 4 hours around the clock"},
    {"ultimate", "P0", "2027-03-15T06:00:00-07:00", "2027-03-15T07:00:00-07:00", "", true, "2027-03-15T06:00:00-07:00", "inside"},
    {"ultimate", "P3", "2027-03-15T05:59:59-07:00", "2027-03-15T09:59:59-07:00", "", false, "2027-03-15T05:59:59-07:00", "outside"},
    {"ultimate", "P1", "2027-03-13T10:00:00-08:00", "2027-03-13T14:00:00-08:00", "", false, "2027-03-13T10:00:00-08:00", "outside"},
    {"ultimate", "P1", "2027-11-25T10:00:00-08:00", "2027-11-25T11:00:00-08:00", "", true, "2027-11-25T10:00:00-08:00", "inside"},
    // Free: no deadline
    {"free", "", "2027-03-15T10:00:00-07:00", "", "", true, "2027-03-15T10:00:00-07:00", "no guaranteed response"},
    {"free", "P0", "2027-03-13T10:00:00-08:00", "", "", false, "2027-03-13T10:00:00-08:00", "osquery #fleet Slack channel"},
};

class ResponseDeadlineTable : public ::testing::TestWithParam<DeadlineCase> {};

TEST_P(ResponseDeadlineTable, MatchesTheHandbook) {
    const DeadlineCase& c = GetParam();
    const Policy& policy = fleet_policy();
    const QuoteResult r = quote_deadline(policy, policy.calendar(), c.plan, c.impact, at(c.received));
    ASSERT_TRUE(r.quote.has_value()) << r.error->message;
    const DeadlineQuote& q = *r.quote;
    if (*c.due) {
        ASSERT_TRUE(q.due_at.has_value());
        EXPECT_EQ(format_rfc3339_utc(*q.due_at), format_rfc3339_utc(at(c.due)));
    } else {
        EXPECT_FALSE(q.has_deadline);
        EXPECT_FALSE(q.due_at.has_value());
    }
    if (*c.window_start) {
        ASSERT_TRUE(q.window_start.has_value());
        EXPECT_EQ(format_rfc3339_utc(*q.window_start), format_rfc3339_utc(at(c.window_start)));
    } else {
        EXPECT_FALSE(q.window_start.has_value());
    }
    EXPECT_EQ(q.in_business_hours, c.in_business_hours);
    EXPECT_EQ(format_rfc3339_utc(q.clock_starts_at), format_rfc3339_utc(at(c.clock_starts)));
    EXPECT_NE(q.explanation.find(c.says), std::string::npos) << q.explanation;
    EXPECT_EQ(q.explanation.back(), '.') << "one sentence";
}

INSTANTIATE_TEST_SUITE_P(Handbook, ResponseDeadlineTable, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<DeadlineCase>& info) {
                             std::string name = std::string(info.param.plan) + "_" + info.param.impact + "_" +
                                                std::to_string(info.index);
                             return name;
                         });

TEST(ResponseDeadline, RejectsUnknownPlanImpactAndYearsOutsideTheRules) {
    const Policy& policy = fleet_policy();
    const auto cal = policy.calendar();
    struct Bad { const char* plan; const char* impact; const char* at; const char* field; };
    for (const Bad& b : {Bad{"gold", "P1", "2027-03-15T10:00:00Z", "plan"},
                         Bad{"premium", "P9", "2027-03-15T10:00:00Z", "impact"},
                         Bad{"premium", "", "2027-03-15T10:00:00Z", "impact"},
                         Bad{"ultimate", "urgent", "2027-03-15T10:00:00Z", "impact"},
                         Bad{"premium", "P1", "2006-12-31T10:00:00Z", "at"},
                         Bad{"premium", "P1", "2100-01-01T10:00:00Z", "at"}}) {
        const QuoteResult r = quote_deadline(policy, cal, b.plan, b.impact, at(b.at));
        ASSERT_TRUE(r.error.has_value()) << b.plan << " " << b.impact << " " << b.at;
        EXPECT_EQ(r.error->field, b.field);
        EXPECT_FALSE(r.quote.has_value());
    }
}

TEST(ResponseDeadline, QuotesEveryHourOf2027ForEveryPlanAndImpact) {
    const Policy& policy = fleet_policy();
    const auto cal = policy.calendar();
    const std::pair<const char*, const char*> levels[] = {{"free", ""},      {"premium", "P0"},  {"premium", "P1"},
                                                          {"premium", "P2"}, {"premium", "P3"},  {"ultimate", "P0"},
                                                          {"ultimate", "P3"}};
    int quotes = 0;
    for (Instant t = at("2027-01-01T00:00:00Z"); t < at("2028-01-01T00:00:00Z"); t = t.plus_seconds(3600)) {
        for (const auto& [plan, impact] : levels) {
            const QuoteResult r = quote_deadline(policy, cal, plan, impact, t);
            ASSERT_TRUE(r.quote.has_value());
            const DeadlineQuote& q = *r.quote;
            if (q.due_at) {
                ASSERT_GT(*q.due_at, t);
                ASSERT_LE(*q.due_at, t.plus_seconds(14 * 86400)) << "no target is more than two weeks away";
                ASSERT_GE(*q.due_at, q.clock_starts_at);
            }
            ++quotes;
        }
    }
    EXPECT_EQ(quotes, 8760 * 7);
}

}  // namespace
}  // namespace portal
