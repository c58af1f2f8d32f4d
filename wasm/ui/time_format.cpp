#include "ui/time_format.h"

#include <cstdio>

#include "platform/platform.h"
#include "response_deadline.h"

namespace ui {

portal::Instant now() { return portal::Instant{static_cast<std::int64_t>(platform::now_ms() / 1000)}; }

namespace {
portal::LocalDateTime local(portal::Instant t) {
    const int offset = platform::local_utc_offset_minutes(static_cast<double>(t.unix_seconds) * 1000.0);
    return portal::to_utc_civil(t.plus_seconds(offset * 60LL));
}
}  // namespace

std::string in_local_zone(portal::Instant t) {
    const portal::LocalDateTime l = local(t);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s %s %d, %02d:%02d (%s)", portal::weekday_short_name(portal::weekday_of(l.date)),
                  portal::month_short_name(l.date.month), l.date.day, l.hour, l.minute, platform::local_zone_name().c_str());
    return buf;
}

std::string in_zone(const portal::UsTimeZone& zone, portal::Instant t) { return portal::describe_local(zone, t); }

std::string countdown(portal::Instant due, portal::Instant now) {
    std::int64_t s = due.unix_seconds - now.unix_seconds;
    const bool overdue = s < 0;
    if (overdue) s = -s;
    const std::int64_t d = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60, sec = s % 60;
    char buf[64];
    if (d > 0) std::snprintf(buf, sizeof buf, "%lld d %lld h", static_cast<long long>(d), static_cast<long long>(h));
    else if (h > 0) std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(h), static_cast<long long>(m));
    else std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(m), static_cast<long long>(sec));
    return overdue ? std::string("overdue by ") + buf : std::string("in ") + buf;
}

std::string short_date(const std::string& rfc3339) {
    const auto t = portal::parse_rfc3339(rfc3339);
    if (!t) return rfc3339;
    const portal::LocalDateTime l = local(*t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s %d, %02d:%02d", portal::month_short_name(l.date.month), l.date.day, l.hour, l.minute);
    return buf;
}

}  // namespace ui
