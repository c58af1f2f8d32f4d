// The home screen: who we are, the plans and their response targets, and a field to try.
#include <algorithm>
#include <string>
#include <vector>

#include "imgui.h"
#include "utf8.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {

struct PlanRow {
    const portal::Plan* plan;
    std::string impact;
    const std::string* definition;
    const portal::ResponseTarget* target;
};

std::vector<PlanRow> plan_rows(const portal::Policy& policy) {
    std::vector<PlanRow> rows;
    for (const portal::Plan& plan : policy.plans) {
        // One row when every level reads the same (what escalation offers is shown elsewhere).
        const portal::ResponseTarget* any = plan.target_for("*");
        bool uniform = any != nullptr;
        for (const portal::ImpactLevel& level : policy.impacts) {
            const portal::ResponseTarget* t = plan.target_for(level.id);
            uniform = uniform && t && t->summary == any->summary && t->contact == any->contact;
        }
        if (uniform) {
            rows.push_back({&plan, plan.paid ? "Any impact" : "All inquiries", &plan.description, any});
            continue;
        }
        for (const portal::ImpactLevel& level : policy.impacts)
            if (const portal::ResponseTarget* t = plan.target_for(level.id))
                rows.push_back({&plan, level.id + " " + level.name, &level.definition, t});
    }
    return rows;
}

// Wide screens: one table. Phones: one card per row, nothing squeezed.
void plans_cards(const std::vector<PlanRow>& rows) {
    for (const PlanRow& r : rows) {
        ui::strong(r.plan->name + " \u00b7 " + r.impact);
        ui::text_wrapped(*r.definition);
        ui::muted("First response: " + r.target->summary);
        ui::muted("Contact: " + r.target->contact);
        ImGui::Separator();
    }
}

void plans_table(const std::vector<PlanRow>& rows, float width) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("Plans and response targets", 5, flags, ImVec2(width, 0))) return;   // the column, not the window
    ImGui::TableSetupColumn("Plan", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Impact", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("What it means", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("Preferred contact", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("First response", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    ui::sem::table_begin("Plans and response targets");   // a table for a screen reader too, with these headers
    unsigned row_id = 0;
    for (const PlanRow& r : rows) {
        ImGui::TableNextRow();
        ui::sem::table_row(++row_id);
        ui::next_column();
        ui::strong(r.plan->name);
        ui::next_column();
        ui::text_wrapped(r.impact);
        ui::next_column();
        ui::text_wrapped(*r.definition);
        ui::next_column();
        ui::text_wrapped(r.target->contact);
        ui::next_column();
        ui::strong(r.target->summary);
    }
    ui::sem::table_end();
    ImGui::EndTable();
}

}  // namespace

void draw_home(const app::Session& session, const portal::Policy& policy) {
    begin_page();
    const float width = page_width();
    ui::heading("Fleet Support Portal");
    ui::muted("File bug reports with the details that speed up a fix, see when you will hear back, and follow "
              "your issues. Business hours are Monday to Friday, 06:00\u201316:00 Pacific Time.");
    ImGui::Spacing();
    if (!session.signed_in()) {
        if (ui::primary_button("Sign in")) app::go("/signin");
        ImGui::SameLine();
        if (ui::button("Create a community account")) app::go("/signup");
        ImGui::Spacing();
    }
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted("Plans and response targets");
    ImGui::PopFont();
    const std::vector<PlanRow> rows = plan_rows(policy);
    ImGui::BeginGroup();
    if (width < 640) plans_cards(rows);
    else plans_table(rows, width);
    ImGui::EndGroup();
    ui::track("Plans and response targets");
    for (const portal::HostingOption& h : policy.hosting)
        if (!h.targets.empty()) ui::muted(h.name + ": " + h.description);
    end_page();
}

}  // namespace views
