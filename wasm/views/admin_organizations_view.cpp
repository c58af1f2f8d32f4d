// Administration, organizations: the list, and a form to create or edit one (name,
// plan, hosting, anonymous and its codename, which public views show instead of the name).
#include <algorithm>

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
const char* kPlanNames[] = {"Premium", "Ultimate"};                // as app::kPlans
const char* kHostingNames[] = {"Self-managed", "Managed Cloud"};   // as app::kHostings

std::string plan_name(const std::string& plan) { return plan == "ultimate" ? "Ultimate" : "Premium"; }
std::string hosting_name(const std::string& hosting) { return hosting == "managed_cloud" ? "Managed Cloud" : "Self-managed"; }

std::string codename_of(const json& org) {
    const json c = org.value("codename", json());
    return org.value("anonymous", false) && c.is_string() ? c.get<std::string>() : "";
}

// The name the public sees, large: the point of an anonymous organization.
void codename_banner(const std::string& codename) {
    ui::muted("Public views show this organization only as");
    ImGui::PushFont(platform::font(platform::FontRole::Title));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent);
    ui::text(codename);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ui::track("Organization codename", codename);
}

void choice_radios(const char* title, const char* const names[], int count, int& chosen, const char* group) {
    form_label(title);
    const float right = ImGui::GetCursorPosX() + page_width();
    ui::radio_group_begin(title);
    for (int i = 0; i < count; ++i) {
        if (i) ui::same_line_if_fits(names[i], right - 24);
        if (ui::radio(names[i], chosen == i, group)) chosen = i;
    }
    ui::radio_group_end();
}

void organization_form(app::OrganizationForm& f) {
    scroll_into_view(f.scroll_to);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().surface);
    ImGui::BeginChild("##organization-form", ImVec2(page_width(), 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    const float width = std::min(ImGui::GetContentRegionAvail().x, 420.0f);
    ui::subheading(f.id ? "Edit organization" : "New organization");
    if (f.anonymous && !f.saved_codename.empty()) codename_banner(f.saved_codename);
    const unsigned form = ui::sem::describe(platform::SemRole::Form, "Organization", 0, "", "", ImGui::GetID("##org-form"));
    ui::sem::push(form);
    const ImGuiInputTextFlags enter = ImGuiInputTextFlags_EnterReturnsTrue;   // Enter saves, as the button does
    bool submit = ui::text_field("Name", f.name, "The organization's name", width, enter, "organization");
    app::FieldErrors& e = f.errors;
    field_error(e, "name");
    choice_radios("Plan", kPlanNames, 2, f.plan, "plan");
    field_error(e, "plan");
    choice_radios("Hosting", kHostingNames, 2, f.hosting, "hosting");
    ui::muted("Managed Cloud: the vendor hosts its Fleet; P0 and P1 reports get the 24/7 target.");
    field_error(e, "hosting");
    ui::checkbox("Anonymous: public views show a codename instead of the name", &f.anonymous);
    field_error(e, "anonymous");
    if (f.anonymous) {
        submit |= ui::text_field("Codename", f.codename, f.id ? "customer-vesta" : "Empty: the next free minor planet", width,
                                 enter, "off");
        ui::muted("Lower-case letters, digits and hyphens, beginning with customer-.");
        field_error(e, "codename");
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(f.busy);
    const char* save = f.busy ? "Saving\u2026" : f.id ? "Save organization" : "Create organization";
    if (ui::primary_button(save) || (submit && !f.busy)) app::save_organization();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ui::button("Close")) {
        if (f.id) app::go("/admin");
        else f.open = false;
    }
    show_outcome(f.outcome, "Organization outcome");
    ui::sem::pop();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void organization_row(const app::OrganizationForm& f, const json& org, bool narrow) {
    const int id = org.value("id", 0);
    const std::string name = org.value("name", ""), codename = codename_of(org);
    const std::string facts = plan_name(org.value("plan", "")) + "  \u00b7  " + hosting_name(org.value("hosting", ""));
    const int members = org.value("members", 0);
    const std::string people = std::to_string(members) + (members == 1 ? " person" : " people");
    const ImVec2 start = ImGui::GetCursorScreenPos();
    {
        ui::sem::Quiet quiet;                  // the row's link says the name
        ui::text(name);
    }
    if (narrow) {
        if (!codename.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent);
            ui::strong(codename);
            ImGui::PopStyleColor();
        }
        ui::muted(facts + "  \u00b7  " + people);
    }
    ImGui::PushID(id);
    const bool open = f.open && f.id == id;
    const std::string path = "/admin/organizations/" + std::to_string(id);
    if (row_link("##edit", name + (codename.empty() ? "" : " (" + codename + ")"), path, open, start))
        app::go(open ? "/admin" : path);       // again: closes
    ui::track("Organization " + name, codename);
    ImGui::PopID();
    if (narrow) return;
    ui::next_column();
    if (codename.empty()) {
        ui::muted("Shown by name");
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().accent);
        ui::strong(codename);
        ImGui::PopStyleColor();
    }
    ui::next_column();
    ui::text(plan_name(org.value("plan", "")));
    ui::next_column();
    ui::text(hosting_name(org.value("hosting", "")));
    ui::next_column();
    ui::text(people);
}
}  // namespace

void draw_admin_organizations(app::State& s) {
    begin_page();
    draw_admin_tabs(s);
    app::Organizations& o = s.admin.organizations;
    ui::subheading("Organizations");
    ui::muted("Customers belong to an organization: its plan and hosting set their response targets. An anonymous "
              "organization's name never appears in public views; its codename does.");
    if (!o.form.open && ui::primary_button("New organization")) app::new_organization();
    if (o.form.open) organization_form(o.form);
    if (!o.error.empty()) danger_text(o.error);
    ImGui::Spacing();
    const bool narrow = narrow_page();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("Organizations", narrow ? 1 : 5, flags, ImVec2(page_width(), 0))) {
        ImGui::TableSetupColumn(narrow ? "Organization" : "Name", ImGuiTableColumnFlags_WidthStretch, 2.2f);
        if (!narrow) {
            ImGui::TableSetupColumn("Public name", ImGuiTableColumnFlags_WidthStretch, 1.6f);
            ImGui::TableSetupColumn("Plan", ImGuiTableColumnFlags_WidthStretch, 0.9f);
            ImGui::TableSetupColumn("Hosting", ImGuiTableColumnFlags_WidthStretch, 1.1f);
            ImGui::TableSetupColumn("People", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        }
        ImGui::TableHeadersRow();
        ui::sem::table_begin("Organizations");
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(o.rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const json& org = o.rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ui::sem::table_row(static_cast<unsigned>(org.value("id", 0)));
                ui::next_column();
                organization_row(o.form, org, narrow);
            }
        }
        ui::sem::table_end();
        ImGui::EndTable();
    }
    if (o.rows.empty()) ui::muted(o.loading ? "Loading\u2026" : "No organizations yet. Create the first one above.");
    end_page();
}

}  // namespace views
