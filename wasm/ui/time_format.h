// Times for people: in the browser's own zone, in Pacific Time, and as a countdown.
#pragma once
#include <string>

#include "civil_time.h"

namespace ui {

portal::Instant now();
std::string in_local_zone(portal::Instant t);                         // "Tue Mar 16, 10:00 (Europe/Paris)"
std::string in_zone(const portal::UsTimeZone& zone, portal::Instant t);  // "Tue Mar 16, 01:00 PT"
std::string countdown(portal::Instant due, portal::Instant now);       // "in 3 h 12 min", "overdue by 5 min"
std::string short_date(const std::string& rfc3339);                    // "Mar 16, 10:00" in the local zone

}  // namespace ui
