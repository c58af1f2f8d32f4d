// Lists and single issues from the API, and what a person does on an issue page.
#include <emscripten.h>

#include <cstdint>

#include "api.h"
#include "form_validation.h"
#include "app.h"
#include "platform/platform.h"

namespace app {

namespace {
constexpr int kPageSize = 500;
constexpr int kDeliveryPollMs = 1500;
const char* kReplyDrafts = "portal.drafts.replies";   // {"<account>:<issue>": {"text", "key", "for"}}

std::string reply_slot(int id) { return std::to_string(state().session.user.value("id", 0)) + ":" + std::to_string(id); }

json reply_drafts() {
    json all = json::parse(platform::storage_get(kReplyDrafts), nullptr, false);
    return all.is_object() ? all : json::object();
}

void store_reply_draft(const IssueDetail& d) {
    json all = reply_drafts();
    if (d.reply.empty()) all.erase(reply_slot(d.id));
    else all[reply_slot(d.id)] = {{"text", d.reply}, {"key", d.reply_key}, {"for", d.reply_key_for}};
    if (all.empty()) platform::storage_remove(kReplyDrafts);
    else platform::storage_set(kReplyDrafts, all.dump(-1, ' ', false, json::error_handler_t::replace));
}

void restore_reply_draft(IssueDetail& d) {
    const json all = reply_drafts();
    const auto it = all.find(reply_slot(d.id));
    if (it == all.end() || !it->is_object()) return;
    d.reply = it->value("text", "");
    d.reply_key = it->value("key", "");
    d.reply_key_for = it->value("for", "");
}

// While the server is still reaching on-call, ask again: the page says "paged" only once it is true.
void follow_delivery(int id) {
    IssueDetail& d = state().detail;
    const json& e = d.issue.is_object() && d.issue.contains("escalation") ? d.issue["escalation"] : json();
    const std::string delivery = e.is_object() ? e.value("delivery", "") : "";
    if (d.following_delivery || (delivery != "queued" && delivery != "retrying")) return;
    d.following_delivery = true;
    emscripten_async_call([](void* arg) {
        const int id = static_cast<int>(reinterpret_cast<std::intptr_t>(arg));
        state().detail.following_delivery = false;
        if (state().detail.id == id && state().route.screen == Screen::Issue) load_issue(id);
    }, reinterpret_cast<void*>(static_cast<std::intptr_t>(id)), kDeliveryPollMs);
}
constexpr int kMaxRows = 10000;

void load_page(long long generation, const std::string& scope, int page) {
    api_call("GET", "/api/issues?scope=" + scope + "&page_size=" + std::to_string(kPageSize) + "&page=" + std::to_string(page),
             nullptr, [generation, scope, page](const ApiReply& r) {
                 IssueList& list = state().list;
                 if (generation != list.generation) return;       // a newer load replaced this one
                 if (!r.ok()) {
                     list.loading = false;
                     list.error = r.message();
                     return;
                 }
                 if (page == 1) list.rows.clear();
                 for (const json& row : r.body["issues"]) list.rows.push_back(row);
                 list.total = r.body.value("total", 0);
                 const bool more = static_cast<int>(list.rows.size()) < std::min(list.total, kMaxRows) &&
                                   !r.body["issues"].empty();
                 if (more) load_page(generation, scope, page + 1);
                 else list.loading = false;
             });
}
}  // namespace

void load_issues(const std::string& scope) {
    IssueList& list = state().list;
    list.scope = scope == "org" || scope == "public" || scope == "all" ? scope : "mine";
    list.loading = true;
    list.error.clear();
    load_page(++list.generation, list.scope, 1);
}

void load_issue(int id) {
    IssueDetail& d = state().detail;
    if (d.id != id) {
        d = IssueDetail{};
        d.id = id;
        restore_reply_draft(d);                // a reply typed earlier, even before a reload, is still there
    }
    d.loading = true;
    api_call("GET", "/api/issues/" + std::to_string(id), nullptr, [id](const ApiReply& r) {
        IssueDetail& d = state().detail;
        if (d.id != id) return;
        d.loading = false;
        if (r.ok()) {
            d.issue = r.body;
            d.error.clear();
            follow_delivery(id);
        } else {
            d.error = r.status == 404 ? "There is no issue #" + std::to_string(id) + ", or it is not shared with you."
                                      : r.message();
        }
    });
}

void reply_changed() { store_reply_draft(state().detail); }

void send_reply() {
    IssueDetail& d = state().detail;
    if (d.sending || d.reply.empty()) return;
    d.sending = true;
    const int id = d.id;
    const std::string visibility = d.internal_note ? "internal" : d.reply_sensitive ? "sensitive" : "public";
    // The same reply sent again (after a timeout, say) keeps its key: if the first try landed, the
    // server answers with it instead of storing it twice. An edited reply is a new one.
    const std::string sent = visibility + "\n" + d.reply;
    if (d.reply_key.empty() || d.reply_key_for != sent) {
        d.reply_key = new_idempotency_key();
        d.reply_key_for = sent;
        store_reply_draft(d);
    }
    api_call("POST", "/api/issues/" + std::to_string(id) + "/comments", json{{"body", d.reply}, {"visibility", visibility}},
             [id](const ApiReply& r) {
                 IssueDetail& d = state().detail;
                 if (d.id != id) {                       // sent while another issue is open: forget its draft
                     if (r.ok()) store_reply_draft(IssueDetail{.id = id});
                     return;
                 }
                 d.sending = false;
                 if (!r.ok()) { d.reply_outcome = {r.message(), true}; return; }   // the reply stays in the box
                 d.issue = r.body;
                 d.reply.clear();
                 d.reply_key.clear();
                 d.reply_key_for.clear();
                 store_reply_draft(d);
                 d.reply_outcome = {"Reply sent.", false};
             }, {{"Idempotency-Key", d.reply_key}});
}

void escalate_issue() {
    const int id = state().detail.id;
    api_call("POST", "/api/issues/" + std::to_string(id) + "/escalate", nullptr, [id](const ApiReply& r) {
        IssueDetail& d = state().detail;
        if (d.id != id) return;
        if (!r.ok()) { d.action_outcome = {r.message(), true}; return; }
        d.issue = r.body;                      // the server's escalation message says what happened
        d.action_outcome = {};
        follow_delivery(id);
    });
}

void mark_affected() {
    const int id = state().detail.id;
    api_call("POST", "/api/issues/" + std::to_string(id) + "/affected", nullptr, [id](const ApiReply& r) {
        IssueDetail& d = state().detail;
        if (d.id != id) return;
        if (r.ok()) { d.issue["affected_count"] = r.body["affected_count"]; d.action_outcome = {"Marked: you are affected too.", false}; }
        else d.action_outcome = {r.message(), true};
    });
}

void set_watching(bool watch) {
    const int id = state().detail.id;
    api_call(watch ? "PUT" : "DELETE", "/api/issues/" + std::to_string(id) + "/watch", nullptr, [id, watch](const ApiReply& r) {
        IssueDetail& d = state().detail;
        if (d.id != id) return;
        if (!r.ok()) {
            d.action_outcome = {r.message(), true};
            return;
        }
        d.issue["watching"] = r.body.value("watching", watch);
        d.action_outcome = {watch ? "You will get this issue's emails too." : "No more emails about this issue.", false};
    });
}

void title_typed(const std::string& title) {
    SimilarIssues& s = state().similar;
    s.typed = title;
    s.typed_at = platform::now_ms();
    platform::request_redraw_after(300);
}

// A moment after typing stops: issues ranked by the core against the title (stems,
// case and accents folded; title and description words only).
void similar_tick() {
    SimilarIssues& s = state().similar;
    if (s.typed == s.query) return;
    const double wait = 250 - (platform::now_ms() - s.typed_at);
    if (wait > 0) { platform::request_redraw_after(wait); return; }
    s.query = s.typed;
    const long long generation = ++s.generation;
    if (s.query.size() < 3) { s.rows.clear(); return; }
    api_call("GET", "/api/issues/similar?q=" + url_encode(s.query), nullptr,
             [generation](const ApiReply& r) {
                 SimilarIssues& s = state().similar;
                 if (generation != s.generation || !r.ok()) return;
                 s.rows.assign(r.body["issues"].begin(), r.body["issues"].end());
             });
}

void mark_affected_on(int issue_id) {
    api_call("POST", "/api/issues/" + std::to_string(issue_id) + "/affected", nullptr, [](const ApiReply& r) {
        show_toast(r.ok() ? "Marked: you are affected too. You can follow it under Public issues." : r.message());
    });
}

void download_attachment(int attachment_id, const std::string& filename) {
    platform::download_url("/api/attachments/" + std::to_string(attachment_id),
                           {{"Authorization", "Bearer " + state().session.token}}, filename);
}

void attach_to_issue() {
    const portal::FieldDefinition* f = state().form ? state().form->field("debug_archive") : nullptr;
    if (!f) return;
    const int issue_id = state().detail.id;
    platform::pick_file(".zip,.gz,.tgz,.tar,.tar.gz", [f, issue_id](int file, const std::string& name, long long size) {
        IssueDetail& d = state().detail;
        if (auto e = portal::validate_upload(*f, name, size)) { d.notice = e->message; return; }
        d.upload_progress = 0;
        platform::upload_file(file, "/api/issues/" + std::to_string(issue_id) + "/attachments?filename=" + url_encode(name),
                              {{"Authorization", "Bearer " + state().session.token}},
                              [](double sent, double total) { state().detail.upload_progress = total > 0 ? sent / total : 0; },
                              [issue_id](const platform::HttpResponse& r) {
                                  state().detail.upload_progress = -1;
                                  state().detail.notice = r.status == 201 ? "File uploaded." : "The upload failed; try again.";
                                  if (state().detail.id == issue_id) load_issue(issue_id);
                              });
    });
}

void copy_issue_link() {
    platform::set_clipboard(platform::page_origin() + "/#/issues/" + std::to_string(state().detail.id));
    show_toast("Link copied.");
}

}  // namespace app
