#include "civil_time.h"

#include <gtest/gtest.h>

#include "fleet_policy.h"

namespace portal {
namespace {

using testing::at;
const UsTimeZone kPacific{};

TEST(CivilDays, RoundTripsEveryDayFrom1900To2200) {
    for (std::int64_t d = days_from_civil({1900, 1, 1}); d <= days_from_civil({2200, 12, 31}); ++d)
        ASSERT_EQ(days_from_civil(civil_from_days(d)), d);
    EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
    EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
}

TEST(CivilDays, KnowsWeekdaysAndMonthLengths) {
    EXPECT_EQ(weekday_of({1970, 1, 1}), Weekday::Thursday);
    EXPECT_EQ(weekday_of({2027, 11, 25}), Weekday::Thursday);
    EXPECT_EQ(weekday_of({2028, 1, 1}), Weekday::Saturday);
    EXPECT_EQ(days_in_month(2028, 2), 29);
    EXPECT_EQ(days_in_month(2100, 2), 28);
    EXPECT_EQ(days_in_month(2000, 2), 29);
    EXPECT_EQ(nth_weekday_of_month(2027, 5, Weekday::Monday, -1), (CivilDate{2027, 5, 31}));
    EXPECT_EQ(nth_weekday_of_month(2027, 11, Weekday::Thursday, 4), (CivilDate{2027, 11, 25}));
}

struct OffsetCase {
    const char* utc;
    int offset_minutes;
    const char* why;
};

TEST(PacificTime, SwitchesOffsetAtTheUsDaylightSavingInstants) {
    const OffsetCase cases[] = {
        {"2027-03-14T09:59:59Z", -480, "01:59:59 PST, the last standard second before spring forward"},
        {"2027-03-14T10:00:00Z", -420, "02:00 PST becomes 03:00 PDT on the second Sunday of March"},
        {"2027-11-07T08:59:59Z", -420, "01:59:59 PDT, the last daylight second"},
        {"2027-11-07T09:00:00Z", -480, "02:00 PDT falls back to 01:00 PST on the first Sunday of November"},
        {"2007-03-11T10:00:00Z", -420, "2007, the first year of the current rules"},
        {"2099-11-01T09:00:00Z", -480, "2099, the last supported year"},
        {"2027-01-01T00:00:00Z", -480, "New Year in UTC is still standard time"},
        {"2027-07-01T12:00:00Z", -420, "midsummer"},
    };
    for (const auto& c : cases) EXPECT_EQ(utc_offset_minutes(kPacific, at(c.utc)), c.offset_minutes) << c.why;
}

TEST(PacificTime, ConvertsLocalWallClockToUtc) {
    EXPECT_EQ(format_rfc3339_utc(from_local(kPacific, {{2027, 3, 15}, 6, 0, 0})), "2027-03-15T13:00:00Z");
    EXPECT_EQ(format_rfc3339_utc(from_local(kPacific, {{2027, 3, 12}, 6, 0, 0})), "2027-03-12T14:00:00Z");
    EXPECT_EQ(format_rfc3339_utc(from_local(kPacific, {{2027, 11, 7}, 1, 30, 0})), "2027-11-07T08:30:00Z")
        << "01:30 happens twice on fall-back day; the earlier (PDT) one is meant";
    EXPECT_EQ(format_rfc3339_utc(from_local(kPacific, {{2027, 3, 14}, 2, 30, 0})), "2027-03-14T10:30:00Z")
        << "02:30 does not exist on spring-forward day; read with the standard offset";
    for (int h = 0; h < 24; ++h) {
        const LocalDateTime l{{2027, 7, 4}, h, 15, 0};
        const LocalDateTime back = to_local(kPacific, from_local(kPacific, l));
        EXPECT_EQ(back.hour, h);
        EXPECT_EQ(back.date, l.date);
    }
}

TEST(Rfc3339, ParsesOffsetsAndRejectsNonsense) {
    EXPECT_EQ(format_rfc3339_utc(at("2027-12-30T10:00:00-08:00")), "2027-12-30T18:00:00Z");
    EXPECT_EQ(format_rfc3339_utc(at("2027-12-30T18:00:00.123Z")), "2027-12-30T18:00:00Z");
    EXPECT_EQ(format_rfc3339_utc(at("2028-02-29T23:59:59+05:30")), "2028-02-29T18:29:59Z");
    for (const char* bad : {"", "2027-12-30", "2027-12-30T18:00:00", "2027-02-29T00:00:00Z", "2027-13-01T00:00:00Z",
                            "2027-12-30T24:00:00Z", "2027-12-30T18:00:00Zjunk", "2027-12-30T18:00:00+0800",
                            "yesterday", "2027-12-30T18:00:00.Z"})
        EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(IsoDate, ParsesRealDatesOnly) {
    EXPECT_EQ(parse_iso_date("2028-02-29"), (CivilDate{2028, 2, 29}));
    EXPECT_FALSE(parse_iso_date("2027-02-29").has_value());
    EXPECT_FALSE(parse_iso_date("2027-2-28").has_value());
    EXPECT_EQ(format_iso_date({2027, 1, 5}), "2027-01-05");
}

}  // namespace
}  // namespace portal
