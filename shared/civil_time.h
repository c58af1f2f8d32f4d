// Civil time without a time-zone database: UTC instants, calendar dates, and
// US Pacific time (America/Los_Angeles, 2007+ DST rules), so the browser and the
// server agree to the second whatever their own zone files say.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace portal {

struct Instant {                       // seconds since 1970-01-01T00:00:00Z
    std::int64_t unix_seconds = 0;
    friend bool operator==(Instant a, Instant b) { return a.unix_seconds == b.unix_seconds; }
    friend bool operator!=(Instant a, Instant b) { return a.unix_seconds != b.unix_seconds; }
    friend bool operator<(Instant a, Instant b) { return a.unix_seconds < b.unix_seconds; }
    friend bool operator<=(Instant a, Instant b) { return a.unix_seconds <= b.unix_seconds; }
    friend bool operator>(Instant a, Instant b) { return a.unix_seconds > b.unix_seconds; }
    friend bool operator>=(Instant a, Instant b) { return a.unix_seconds >= b.unix_seconds; }
    Instant plus_seconds(std::int64_t s) const { return Instant{unix_seconds + s}; }
};

enum class Weekday { Sunday = 0, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday };

struct CivilDate {
    int year = 1970;
    int month = 1;                     // 1..12
    int day = 1;                       // 1..31
    friend bool operator==(const CivilDate& a, const CivilDate& b) {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
    friend bool operator!=(const CivilDate& a, const CivilDate& b) { return !(a == b); }
    friend bool operator<(const CivilDate& a, const CivilDate& b) {
        if (a.year != b.year) return a.year < b.year;
        if (a.month != b.month) return a.month < b.month;
        return a.day < b.day;
    }
};

struct LocalDateTime {                 // wall-clock time in some zone
    CivilDate date;
    int hour = 0, minute = 0, second = 0;
    int seconds_of_day() const { return hour * 3600 + minute * 60 + second; }
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(const CivilDate& d);
CivilDate civil_from_days(std::int64_t days);
Weekday weekday_of(const CivilDate& d);
int days_in_month(int year, int month);
CivilDate add_days(const CivilDate& d, int n);
bool is_valid_date(const CivilDate& d);

// The n-th (1-based) given weekday of a month, or the last one when n == -1.
CivilDate nth_weekday_of_month(int year, int month, Weekday wd, int n);

// A fixed-offset-plus-US-DST zone. Pacific: standard -8h, daylight -7h.
struct UsTimeZone {
    int standard_offset_minutes = -480;
    int daylight_offset_minutes = -420;
    std::string abbreviation = "PT";
};

// DST runs from the second Sunday of March 02:00 standard time to the first
// Sunday of November 02:00 daylight time (rules in force since 2007).
bool is_daylight_time(const UsTimeZone& zone, Instant t);
int utc_offset_minutes(const UsTimeZone& zone, Instant t);
LocalDateTime to_local(const UsTimeZone& zone, Instant t);
// A wall-clock time that exists twice (fall overlap) resolves to the earlier
// instant; one that does not exist (spring gap) is read with the standard offset.
// Business hours (06:00-16:00) never hit either.
Instant from_local(const UsTimeZone& zone, const LocalDateTime& local);
LocalDateTime to_utc_civil(Instant t);

// RFC 3339: "2027-12-30T18:00:00Z" and offsets such as "-08:00"; fractions are dropped.
std::optional<Instant> parse_rfc3339(const std::string& text);
std::string format_rfc3339_utc(Instant t);
std::optional<CivilDate> parse_iso_date(const std::string& text);   // "2027-12-30"
std::string format_iso_date(const CivilDate& d);

const char* weekday_name(Weekday wd);          // "Monday"
const char* weekday_short_name(Weekday wd);    // "Mon"
const char* month_short_name(int month);       // "Jan"

}  // namespace portal
