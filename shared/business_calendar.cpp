#include "business_calendar.h"

#include <cstdio>

namespace portal {

namespace {
std::string clock_text(int seconds_of_day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", seconds_of_day / 3600, (seconds_of_day / 60) % 60);
    return buf;
}
}  // namespace

std::string BusinessHours::describe(const UsTimeZone& zone) const {
    // Open days as runs in Monday-first order: "Mon–Fri", "Mon, Wed", "Sat, Sun".
    const auto day_at = [](int pos) { return static_cast<Weekday>((pos + 1) % 7); };
    const auto open_at = [&](int pos) { return open_days[static_cast<int>(day_at(pos))]; };
    std::string days;
    for (int start = 0; start < 7;) {
        if (!open_at(start)) { ++start; continue; }
        int end = start;
        while (end + 1 < 7 && open_at(end + 1)) ++end;
        if (!days.empty()) days += ", ";
        days += weekday_short_name(day_at(start));
        if (end > start) days += (end > start + 1 ? "\u2013" : ", ") + std::string(weekday_short_name(day_at(end)));
        start = end + 1;
    }
    return days + " " + clock_text(open_seconds) + "\u2013" + clock_text(close_seconds) + " " + zone.abbreviation;
}

Instant BusinessCalendar::at_local(const CivilDate& day, int seconds_of_day) const {
    return from_local(zone_, LocalDateTime{day, seconds_of_day / 3600, (seconds_of_day / 60) % 60, seconds_of_day % 60});
}

bool BusinessCalendar::is_business_day(const CivilDate& day, Holidays h) const {
    if (!hours_.open_days[static_cast<int>(weekday_of(day))]) return false;
    return h == Holidays::Count || !holidays_.observed_on(day).has_value();
}

bool BusinessCalendar::in_business_hours(Instant t, Holidays h) const {
    const LocalDateTime local = to_local(zone_, t);
    const int s = local.seconds_of_day();
    return s >= hours_.open_seconds && s < hours_.close_seconds && is_business_day(local.date, h);
}

Instant BusinessCalendar::next_opening(Instant t, Holidays h) const {
    if (in_business_hours(t, h)) return t;
    CivilDate day = to_local(zone_, t).date;
    for (int i = 0; i < 400; ++i, day = add_days(day, 1)) {
        if (!is_business_day(day, h)) continue;
        const Instant open = at_local(day, hours_.open_seconds);
        if (open >= t) return open;
    }
    return t;  // a policy with no open day at all; the loader rejects that
}

Instant BusinessCalendar::add_business_seconds(Instant t, std::int64_t seconds, Holidays h) const {
    Instant cursor = next_opening(t, h);
    CivilDate day = to_local(zone_, cursor).date;
    for (int i = 0; i < 4000; ++i, day = add_days(day, 1)) {
        if (!is_business_day(day, h)) continue;
        const Instant open = at_local(day, hours_.open_seconds);
        const Instant close = at_local(day, hours_.close_seconds);
        if (cursor < open) cursor = open;
        if (cursor >= close) continue;
        const std::int64_t available = close.unix_seconds - cursor.unix_seconds;
        if (seconds <= available) return cursor.plus_seconds(seconds);
        seconds -= available;
        cursor = close;
    }
    return cursor;
}

}  // namespace portal
