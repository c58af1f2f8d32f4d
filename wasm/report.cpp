// The bug report: the draft kept in the browser as it is typed, checked by the
// core, and filed with an Idempotency-Key so a retry never files twice.
#include <emscripten.h>

#include <algorithm>
#include <cstdio>

#include "api.h"
#include "app.h"
#include "form_validation.h"
#include "platform/platform.h"

namespace app {

namespace {
const char* kDraftKey = "portal.draft.bug-report";

portal::SubmissionContext context(portal::Audience audience) {
    portal::SubmissionContext ctx;
    ctx.audience = audience;
    ctx.today = portal::earliest_today(portal::Instant{static_cast<std::int64_t>(platform::now_ms() / 1000)});
    return ctx;
}

portal::SubmissionContext context() { return context(session_audience()); }

json submission() { return submission_of(*state().form, state().report.draft, session_audience()); }

void submit_attempt();

void retry_later() {
    ReportState& r = state().report;
    const double delay = std::min(30000.0, 1000.0 * (1 << std::min(r.attempts, 5)));
    r.notice = "Could not reach the server; trying again in " + std::to_string(static_cast<int>(delay / 1000)) +
               " s. Your report is saved in this browser.";
    emscripten_async_call([](void*) { submit_attempt(); }, nullptr, static_cast<int>(delay));
}

void upload_archive(int issue_id) {
    ReportDraft d = state().report.draft;
    if (!d.file_id) return;
    IssueDetail& detail = state().detail;
    detail.upload_progress = 0;
    platform::upload_file(d.file_id, "/api/issues/" + std::to_string(issue_id) + "/attachments?filename=" + url_encode(d.file_name),
                          {{"Authorization", "Bearer " + state().session.token}},
                          [](double sent, double total) { state().detail.upload_progress = total > 0 ? sent / total : 0; },
                          [issue_id](const platform::HttpResponse& r) {
                              state().detail.upload_progress = -1;
                              state().detail.notice = r.status == 201 ? "Debug archive uploaded."
                                                      : "The debug archive did not upload; add it from the issue page.";
                              if (state().detail.id == issue_id) load_issue(issue_id);
                          });
}

void submit_attempt() {
    ReportState& r = state().report;
    ++r.attempts;
    api_call("POST", "/api/issues", submission(), [](const ApiReply& reply) {
        ReportState& r = state().report;
        if (reply.status == 0) { retry_later(); return; }
        if (reply.status == 401) { r.submitting = false; return; }   // back at sign-in, draft kept
        r.submitting = false;
        if (!reply.ok()) {
            r.errors = reply.field_errors();
            r.notice = reply.message();
            const std::vector<FieldProblem> problems = report_problems();
            if (!problems.empty()) focus_report_field(problems.front().id);
            return;
        }
        const int id = reply.body.value("id", 0);
        const bool had_file = r.draft.file_id != 0;
        ReportDraft sent = r.draft;
        r = ReportState{};
        platform::storage_remove(kDraftKey);   // cleared only once the server has it
        state().detail = IssueDetail{};
        state().detail.id = id;
        state().detail.issue = reply.body;
        go("/issues/" + std::to_string(id));
        if (had_file) {
            state().report.draft = sent;
            upload_archive(id);
            state().report.draft = ReportDraft{};
        }
        show_toast("Report #" + std::to_string(id) + " filed.");
    }, {{"Idempotency-Key", r.draft.idempotency_key}});
}
}  // namespace

portal::Audience session_audience() {
    const Session& session = state().session;
    return session.staff() ? portal::Audience::Cse : session.role() == "customer" ? portal::Audience::Customer
                                                                                   : portal::Audience::Community;
}

// The draft as the API's report: empty fields are left out; digits stay text (the core reads them).
json submission_of(const portal::FormDefinition& form, const ReportDraft& d, portal::Audience audience) {
    json out = json::object();
    for (const portal::FieldDefinition& f : form.fields) {
        if (!f.shown_to(audience) || f.type == portal::FieldType::File) continue;
        if (f.type == portal::FieldType::Boolean) {
            auto it = d.flags.find(f.id);
            if (it != d.flags.end()) out[f.id] = it->second;
            continue;
        }
        auto it = d.text.find(f.id);
        if (it != d.text.end() && !it->second.empty()) out[f.id] = it->second;
    }
    return out;
}

void restore_draft() {
    ReportDraft& d = state().report.draft;
    const json j = json::parse(platform::storage_get(kDraftKey), nullptr, false);
    if (j.is_object()) {
        const json text = j.value("text", json::object());
        for (auto it = text.begin(); it != text.end(); ++it)
            if (it.value().is_string()) d.text[it.key()] = it.value().get<std::string>();
        const json flags = j.value("flags", json::object());
        for (auto it = flags.begin(); it != flags.end(); ++it)
            if (it.value().is_boolean()) d.flags[it.key()] = it.value().get<bool>();
        d.idempotency_key = j.value("idempotency_key", "");
    }
    if (d.idempotency_key.empty()) d.idempotency_key = new_idempotency_key();
}

void draft_changed() {
    const ReportDraft& d = state().report.draft;
    platform::storage_set(kDraftKey, json{{"text", d.text}, {"flags", d.flags}, {"idempotency_key", d.idempotency_key}}.dump(
                                         -1, ' ', false, json::error_handler_t::replace));
}

std::optional<std::string> check_field(const portal::FormDefinition& form, const ReportDraft& draft,
                                       portal::Audience audience, const portal::FieldDefinition& f) {
    const json all = submission_of(form, draft, audience);
    const json value = all.contains(f.id) ? all[f.id] : json();
    if (auto e = portal::validate_field(f, value, context(audience))) return e->message;
    return std::nullopt;
}

void submit_report() {
    ReportState& r = state().report;
    if (r.submitting) return;                  // a double click files once
    const portal::ValidationResult v = portal::validate_submission(*state().form, submission(), context());
    r.errors.clear();
    for (const portal::FieldError& e : v.errors) r.errors[e.field] = e.message;
    for (const portal::FieldDefinition& f : state().form->fields) r.touched[f.id] = true;
    if (!v.ok()) {
        r.notice = std::to_string(v.errors.size()) + (v.errors.size() == 1 ? " field needs" : " fields need") +
                   " attention before the report can be filed:";
        const std::vector<FieldProblem> problems = report_problems();
        if (!problems.empty()) focus_report_field(problems.front().id);
        return;
    }
    r.notice.clear();
    r.submitting = true;
    r.attempts = 0;
    submit_attempt();
}

void focus_report_field(const std::string& field_id) {
    ReportState& r = state().report;
    r.focus_field = field_id;
    if (const portal::FieldDefinition* f = state().form->field(field_id)) r.open_sections[f->section] = true;
    platform::request_redraw(4);
}

std::vector<FieldProblem> report_problems() {
    const ReportState& r = state().report;
    std::vector<FieldProblem> out;
    for (const portal::FieldDefinition& f : state().form->fields)
        if (auto it = r.errors.find(f.id); it != r.errors.end()) out.push_back({f.id, f.label, it->second});
    for (const auto& [id, message] : r.errors)       // errors about no field of this form (server-side)
        if (!state().form->field(id)) out.push_back({id, id, message});
    return out;
}

void pick_debug_archive() {
    const portal::FieldDefinition* f = state().form->field("debug_archive");
    if (!f) return;
    platform::pick_file(".zip,.gz,.tgz,.tar,.tar.gz", [f](int id, const std::string& name, long long size) {
        ReportState& r = state().report;
        if (auto e = portal::validate_upload(*f, name, size)) {
            r.errors[f->id] = e->message;
            return;
        }
        r.errors.erase(f->id);
        r.draft.file_id = id;
        r.draft.file_name = name;
        r.draft.file_size = size;
    });
}

}  // namespace app
