// "My issues", "Organization issues", "Public issues": a sortable, filterable
// table that stays smooth with 10,000 rows (only visible rows are drawn).
#include <algorithm>
#include <cstring>
#include <vector>

#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/card.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;
// "Waiting on you" is for the reporter's side; staff filter on every issue waiting on a customer.
const char* kStatusChoices[] = {"Any status", "Open", "Waiting on you", "Resolved", "Closed"};
const char* kStaffStatusChoices[] = {"Any status", "Open", "Waiting on customer", "Resolved", "Closed"};

bool passes(const app::IssueList& list, const json& row, bool staff) {
    const std::string status = row.value("status", "");
    const json waiting = row.value("waiting_on", json());   // the server's verdict: "you", "customer" or null
    switch (list.status_filter) {
        case 1: if (status != "new" && status != "in_progress" && status != "waiting_on_customer") return false; break;
        case 2: if (staff ? waiting.is_null() : waiting != "you") return false; break;
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
    if (s == "waiting_on_customer") return "Waiting on customer";
    if (s == "in_progress") return "In progress";
    if (s == "new") return "New";
    if (s == "resolved") return "Resolved";
    return "Closed";
}

std::string status_text(const json& issue) {
    const json label = issue.value("waiting_label", json());
    return label.is_string() && !label.get<std::string>().empty() ? label.get<std::string>()
                                                                   : status_text(issue.value("status", ""));
}

namespace {

// Deadline column: the server's clock. Its result once answered, else a live countdown.
std::string deadline_text(const json& row, ImVec4& colour) {
    const json clock = row.value("clock", json::object());
    const std::string state = clock.value("state", "none");
    const bool next = clock.value("kind", "") == "next_reply";
    colour = ImGui::GetStyle().Colors[ImGuiCol_Text];
    const auto t = portal::parse_rfc3339(clock.value("due_at", ""));
    if (!t) return "No guaranteed response";
    if (clock.contains("answered_at")) {
        colour = state == "met" ? ui::theme().success : ui::theme().danger;
        return std::string(next ? "Reply " : "SLA ") + (state == "met" ? "met" : "breached");
    }
    colour = state == "breached" ? ui::theme().danger : ui::theme().warning;
    return (next ? "reply " : "") + ui::countdown(*t, ui::now());
}

const json kNone;                              // a row without the sorted column

void sort_rows(std::vector<const json*>& rows, const ImGuiTableSortSpecs* specs) {
    if (!specs || specs->SpecsCount == 0) return;
    const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
    const char* keys[] = {"id", "title", "status", "impact", "clock", "updated_at", "organization"};
    const char* key = keys[std::min<int>(static_cast<int>(s.ColumnUserID), 6)];
    const bool by_clock = std::string(key) == "clock";   // the deadline column: the active clock's deadline
    const auto field = [key, by_clock](const json& row) -> const json& {
        const auto it = row.find(key);
        if (it == row.end()) return kNone;
        if (!by_clock) return *it;
        const auto due = it->find("due_at");
        return due == it->end() ? kNone : *due;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const json* a, const json* b) {
        const json& x = field(*a);
        const json& y = field(*b);
        const bool less = x.is_number() && y.is_number() ? x.get<long long>() < y.get<long long>()
                                                          : x.dump() < y.dump();
        const bool greater = x.is_number() && y.is_number() ? y.get<long long>() < x.get<long long>() : y.dump() < x.dump();
        return s.SortDirection == ImGuiSortDirection_Ascending ? less : greater;
    });
}

const std::vector<const json*>& visible_rows(const app::IssueList& list, ImGuiTableSortSpecs* specs, app::VisibleRows& cache,
                                             bool staff) {
    const bool sort_changed = specs && specs->SpecsDirty;
    if (cache.generation != list.generation || cache.rows != list.rows.size() || cache.filter != list.filter ||
        cache.status != list.status_filter || sort_changed || cache.resort) {
        cache.order.clear();
        for (const json& row : list.rows)
            if (passes(list, row, staff)) cache.order.push_back(&row);
        sort_rows(cache.order, specs);
        if (specs) specs->SpecsDirty = false;
        cache = app::VisibleRows{list.generation, list.rows.size(), list.filter, list.status_filter, false, std::move(cache.order)};
    }
    return cache.order;
}

// The lists as links (middle-click opens one in a new tab); they wrap on a narrow screen.
void scope_tabs(app::State& s) {
    const float right = ImGui::GetCursorPosX() + page_width();
    bool first = true;
    auto tab = [&](const char* label, const char* scope) {
        if (!first) ui::same_line_if_fits(label, right);
        first = false;
        const std::string path = std::string("/issues?scope=") + scope;
        if (ui::nav_link(label, path, s.list.scope == scope)) app::go(path);
    };
    tab("My issues", "mine");
    if (s.session.user.is_object() && s.session.user.contains("organization")) tab("Organization issues", "org");
    tab("Public issues", "public");
    if (s.session.staff()) tab("All issues", "all");
}
void empty_list(app::State& s) {
    ImGui::Spacing();
    ui::card_begin(page_width(), ui::theme().surface);
    const std::string& scope = s.list.scope;
    ui::strong(scope == "org" ? "Nobody in your organization has filed an issue yet."
               : scope == "public" ? "No public issues yet."
               : scope == "all" ? "No issues yet." : "You have not filed an issue yet.");
    ui::text_wrapped(scope == "public" ? "Public bug reports from the community and customers will be listed here."
                     : "Issues appear here as soon as they are filed, with their status and response deadline.");
    if (!s.session.staff() && (scope == "mine" || scope == "org") && ui::primary_button("File a bug report"))
        app::go("/new");
    ui::card_end();
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
    ui::combo("##status", "Status", &list.status_filter, s.session.staff() ? kStaffStatusChoices : kStatusChoices,
              IM_ARRAYSIZE(kStatusChoices));
    app::VisibleRows& cache = list.visible;
    std::size_t shown = cache.order.size();
    ui::muted(list.loading ? "Loading\u2026 " + std::to_string(list.rows.size()) + " of " + std::to_string(list.total)
                           : std::to_string(shown) + " of " + std::to_string(list.total) + " issues");
    if (!list.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
        ui::text_wrapped(list.error);
        ImGui::PopStyleColor();
    }
    if (!list.loading && list.error.empty() && list.total == 0 && list.filter.empty() && list.status_filter == 0) {
        empty_list(s);                         // a first visit: say what will be here, not an empty table
        end_page();
        return;
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
        ui::sem::table_begin("Issues");   // rows and cells for a screen reader, with these headers
        const std::vector<const json*>& rows = visible_rows(list, ImGui::TableGetSortSpecs(), cache, s.session.staff());
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const json& row = *rows[static_cast<std::size_t>(i)];
                const int id = row.value("id", 0);
                ImGui::TableNextRow();
                ui::sem::table_row(static_cast<unsigned>(id));
                ui::next_column();
                const std::string label = "#" + std::to_string(id);
                if (ImGui::Selectable((label + "##row").c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    app::go("/issues/" + std::to_string(id));
                ui::track("Issue " + label, row.value("title", "") + " | " + row.value("organization", json()).dump());
                ui::sem::describe(platform::SemRole::Link, label + " " + row.value("title", ""), 0, "",
                                  "#/issues/" + std::to_string(id));   // a real link: middle-click, new tab
                ui::next_column();
                ImVec4 colour;
                const std::string deadline = deadline_text(row, colour);
                if (narrow) {                  // phones: the title wraps, status and deadline beneath it
                    ui::text_wrapped(row.value("title", ""));
                    ImGui::TextDisabled("%s \u00b7", status_text(row).c_str());
                    ImGui::SameLine();
                    ImGui::PushStyleColor(ImGuiCol_Text, colour);
                    ui::text(deadline);
                    ImGui::PopStyleColor();
                    continue;
                }
                ui::text(row.value("title", ""));
                ui::next_column();
                ui::text(status_text(row));
                ui::next_column();
                ui::text(row.value("impact", "\u2014"));
                ui::next_column();
                ImGui::PushStyleColor(ImGuiCol_Text, colour);
                ui::text(deadline);
                ImGui::PopStyleColor();
                ui::next_column();
                ui::text(ui::short_date(row.value("updated_at", "")));
                if (show_org) {
                    ui::next_column();
                    const json org = row.value("organization", json());
                    ui::text(org.is_string() ? org.get<std::string>() : "\u2014");
                }
            }
        }
        ui::sem::table_end();
        ImGui::EndTable();
    }
    platform::request_redraw_after(1000);
    end_page();
}

}  // namespace views
