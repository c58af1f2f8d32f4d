// Triage on the issue page (support engineers): status, labels, visibility,
// duplicate-of, canned responses and internal notes.
#include <cstdlib>

#include "imgui.h"
#include "platform/fonts.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;
const char* kStatuses[] = {"new", "in_progress", "resolved", "closed"};
const char* kStatusNames[] = {"New", "In progress", "Resolved", "Closed"};

float right_edge() { return page_width() - ImGui::GetStyle().WindowPadding.x; }

void labels_row(app::State& s, const json& issue) {
    ImGui::TextUnformatted("Labels:");
    for (const json& l : issue.value("labels", json::array())) {
        const std::string label = l.get<std::string>();
        ui::same_line_if_fits((label + "  \u00d7").c_str(), right_edge());   // chips wrap on a phone
        if (ui::button((label + "  \u00d7##rm" + label).c_str())) app::triage(json{{"remove_labels", {label}}});
    }
    ui::text_input_raw("##newlabel", s.detail.new_label, "Add a label", 220);
    ui::track("New label", s.detail.new_label);
    ImGui::SameLine();
    if (ui::button("Add label") && !s.detail.new_label.empty()) {
        app::triage(json{{"add_labels", {s.detail.new_label}}});
        s.detail.new_label.clear();
    }
    std::string codename;
    if (issue.contains("organization_codename") && issue["organization_codename"].is_string())
        codename = issue["organization_codename"].get<std::string>();
    const float right = right_edge();
    for (const std::string& suggestion : s.suggested_labels) {
        ui::same_line_if_fits(suggestion.c_str(), right);
        if (ImGui::SmallButton(suggestion.c_str())) app::triage(json{{"add_labels", {suggestion}}});
        ui::track("Suggest " + suggestion);
    }
    if (!codename.empty()) {
        ui::same_line_if_fits(codename.c_str(), right);
        if (ImGui::SmallButton(codename.c_str())) app::triage(json{{"add_labels", {codename}}});
    }
}
}  // namespace

void draw_triage(app::State& s, const json& issue) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().surface);
    ImGui::BeginChild("##triage", ImVec2(page_width(), 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted("Triage");
    ImGui::PopFont();
    // A drop-down, not radios: arrow keys choose a radio, and each status change is sent (and emailed:
    // "resolved" reaches the reporter), so arrowing from New to Closed would announce two more on the way.
    const std::string status = issue.value("workflow_status", "");
    int index = -1;
    for (int i = 0; i < 4; ++i)
        if (status == kStatuses[i]) index = i;
    const int before = index;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Status:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(180);
    if (ui::combo("##triage-status", "Issue status", &index, kStatusNames, 4) && index >= 0 && index != before)
        app::triage(json{{"status", kStatuses[index]}});
    labels_row(s, issue);
    const bool is_public = issue.value("visibility", "") == "public";
    if (ui::button(is_public ? "Make confidential" : "Make public"))
        app::triage(json{{"visibility", is_public ? "confidential" : "public"}});
    ui::same_line_if_fits(140.0f, right_edge());
    ui::text_input_raw("##dup", s.detail.duplicate_of, "Duplicate of #", 140, ImGuiInputTextFlags_CharsDecimal);
    ui::same_line_if_fits("Close as duplicate", right_edge());
    if (ui::button("Close as duplicate") && !s.detail.duplicate_of.empty())
        app::triage(json{{"duplicate_of", std::atoi(s.detail.duplicate_of.c_str())}});
    const float right = right_edge();
    if (!s.canned.empty()) {
        ImGui::TextUnformatted("Canned responses:");
        for (const app::CannedResponse& c : s.canned) {
            ui::same_line_if_fits(c.title.c_str(), right);
            if (ui::button(c.title.c_str())) app::use_canned(c);
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace views
