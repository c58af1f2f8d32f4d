// The app's state and navigation. Views read state and call intents (functions
// below); intents make API calls; replies update state.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "customer_notices.h"
#include "form_definition.h"
#include "load_error.h"
#include "policy.h"
#include "screens.h"

namespace app {

using nlohmann::json;

enum class LoadState { Loading, Ready, Failed };

struct Session {
    std::string token;
    json user;                                 // {id, email, name, role, plan, organization?}
    bool signed_in() const { return !token.empty(); }
    std::string role() const { return user.is_object() ? user.value("role", "") : ""; }
    // The plan and hosting the server says this person files under.
    portal::Coverage coverage() const {
        return user.is_object() ? portal::Coverage{user.value("plan", ""), user.value("hosting", "")} : portal::Coverage{};
    }
    bool staff() const { return user.is_object() && user.value("staff", false); }   // cse or admin, the server's word
};

struct Route {
    std::string path = "/";                    // "/issues/42"
    Screen screen = Screen::Home;
    int issue_id = 0;
    std::string scope = "mine";                // for the issues list
};

struct ReportDraft {
    std::map<std::string, std::string> text;   // field id -> what is typed
    std::map<std::string, bool> flags;         // boolean fields
    std::string idempotency_key;
    int file_id = 0;                           // a picked debug archive (kept in the page)
    std::string file_name;
    long long file_size = 0;
};

struct ReportState {
    ReportDraft draft;
    std::map<std::string, std::string> errors; // field id -> message
    std::map<std::string, bool> touched;       // left at least once
    std::map<std::string, bool> edited;        // typed into at least once
    std::string focus_field;                   // a field to scroll to and focus next frame
    bool submitting = false;
    int attempts = 0;
    std::string notice;                        // network trouble, server message
    std::map<std::string, bool> open_sections; // collapsible sections the user opened
};

struct IssueList {
    std::string scope;
    std::vector<json> rows;
    int total = 0;
    bool loading = false;
    std::string error;
    std::string filter;
    int status_filter = 0;                     // index into the status choices
    long long generation = 0;
};

// What came of an action, explained next to the control that caused it.
struct Outcome {
    std::string text;
    bool failed = false;
};

struct IssueDetail {
    int id = 0;
    json issue;
    bool loading = false;
    std::string error;
    std::string reply;
    bool reply_sensitive = false;
    bool sending = false;
    std::string notice;
    Outcome action_outcome;                    // of Copy link, Affected too, Escalate: shown by those buttons
    Outcome reply_outcome;                     // of Send reply: shown under it
    double upload_progress = -1;
    bool internal_note = false;                // CSE: the reply is an internal note
    std::string new_label;
    std::string duplicate_of;
    bool following_delivery = false;           // asking again while on-call is being reached
};

struct QueueFilters {
    int plan = 0, impact = 0, status = 0;      // indexes into the view's choices; 0 = any
    std::string label;
    bool waiting_only = false;
};

struct Escalations {
    std::vector<json> rows;
    bool loading = false;
    std::string error;
};

struct CannedResponse {
    std::string id, title, body, adds_label;
};

struct FormPreview {
    std::string source;                        // the JSON being edited
    std::optional<portal::FormDefinition> last_good;
    std::vector<portal::LoadError> errors;
    int audience = 1;                          // an index into the policy's plans
    ReportState trial;                         // "Try it": a draft that is never filed
    std::string trial_result;
    std::vector<json> forms;                   // from the server
    bool loaded = false;
};

struct SimilarIssues {
    std::string query;                         // the title last searched for
    std::string typed;                         // the title as it is now
    double typed_at = 0;                       // when it last changed (debounce)
    std::vector<json> rows;
    long long generation = 0;
};

struct AuthForm {
    std::string email, password, name;
    std::string error;
    std::map<std::string, std::string> field_errors;
    bool busy = false;
};

struct State {
    LoadState policy_state = LoadState::Loading;
    std::optional<portal::Policy> policy;
    std::optional<portal::BusinessCalendar> calendar;
    std::optional<portal::FormDefinition> form;
    std::vector<portal::Contact> contacts;     // the deployment's escalation contacts (GET /api/policy)
    std::string load_error;
    Session session;
    bool session_checked = false;
    Route route;
    std::string after_sign_in = "/issues";     // where a shared link was headed
    AuthForm auth;
    ReportState report;
    SimilarIssues similar;
    IssueList list;
    IssueList queue;                           // CSE: every open issue
    QueueFilters queue_filters;
    Escalations escalations;
    std::vector<CannedResponse> canned;
    std::vector<std::string> suggested_labels;
    FormPreview preview;
    IssueDetail detail;
    std::string toast;
    double toast_until = 0;
    bool dark_theme = false;
};

State& state();
void start();
void frame();

// ---- intents -------------------------------------------------------------
void go(const std::string& path);             // navigate and remember in history
void sign_in();
void sign_up();
void sign_out();
void draft_changed();                          // persist the draft now
void submit_report();
void focus_report_field(const std::string& field_id);   // scroll to it, open its section, focus it
// The wrong fields of the report, in the form's order: {field id, label, message}.
struct FieldProblem { std::string id, label, message; };
std::vector<FieldProblem> report_problems();
// A form's draft as the API's report, and one field checked as the user leaves it.
json submission_of(const portal::FormDefinition& form, const ReportDraft& draft, portal::Audience audience);
std::optional<std::string> check_field(const portal::FormDefinition& form, const ReportDraft& draft,
                                       portal::Audience audience, const portal::FieldDefinition& field);
portal::Audience session_audience();
void pick_debug_archive();
void title_typed(const std::string& title);    // looks for similar public issues shortly after
void similar_tick();
void mark_affected_on(int issue_id);
void load_issues(const std::string& scope);
void load_issue(int id);
void send_reply();
void escalate_issue();
void mark_affected();
void copy_issue_link();
void download_attachment(int attachment_id, const std::string& filename);
void attach_to_issue();                        // pick a debug archive and upload it to the open issue
void set_theme(bool dark);
// Support engineers
void load_queue();
void load_escalations();
void retry_escalation(int delivery_id);
void triage(const json& change);               // PATCH the open issue
void use_canned(const CannedResponse& response);
void open_preview();                           // the form preview screen: the server's forms, once
void preview_edited();                         // re-check the definition being edited
void preview_load(const std::string& form_id);
void preview_try();
void preview_download();
void show_toast(const std::string& text);

}  // namespace app
