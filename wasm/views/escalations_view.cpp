// Escalated issues with the state of their on-call webhook delivery, and a retry.
#include "imgui.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

void draw_escalations(const app::Escalations& escalations) {
    begin_page();
    ui::heading("Escalations");
    ui::muted("Each escalation sends a message to the on-call webhook, retried with backoff. Failed ones can be sent again.");
    if (ui::button("Refresh")) app::load_escalations();
    if (!escalations.error.empty()) ImGui::TextColored(ui::theme().danger, "%s", escalations.error.c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("Escalations", 6, flags, ImVec2(page_width(), 0))) {
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 56);
        ImGui::TableSetupColumn("Title", ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn("Escalated", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Delivery", ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableSetupColumn("Last error", ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 80);
        ImGui::TableHeadersRow();
        for (const nlohmann::json& e : escalations.rows) {
            const int issue = e.value("issue_id", 0);
            const std::string state = e.value("state", "");
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(("#" + std::to_string(issue) + "##e" + std::to_string(e.value("delivery_id", 0))).c_str()))
                app::go("/issues/" + std::to_string(issue));
            ImGui::TableNextColumn();
            ui::text_wrapped(e.value("title", ""));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ui::short_date(e.value("escalated_at", nlohmann::json("")).is_string() ? e["escalated_at"].get<std::string>() : "").c_str());
            ImGui::TableNextColumn();
            const ImVec4 colour = state == "delivered" ? ui::theme().success : state == "failed" ? ui::theme().danger : ui::theme().warning;
            const int attempts = e.value("attempts", 0);
            ImGui::TextColored(colour, "%s, %d attempt%s", state.c_str(), attempts, attempts == 1 ? "" : "s");
            ui::track("Delivery #" + std::to_string(issue), state);
            ImGui::TableNextColumn();
            ui::text_wrapped(e.value("last_error", nlohmann::json("")).is_string() ? e["last_error"].get<std::string>() : "");
            ImGui::TableNextColumn();
            if (state == "failed" && ui::button(("Retry##" + std::to_string(e.value("delivery_id", 0))).c_str()))
                app::retry_escalation(e.value("delivery_id", 0));
        }
        ImGui::EndTable();
    }
    if (escalations.rows.empty() && !escalations.loading) ui::muted("No escalations.");
    end_page();
}

}  // namespace views
