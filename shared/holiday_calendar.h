// US federal holidays as data-driven rules (5 U.S.C. 6103) and their observed days.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "civil_time.h"

namespace portal {

struct HolidayRule {
    std::string name;
    int month = 1;
    int day = 0;                       // fixed-date holiday when > 0
    Weekday weekday = Weekday::Monday; // otherwise the nth weekday of the month
    int nth = 0;                       // 1..5, or -1 for the last one
    int from_year = 0;                 // first year it is observed (Juneteenth: 2021)
    bool is_fixed_date() const { return day > 0; }
};

struct Holiday {
    std::string name;
    CivilDate date;                    // the day itself
    CivilDate observed;                // the day off: Saturday -> Friday, Sunday -> Monday
};

class HolidayCalendar {
public:
    HolidayCalendar() = default;
    explicit HolidayCalendar(std::vector<HolidayRule> rules) : rules_(std::move(rules)) {}

    std::vector<Holiday> holidays_in_year(int year) const;       // by date within `year`
    // The holiday observed on `day`, if any (New Year's Day 2028 is observed 2027-12-31).
    std::optional<Holiday> observed_on(const CivilDate& day) const;
    // Observed holidays with first <= observed <= last, in order.
    std::vector<Holiday> observed_between(const CivilDate& first, const CivilDate& last) const;
    const std::vector<HolidayRule>& rules() const { return rules_; }

private:
    std::vector<HolidayRule> rules_;
};

}  // namespace portal
