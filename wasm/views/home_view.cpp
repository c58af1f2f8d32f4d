// The home screen: who we are, the plans and their response targets, and a field to try.
#include <algorithm>
#include <string>
#include <vector>

#include "imgui.h"
#include "utf8.h"
#include "platform/fonts.h"
#include "platform/platform.h"
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
        if (const portal::ResponseTarget* any = plan.target_for("*"); any && plan.targets.size() == 1) {
            rows.push_back({&plan, plan.paid ? "Any impact" : "All inquiries", &plan.description, any});
            continue;
        }
        for (const portal::ImpactLevel& level : policy.impacts)
            if (auto it = plan.targets.find(level.id); it != plan.targets.end())
                rows.push_back({&plan, level.id + " " + level.name, &level.definition, &it->second});
    }
    return rows;
}

void strong(const std::string& text) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ui::text_wrapped(text);
    ImGui::PopFont();
}

// Wide screens: one table. Phones: one card per row, nothing squeezed.
void plans_cards(const std::vector<PlanRow>& rows) {
    for (const PlanRow& r : rows) {
        strong(r.plan->name + " \u00b7 " + r.impact);
        ui::text_wrapped(*r.definition);
        ui::muted("First response: " + r.target->summary);
        ui::muted("Contact: " + r.target->contact);
        ImGui::Separator();
    }
}

void plans_table(const std::vector<PlanRow>& rows) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("Plans and response targets", 5, flags)) return;
    ImGui::TableSetupColumn("Plan", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Impact", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("What it means", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("Preferred contact", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("First response", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TableHeadersRow();
    ImGui::PopFont();
    for (const PlanRow& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        strong(r.plan->name);
        ImGui::TableNextColumn();
        ui::text_wrapped(r.impact);
        ImGui::TableNextColumn();
        ui::text_wrapped(*r.definition);
        ImGui::TableNextColumn();
        ui::text_wrapped(r.target->contact);
        ImGui::TableNextColumn();
        strong(r.target->summary);
    }
    ImGui::EndTable();
}

}  // namespace

void draw_home(app::State& state) {
    platform::test_set_view("home");
    const float width = std::min(ImGui::GetContentRegionAvail().x, 1100.0f);
    ImGui::SetCursorPosX(std::max(ImGui::GetStyle().WindowPadding.x, (ImGui::GetWindowWidth() - width) * 0.5f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ui::heading("Fleet Support Portal");
    ui::muted("File bug reports with the details that speed up a fix, see when you will hear back, and follow "
              "your issues. Business hours are Monday to Friday, 06:00\u201316:00 Pacific Time.");
    ImGui::Dummy(ImVec2(0, 8));

    if (state.policy_state == app::LoadState::Loading) {
        ImGui::TextUnformatted("Loading the support policy\u2026");
    } else if (state.policy_state == app::LoadState::Failed) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
        ui::text_wrapped(state.load_error);
        ImGui::PopStyleColor();
    } else {
        ImGui::PushFont(platform::font(platform::FontRole::Strong));
        ImGui::TextUnformatted("Plans and response targets");
        ImGui::PopFont();
        const std::vector<PlanRow> rows = plan_rows(*state.policy);
        ImGui::BeginGroup();
        if (width < 640) plans_cards(rows);
        else plans_table(rows);
        ImGui::EndGroup();
        ui::track("Plans and response targets");
        ImGui::Dummy(ImVec2(0, 8));
        ui::text_field("Try typing here", state.scratch_text, "Any language: Zoë Ørsted — café", std::min(width, 480.0f));
        ui::muted("Characters typed: " + std::to_string(portal::utf8_length(state.scratch_text)));
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

}  // namespace views
