// "My issues", "Organization issues", "Public issues": a sortable, filterable
// table that stays smooth with 10,000 rows (only visible rows are drawn).
#include <algorithm>
#include <cstring>
#include <vector>

#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;
const char* kStatusChoices[] = {"Any status", "Open", "Waiting on you", "Resolved", "Closed"};

bool passes(const app::IssueList& list, const json& row) {
    const std::string status = row.value("status", "");
    switch (list.status_filter) {
        case 1: if (status != "new" && status != "in_progress" && status != "waiting_on_customer") return false; break;
        case 2: if (status != "waiting_on_customer") return false; break;
        case 3: if (status != "resolved") return false; break;
        case 4: if (status != "closed") return false; break;
        default: break;
    }
    if (list.filter.empty()) return true;
    const std::string hay = "#" + std::to_string(row.value("id", 0)) + " " + row.value("title", "");
    auto lower = [](std::string x) { for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return x; };
    return lower(hay).find(lower(list.filter)) != std::string::npos;
}

}  // namespace

std::string status_text(const std::string& s) {
    if (s == "waiting_on_customer") return "Waiting on you";
    if (s == "in_progress") return "In progress";
    if (s == "new") return "New";
    if (s == "resolved") return "Resolved";
    return "Closed";
}

namespace {

// Deadline column: a live countdown while pending, else the SLA result.
std::string deadline_text(const json& row, ImVec4& colour) {
    const std::string sla = row.value("sla_state", "none");
    colour = ImGui::GetStyle().Colors[ImGuiCol_Text];
    if (sla == "met") { colour = ui::theme().success; return "SLA met"; }
    if (sla == "breached") { colour = ui::theme().danger; return "SLA breached"; }
    const std::string due = row.contains("reply_due_at") ? row.value("reply_due_at", "") : row.value("due_at", "");
    const auto t = portal::parse_rfc3339(due);
    if (!t) return "No guaranteed response";
    const portal::Instant now = ui::now();
    colour = *t < now ? ui::theme().danger : ui::theme().warning;
    return ui::countdown(*t, now);
}

void sort_rows(std::vector<const json*>& rows, const ImGuiTableSortSpecs* specs) {
    if (!specs || specs->SpecsCount == 0) return;
    const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
    const char* keys[] = {"id", "title", "status", "impact", "due_at", "updated_at", "organization"};
    const char* key = keys[std::min<int>(static_cast<int>(s.ColumnUserID), 6)];
    std::stable_sort(rows.begin(), rows.end(), [&](const json* a, const json* b) {
        const json& x = a->contains(key) ? (*a)[key] : json();
        const json& y = b->contains(key) ? (*b)[key] : json();
        const bool less = x.is_number() && y.is_number() ? x.get<long long>() < y.get<long long>()
                                                          : x.dump() < y.dump();
        const bool greater = x.is_number() && y.is_number() ? y.get<long long>() < x.get<long long>() : y.dump() < x.dump();
        return s.SortDirection == ImGuiSortDirection_Ascending ? less : greater;
    });
}

// Filtering and sorting 10,000 rows every frame costs ~30 ms; the visible order is
// rebuilt only when the rows, the filter or the sort order change.
struct RowCache {
    long long generation = -1;
    std::size_t rows = 0;
    std::string filter;
    int status = -1;
    bool resort = true;
    std::vector<const json*> order;
};

const std::vector<const json*>& visible_rows(const app::IssueList& list, ImGuiTableSortSpecs* specs, RowCache& cache) {
    const bool sort_changed = specs && specs->SpecsDirty;
    if (cache.generation != list.generation || cache.rows != list.rows.size() || cache.filter != list.filter ||
        cache.status != list.status_filter || sort_changed || cache.resort) {
        cache.order.clear();
        for (const json& row : list.rows)
            if (passes(list, row)) cache.order.push_back(&row);
        sort_rows(cache.order, specs);
        if (specs) specs->SpecsDirty = false;
        cache = RowCache{list.generation, list.rows.size(), list.filter, list.status_filter, false, std::move(cache.order)};
    }
    return cache.order;
}

void scope_tabs(app::State& s) {
    auto tab = [&](const char* label, const char* scope) {
        const bool current = s.list.scope == scope;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ui::theme().accent_soft);
        if (ui::button(label)) app::go(std::string("/issues?scope=") + scope);
        if (current) ImGui::PopStyleColor();
        ImGui::SameLine();
    };
    tab("My issues", "mine");
    if (s.session.role() == "customer") tab("Organization issues", "org");
    tab("Public issues", "public");
    if (s.session.role() == "cse") tab("All issues", "all");
    ImGui::NewLine();
}
}  // namespace

void draw_issue_list(app::State& s) {
    begin_page();
    app::IssueList& list = s.list;
    ui::heading(list.scope == "org" ? "Organization issues" : list.scope == "public" ? "Public issues"
                : list.scope == "all" ? "All issues" : "My issues");
    scope_tabs(s);
    const float width = page_width();
    const bool narrow = width < 640;
    ui::text_input_raw("##filter", list.filter, "Filter by number or title", narrow ? width : width * 0.5f);
    ui::track("Filter issues", list.filter);
    if (!narrow) ImGui::SameLine();
    ImGui::SetNextItemWidth(narrow ? width : 180);
    ImGui::Combo("##status", &list.status_filter, kStatusChoices, IM_ARRAYSIZE(kStatusChoices));
    static RowCache cache;
    std::size_t shown = cache.order.size();
    ui::muted(list.loading ? "Loading\u2026 " + std::to_string(list.rows.size()) + " of " + std::to_string(list.total)
                           : std::to_string(shown) + " of " + std::to_string(list.total) + " issues");
    if (!list.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
        ui::text_wrapped(list.error);
        ImGui::PopStyleColor();
    }
    const bool show_org = list.scope != "mine" && !narrow;
    const int columns = narrow ? 2 : show_org ? 7 : 6;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersOuterH;
    const float height = std::max(240.0f, ImGui::GetContentRegionAvail().y - 8);
    if (ImGui::BeginTable("Issues", columns, flags, ImVec2(width, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, 56, 0);
        ImGui::TableSetupColumn(narrow ? "Issue" : "Title", ImGuiTableColumnFlags_WidthStretch, 4, 1);
        if (!narrow) {
            ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 1.2f, 2);
            ImGui::TableSetupColumn("Impact", ImGuiTableColumnFlags_WidthStretch, 0.8f, 3);
            ImGui::TableSetupColumn("Deadline", ImGuiTableColumnFlags_WidthStretch, 1.6f, 4);
            ImGui::TableSetupColumn("Updated", ImGuiTableColumnFlags_WidthStretch, 1.2f, 5);
            if (show_org) ImGui::TableSetupColumn("Organization", ImGuiTableColumnFlags_WidthStretch, 1.4f, 6);
        }
        ImGui::TableHeadersRow();
        const std::vector<const json*>& rows = visible_rows(list, ImGui::TableGetSortSpecs(), cache);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const json& row = *rows[static_cast<std::size_t>(i)];
                const int id = row.value("id", 0);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const std::string label = "#" + std::to_string(id);
                if (ImGui::Selectable((label + "##row").c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    app::go("/issues/" + std::to_string(id));
                ui::track("Issue " + label, row.value("title", "") + " | " + row.value("organization", json()).dump());
                ui::sem::describe(platform::SemRole::Link, label + " " + row.value("title", ""), 0, "",
                                  "#/issues/" + std::to_string(id));   // a real link: middle-click, new tab
                ImGui::TableNextColumn();
                ImVec4 colour;
                const std::string deadline = deadline_text(row, colour);
                if (narrow) {                  // phones: the title wraps, status and deadline beneath it
                    ui::text_wrapped(row.value("title", ""));
                    ImGui::TextDisabled("%s \u00b7", status_text(row.value("status", "")).c_str());
                    ImGui::SameLine();
                    ImGui::TextColored(colour, "%s", deadline.c_str());
                    continue;
                }
                ui::text(row.value("title", ""));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(status_text(row.value("status", "")).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.value("impact", "\u2014").c_str());
                ImGui::TableNextColumn();
                ImGui::TextColored(colour, "%s", deadline.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ui::short_date(row.value("updated_at", "")).c_str());
                if (show_org) {
                    ImGui::TableNextColumn();
                    const json org = row.value("organization", json());
                    ui::text(org.is_string() ? org.get<std::string>() : "\u2014");
                }
            }
        }
        ImGui::EndTable();
    }
    platform::request_redraw_after(1000);
    end_page();
}

}  // namespace views
