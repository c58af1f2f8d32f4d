#include "civil_time.h"

#include <cstdio>

namespace portal {

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool read_digits(const std::string& s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}
}  // namespace

// Era-based conversion: 400-year cycles of 146097 days, years starting in March.
std::int64_t days_from_civil(const CivilDate& d) {
    const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (d.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return CivilDate{year, month, day};
}

Weekday weekday_of(const CivilDate& d) {
    const std::int64_t days = days_from_civil(d);          // 1970-01-01 was a Thursday
    return static_cast<Weekday>(((days % 7) + 7 + 4) % 7);
}

int days_in_month(int year, int month) {
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month - 1];
}

bool is_valid_date(const CivilDate& d) {
    return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

CivilDate add_days(const CivilDate& d, int n) { return civil_from_days(days_from_civil(d) + n); }

CivilDate nth_weekday_of_month(int year, int month, Weekday wd, int n) {
    if (n == -1) {
        CivilDate last{year, month, days_in_month(year, month)};
        const int back = (static_cast<int>(weekday_of(last)) - static_cast<int>(wd) + 7) % 7;
        return add_days(last, -back);
    }
    CivilDate first{year, month, 1};
    const int ahead = (static_cast<int>(wd) - static_cast<int>(weekday_of(first)) + 7) % 7;
    return add_days(first, ahead + 7 * (n - 1));
}

namespace {
Instant utc_of(const CivilDate& d, int seconds_of_day) {
    return Instant{days_from_civil(d) * 86400 + seconds_of_day};
}
// Transition instants in UTC: spring forward at 02:00 standard, fall back at 02:00 daylight.
Instant dst_start(const UsTimeZone& z, int year) {
    const CivilDate day = nth_weekday_of_month(year, 3, Weekday::Sunday, 2);
    return utc_of(day, 2 * 3600 - z.standard_offset_minutes * 60);
}
Instant dst_end(const UsTimeZone& z, int year) {
    const CivilDate day = nth_weekday_of_month(year, 11, Weekday::Sunday, 1);
    return utc_of(day, 2 * 3600 - z.daylight_offset_minutes * 60);
}
}  // namespace

LocalDateTime to_utc_civil(Instant t) {
    const std::int64_t days = floor_div(t.unix_seconds, 86400);
    const int sod = static_cast<int>(t.unix_seconds - days * 86400);
    return LocalDateTime{civil_from_days(days), sod / 3600, (sod / 60) % 60, sod % 60};
}

bool is_daylight_time(const UsTimeZone& zone, Instant t) {
    const int year = to_utc_civil(t).date.year;   // transitions sit far from New Year
    return t >= dst_start(zone, year) && t < dst_end(zone, year);
}

int utc_offset_minutes(const UsTimeZone& zone, Instant t) {
    return is_daylight_time(zone, t) ? zone.daylight_offset_minutes : zone.standard_offset_minutes;
}

LocalDateTime to_local(const UsTimeZone& zone, Instant t) {
    return to_utc_civil(t.plus_seconds(utc_offset_minutes(zone, t) * 60LL));
}

Instant from_local(const UsTimeZone& zone, const LocalDateTime& local) {
    const Instant as_utc = utc_of(local.date, local.seconds_of_day());
    const Instant standard = as_utc.plus_seconds(-zone.standard_offset_minutes * 60LL);
    const Instant daylight = as_utc.plus_seconds(-zone.daylight_offset_minutes * 60LL);
    auto reads_as_local = [&](Instant t) {
        const LocalDateTime l = to_local(zone, t);
        return l.date == local.date && l.seconds_of_day() == local.seconds_of_day();
    };
    const bool daylight_ok = reads_as_local(daylight), standard_ok = reads_as_local(standard);
    if (daylight_ok && standard_ok) return daylight < standard ? daylight : standard;
    return daylight_ok ? daylight : standard;
}

std::optional<Instant> parse_rfc3339(const std::string& s) {
    int y, mo, d, h, mi, se;
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
        return std::nullopt;
    if (!read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, mo) || !read_digits(s, 8, 2, d) ||
        !read_digits(s, 11, 2, h) || !read_digits(s, 14, 2, mi) || !read_digits(s, 17, 2, se))
        return std::nullopt;
    const CivilDate date{y, mo, d};
    if (!is_valid_date(date) || h > 23 || mi > 59 || se > 59) return std::nullopt;
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    int offset_seconds = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (pos + 6 > s.size() || s[pos + 3] != ':' || !read_digits(s, pos + 1, 2, oh) ||
            !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_seconds = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    return utc_of(date, h * 3600 + mi * 60 + se).plus_seconds(-offset_seconds);
}

std::string format_rfc3339_utc(Instant t) {
    const LocalDateTime u = to_utc_civil(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", u.date.year, u.date.month, u.date.day,
                  u.hour, u.minute, u.second);
    return buf;
}

std::optional<CivilDate> parse_iso_date(const std::string& s) {
    int y, m, d;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, m) ||
        !read_digits(s, 8, 2, d))
        return std::nullopt;
    const CivilDate date{y, m, d};
    if (!is_valid_date(date)) return std::nullopt;
    return date;
}

std::string format_iso_date(const CivilDate& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

const char* weekday_name(Weekday wd) {
    static const char* names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    return names[static_cast<int>(wd)];
}
const char* weekday_short_name(Weekday wd) {
    static const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    return names[static_cast<int>(wd)];
}
const char* month_short_name(int month) {
    static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return month >= 1 && month <= 12 ? names[month - 1] : "?";
}

}  // namespace portal
