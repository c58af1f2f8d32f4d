#include "app.h"

#include <emscripten.h>

#include <algorithm>

#include "api.h"
#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "response_deadline.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "views/views.h"

namespace app {

void restore_session();                        // session.cpp
void restore_draft();                          // report.cpp

namespace {
State the_state;

void load_policy_and_form() {
    platform::http_request("GET", "assets/policy.json", "", {}, [](const platform::HttpResponse& r) {
        portal::PolicyLoad load = portal::load_policy(r.body);
        if (r.status != 200 || !load.policy) {
            the_state.policy_state = LoadState::Failed;
            the_state.load_error = r.status == 0 ? "The portal could not reach the server. Check your connection and reload."
                                   : !load.policy && r.status == 200 ? "The support policy is malformed: " + load.errors.front().text()
                                   : "The server answered " + std::to_string(r.status) + " for the support policy.";
            return;
        }
        the_state.policy = std::move(load.policy);
        the_state.calendar = the_state.policy->calendar();
        if (the_state.form) the_state.policy_state = LoadState::Ready;
    });
    api_call("GET", "/api/policy", nullptr, [](const ApiReply& r) {   // the deployment's escalation contacts
        if (r.ok() && r.body.contains("contacts")) the_state.contacts = portal::read_contacts(r.body["contacts"]).contacts;
    });
    platform::http_request("GET", "assets/forms/bug-report.json", "", {}, [](const platform::HttpResponse& r) {
        portal::FormLoad load = portal::load_form(r.body);
        if (r.status != 200 || !load.form) {
            the_state.policy_state = LoadState::Failed;
            the_state.load_error = "The bug report form could not be loaded; reload the page.";
            return;
        }
        the_state.form = std::move(load.form);
        restore_draft();
        if (the_state.policy) the_state.policy_state = LoadState::Ready;
    });
}

Route parse_route(const std::string& path) {
    Route r;
    r.path = path.empty() ? "/" : path;
    if (r.path == "/signin") r.view = "signin";
    else if (r.path == "/signup") r.view = "signup";
    else if (r.path == "/new") r.view = "new";
    else if (r.path == "/queue") r.view = "queue";
    else if (r.path == "/escalations") r.view = "escalations";
    else if (r.path == "/preview") r.view = "preview";
    else if (r.path.rfind("/issues/", 0) == 0) {
        r.view = "issue";
        r.issue_id = std::atoi(r.path.c_str() + 8);
        if (r.issue_id <= 0) r.view = "issues";
    } else if (r.path.rfind("/issues", 0) == 0) {
        r.view = "issues";
        const auto q = r.path.find("scope=");
        if (q != std::string::npos) r.scope = r.path.substr(q + 6);
    } else r.view = "home";
    return r;
}

// Views that need a session send a visitor to sign in first, then on to the link.
void enter(const Route& r) {
    State& s = the_state;
    s.route = r;
    platform::screen_opened();
    const bool staff_view = r.view == "queue" || r.view == "escalations" || r.view == "preview";
    const bool needs_session = staff_view || r.view == "new" || r.view == "issues" || r.view == "issue";
    if (needs_session && !s.session.signed_in()) {
        s.after_sign_in = r.path;
        s.route = parse_route("/signin");
        platform::replace_route("/signin");
        return;
    }
    if (staff_view && !s.session.staff()) {
        s.route = parse_route("/issues");
        platform::replace_route("/issues");
    }
    if (s.route.view == "issues") load_issues(s.route.scope);
    if (s.route.view == "issue") load_issue(s.route.issue_id);
    if (s.route.view == "queue") load_queue();
    if (s.route.view == "escalations") load_escalations();
    if (s.route.view == "preview" && !s.preview.loaded) {
        s.preview.loaded = true;
        api_call("GET", "/api/forms", nullptr, [](const ApiReply& reply) {
            if (!reply.ok()) return;
            state().preview.forms.assign(reply.body["forms"].begin(), reply.body["forms"].end());
            if (!state().preview.forms.empty()) preview_load(state().preview.forms.front().value("id", ""));
        });
    }
}
}  // namespace

State& state() { return the_state; }

void go(const std::string& path) {
    if (path != the_state.route.path) platform::navigate(path);
    enter(parse_route(path));
    platform::request_redraw(3);
}

void set_theme(bool dark) {
    the_state.dark_theme = dark;
    ui::apply_theme(dark);
    platform::storage_set("portal.theme", dark ? "dark" : "light");
}

void show_toast(const std::string& text) {
    the_state.toast = text;
    the_state.toast_until = platform::now_ms() + 4000;
    platform::request_redraw_after(4100);
}

void start() {
    // A choice made with the Dark/Light button wins; otherwise the system's preference.
    const std::string theme = platform::storage_get("portal.theme");
    const bool dark = theme.empty() ? platform::prefers_dark() : theme == "dark";
    the_state.dark_theme = dark;
    ui::apply_theme(dark);
    load_policy_and_form();
    restore_session();
    platform::on_route_change([](const std::string& path) { enter(parse_route(path)); });
}

void frame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const bool narrow = vp->WorkSize.x < 640;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, narrow ? ImVec2(14, 12) : ImVec2(24, 16));
    ImGui::Begin("##portal", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    const bool ready = the_state.policy_state != LoadState::Loading && the_state.session_checked;
    static bool entered = false;               // the first route waits for the session check
    if (ready && !entered) {
        entered = true;
        enter(parse_route(platform::location_hash()));
    }
    ui::sem::begin_frame();
    ui::sem::set_region(0);
    views::draw_nav_bar(the_state);
    ui::sem::set_region(1);
    // NavFlattened: Tab goes from the navigation bar on into the page, and back.
    ImGui::BeginChild("##page", ImVec2(0, 0), ImGuiChildFlags_None,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NavFlattened);
    float find_dx = 0, find_dy = 0;            // find in page scrolled the text layer to a match
    if (platform::sem_take_find_scroll(find_dx, find_dy)) ImGui::SetScrollY(ImGui::GetScrollY() + find_dy);
    if (the_state.policy_state == LoadState::Failed) views::draw_failure(the_state);
    else if (!ready) ImGui::TextUnformatted("Loading\u2026");
    else views::draw_current(the_state);
    ImGui::EndChild();
    views::draw_toast(the_state);
    ImGui::End();
    platform::set_ready(ready);
}

// For the browser test: milliseconds per deadline quote over `count` quotes, one per hour of 2027.
extern "C" EMSCRIPTEN_KEEPALIVE double portal_test_quote_benchmark(int count) {
    if (!the_state.policy || count <= 0) return -1;
    const portal::BusinessCalendar cal = the_state.policy->calendar();
    const portal::Instant start = *portal::parse_rfc3339("2027-01-01T00:00:00Z");
    const portal::Policy& p = *the_state.policy;
    const auto paid = std::find_if(p.plans.begin(), p.plans.end(), [](const portal::Plan& plan) { return plan.paid; });
    if (paid == p.plans.end() || p.impacts.empty()) return -1;
    const double t0 = emscripten_get_now();
    for (int i = 0; i < count; ++i)
        portal::quote_deadline(p, cal, paid->id, p.impacts[static_cast<std::size_t>(i) % p.impacts.size()].id,
                               start.plus_seconds(3600LL * (i % 8760)));
    return (emscripten_get_now() - t0) / count;
}

}  // namespace app
