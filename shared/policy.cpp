#include "policy.h"

#include <nlohmann/json.hpp>

#include "json_reader.h"

namespace portal {

using nlohmann::json;

const ResponseTarget* Plan::target_for(const std::string& impact) const {
    auto it = targets.find(impact);
    if (it == targets.end()) it = targets.find("*");
    return it == targets.end() ? nullptr : &it->second;
}

const ResponseTarget* HostingOption::target_for(const std::string& impact) const {
    auto it = targets.find(impact);
    if (it == targets.end()) it = targets.find("*");
    return it == targets.end() ? nullptr : &it->second;
}

const Plan* Policy::plan(const std::string& id) const {
    for (const Plan& p : plans)
        if (p.id == id) return &p;
    return nullptr;
}

const ImpactLevel* Policy::impact(const std::string& id) const {
    for (const ImpactLevel& i : impacts)
        if (i.id == id) return &i;
    return nullptr;
}

const HostingOption* Policy::hosting_option(const std::string& id) const {
    if (id.empty()) return hosting.empty() ? nullptr : &hosting.front();
    for (const HostingOption& h : hosting)
        if (h.id == id) return &h;
    return nullptr;
}

BusinessCalendar Policy::calendar() const { return BusinessCalendar(zone, hours, HolidayCalendar(holiday_rules)); }

namespace {

std::optional<int> clock_seconds(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
        if (hhmm[i] < '0' || hhmm[i] > '9') return std::nullopt;
    const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 3600 + m * 60;
}

std::optional<Weekday> weekday_from(const std::string& s) {
    for (int i = 0; i < 7; ++i)
        if (s == weekday_short_name(static_cast<Weekday>(i))) return static_cast<Weekday>(i);
    return std::nullopt;
}

void read_zone(JsonReader& r, const json& j, Policy& p) {
    p.time_zone_id = r.string(j, "id");
    p.zone.abbreviation = r.string(j, "abbreviation");
    p.zone.standard_offset_minutes = r.integer(j, "standard_offset_minutes", -840, 840);
    p.zone.daylight_offset_minutes = r.integer(j, "daylight_offset_minutes", -840, 840);
    if (r.string(j, "daylight_rule") != "us-2007")
        r.fail("daylight_rule", "only \"us-2007\" (second Sunday of March to first Sunday of November) is supported");
}

void read_hours(JsonReader& r, const json& j, Policy& p) {
    const json& days = r.array(j, "weekdays");
    for (std::size_t i = 0; i < days.size(); ++i) {
        auto wd = days[i].is_string() ? weekday_from(days[i].get<std::string>()) : std::nullopt;
        if (wd) p.hours.open_days[static_cast<int>(*wd)] = true;
        else r.fail("weekdays[" + std::to_string(i) + "]", "must be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun");
    }
    if (!days.empty() && std::none_of(p.hours.open_days.begin(), p.hours.open_days.end(), [](bool b) { return b; }))
        r.fail("weekdays", "name at least one open day");
    for (const char* key : {"open", "close"}) {
        auto s = clock_seconds(r.string(j, key));
        if (!s) { r.fail(key, "must be a time such as \"06:00\""); continue; }
        (std::string(key) == "open" ? p.hours.open_seconds : p.hours.close_seconds) = *s;
    }
    if (p.hours.open_seconds >= p.hours.close_seconds) r.fail("close", "must be later than open");
}

void read_holiday(JsonReader& r, const json& j, Policy& p) {
    HolidayRule h;
    h.name = r.string(j, "name");
    h.month = r.integer(j, "month", 1, 12);
    h.from_year = r.optional_integer(j, "from_year", 0, 9999).value_or(0);
    if (j.contains("day")) {
        h.day = r.integer(j, "day", 1, 31);
        if (h.day > days_in_month(2000, h.month)) r.fail("day", "does not exist in that month");
    } else {
        auto wd = weekday_from(r.string(j, "weekday"));
        if (!wd) r.fail("weekday", "must be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun");
        h.weekday = wd.value_or(Weekday::Monday);
        h.nth = r.integer(j, "nth", -1, 5);
        if (h.nth == 0) r.fail("nth", "must be 1 to 5, or -1 for the last one");
    }
    p.holiday_rules.push_back(h);
}

void read_target(JsonReader& r, const json& j, ResponseTarget& t) {
    const std::string kind = r.string(j, "kind");
    t.summary = r.string(j, "summary");
    t.contact = r.string(j, "contact");
    t.holidays = r.optional_bool(j, "holidays_pause").value_or(false) ? Holidays::Pause : Holidays::Count;
    t.can_escalate = r.optional_bool(j, "can_escalate").value_or(false);
    if (kind == "none") {
        t.kind = TargetKind::None;
    } else if (kind == "calendar_hours" || kind == "business_hours") {
        t.kind = kind == "calendar_hours" ? TargetKind::CalendarHours : TargetKind::BusinessHours;
        t.hours = r.integer(j, "hours", 1, 1000);
    } else if (kind == "business_window") {
        t.kind = TargetKind::BusinessWindow;
        t.window_start_hours = r.integer(j, "window_start_hours", 0, 1000);
        t.hours = r.integer(j, "hours", 1, 1000);
        if (t.window_start_hours >= t.hours) r.fail("window_start_hours", "must be less than hours");
    } else if (kind == "by_receipt_hours") {
        t.kind = TargetKind::ByReceiptHours;
        t.inside_hours = r.integer(j, "inside_hours", 1, 1000);
        t.outside_hours = r.integer(j, "outside_hours", 1, 1000);
    } else {
        r.fail("kind", "must be none, calendar_hours, business_hours, business_window or by_receipt_hours");
    }
}

void read_targets(JsonReader& r, const json& targets, const Policy& p, std::map<std::string, ResponseTarget>& out) {
    for (auto it = targets.begin(); it != targets.end(); ++it) {
        if (it.key() != "*" && !p.impact(it.key())) {
            r.fail("targets." + it.key(), "is not an impact level listed in impact_levels");
            continue;
        }
        r.nested("targets." + it.key(), it.value(), [&](const json& t) { read_target(r, t, out[it.key()]); });
    }
}

void read_plan(JsonReader& r, const json& j, Policy& p) {
    Plan plan;
    plan.id = r.string(j, "id");
    plan.name = r.string(j, "name");
    plan.paid = r.boolean(j, "paid");
    plan.description = r.optional_string(j, "description");
    read_targets(r, r.object(j, "targets"), p, plan.targets);
    if (plan.targets.empty() && r.ok()) r.fail("targets", "give at least one target (\"*\" for every impact)");
    if (p.plan(plan.id)) r.fail("id", "\"" + plan.id + "\" is listed twice");
    p.plans.push_back(std::move(plan));
}

void read_hosting(JsonReader& r, const json& j, Policy& p) {
    HostingOption h;
    h.id = r.string(j, "id");
    h.name = r.string(j, "name");
    h.description = r.optional_string(j, "description");
    if (j.contains("targets")) read_targets(r, r.object(j, "targets"), p, h.targets);
    if (p.hosting_option(h.id) && !h.id.empty()) r.fail("id", "\"" + h.id + "\" is listed twice");
    p.hosting.push_back(std::move(h));
}

}  // namespace

PolicyLoad load_policy(const std::string& text) {
    PolicyLoad out;
    JsonReader r;
    json root;
    if (!r.parse(text, root)) {
        out.errors = r.errors();
        return out;
    }
    Policy p;
    r.nested("time_zone", r.object(root, "time_zone"), [&](const json& j) { read_zone(r, j, p); });
    r.nested("business_hours", r.object(root, "business_hours"), [&](const json& j) { read_hours(r, j, p); });
    r.each("holidays", r.array(root, "holidays"), [&](const json& j) { read_holiday(r, j, p); });
    r.each("impact_levels", r.array(root, "impact_levels"), [&](const json& j) {
        p.impacts.push_back(ImpactLevel{r.string(j, "id"), r.string(j, "name"), r.string(j, "definition")});
    });
    r.each("plans", r.array(root, "plans"), [&](const json& j) { read_plan(r, j, p); });
    r.each("hosting", r.array(root, "hosting"), [&](const json& j) { read_hosting(r, j, p); });
    r.nested("escalation", r.object(root, "escalation"), [&](const json& j) {
        p.escalation = EscalationPolicy{r.string(j, "without_contacts")};
    });
    const json& channels = r.array(root, "community_channels");
    for (const json& c : channels)
        if (c.is_string()) p.community_channels.push_back(c.get<std::string>());
    if (r.ok() && p.plans.empty()) r.fail("plans", "list at least one plan");
    if (r.ok() && p.hosting.empty()) r.fail("hosting", "list at least one hosting (the first is the default)");
    if (r.ok()) out.policy = std::move(p);
    out.errors = r.errors();
    return out;
}

}  // namespace portal
