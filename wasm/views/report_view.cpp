// "File a bug report": the form from its definition, required details first,
// optional ones folded away, the live deadline, and submit.
#include <algorithm>

#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/form_fields.h"
#include "views/views.h"

namespace views {

namespace {
constexpr int kSimilarRows = 3;

// "Is it already filed?": issues whose title and description match the title, in a
// box of fixed height under the title, so nothing below it moves as results arrive.
void draw_similar(app::State& s) {
    const float row_h = ImGui::GetFrameHeightWithSpacing();
    const ImVec2 pad(12, 8);
    const float height = ImGui::GetTextLineHeightWithSpacing() * 2 + row_h * kSimilarRows + pad.y * 2;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, pad);
    ImGui::BeginChild("##similar", ImVec2(std::min(page_width(), ImGui::GetContentRegionAvail().x), height),
                      ImGuiChildFlags_Border, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted("Similar issues: is yours already filed?");
    ImGui::PopFont();
    const bool short_title = s.report.draft.text["title"].size() < 3;
    if (short_title || s.similar.rows.empty()) {
        ui::muted(short_title ? "Issues like yours appear here as you type the title."
                              : s.similar.query == s.similar.typed ? "No similar issues found. Carry on."
                                                                   : "Looking…");
    } else {
        int shown = 0;
        for (const nlohmann::json& row : s.similar.rows) {
            if (shown++ == kSimilarRows) break;
            const int id = row.value("id", 0);
            const std::string n = std::to_string(id);
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0));
            if (ui::nav_link(("Open #" + n).c_str(), "/issues/" + n)) app::go("/issues/" + n);   // a real link
            ImGui::PopStyleVar();
            ui::track("Similar #" + n, row.value("title", ""));
            ImGui::SameLine();
            if (ImGui::SmallButton(("Affected too##" + n).c_str())) app::mark_affected_on(id);
            ImGui::SameLine();
            ui::text(row.value("title", "") + "  \u00b7  " + status_text(row));
        }
        ui::muted("Not the same? Carry on; your draft is kept.");
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// Names each wrong field; a click takes the person to it.
void draw_problems(app::State& s) {
    app::ReportState& r = s.report;
    if (r.notice.empty()) {
        platform::sem_announce("", "form");
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, r.errors.empty() ? ui::theme().warning : ui::theme().danger);
    ui::text_wrapped(r.notice);
    ImGui::PopStyleColor();
    ui::track("Report problems", r.notice);
    std::string heard = r.notice;              // the live region names every wrong field
    for (const app::FieldProblem& p : app::report_problems()) heard += " " + p.label + ": " + p.message;
    platform::sem_announce(heard, "form");
    for (const app::FieldProblem& p : app::report_problems()) {
        if (ImGui::SmallButton(("Go to " + p.label + "##problem").c_str())) app::focus_report_field(p.id);
        ui::track("Go to " + p.label);
        ImGui::SameLine();
        ui::text_wrapped(p.message);
    }
}
}  // namespace

// One section of a form: its title (folded away when collapsible), help and fields.
void draw_form_section(FormView& view, const portal::FormSection& sec, float width,
                       const std::function<void(const portal::FieldDefinition&)>& after_field) {
    if (sec.collapsible) {                     // a toggle as wide as the column, not the window
        bool& open = view.report->open_sections[sec.id];
        int count = 0;
        for (const portal::FieldDefinition& f : view.form->fields) count += f.section == sec.id && f.shown_to(view.audience);
        const std::string label = sec.title + (open ? "  \u2013  hide" : "  +  show " + std::to_string(count) + " optional details");
        ImGui::PushFont(platform::font(platform::FontRole::Strong));
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
        if (ImGui::Button((label + "##" + sec.id).c_str(), ImVec2(width, 0))) open = !open;
        ImGui::PopStyleVar();
        ImGui::PopFont();
        ui::track(sec.title);
        ui::sem::describe(platform::SemRole::Button, label,
                          platform::kSemExpandable | (open ? platform::kSemExpanded : 0));
        if (!open) return;
    } else {
        ui::subheading(sec.title);
    }
    if (!sec.help.empty()) ui::muted(sec.help);
    ImGui::Spacing();
    for (const portal::FieldDefinition& f : view.form->fields) {
        if (f.section != sec.id || !f.shown_to(view.audience)) continue;
        draw_field(view, f, width);
        if (after_field) after_field(f);
    }
}

void draw_report(app::State& s) {
    begin_page();
    ui::heading(s.form->title.c_str());
    ui::muted(s.form->description);
    ImGui::Spacing();
    const float width = page_width();
    FormView view{&*s.form, &s.report, app::session_audience(), true, true};
    app::similar_tick();
    const auto deadline_after = [&s](const portal::FieldDefinition& f) {
        if (f.id == "title") {
            const std::string& title = s.report.draft.text["title"];
            if (title != s.similar.typed) app::title_typed(title);
            draw_similar(s);
        }
        const portal::Plan* plan = s.policy->plan(s.session.coverage().plan);
        if (f.id == "impact" || (f.id == "title" && !(plan && plan->paid))) {   // no impact field: say so by the title
            draw_deadline_preview(s, s.session.coverage(), s.report.draft.text["impact"]);
            ImGui::Spacing();
        }
    };
    for (const portal::FormSection& sec : s.form->sections) draw_form_section(view, sec, width, deadline_after);
    app::ReportState& r = s.report;
    draw_problems(s);
    ImGui::Spacing();
    ImGui::BeginDisabled(r.submitting);
    const bool enter = ui::take_enter();       // Enter in any one-line field files the report
    if (ui::primary_button(r.submitting ? "Filing\u2026" : "File report", ImVec2(std::min(width, 260.0f), 0)) ||
        (enter && !r.submitting))
        app::submit_report();
    ImGui::EndDisabled();
    if (width >= 640) ImGui::SameLine();       // on a phone the note goes under the button, not squeezed beside it
    ui::muted("Your draft is saved in this browser as you type.");
    const nlohmann::json& u = s.session.user;
    if (u.is_object() && !u.value("verified", true)) {   // said here too, where the person is about to file
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
        ui::text_wrapped("Filing waits for your email address to be confirmed: open the link we sent to " +
                         u.value("email", std::string("you")) + ". Your draft stays here meanwhile.");
        ImGui::PopStyleColor();
        if (ui::button("Send a new link##report")) app::resend_verification();
        draw_outcome(s.account.resend, "Resend outcome");
    }
    end_page();
}

}  // namespace views
