// The support engineers' queue: every open issue, most urgent first (the order
// is the core's, triage_queue.h), with filters; smooth with 10,000 rows.
#include <algorithm>
#include <vector>

#include "imgui.h"
#include "platform/platform.h"
#include "triage_queue.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;
const char* kStatuses[] = {"Any status", "new", "in_progress", "waiting_on_customer"};   // the API's words
const char* kStatusNames[] = {"Any status", "New", "In progress", "Waiting on customer"};   // what people read

std::optional<portal::Instant> time_of(const json& row, const char* key) {
    return row.contains(key) && row[key].is_string() ? portal::parse_rfc3339(row[key].get<std::string>()) : std::nullopt;
}

// The server's clock decides which deadline counts: the active one, until staff answered it.
portal::QueueEntry entry_of(const json& row, int index) {
    portal::QueueEntry e;
    e.id = index;                              // sorts row indexes, not issue numbers
    e.escalated = row.value("escalated", false);
    e.escalated_at = time_of(row, "escalated_at");
    const json clock = row.value("clock", json::object());
    if (!clock.contains("answered_at")) e.active_deadline = time_of(clock, "due_at");
    e.created = time_of(row, "created_at").value_or(portal::Instant{});
    return e;
}

// Filter choices from the policy the app loaded: "Any" first, then its plans and impact levels.
std::vector<const char*> choices(const char* any, const std::vector<const std::string*>& names) {
    std::vector<const char*> out{any};
    for (const std::string* n : names) out.push_back(n->c_str());
    return out;
}

bool passes(const portal::Policy& policy, const app::QueueFilters& f, const json& row) {
    const auto index = [](int i) { return static_cast<std::size_t>(i - 1); };
    if (f.plan && index(f.plan) < policy.plans.size() && row.value("plan", "") != policy.plans[index(f.plan)].id) return false;
    if (f.impact && index(f.impact) < policy.impacts.size() && row.value("impact", "") != policy.impacts[index(f.impact)].id)
        return false;
    if (f.status && row.value("status", "") != kStatuses[f.status]) return false;
    if (f.waiting_only && !row.value("waiting_on_customer", false)) return false;
    if (!f.label.empty()) {
        const json labels = row.value("labels", json::array());
        if (std::find(labels.begin(), labels.end(), f.label) == labels.end()) return false;
    }
    return true;
}

void time_left(const json& row, const portal::QueueEntry& e, portal::Instant now) {
    const json clock = row.value("clock", json::object());
    if (e.active_deadline) {                   // late by the core's one rule (triage_queue.h)
        portal::QueueEntry clock_only = e;
        clock_only.escalated = false;
        const bool late = portal::queue_group(clock_only, now) == portal::QueueGroup::Breached;
        ImGui::PushStyleColor(ImGuiCol_Text, late ? ui::theme().danger : ui::theme().warning);
        ui::text((clock.value("kind", "") == "next_reply" ? "reply " : "") + ui::countdown(*e.active_deadline, now));
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().muted_text);
        ui::text(clock.value("kind", "none") == "none" ? "no target" : "answered");
    }
    ImGui::PopStyleColor();
}

const std::vector<portal::QueueEntry>& queue_order(app::State& s, portal::Instant now) {
    app::QueueOrder& cache = s.queue_order;
    const app::IssueList& q = s.queue;
    const app::QueueFilters& f = s.queue_filters;
    bool stale = false;
    if (cache.generation != q.generation || cache.rows != q.rows.size()) {
        cache.parsed.clear();
        for (std::size_t i = 0; i < q.rows.size(); ++i) cache.parsed.push_back(entry_of(q.rows[i], static_cast<int>(i)));
        cache.generation = q.generation;
        cache.rows = q.rows.size();
        stale = true;
    }
    const std::string key = std::to_string(f.plan) + "/" + std::to_string(f.impact) + "/" + std::to_string(f.status) + "/" +
                            (f.waiting_only ? "w" : "-") + "/" + f.label;
    if (stale || key != cache.filter_key || now.unix_seconds != cache.sorted_at) {
        cache.order.clear();
        for (const portal::QueueEntry& e : cache.parsed)
            if (passes(*s.policy, f, q.rows[static_cast<std::size_t>(e.id)])) cache.order.push_back(e);
        portal::sort_queue(cache.order, now);
        cache.filter_key = key;
        cache.sorted_at = now.unix_seconds;
    }
    return cache.order;
}

void filters(const portal::Policy& policy, app::QueueFilters& f, float width) {
    std::vector<const std::string*> plan_names, impact_ids;
    for (const portal::Plan& p : policy.plans) plan_names.push_back(&p.name);
    for (const portal::ImpactLevel& i : policy.impacts) impact_ids.push_back(&i.id);
    const std::vector<const char*> plans = choices("Any plan", plan_names), impacts = choices("Any impact", impact_ids);
    const float w = std::max(120.0f, (width - 4 * ImGui::GetStyle().ItemSpacing.x) / 5);
    ImGui::SetNextItemWidth(w);
    ui::combo("##plan", "Plan", &f.plan, plans.data(), static_cast<int>(plans.size()));
    ui::same_line_if_fits("Any impact........", ImGui::GetCursorPosX() + width);
    ImGui::SetNextItemWidth(w);
    ui::combo("##impact", "Impact", &f.impact, impacts.data(), static_cast<int>(impacts.size()));
    ui::same_line_if_fits("Any status........", ImGui::GetCursorPosX() + width);
    ImGui::SetNextItemWidth(w);
    ui::combo("##status", "Status", &f.status, kStatusNames, IM_ARRAYSIZE(kStatusNames));
    ui::same_line_if_fits("Label..............", ImGui::GetCursorPosX() + width);
    ui::text_input_raw("##label", f.label, "Label", w);
    ui::same_line_if_fits("Waiting on customer", ImGui::GetCursorPosX() + width);
    ui::checkbox("Waiting on customer", &f.waiting_only);
}
}  // namespace

void draw_queue(app::State& s) {
    begin_page();
    ui::heading("Support queue");
    app::IssueList& q = s.queue;
    const float width = page_width();
    filters(*s.policy, s.queue_filters, width);
    const portal::Instant now = ui::now();
    const std::vector<portal::QueueEntry>& order = queue_order(s, now);
    const std::string summary = (q.loading ? "Loading\u2026 " : "") + std::to_string(order.size()) + " of " +
                                std::to_string(q.total) + " open issues, most urgent first";
    ui::muted(summary);
    ui::track("Queue summary", summary);
    if (!q.error.empty()) ImGui::TextColored(ui::theme().danger, "%s", q.error.c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersOuterH;
    // A phone gets three columns with the rest of each issue on lines beneath its title: eight
    // columns at 390 px cut every word to a few letters.
    const bool compact = width < 640.0f;
    if (ImGui::BeginTable("Queue", compact ? 3 : 8, flags, ImVec2(width, std::max(240.0f, ImGui::GetContentRegionAvail().y - 8)))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, compact ? 44 : 56);
        if (compact) {
            ImGui::TableSetupColumn("Issue", ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn("Time left", ImGuiTableColumnFlags_WidthFixed, 124);
        } else {
            ImGui::TableSetupColumn("Title", ImGuiTableColumnFlags_WidthStretch, 3.2f);
            ImGui::TableSetupColumn("Organization", ImGuiTableColumnFlags_WidthStretch, 1.5f);
            ImGui::TableSetupColumn("Plan", ImGuiTableColumnFlags_WidthStretch, 1.2f);
            ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 1.1f);
            ImGui::TableSetupColumn("Labels", ImGuiTableColumnFlags_WidthStretch, 1.8f);
            ImGui::TableSetupColumn("Time left", ImGuiTableColumnFlags_WidthStretch, 1.7f);
            ImGui::TableSetupColumn("Key date", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        }
        ImGui::TableHeadersRow();
        ui::sem::table_begin("Support queue");   // rows and cells for a screen reader, with these headers
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(order.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const portal::QueueEntry& e = order[static_cast<std::size_t>(i)];
                const json& row = q.rows[static_cast<std::size_t>(e.id)];
                const std::string number = "#" + std::to_string(row.value("id", 0));
                ImGui::TableNextRow();
                ui::sem::table_row(static_cast<unsigned>(row.value("id", 0)));
                ui::next_column();
                if (ImGui::Selectable((number + "##q").c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    app::go("/issues/" + std::to_string(row.value("id", 0)));
                ui::track("Queue row " + std::to_string(i), number);
                ui::sem::describe(platform::SemRole::Link, number + " " + row.value("title", ""), 0, "",
                                  "#/issues/" + std::to_string(row.value("id", 0)));
                ui::next_column();
                if (e.escalated) {
                    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
                    ui::text("ESCALATED");
                    ImGui::PopStyleColor();
                    ImGui::SameLine();
                }
                ui::text(row.value("title", ""));
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.value("title", "").c_str());
                const json org = row.value("organization", json());
                const std::string codename = row.value("organization_codename", json()).is_string()
                                                 ? " (" + row["organization_codename"].get<std::string>() + ")" : "";
                const std::string organization = org.is_string() ? org.get<std::string>() + codename : "Community";
                const std::string plan = row.value("plan", "") + " " + row.value("impact", "");
                std::string labels;
                for (const json& l : row.value("labels", json::array())) labels += (labels.empty() ? "" : ", ") + l.get<std::string>();
                const json fields = row.value("fields", json::object());
                if (compact) {                     // every row the same three lines: the clipper's rows are even
                    // the short facts first: a long organization name is what the column cuts
                    ui::muted_line(status_text(row.value("status", "")) + " \u00b7 " + plan + " \u00b7 " + organization);
                    ui::muted_line(labels);
                    ui::next_column();
                    time_left(row, e, now);
                    ui::muted_line(fields.value("target_date", ""));
                    continue;
                }
                ui::next_column();
                ui::text(organization);
                ui::next_column();
                ui::text(plan);
                ui::next_column();
                ui::text(status_text(row.value("status", "")));
                ui::next_column();
                ui::text(labels);
                ui::next_column();
                time_left(row, e, now);
                ui::next_column();
                ui::text(fields.value("target_date", ""));
            }
        }
        ui::sem::table_end();
        ImGui::EndTable();
    }
    platform::request_redraw_after(1000);
    end_page();
}

}  // namespace views
