// Support engineers' intents: the queue, triage, canned responses, escalations,
// and the form preview (checked by the core as the definition is edited).
#include <emscripten.h>

#include "api.h"
#include "app.h"
#include "form_validation.h"
#include "platform/platform.h"

namespace app {

namespace {
constexpr int kPageSize = 500;
constexpr int kMaxRows = 10000;

void load_queue_page(long long generation, int page) {
    api_call("GET", "/api/issues?scope=all&status=open&page_size=" + std::to_string(kPageSize) + "&page=" + std::to_string(page),
             nullptr, [generation, page](const ApiReply& r) {
                 IssueList& q = state().queue;
                 if (generation != q.generation) return;
                 if (!r.ok()) { q.loading = false; q.error = r.message(); return; }
                 if (page == 1) q.rows.clear();
                 for (const json& row : r.body["issues"]) q.rows.push_back(row);
                 q.total = r.body.value("total", 0);
                 if (static_cast<int>(q.rows.size()) < std::min(q.total, kMaxRows) && !r.body["issues"].empty())
                     load_queue_page(generation, page + 1);
                 else q.loading = false;
             });
}

void load_canned() {
    if (!state().canned.empty()) return;
    platform::http_request("GET", "assets/canned-responses.json", "", {}, [](const platform::HttpResponse& r) {
        const json j = json::parse(r.body, nullptr, false);
        if (!j.is_object()) return;
        for (const json& c : j.value("responses", json::array()))
            state().canned.push_back({c.value("id", ""), c.value("title", ""), c.value("body", ""), c.value("adds_label", "")});
        for (const json& l : j.value("suggested_labels", json::array()))
            if (l.is_string()) state().suggested_labels.push_back(l.get<std::string>());
    });
}
}  // namespace

void load_queue() {
    IssueList& q = state().queue;
    q.loading = true;
    q.error.clear();
    load_queue_page(++q.generation, 1);
    load_canned();
}

void load_escalations() {
    state().escalations.loading = true;
    api_call("GET", "/api/escalations", nullptr, [](const ApiReply& r) {
        Escalations& e = state().escalations;
        e.loading = false;
        if (!r.ok()) { e.error = r.message(); return; }
        e.error.clear();
        e.rows.assign(r.body["escalations"].begin(), r.body["escalations"].end());
    });
}

void retry_escalation(int delivery_id) {
    api_call("POST", "/api/escalations/" + std::to_string(delivery_id) + "/retry", nullptr, [](const ApiReply& r) {
        if (!r.ok()) state().escalations.error = r.message();
        else show_toast("Delivery queued again.");
        load_escalations();
    });
}

void triage(const json& change) {
    const int id = state().detail.id;
    load_canned();
    api_call("PATCH", "/api/issues/" + std::to_string(id), change, [id](const ApiReply& r) {
        IssueDetail& d = state().detail;
        if (d.id != id) return;
        if (!r.ok()) {
            const auto fields = r.field_errors();
            d.notice = fields.empty() ? r.message() : fields.begin()->second;
            return;
        }
        d.issue = r.body;
        d.notice = "Saved.";
    });
}

void use_canned(const CannedResponse& c) {
    IssueDetail& d = state().detail;
    d.reply = c.body;
    d.internal_note = false;
    if (!c.adds_label.empty()) triage(json{{"add_labels", {c.adds_label}}});
}

void open_preview() {
    if (state().preview.loaded) return;
    state().preview.loaded = true;
    api_call("GET", "/api/forms", nullptr, [](const ApiReply& reply) {
        if (!reply.ok()) return;
        state().preview.forms.assign(reply.body["forms"].begin(), reply.body["forms"].end());
        if (!state().preview.forms.empty()) preview_load(state().preview.forms.front().value("id", ""));
    });
}

void preview_edited() {
    FormPreview& p = state().preview;
    portal::FormLoad load = portal::load_form(p.source);
    p.errors = load.errors;
    if (load.form) p.last_good = std::move(load.form);   // a mistake keeps the last good preview
}

void preview_load(const std::string& form_id) {
    api_call("GET", "/api/forms/" + form_id, nullptr, [](const ApiReply& r) {
        if (!r.ok()) { state().preview.trial_result = r.message(); return; }
        state().preview.source = r.body.dump(2, ' ', false, json::error_handler_t::replace);
        state().preview.trial = ReportState{};
        preview_edited();
    });
}

void preview_try() {
    FormPreview& p = state().preview;
    if (!p.last_good) return;
    const std::vector<portal::Plan>& plans = state().policy->plans;
    const bool paid = plans.at(std::min<std::size_t>(static_cast<std::size_t>(p.audience), plans.size() - 1)).paid;
    const portal::Audience who = paid ? portal::Audience::Customer : portal::Audience::Community;
    portal::SubmissionContext ctx{who, portal::earliest_today(portal::Instant{static_cast<std::int64_t>(platform::now_ms() / 1000)})};
    const portal::ValidationResult v = portal::validate_submission(*p.last_good, submission_of(*p.last_good, p.trial.draft, who), ctx);
    p.trial.errors.clear();
    for (const portal::FieldError& e : v.errors) p.trial.errors[e.field] = e.message;
    p.trial_result = v.ok() ? "This report would be accepted (nothing was filed)."
                            : std::to_string(v.errors.size()) + " field(s) would be refused; see the messages under them.";
}

void preview_download() {
    const FormPreview& p = state().preview;
    const std::string name = (p.last_good ? p.last_good->id : std::string("form")) + ".json";
    platform::download_text(name, p.source, "application/json");
}

}  // namespace app
