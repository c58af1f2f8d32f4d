// One issue: its fields, the server's clock and verdicts, timeline and replies, and
// what the reader can do: reply (public or sensitive), escalate, "affected too",
// copy link. The view draws what the server decided (clock, can_escalate, waiting,
// escalation message, outside-hours notice); the core only previews a reply's notice.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "customer_notices.h"
#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/card.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
using nlohmann::json;

std::string str(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

void banner(const std::string& text, const ImVec4& colour) {
    ui::card_begin(page_width(), ui::theme().notice_bg);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ui::strong(text);
    ImGui::PopStyleColor();
    ui::card_end();
}

// The active clock as the server judged it (SPEC §7 "clock"): due, met or late.
void deadline_block(const app::State& s, const json& issue) {
    const json clock = issue.value("clock", json::object());
    const std::string kind = str(clock, "kind"), state = str(clock, "state");
    const auto due = portal::parse_rfc3339(str(clock, "due_at"));
    ui::track("Response clock", kind + " " + state);
    if (kind == "none" || !due) {
        ui::muted("Community report: no guaranteed response time.");
        return;
    }
    const bool next = kind == "next_reply";
    const std::string what = next ? "Next reply" : "First response";
    if (next && (str(issue, "sla_state") == "met" || str(issue, "sla_state") == "breached"))
        ui::muted(std::string("First response ") + (str(issue, "sla_state") == "met" ? "was on time" : "was late") + ".");
    if (clock.contains("answered_at")) {
        ImGui::PushStyleColor(ImGuiCol_Text, state == "met" ? ui::theme().success : ui::theme().danger);
        ui::strong(what + (state == "met" ? " on time" : " was late"));
        ImGui::PopStyleColor();
        ui::muted("Answered " + ui::short_date(str(clock, "answered_at")) + "; it was due " + ui::in_zone(s.policy->zone, *due) + ".");
        return;
    }
    if (state == "breached") ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
    ui::strong(what + " due " + ui::countdown(*due, ui::now()));
    if (state == "breached") ImGui::PopStyleColor();
    const std::string when = ui::in_local_zone(*due) + "  \u00b7  " + ui::in_zone(s.policy->zone, *due);
    ui::text_wrapped(when);
    platform::sem_announce_change(what + " now due " + when + ".", "clock #" + std::to_string(issue.value("id", 0)));
    ui::muted(next ? str(issue, "reply_explanation") : str(issue, "explanation"));
    platform::request_redraw_after(1000);
}

// What "Escalate now" led to, in the server's words (SPEC §4: "paged" only once delivered).
void escalation_block(const json& issue) {
    if (!issue.contains("escalation") || !issue["escalation"].is_object()) return;
    const json& e = issue["escalation"];
    const std::string delivery = str(e, "delivery"), message = str(e, "message");
    if (message.empty()) return;
    banner(message, delivery == "delivered" ? ui::theme().success : ui::theme().warning);
    ui::track("Escalation message", message);
    if (delivery == "queued" || delivery == "retrying") platform::request_redraw_after(1000);
}

void fields_block(const app::State& s, const json& issue) {
    const json fields = issue.value("fields", json::object());
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("Report details", 2, flags, ImVec2(page_width(), 0))) return;
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthStretch, 1);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    for (const portal::FieldDefinition& f : s.form->fields) {
        if (!fields.contains(f.id) || f.id == "title") continue;
        const json& v = fields[f.id];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::muted(f.label);
        ImGui::TableNextColumn();
        const std::string text = v.is_string() ? v.get<std::string>() : v.is_boolean() ? (v.get<bool>() ? "Yes" : "No") : v.dump();
        ui::text_wrapped(text);
        ui::track("Field " + f.id, text);
    }
    ImGui::EndTable();
}

std::string event_text(const json& e) {
    const std::string kind = str(e, "kind");
    const json d = e.value("detail", json::object());
    if (kind == "filed") return "filed the report";
    if (kind == "label_added") return "added the label " + str(d, "label");
    if (kind == "label_removed") return "removed the label " + str(d, "label") + (d.contains("reason") ? " (" + str(d, "reason") + ")" : "");
    if (kind == "status_changed") return "changed the status to " + str(d, "to");
    if (kind == "reopened") return "reopened the issue";
    if (kind == "reply") return "replied";
    if (kind == "sensitive_reply") return "replied privately";
    if (kind == "internal_note") return "wrote an internal note";
    if (kind == "escalated") return "escalated the issue";
    if (kind == "sla_met") return "answered within the response target";
    if (kind == "sla_breached") return "answered after the response target";
    if (kind == "reply_clock_started") return "started the next-reply clock";
    if (kind == "closed_as_duplicate") return "closed this as a duplicate of #" + std::to_string(d.value("duplicate_of", 0));
    if (kind == "visibility_changed") return "made the issue " + str(d, "to");
    if (kind == "attachment_added") return "attached " + str(d, "filename");
    return kind;
}

std::string actor_name(const json& e) {
    const json a = e.contains("actor") ? e["actor"] : e["author"];
    return a.is_string() ? (a.get<std::string>() == "automation" ? "Automation" : a.get<std::string>()) : str(a, "name");
}

// Outside business hours (SPEC §4, every message): while typing, the core's preview for
// a reply sent now; otherwise (and after sending) the server's notice for the caller's last message.
void reply_notice(const app::State& s, const json& issue) {
    if (s.session.staff()) return;
    std::string text;
    if (!s.detail.reply.empty()) {
        const portal::Coverage coverage{str(issue, "plan"), str(issue, "hosting")};
        const portal::NoticeResult n = portal::message_notice(*s.policy, *s.calendar, coverage, str(issue, "impact"),
                                                              ui::now(), s.contacts);
        if (n.notice) text = n.notice->text;
    } else if (issue.contains("notice") && issue["notice"].is_object()) {
        text = str(issue["notice"], "text");
    }
    if (text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
    ui::text_wrapped(text);
    ImGui::PopStyleColor();
    ui::track("Message notice", text);
}

// "#42" in a reply is a link in the text layer (for the mouse); the issues a reply mentions are
// also links under it, so the keyboard and a screen reader's list of links reach them.
std::vector<int> issue_refs(const std::string& text) {
    std::vector<int> out;
    for (std::size_t i = text.find('#'); i != std::string::npos && out.size() < 10; i = text.find('#', i + 1)) {
        const unsigned char before = i ? static_cast<unsigned char>(text[i - 1]) : ' ';
        if (std::isalnum(before) || before == '_' || before == '&' || before == '/') continue;
        std::size_t end = i + 1;
        while (end < text.size() && end - i <= 9 && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        const bool word_after = end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_');
        if (end == i + 1 || word_after) continue;
        const int n = std::atoi(text.c_str() + i + 1);
        if (n > 0 && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return out;
}

void mentions(const std::string& body, int comment_id) {
    const std::vector<int> refs = issue_refs(body);
    if (refs.empty()) return;
    ui::muted("Mentions:");
    for (const int n : refs) {
        ImGui::SameLine();
        const std::string path = "/issues/" + std::to_string(n);
        if (ui::nav_link(("#" + std::to_string(n) + "##m" + std::to_string(comment_id)).c_str(), path)) app::go(path);
    }
}

void conversation(app::State& s, const json& issue) {
    ui::subheading("Replies");
    const json comments = issue.value("comments", json::array());
    if (comments.empty()) ui::muted("No replies yet.");
    for (const json& c : comments) {
        ui::card_begin(page_width(), ui::theme().surface);
        const std::string vis = str(c, "visibility");
        ui::strong(actor_name(c) + (vis == "sensitive" ? "  \u00b7  private to your organization and support" : "") +
               (vis == "internal" ? "  \u00b7  internal note" : ""));
        ui::muted(ui::short_date(str(c, "created_at")));
        ui::text_wrapped(str(c, "body"));
        ui::track("Reply " + std::to_string(c.value("id", 0)), str(c, "body"));
        mentions(str(c, "body"), c.value("id", 0));
        ui::card_end();
    }
    if (!issue.value("can_reply", false)) {      // the server's verdict: no box that would be refused
        ui::muted("Only the reporter, their organization and support engineers reply here. "
                  "Affected too? Say so with the button above to follow the issue.");
        return;
    }
    ImGui::Spacing();
    ImGui::PushID(s.detail.id);                // each issue its own box: an edit in progress never shows on another
    if (ui::text_area("Your reply", s.detail.reply, 90)) app::reply_changed();
    ImGui::PopID();
    if (s.session.staff()) {
        ui::checkbox("Internal note: only support engineers see it", &s.detail.internal_note);
    } else {
        ui::checkbox("Sensitive: only my organization and support engineers see it", &s.detail.reply_sensitive);
    }
    ImGui::BeginDisabled(s.detail.sending || s.detail.reply.empty());
    if (ui::primary_button(s.detail.sending ? "Sending\u2026" : "Send reply")) app::send_reply();
    ImGui::EndDisabled();
    draw_outcome(s.detail.reply_outcome, "Reply outcome");
    reply_notice(s, issue);                    // below the box: it never moves what is being typed into
}

void files(const json& issue) {
    ui::subheading("Files");
    const json list = issue.value("attachments", json::array());
    if (list.empty()) ui::muted("No files yet. The output of fleetctl debug archive often speeds up the fix.");
    for (const json& a : list) {
        const int id = a.value("id", 0);
        if (ImGui::SmallButton(("Download##f" + std::to_string(id)).c_str())) app::download_attachment(id, str(a, "filename"));
        ui::track("Download " + str(a, "filename"));
        ImGui::SameLine();
        ui::text(str(a, "filename") + " (" + std::to_string((a.value("size", 0LL) + 1023) / 1024) + " KB)");
        ui::track("File " + str(a, "filename"));
    }
    if (ui::button("Add a debug archive\u2026")) app::attach_to_issue();
}

void timeline(const json& issue) {
    ui::subheading("Timeline");
    for (const json& e : issue.value("timeline", json::array())) {
        ui::muted(ui::short_date(str(e, "at")) + "  " + actor_name(e) + " " + event_text(e));
    }
}

void actions(app::State& s, const json& issue) {
    const float right = ImGui::GetCursorPosX() + page_width();
    // A real link to the issue too: "Copy link address" and middle-click work on it.
    if (ui::nav_link("Copy link", "/issues/" + std::to_string(issue.value("id", 0)))) app::copy_issue_link();
    const std::string affected = "Affected too (" + std::to_string(issue.value("affected_count", 0)) + ")";
    ui::same_line_if_fits(affected.c_str(), right);
    if (ui::button(affected.c_str())) app::mark_affected();
    const bool escalated = issue.value("escalated", false);
    if (issue.value("can_escalate", false) || (escalated && issue.contains("escalation"))) {   // the server's verdict
        const char* label = escalated ? "Escalated" : "Escalate now";
        ui::same_line_if_fits(label, right);
        ImGui::BeginDisabled(escalated);
        if (ui::primary_button(label)) app::escalate_issue();
        ImGui::EndDisabled();
    }
    ui::same_line_if_fits("Back to the list", right);
    if (ui::button("Back to the list")) app::go("/issues?scope=" + (s.list.scope.empty() ? std::string("mine") : s.list.scope));
    if (issue.contains("watching") && issue["watching"].is_boolean()) {   // the reporter's colleagues only
        bool watching = issue["watching"].get<bool>();
        if (ui::checkbox("Email me about this issue too (as its reporter hears)", &watching)) app::set_watching(watching);
    }
    draw_outcome(s.detail.action_outcome, "Action outcome");
}
}  // namespace

void draw_issue(app::State& s) {
    begin_page();
    app::IssueDetail& d = s.detail;
    if (!d.error.empty()) {
        ui::heading("Issue not found");
        ui::text_wrapped(d.error);
        if (ui::button("Back to the list")) app::go("/issues");
        end_page();
        return;
    }
    if (d.issue.is_null()) {
        ImGui::TextUnformatted("Loading\u2026");
        end_page();
        return;
    }
    const json& issue = d.issue;
    ui::heading(("#" + std::to_string(issue.value("id", 0)) + "  " + str(issue, "title")).c_str());
    ui::track("Issue title", str(issue, "title"));
    std::string meta = status_text(issue);
    if (!str(issue, "impact").empty()) meta += "  \u00b7  " + str(issue, "impact");
    if (issue.contains("organization") && issue["organization"].is_string()) meta += "  \u00b7  " + str(issue, "organization");
    meta += "  \u00b7  " + std::string(str(issue, "visibility") == "public" ? "Public" : "Confidential");
    ui::muted(meta + "  \u00b7  filed " + ui::short_date(str(issue, "created_at")));
    if (str(issue, "waiting_on") == "you")
        banner(str(issue, "waiting_label") + ": support asked for more information. Reply below and the clock restarts "
               "for them.", ui::theme().warning);
    else if (!str(issue, "waiting_label").empty())
        banner(str(issue, "waiting_label") + ": support asked the reporter for more information.", ui::theme().muted_text);
    if (issue.contains("duplicate_of")) {
        const int other = issue.value("duplicate_of", 0);
        banner("Closed as a duplicate of #" + std::to_string(other) + ".", ui::theme().muted_text);
        const std::string path = "/issues/" + std::to_string(other);
        if (ui::nav_link(("Open #" + std::to_string(other)).c_str(), path)) app::go(path);   // a real link
    }
    if (!d.notice.empty()) ui::muted(d.notice);
    if (d.upload_progress >= 0) {
        ImGui::ProgressBar(static_cast<float>(d.upload_progress), ImVec2(page_width(), 0), "Uploading the debug archive");
    }
    ImGui::Spacing();
    deadline_block(s, issue);
    escalation_block(issue);
    ImGui::Spacing();
    actions(s, issue);
    if (s.session.staff()) {
        ImGui::Spacing();
        draw_triage(s, issue);
    }
    ImGui::Spacing();
    fields_block(s, issue);
    ImGui::Spacing();
    conversation(s, issue);
    ImGui::Spacing();
    files(issue);
    ImGui::Spacing();
    timeline(issue);
    end_page();
}

}  // namespace views
