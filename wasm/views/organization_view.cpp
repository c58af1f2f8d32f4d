// "Your organization", for its org_admin: the organization as the vendor set it up
// (read-only), its people (organization admin on or off, deactivate), an invitation
// for a new customer, and the invitations still pending. The server shows this
// organization only.
#include "imgui.h"
#include "platform/fonts.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/admin_parts.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;

void detail_row(const char* field, const std::string& value) {
    ImGui::TableNextRow();
    ui::sem::table_row(ImGui::GetID(field));
    ui::next_column();
    ui::muted(field);
    ui::next_column();
    ui::text_wrapped(value);
    ui::track(std::string("Organization ") + field, value);
}

void details(const json& org) {
    const std::string codename = org.value("codename", json()).is_string() ? org["codename"].get<std::string>() : "";
    const bool anonymous = org.value("anonymous", false) && !codename.empty();
    if (anonymous) {
        ui::muted("Public issues show your organization only as");
        ImGui::PushFont(platform::font(platform::FontRole::Title));
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent);
        ui::text(codename);
        ImGui::PopStyleColor();
        ImGui::PopFont();
        ImGui::Spacing();
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("Organization details", 2, flags, ImVec2(page_width(), 0))) return;
    ImGui::TableSetupColumn("Detail", ImGuiTableColumnFlags_WidthStretch, 1);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ui::sem::table_begin("Organization details");
    detail_row("Name", org.value("name", ""));
    detail_row("Plan", org.value("plan", "") == "ultimate" ? "Ultimate" : "Premium");
    detail_row("Hosting", org.value("hosting", "") == "managed_cloud" ? "Managed Cloud (hosted by the vendor)" : "Self-managed");
    detail_row("In public views", anonymous ? "Anonymous, as " + codename : "By its name");
    ui::sem::table_end();
    ImGui::EndTable();
    ui::muted("Only the vendor's administrators change these details.");
}
}  // namespace

void draw_organization(app::State& s) {
    begin_page();
    const json& user = s.session.user;
    const json org = user.is_object() ? user.value("organization", json()) : json();
    ui::heading("Your organization");
    if (!s.session.org_admin() || !org.is_object()) {
        ui::text_wrapped("Only your organization's admin manages its people. Ask them, or the vendor's support.");
        end_page();
        return;
    }
    details(org);
    ImGui::Spacing();
    ui::subheading("People");
    ui::muted("Choose someone to make them an organization admin, or to deactivate them: they are signed out at once, "
              "and their issues and replies stay.");
    draw_people(s, false);
    ImGui::Spacing();
    ui::subheading("Invite a customer");
    ui::muted("They get an email with a one-time link, valid for 7 days, and join your organization as a customer.");
    draw_invite_form(s, false);
    ImGui::Spacing();
    ui::subheading("Pending invitations");
    draw_invitations(s, true);
    end_page();
}

}  // namespace views
