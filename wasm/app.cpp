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

// Views that need a session send a visitor to sign in first, then on to the link.
void enter(const Route& r) {
    State& s = the_state;
    // Another screen (not a filter or a detail of the same one), not on the page's first load.
    const bool other_screen = r.screen != s.route.screen || (r.screen == Screen::Issue && r.issue_id != s.route.issue_id);
    if (s.first_route_entered && other_screen) platform::sem_focus_next_heading();
    s.route = r;
    platform::screen_opened();
    const ScreenInfo& info = screen_info(r.screen);
    if (info.needs_session && !s.session.signed_in()) {
        s.after_sign_in = r.path;
        s.route = parse_route("/signin");
        platform::replace_route("/signin");
        return;
    }
    if ((info.staff_only && !s.session.staff()) || (info.may_open && !info.may_open(s.session))) {
        const std::string start = s.session.staff() ? "/queue" : "/issues";
        s.route = parse_route(start);
        platform::replace_route(start);
    }
    if (const auto on_enter = screen_info(s.route.screen).on_enter) on_enter(s.route);
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
    if (ready && !the_state.first_route_entered) {
        enter(parse_route(platform::location_hash()));
        the_state.first_route_entered = true;
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
