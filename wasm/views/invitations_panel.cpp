// Inviting people and following the invitations: the form (an admin invites anyone
// to any role; an org_admin invites customers of their organization) and the list,
// with Resend and Revoke whose outcomes show in the row.
#include <algorithm>

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
const char* kRoleChoices[] = {"Community", "Customer", "Support engineer", "Administrator"};   // as app::kRoles

ImVec4 state_colour(const std::string& state) {
    if (state == "accepted") return ui::theme().success;
    if (state == "pending") return ui::theme().warning;
    return ui::theme().muted_text;
}

std::string state_text(const json& row) {
    const std::string state = row.value("state", "");
    const json expires = row.value("expires_at", json()), accepted = row.value("accepted_at", json());
    if (state == "accepted" && accepted.is_string()) return "Accepted " + ui::short_date(accepted.get<std::string>());
    if (state == "pending" && expires.is_string()) return "Pending until " + ui::short_date(expires.get<std::string>());
    if (state == "expired") return "Expired";
    if (state == "revoked") return "Revoked";
    return state;
}

void role_radios(app::InviteForm& f) {
    form_label("Role");
    const float right = ImGui::GetCursorPosX() + page_width();
    const int order[] = {1, 2, 3, 0};          // customers first: the usual invitation
    ui::radio_group_begin("Role");
    for (int n = 0; n < 4; ++n) {
        const int i = order[n];
        if (n) ui::same_line_if_fits(kRoleChoices[i], right - 24);
        if (ui::radio(kRoleChoices[i], f.role == i, "invite-role")) f.role = i;
    }
    ui::radio_group_end();
    field_error(f.errors, "role");
}

void invitation_actions(app::State& s, const json& row, bool narrow) {
    const int id = row.value("id", 0);
    const std::string state = row.value("state", ""), email = row.value("email", "");
    ImGui::PushID(id);
    bool any = false;
    if (state == "pending" || state == "expired") {
        if (row_button("Resend", "Resend " + email, "Invitation to " + email)) app::resend_invitation(id);
        any = true;
    }
    if (state == "pending") {
        ImGui::SameLine();
        if (row_button("Revoke", "Revoke " + email, "Invitation to " + email)) app::revoke_invitation(id);
    }
    ImGui::PopID();
    const auto outcome = s.admin.invitations.outcomes.find(id);
    if (outcome != s.admin.invitations.outcomes.end()) show_outcome(outcome->second, "Invitation " + email + " outcome");
    else if (!any && !narrow) ImGui::TextDisabled("\u2014");   // the column says there is nothing to do
}
}  // namespace

void draw_invite_form(app::State& s, bool any_role) {
    app::InviteForm& f = s.admin.invitations.form;
    const float width = std::min(page_width(), 420.0f);
    const unsigned form = ui::sem::describe(platform::SemRole::Form, "Invite", 0, "", "", ImGui::GetID("##invite-form"));
    ui::sem::push(form);
    const ImGuiInputTextFlags enter = ImGuiInputTextFlags_EnterReturnsTrue;   // Enter sends, as the button does
    bool submit = ui::text_field("Email", f.email, "name@example.com", width, enter, "off");
    field_error(f.errors, "email");
    submit |= ui::text_field("Name", f.name, "Optional: they can change it when they accept", width, enter, "off");
    field_error(f.errors, "name");
    if (any_role) role_radios(f);
    const bool customer = !any_role || std::string(app::kRoles[f.role]) == "customer";
    if (customer && any_role) {
        form_label("Organization");
        ImGui::SetNextItemWidth(width);
        ui::choice("##invite-org", "Organization", &f.organization, organization_names(s), "Choose an organization");
    }
    if (customer) field_error(f.errors, "organization_id");
    if (customer) {
        ui::checkbox("Also an organization admin", &f.org_admin);
        field_error(f.errors, "org_admin");
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(f.busy || f.email.empty());
    if (ui::primary_button(f.busy ? "Sending\u2026" : "Send invitation") || (submit && !f.busy && !f.email.empty()))
        app::send_invitation();
    ImGui::EndDisabled();
    show_outcome(f.outcome, "Invitation outcome");
    ui::sem::pop();
}

void draw_invitations(app::State& s, bool pending_only) {
    app::Invitations& inv = s.admin.invitations;
    std::vector<const json*> rows;
    for (const json& row : inv.rows)   // one just revoked stays, with what came of it, until the list is loaded again
        if (!pending_only || row.value("state", "") == "pending" || inv.outcomes.count(row.value("id", 0)))
            rows.push_back(&row);
    if (!inv.error.empty()) danger_text(inv.error);
    if (rows.empty()) {
        ui::muted(inv.loading ? "Loading\u2026" : pending_only ? "No pending invitations." : "No invitations yet.");
        return;
    }
    const bool narrow = narrow_page();
    const bool show_org = !pending_only && !narrow;
    const int columns = narrow ? 1 : show_org ? 5 : 4;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("Invitations", columns, flags, ImVec2(page_width(), 0))) return;
    ImGui::TableSetupColumn(narrow ? "Invitation" : "Invited", ImGuiTableColumnFlags_WidthStretch, 2);
    if (!narrow) {
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        if (show_org) ImGui::TableSetupColumn("Organization", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("Actions", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    }
    ImGui::TableHeadersRow();
    ui::sem::table_begin("Invitations");
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const json& row = *rows[static_cast<std::size_t>(i)];
            const std::string email = row.value("email", ""), state = row.value("state", "");
            const json name = row.value("name", json());
            const std::string role = app::role_name(row.value("role", "")) +
                                     (row.value("org_admin", false) ? " \u00b7 organization admin" : "");
            ImGui::TableNextRow();
            ui::sem::table_row(static_cast<unsigned>(row.value("id", 0)));
            ui::next_column();
            ui::text_wrapped(email);
            ui::track("Invitation " + email, state);
            if (name.is_string() && !name.get<std::string>().empty()) ui::muted(name.get<std::string>());
            if (!narrow) ui::next_column();
            if (narrow) ui::muted(role);
            else ui::text(role);
            if (show_org) {
                ui::next_column();
                const std::string org = organization_name(s, row.value("organization_id", json()));
                ui::text_wrapped(org.empty() ? "\u2014" : org);
            }
            if (!narrow) ui::next_column();
            ImGui::PushStyleColor(ImGuiCol_Text, state_colour(state));
            ui::text_wrapped(state_text(row));
            ImGui::PopStyleColor();
            if (!narrow) ui::next_column();
            invitation_actions(s, row, narrow);
        }
    }
    ui::sem::table_end();
    ImGui::EndTable();
}

}  // namespace views
