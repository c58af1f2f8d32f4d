#include "holiday_calendar.h"

#include <algorithm>

namespace portal {

namespace {
CivilDate observed_day(const CivilDate& d) {
    switch (weekday_of(d)) {
        case Weekday::Saturday: return add_days(d, -1);
        case Weekday::Sunday: return add_days(d, 1);
        default: return d;
    }
}
}  // namespace

std::vector<Holiday> HolidayCalendar::holidays_in_year(int year) const {
    std::vector<Holiday> out;
    for (const HolidayRule& r : rules_) {
        if (year < r.from_year) continue;
        Holiday h;
        h.name = r.name;
        if (r.is_fixed_date()) {
            h.date = CivilDate{year, r.month, r.day};
            h.observed = observed_day(h.date);
        } else {
            h.date = nth_weekday_of_month(year, r.month, r.weekday, r.nth);
            h.observed = h.date;
        }
        out.push_back(h);
    }
    std::sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return out;
}

std::optional<Holiday> HolidayCalendar::observed_on(const CivilDate& day) const {
    // An observed day can move across New Year, so look at both neighbouring years.
    for (int year = day.year - 1; year <= day.year + 1; ++year)
        for (const HolidayRule& r : rules_) {
            if (year < r.from_year || (!r.is_fixed_date() && (r.month != day.month || year != day.year))) continue;
            CivilDate date = r.is_fixed_date() ? CivilDate{year, r.month, r.day}
                                               : nth_weekday_of_month(year, r.month, r.weekday, r.nth);
            const CivilDate observed = r.is_fixed_date() ? observed_day(date) : date;
            if (observed == day) return Holiday{r.name, date, observed};
        }
    return std::nullopt;
}

std::vector<Holiday> HolidayCalendar::observed_between(const CivilDate& first, const CivilDate& last) const {
    std::vector<Holiday> out;
    for (int year = first.year - 1; year <= last.year + 1; ++year)
        for (const Holiday& h : holidays_in_year(year))
            if (!(h.observed < first) && !(last < h.observed)) out.push_back(h);
    std::sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.observed < b.observed; });
    return out;
}

}  // namespace portal
