// Form preview: edit a definition's JSON beside a live rendering of the form as a
// customer of each plan of the policy would see it (an unpaid plan's: a community
// member). Mistakes are listed with line and column and the last good version stays.
#include <algorithm>

#include "imgui.h"
#include "platform/fonts.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/form_fields.h"
#include "views/views.h"

namespace views {

namespace {
void editor(app::State& s, float width, float height) {
    app::FormPreview& p = s.preview;
    if (!p.forms.empty()) {
        for (const nlohmann::json& f : p.forms) {
            if (ui::button(("Load " + f.value("id", "")).c_str())) app::preview_load(f.value("id", ""));
            ImGui::SameLine();
        }
    }
    if (ui::button("Download .json")) app::preview_download();
    if (ui::text_area_raw("##source", p.source, height, width, "Definition JSON")) app::preview_edited();
    ui::track("Definition JSON", p.source);
    if (p.errors.empty()) {
        ImGui::TextColored(ui::theme().success, "The definition is valid.");
    } else {
        for (std::size_t i = 0; i < p.errors.size(); ++i) {
            ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
            ui::text_wrapped(p.errors[i].text());
            ImGui::PopStyleColor();
            ui::track("Definition error " + std::to_string(i), p.errors[i].text());
        }
        ui::muted("The preview shows the last good version.");
    }
}

void rendering(app::State& s, float width) {
    app::FormPreview& p = s.preview;
    const std::vector<portal::Plan>& plans = s.policy->plans;
    ui::radio_group_begin("Preview as");
    for (std::size_t i = 0; i < plans.size(); ++i) {
        if (i) ImGui::SameLine();
        const std::string who = plans[i].paid ? plans[i].name + " customer" : "Community member";
        if (ui::radio(who.c_str(), p.audience == static_cast<int>(i), "preview-audience")) p.audience = static_cast<int>(i);
    }
    ui::radio_group_end();
    if (!p.last_good) { ui::muted("No valid definition yet."); return; }
    const portal::Plan& plan = plans.at(std::min<std::size_t>(static_cast<std::size_t>(p.audience), plans.size() - 1));
    const portal::Audience who = plan.paid ? portal::Audience::Customer : portal::Audience::Community;
    ui::heading(p.last_good->title.c_str());
    ui::muted(p.last_good->description);
    FormView view{&*p.last_good, &p.trial, who, false, false};
    for (const portal::FormSection& sec : p.last_good->sections)
        draw_form_section(view, sec, width, [&](const portal::FieldDefinition& f) {
            if (f.id == "impact") draw_deadline_preview(s, portal::Coverage{plan.id, ""}, p.trial.draft.text["impact"]);
        });
    for (const portal::FieldDefinition& f : p.last_good->fields) ui::track("Preview field " + f.id, f.label);
    if (ui::primary_button("Try it")) app::preview_try();
    if (!p.trial_result.empty()) ui::text_wrapped(p.trial_result);
}
}  // namespace

void draw_form_preview(app::State& s) {
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(10, 8));
    ui::heading("Form preview");
    ui::muted("Edit a form definition and see it as customers will. Nothing here is filed or saved on the server; "
              "download the definition to commit it to assets/forms/.");
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool side_by_side = avail >= 900;
    const float left = side_by_side ? avail * 0.45f : avail;
    const float height = std::max(300.0f, ImGui::GetContentRegionAvail().y - 120);
    ImGui::BeginChild("##editor", ImVec2(left, side_by_side ? height + 90 : 420), ImGuiChildFlags_None);
    editor(s, left - 8, side_by_side ? height - 40 : 300);
    ImGui::EndChild();
    if (side_by_side) ImGui::SameLine();
    ImGui::BeginChild("##rendering", ImVec2(0, side_by_side ? height + 90 : 0), ImGuiChildFlags_Border);
    rendering(s, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

}  // namespace views
