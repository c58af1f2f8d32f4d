#include "holiday_calendar.h"

#include <gtest/gtest.h>

#include "fleet_policy.h"

namespace portal {
namespace {

struct HolidayCase {
    const char* date;
    const char* observed;
    const char* name;
};

// Every US federal holiday 2021-2030 with the day it is observed.
const HolidayCase kFederalHolidays[] = {
    {"2021-01-01", "2021-01-01", "New Year's Day"},
    {"2021-01-18", "2021-01-18", "Birthday of Martin Luther King, Jr."},
    {"2021-02-15", "2021-02-15", "Washington's Birthday"},
    {"2021-05-31", "2021-05-31", "Memorial Day"},
    {"2021-06-19", "2021-06-18", "Juneteenth"},
    {"2021-07-04", "2021-07-05", "Independence Day"},
    {"2021-09-06", "2021-09-06", "Labor Day"},
    {"2021-10-11", "2021-10-11", "Columbus Day"},
    {"2021-11-11", "2021-11-11", "Veterans Day"},
    {"2021-11-25", "2021-11-25", "Thanksgiving"},
    {"2021-12-25", "2021-12-24", "Christmas Day"},
    {"2022-01-01", "2021-12-31", "New Year's Day"},
    {"2022-01-17", "2022-01-17", "Birthday of Martin Luther King, Jr."},
    {"2022-02-21", "2022-02-21", "Washington's Birthday"},
    {"2022-05-30", "2022-05-30", "Memorial Day"},
    {"2022-06-19", "2022-06-20", "Juneteenth"},
    {"2022-07-04", "2022-07-04", "Independence Day"},
    {"2022-09-05", "2022-09-05", "Labor Day"},
    {"2022-10-10", "2022-10-10", "Columbus Day"},
    {"2022-11-11", "2022-11-11", "Veterans Day"},
    {"2022-11-24", "2022-11-24", "Thanksgiving"},
    {"2022-12-25", "2022-12-26", "Christmas Day"},
    {"2023-01-01", "2023-01-02", "New Year's Day"},
    {"2023-01-16", "2023-01-16", "Birthday of Martin Luther King, Jr."},
    {"2023-02-20", "2023-02-20", "Washington's Birthday"},
    {"2023-05-29", "2023-05-29", "Memorial Day"},
    {"2023-06-19", "2023-06-19", "Juneteenth"},
    {"2023-07-04", "2023-07-04", "Independence Day"},
    {"2023-09-04", "2023-09-04", "Labor Day"},
    {"2023-10-09", "2023-10-09", "Columbus Day"},
    {"2023-11-11", "2023-11-10", "Veterans Day"},
    {"2023-11-23", "2023-11-23", "Thanksgiving"},
    {"2023-12-25", "2023-12-25", "Christmas Day"},
    {"2024-01-01", "2024-01-01", "New Year's Day"},
    {"2024-01-15", "2024-01-15", "Birthday of Martin Luther King, Jr."},
    {"2024-02-19", "2024-02-19", "Washington's Birthday"},
    {"2024-05-27", "2024-05-27", "Memorial Day"},
    {"2024-06-19", "2024-06-19", "Juneteenth"},
    {"2024-07-04", "2024-07-04", "Independence Day"},
    {"2024-09-02", "2024-09-02", "Labor Day"},
    {"2024-10-14", "2024-10-14", "Columbus Day"},
    {"2024-11-11", "2024-11-11", "Veterans Day"},
    {"2024-11-28", "2024-11-28", "Thanksgiving"},
    {"2024-12-25", "2024-12-25", "Christmas Day"},
    {"2025-01-01", "2025-01-01", "New Year's Day"},
    {"2025-01-20", "2025-01-20", "Birthday of Martin Luther King, Jr."},
    {"2025-02-17", "2025-02-17", "Washington's Birthday"},
    {"2025-05-26", "2025-05-26", "Memorial Day"},
    {"2025-06-19", "2025-06-19", "Juneteenth"},
    {"2025-07-04", "2025-07-04", "Independence Day"},
    {"2025-09-01", "2025-09-01", "Labor Day"},
    {"2025-10-13", "2025-10-13", "Columbus Day"},
    {"2025-11-11", "2025-11-11", "Veterans Day"},
    {"2025-11-27", "2025-11-27", "Thanksgiving"},
    {"2025-12-25", "2025-12-25", "Christmas Day"},
    {"2026-01-01", "2026-01-01", "New Year's Day"},
    {"2026-01-19", "2026-01-19", "Birthday of Martin Luther King, Jr."},
    {"2026-02-16", "2026-02-16", "Washington's Birthday"},
    {"2026-05-25", "2026-05-25", "Memorial Day"},
    {"2026-06-19", "2026-06-19", "Juneteenth"},
    {"2026-07-04", "2026-07-03", "Independence Day"},
    {"2026-09-07", "2026-09-07", "Labor Day"},
    {"2026-10-12", "2026-10-12", "Columbus Day"},
    {"2026-11-11", "2026-11-11", "Veterans Day"},
    {"2026-11-26", "2026-11-26", "Thanksgiving"},
    {"2026-12-25", "2026-12-25", "Christmas Day"},
    {"2027-01-01", "2027-01-01", "New Year's Day"},
    {"2027-01-18", "2027-01-18", "Birthday of Martin Luther King, Jr."},
    {"2027-02-15", "2027-02-15", "Washington's Birthday"},
    {"2027-05-31", "2027-05-31", "Memorial Day"},
    {"2027-06-19", "2027-06-18", "Juneteenth"},
    {"2027-07-04", "2027-07-05", "Independence Day"},
    {"2027-09-06", "2027-09-06", "Labor Day"},
    {"2027-10-11", "2027-10-11", "Columbus Day"},
    {"2027-11-11", "2027-11-11", "Veterans Day"},
    {"2027-11-25", "2027-11-25", "Thanksgiving"},
    {"2027-12-25", "2027-12-24", "Christmas Day"},
    {"2028-01-01", "2027-12-31", "New Year's Day"},
    {"2028-01-17", "2028-01-17", "Birthday of Martin Luther King, Jr."},
    {"2028-02-21", "2028-02-21", "Washington's Birthday"},
    {"2028-05-29", "2028-05-29", "Memorial Day"},
    {"2028-06-19", "2028-06-19", "Juneteenth"},
    {"2028-07-04", "2028-07-04", "Independence Day"},
    {"2028-09-04", "2028-09-04", "Labor Day"},
    {"2028-10-09", "2028-10-09", "Columbus Day"},
    {"2028-11-11", "2028-11-10", "Veterans Day"},
    {"2028-11-23", "2028-11-23", "Thanksgiving"},
    {"2028-12-25", "2028-12-25", "Christmas Day"},
    {"2029-01-01", "2029-01-01", "New Year's Day"},
    {"2029-01-15", "2029-01-15", "Birthday of Martin Luther King, Jr."},
    {"2029-02-19", "2029-02-19", "Washington's Birthday"},
    {"2029-05-28", "2029-05-28", "Memorial Day"},
    {"2029-06-19", "2029-06-19", "Juneteenth"},
    {"2029-07-04", "2029-07-04", "Independence Day"},
    {"2029-09-03", "2029-09-03", "Labor Day"},
    {"2029-10-08", "2029-10-08", "Columbus Day"},
    {"2029-11-11", "2029-11-12", "Veterans Day"},
    {"2029-11-22", "2029-11-22", "Thanksgiving"},
    {"2029-12-25", "2029-12-25", "Christmas Day"},
    {"2030-01-01", "2030-01-01", "New Year's Day"},
    {"2030-01-21", "2030-01-21", "Birthday of Martin Luther King, Jr."},
    {"2030-02-18", "2030-02-18", "Washington's Birthday"},
    {"2030-05-27", "2030-05-27", "Memorial Day"},
    {"2030-06-19", "2030-06-19", "Juneteenth"},
    {"2030-07-04", "2030-07-04", "Independence Day"},
    {"2030-09-02", "2030-09-02", "Labor Day"},
    {"2030-10-14", "2030-10-14", "Columbus Day"},
    {"2030-11-11", "2030-11-11", "Veterans Day"},
    {"2030-11-28", "2030-11-28", "Thanksgiving"},
    {"2030-12-25", "2030-12-25", "Christmas Day"},
};

HolidayCalendar fleet_holidays() { return HolidayCalendar(testing::fleet_policy().holiday_rules); }

TEST(FederalHolidays, EveryHolidayOf2021To2030FallsAndIsObservedOnTheRightDay) {
    const HolidayCalendar cal = fleet_holidays();
    std::size_t i = 0;
    for (int year = 2021; year <= 2030; ++year) {
        for (const Holiday& h : cal.holidays_in_year(year)) {
            ASSERT_LT(i, std::size(kFederalHolidays));
            const HolidayCase& c = kFederalHolidays[i++];
            EXPECT_EQ(format_iso_date(h.date), c.date) << c.name;
            EXPECT_EQ(format_iso_date(h.observed), c.observed) << c.name;
            EXPECT_EQ(h.name, c.name);
            const auto found = cal.observed_on(*parse_iso_date(c.observed));
            ASSERT_TRUE(found.has_value()) << c.name << " observed " << c.observed;
            EXPECT_EQ(found->name, c.name);
        }
    }
    EXPECT_EQ(i, std::size(kFederalHolidays));
}

TEST(FederalHolidays, ObservedDayRules) {
    const HolidayCalendar cal = fleet_holidays();
    EXPECT_EQ(cal.observed_on({2027, 12, 31})->name, "New Year's Day") << "2028-01-01 is a Saturday";
    EXPECT_FALSE(cal.observed_on({2028, 1, 1}).has_value()) << "the Saturday itself is not the day off";
    EXPECT_EQ(cal.observed_on({2022, 12, 26})->name, "Christmas Day") << "2022-12-25 is a Sunday";
    EXPECT_EQ(cal.observed_on({2027, 7, 5})->name, "Independence Day") << "2027-07-04 is a Sunday";
    EXPECT_EQ(cal.observed_on({2026, 7, 3})->name, "Independence Day") << "2026-07-04 is a Saturday";
    EXPECT_FALSE(cal.observed_on({2020, 6, 19}).has_value()) << "Juneteenth is a holiday from 2021";
    EXPECT_EQ(cal.observed_on({2021, 6, 18})->name, "Juneteenth") << "2021-06-19 is a Saturday";
    EXPECT_FALSE(cal.observed_on({2027, 11, 24}).has_value());
}

TEST(FederalHolidays, ListsTheObservedDaysInARange) {
    const auto list = fleet_holidays().observed_between({2027, 12, 1}, {2028, 1, 31});
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(format_iso_date(list[0].observed), "2027-12-24");
    EXPECT_EQ(format_iso_date(list[1].observed), "2027-12-31");
    EXPECT_EQ(format_iso_date(list[2].observed), "2028-01-17");
}

}  // namespace
}  // namespace portal
