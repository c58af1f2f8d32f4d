// The app's state and navigation. Each feature (session, report, issues, staff) has
// its own header with its state and its intents; this one aggregates them. Views read
// state and call intents; intents make API calls; replies update state.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "account.h"
#include "admin.h"
#include "form_definition.h"
#include "issues.h"
#include "policy.h"
#include "report.h"
#include "screens.h"
#include "session.h"
#include "staff.h"

namespace app {

using nlohmann::json;

enum class LoadState { Loading, Ready, Failed };

struct Route {
    std::string path = "/";                    // "/issues/42"
    Screen screen = Screen::Home;
    int issue_id = 0;
    std::string scope = "mine";                // for the issues list
    std::string token;                         // an emailed link's (/invite/<token>, /verify/..., /reset/...)
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
    bool first_route_entered = false;          // the first route waits for the session check
    std::string shown_path;                    // the screen drawn last; a new one starts at its top
    std::string after_sign_in = "/issues";     // where a shared link was headed
    AuthForm auth;
    LinkLanding landing;                       // the screen an emailed link opened
    AccountState account;
    ReportState report;
    SimilarIssues similar;
    IssueList list;
    IssueList queue;                           // CSE: every open issue
    QueueFilters queue_filters;
    QueueOrder queue_order;                    // the queue view's parsed, filtered, sorted rows
    Escalations escalations;
    std::vector<CannedResponse> canned;
    std::vector<std::string> suggested_labels;
    FormPreview preview;
    IssueDetail detail;
    Administration admin;                      // admins, and an organization's org_admin
    std::string toast;
    double toast_until = 0;
    bool dark_theme = false;
};

State& state();
void start();
void frame();

// ---- intents -------------------------------------------------------------
void go(const std::string& path);             // navigate and remember in history
void set_theme(bool dark);
void show_toast(const std::string& text);

}  // namespace app
