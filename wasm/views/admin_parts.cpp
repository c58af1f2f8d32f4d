// The administration screens' shared pieces: section links, outcomes, field errors.
#include "views/admin_parts.h"

#include <algorithm>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

void draw_admin_tabs(const app::State& s) {
    ui::heading("Administration");
    const float right = ImGui::GetCursorPosX() + page_width();
    bool first = true;
    auto tab = [&](const char* label, const char* path, app::Screen screen) {
        if (!first) ui::same_line_if_fits(label, right);
        first = false;
        if (ui::nav_link(label, path, s.route.screen == screen)) app::go(path);
    };
    tab("Organizations", "/admin", app::Screen::AdminOrganizations);
    tab("Accounts", "/admin/accounts", app::Screen::AdminAccounts);
    tab("Invitations", "/admin/invitations", app::Screen::AdminInvitations);
    tab("Outbox", "/admin/outbox", app::Screen::AdminOutbox);
    ImGui::Spacing();
}

void show_outcome(const app::Outcome& o, const std::string& track_as) {
    draw_outcome(o, track_as.c_str());
    platform::sem_announce(o.text, track_as.c_str());   // a screen reader hears it once, when it changes
}

void danger_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
    ui::text_wrapped(text);
    ImGui::PopStyleColor();
}

void field_error(const app::FieldErrors& errors, const char* field) {
    const auto it = errors.find(field);
    if (it == errors.end()) return;
    danger_text(it->second);
    ui::track(std::string("Error ") + field, it->second);
}

void form_label(const char* label) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted(label);
    ImGui::PopFont();
}

bool row_button(const char* label, const std::string& track_as, const std::string& about) {
    const bool pressed = ImGui::Button(label);
    ui::track(track_as);
    ui::sem::describe(platform::SemRole::Button, label, (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) ? platform::kSemDisabled : 0,
                      about);
    return pressed;
}

bool narrow_page() { return page_width() < 640; }

void scroll_into_view(bool& once) {
    if (!once) return;
    once = false;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::ScrollToRect(ImGui::GetCurrentWindow(), ImRect(at, ImVec2(at.x + 1, at.y + 240)), ImGuiScrollFlags_KeepVisibleEdgeY);
}

bool row_link(const char* id, const std::string& name, const std::string& path, bool current, ImVec2 start) {
    const ImVec2 end = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(start);
    const float height = std::max(ImGui::GetTextLineHeight(), end.y - start.y - ImGui::GetStyle().ItemSpacing.y);
    const bool pressed = ImGui::Selectable(id, current, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, height));
    // A link, as the issue lists' rows: it lies over the row's text, so a click anywhere on the row opens it.
    ui::sem::describe(platform::SemRole::Link, name, current ? platform::kSemCurrent : 0, "", "#" + path);
    return pressed;
}

std::vector<std::string> organization_names(const app::State& s) {
    std::vector<std::string> names;
    for (const nlohmann::json& org : s.admin.organizations.rows) names.push_back(app::organization_label(org));
    return names;
}

std::string organization_name(const app::State& s, const nlohmann::json& organization_id) {
    if (!organization_id.is_number_integer()) return "";
    for (const nlohmann::json& org : s.admin.organizations.rows)
        if (org.value("id", 0) == organization_id.get<int>()) return app::organization_label(org);
    return "";
}

}  // namespace views
