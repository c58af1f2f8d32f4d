// Administration, outbox: every email the portal sends is written here first and then
// delivered with retries; queued, sent, or failed with the mail server's answer, and Retry.
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
const char* kShow[] = {"Every email", "Queued", "Retrying", "Sent", "Failed"};   // as app::kEmailStates

std::string str(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

ImVec4 state_colour(const std::string& state) {
    if (state == "sent") return ui::theme().success;
    if (state == "failed") return ui::theme().danger;
    return ui::theme().warning;
}

void not_configured_banner() {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().notice_bg);
    ImGui::BeginChild("##no-smtp", ImVec2(page_width(), 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
    ui::strong("No mail server is configured: emails wait here, none is lost.");
    ImGui::PopStyleColor();
    ui::text_wrapped("Start the server with --smtp HOST:PORT --mail-from ADDRESS and they are delivered.");
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void email_row(app::State& s, const json& e, bool narrow) {
    const int id = e.value("id", 0);
    const std::string state = str(e, "state"), to = str(e, "to");
    const int attempts = e.value("attempts", 0);
    const std::string answer = str(e, "last_error");
    ui::text(to);
    ui::track("Email to " + to, state + " | " + str(e, "subject") + " | " + answer);
    ui::muted(ui::short_date(str(e, "created_at")) + "  \u00b7  " + str(e, "kind"));
    if (!narrow) ui::next_column();
    ui::text_wrapped(str(e, "subject"));
    if (!narrow) ui::next_column();
    ImGui::PushStyleColor(ImGuiCol_Text, state_colour(state));
    ui::text(state + (attempts ? ", " + std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts") : ""));
    ImGui::PopStyleColor();
    if (!answer.empty()) ui::muted(answer);
    if (!narrow) ui::next_column();
    if (state == "failed" || state == "retrying") {
        ImGui::PushID(id);
        if (row_button("Retry", "Retry " + to, "Email to " + to)) app::retry_email(id);
        ImGui::PopID();
    }
    const auto outcome = s.admin.outbox.outcomes.find(id);
    if (outcome != s.admin.outbox.outcomes.end()) show_outcome(outcome->second, "Email to " + to + " outcome");
}
}  // namespace

void draw_admin_outbox(app::State& s) {
    begin_page();
    draw_admin_tabs(s);
    app::Outbox& o = s.admin.outbox;
    ui::subheading("Outbox");
    ui::muted("Every email is written here in the same step as the change that causes it, then delivered with retries. "
              "A failed one shows the mail server's answer and can be sent again.");
    if (!o.smtp_configured) not_configured_banner();
    const bool narrow = narrow_page();
    ImGui::SetNextItemWidth(narrow ? page_width() : 220);
    if (ui::combo("##outbox-show", "Show", &o.state_filter, kShow, IM_ARRAYSIZE(kShow))) app::load_outbox();
    if (!narrow) ImGui::SameLine();
    if (ui::button("Refresh")) app::load_outbox();
    ui::muted(o.loading && o.rows.empty() ? std::string("Loading\u2026")
                                          : std::to_string(o.rows.size()) + (o.rows.size() == 1 ? " email" : " emails") +
                                                (o.rows.size() >= 500 ? ", the latest 500" : ""));
    if (!o.error.empty()) danger_text(o.error);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!o.rows.empty() && ImGui::BeginTable("Outbox", narrow ? 1 : 4, flags, ImVec2(page_width(), 0))) {
        ImGui::TableSetupColumn(narrow ? "Email" : "To", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        if (!narrow) {
            ImGui::TableSetupColumn("Subject", ImGuiTableColumnFlags_WidthStretch, 2);
            ImGui::TableSetupColumn("State and the server's answer", ImGuiTableColumnFlags_WidthStretch, 2.2f);
            ImGui::TableSetupColumn("Actions", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        }
        ImGui::TableHeadersRow();
        ui::sem::table_begin("Outbox");
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(o.rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const json& e = o.rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ui::sem::table_row(static_cast<unsigned>(e.value("id", 0)));
                ui::next_column();
                email_row(s, e, narrow);
            }
        }
        ui::sem::table_end();
        ImGui::EndTable();
    }
    end_page();
}

}  // namespace views
