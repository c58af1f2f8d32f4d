// Business hours in the policy's zone: which moments count, and counting
// business seconds forward, with or without skipping holidays.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "civil_time.h"
#include "holiday_calendar.h"

namespace portal {

struct BusinessHours {
    std::array<bool, 7> open_days{};   // indexed by Weekday
    int open_seconds = 6 * 3600;       // first second inside
    int close_seconds = 16 * 3600;     // first second outside
    std::string describe(const UsTimeZone& zone) const;  // "Mon–Fri 06:00–16:00 PT"
};

enum class Holidays { Pause, Count };  // Pause: a weekday holiday is not a business day

class BusinessCalendar {
public:
    BusinessCalendar(UsTimeZone zone, BusinessHours hours, HolidayCalendar holidays)
        : zone_(std::move(zone)), hours_(hours), holidays_(std::move(holidays)) {}

    bool is_business_day(const CivilDate& day, Holidays h) const;
    bool in_business_hours(Instant t, Holidays h) const;
    // `t` itself when inside business hours, else the next opening.
    Instant next_opening(Instant t, Holidays h) const;
    // The moment `seconds` business seconds after `t`; a deadline landing exactly
    // on closing time stays there rather than moving to the next opening.
    Instant add_business_seconds(Instant t, std::int64_t seconds, Holidays h) const;

    const UsTimeZone& zone() const { return zone_; }
    const BusinessHours& hours() const { return hours_; }
    const HolidayCalendar& holidays() const { return holidays_; }

private:
    Instant at_local(const CivilDate& day, int seconds_of_day) const;

    UsTimeZone zone_;
    BusinessHours hours_;
    HolidayCalendar holidays_;
};

}  // namespace portal
