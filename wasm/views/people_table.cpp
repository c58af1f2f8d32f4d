// People: accounts in a table that stays smooth with thousands of rows (only the
// visible rows are drawn), and a panel for the chosen one: role, organization admin,
// deactivate (after a confirmation) or reactivate, each outcome beside its control.
#include <algorithm>
#include <cctype>

#include "imgui.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/admin_parts.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;
const char* kRoleNames[] = {"Community", "Customer", "Support engineer", "Administrator"};
const char* kRoleFilters[] = {"Any role", "Community", "Customer", "Support engineer", "Administrator"};

// Where people's links lead: the panel of the one they name.
std::string people_path(bool whole_portal) { return whole_portal ? "/admin/accounts" : "/organization"; }
std::string person_path(bool whole_portal, int id) {
    return (whole_portal ? "/admin/accounts/" : "/organization/people/") + std::to_string(id);
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

const std::vector<std::size_t>& shown_rows(app::People& p) {
    if (p.shown_generation == p.generation && p.shown_filter == p.filter && p.shown_role == p.role_filter) return p.shown;
    p.shown.clear();
    const std::string needle = lower(p.filter);
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
        const json& row = p.rows[i];
        if (p.role_filter > 0 && row.value("role", "") != app::kRoles[p.role_filter - 1]) continue;
        if (!needle.empty() && lower(row.value("name", "") + " " + row.value("email", "")).find(needle) == std::string::npos)
            continue;
        p.shown.push_back(i);
    }
    p.shown_generation = p.generation;
    p.shown_filter = p.filter;
    p.shown_role = p.role_filter;
    return p.shown;
}

std::string role_text(const json& row) {
    return app::role_name(row.value("role", "")) + (row.value("org_admin", false) ? " \u00b7 organization admin" : "");
}

std::string status_text(const json& row) {
    if (row.value("active", true)) return "Active";
    const json at = row.value("deactivated_at", json());
    return "Deactivated" + (at.is_string() ? " " + ui::short_date(at.get<std::string>()) : std::string());
}

const json* selected_row(const app::People& p) {
    for (const json& row : p.rows)
        if (row.value("id", 0) == p.selected) return &row;
    return nullptr;
}

void role_controls(app::State& s, const json& row) {
    app::People& p = s.admin.people;
    form_label("Role");
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 280.0f));
    ui::combo("##account-role", "Role", &p.role_choice, kRoleNames, IM_ARRAYSIZE(kRoleNames));
    field_error(p.errors, "role");
    const bool customer = std::string(app::kRoles[p.role_choice]) == "customer";
    if (customer) {
        form_label("Organization");
        ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f));
        ui::choice("##account-org", "Organization", &p.organization_choice, organization_names(s), "Choose an organization");
        field_error(p.errors, "organization_id");
    }
    const std::vector<json>& orgs = s.admin.organizations.rows;
    const json org_id = row.value("organization_id", json());
    const bool same_org = org_id.is_number_integer() && p.organization_choice >= 0 &&
                          p.organization_choice < static_cast<int>(orgs.size()) &&
                          orgs[static_cast<std::size_t>(p.organization_choice)].value("id", 0) == org_id.get<int>();
    const bool unchanged = row.value("role", "") == app::kRoles[p.role_choice] && (!customer || same_org);
    ImGui::BeginDisabled(p.busy || unchanged);
    if (ui::button("Change role")) app::save_account_role();
    ImGui::EndDisabled();
    if (p.outcome_of == "role") show_outcome(p.outcome, "Account outcome");
}

void active_controls(app::People& p, const json& row) {
    const int id = row.value("id", 0);
    const std::string who = row.value("name", "").empty() ? row.value("email", "") : row.value("name", "");
    if (!row.value("active", true)) {
        ImGui::BeginDisabled(p.busy);
        if (ui::button("Reactivate")) app::set_account_active(id, true);
        ImGui::EndDisabled();
    } else if (!p.confirm_deactivate) {
        if (ui::button("Deactivate\u2026")) p.confirm_deactivate = p.focus_keep = true;
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
        ui::strong("Deactivate " + who + "?");
        ImGui::PopStyleColor();
        ui::text_wrapped("They are signed out everywhere at once and cannot sign in until reactivated. Their issues "
                         "and replies stay, with their name.");
        ImGui::BeginDisabled(p.busy);
        ImGui::PushStyleColor(ImGuiCol_Button, ui::theme().danger);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().on_accent);
        if (ui::button("Yes, deactivate")) app::set_account_active(id, false);
        ImGui::PopStyleColor(2);
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (p.focus_keep) ImGui::SetKeyboardFocusHere();   // the safe choice first, for the keyboard
        p.focus_keep = false;
        if (ui::button("Keep active")) p.confirm_deactivate = false;
    }
    if (p.outcome_of == "active") show_outcome(p.outcome, "Account outcome");
}

void account_panel(app::State& s, bool whole_portal) {
    app::People& p = s.admin.people;
    const json* found = selected_row(p);
    if (!found) return;
    const json& row = *found;
    scroll_into_view(p.scroll_to);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().surface);
    ImGui::BeginChild("##account-panel", ImVec2(page_width(), 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    const std::string name = row.value("name", "");
    ui::subheading(name.empty() ? row.value("email", "") : name);
    std::string facts = row.value("email", "") + "  \u00b7  " + role_text(row);
    const std::string org = organization_name(s, row.value("organization_id", json()));
    if (whole_portal && !org.empty()) facts += "  \u00b7  " + org;
    facts += "  \u00b7  " + status_text(row);
    ui::muted(facts);
    ui::track("Managing", row.value("email", ""));
    ImGui::Spacing();
    const bool yourself = s.session.user.is_object() && s.session.user.value("id", 0) == row.value("id", 0);
    if (yourself) {
        ui::muted(whole_portal ? "This is you: another administrator can change your role or deactivate you."
                               : "This is you: a Fleet administrator or another admin of your organization can change this.");
    } else {
        if (whole_portal) role_controls(s, row);
        if (row.value("role", "") == "customer") {
            ImGui::Spacing();
            bool org_admin = row.value("org_admin", false);
            ImGui::BeginDisabled(p.busy);
            if (ui::checkbox("Organization admin", &org_admin)) app::set_org_admin(row.value("id", 0), org_admin);
            ImGui::EndDisabled();
            ui::muted("An organization admin invites and deactivates the customers of their organization.");
            field_error(p.errors, "org_admin");
            if (p.outcome_of == "org_admin") show_outcome(p.outcome, "Account outcome");
        }
        ImGui::Spacing();
        active_controls(p, row);
    }
    ImGui::Spacing();
    if (ui::button("Close")) app::go(people_path(whole_portal));
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void filters(app::People& p, bool whole_portal) {
    const float width = page_width();
    const bool narrow = narrow_page();
    ui::text_input_raw("##people-filter", p.filter, "Filter by name or email", narrow || !whole_portal ? width : width * 0.5f);
    ui::track("Filter accounts", p.filter);
    if (!whole_portal) return;
    if (!narrow) ImGui::SameLine();
    ImGui::SetNextItemWidth(narrow ? width : 220);
    ui::combo("##role-filter", "Role filter", &p.role_filter, kRoleFilters, IM_ARRAYSIZE(kRoleFilters));
}

void manage_link(const app::People& p, const json& row, bool whole_portal, ImVec2 start) {
    const int id = row.value("id", 0);
    const std::string name = row.value("name", ""), email = row.value("email", "");
    ImGui::PushID(id);
    const std::string path = p.selected == id ? people_path(whole_portal) : person_path(whole_portal, id);   // again: closes
    if (row_link("##manage", (name.empty() ? email : name) + " (" + email + ")", person_path(whole_portal, id),
                 p.selected == id, start))
        app::go(path);
    ui::track("Account " + email, name);
    ImGui::PopID();
}

void first_cell(const json& row, bool narrow) {
    const std::string name = row.value("name", ""), email = row.value("email", "");
    ui::sem::Quiet quiet;                      // the row's link says the name
    ui::text(name.empty() ? email : name);
    if (narrow) {                              // one column: name, then email, then role and status
        ui::muted(email);
        ui::muted(role_text(row) + "  \u00b7  " + status_text(row));
    }
}

void other_cells(const app::State& s, const json& row, bool whole_portal) {
    const std::string email = row.value("email", "");
    const bool active = row.value("active", true);
    ui::next_column();
    ui::text(email);
    ui::next_column();
    ui::text(role_text(row));
    if (whole_portal) {
        ui::next_column();
        const std::string org = organization_name(s, row.value("organization_id", json()));
        ui::text(org.empty() ? "\u2014" : org);
    }
    ui::next_column();
    ImGui::PushStyleColor(ImGuiCol_Text, active ? ImGui::GetStyle().Colors[ImGuiCol_Text] : ui::theme().danger);
    ui::text(status_text(row));
    ImGui::PopStyleColor();
}
}  // namespace

void draw_people(app::State& s, bool whole_portal) {
    app::People& p = s.admin.people;
    filters(p, whole_portal);
    const std::vector<std::size_t>& shown = shown_rows(p);
    const std::string summary = p.loading && p.rows.empty() ? std::string("Loading\u2026")
                                : std::to_string(shown.size()) + " of " + std::to_string(p.rows.size()) +
                                      (whole_portal ? " accounts" : " people");
    ui::muted(summary);
    ui::track("People summary", summary);
    if (!p.error.empty()) danger_text(p.error);
    account_panel(s, whole_portal);
    const bool narrow = narrow_page();
    const int columns = narrow ? 1 : whole_portal ? 5 : 4;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                            ImGuiTableFlags_SizingStretchProp;
    float height = 0;                          // "Your organization": the page scrolls
    if (whole_portal) {                        // thousands of accounts: the table scrolls, its header stays
        flags |= ImGuiTableFlags_ScrollY;
        height = std::max(260.0f, ImGui::GetContentRegionAvail().y - 8);
    }
    if (!ImGui::BeginTable("People", columns, flags, ImVec2(page_width(), height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(narrow ? "Account" : "Name", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    if (!narrow) {
        ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.8f);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        if (whole_portal) ImGui::TableSetupColumn("Organization", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    }
    ImGui::TableHeadersRow();
    ui::sem::table_begin(whole_portal ? "Accounts" : "People");
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const json& row = p.rows[shown[static_cast<std::size_t>(i)]];
            ImGui::TableNextRow();
            ui::sem::table_row(static_cast<unsigned>(row.value("id", 0)));
            ui::next_column();
            const ImVec2 start = ImGui::GetCursorScreenPos();
            first_cell(row, narrow);
            manage_link(p, row, whole_portal, start);
            if (!narrow) other_cells(s, row, whole_portal);
        }
    }
    ui::sem::table_end();
    ImGui::EndTable();
}

}  // namespace views
