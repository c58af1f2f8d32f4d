#include "app.h"

#include <emscripten.h>

#include "imgui.h"
#include "response_deadline.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/theme.h"
#include "views/views.h"

namespace app {

namespace {
State the_state;

void load_policy() {
    platform::http_request("GET", "assets/policy.json", "", {}, [](const platform::HttpResponse& r) {
        if (r.status != 200) {
            the_state.policy_state = LoadState::Failed;
            the_state.load_error = r.status == 0 ? "The portal could not reach the server (" + r.error + ")."
                                                 : "The server answered " + std::to_string(r.status) + " for the policy.";
            return;
        }
        portal::PolicyLoad load = portal::load_policy(r.body);
        if (!load.policy) {
            the_state.policy_state = LoadState::Failed;
            the_state.load_error = "The support policy is malformed: " + load.errors.front().text();
            return;
        }
        the_state.policy = std::move(load.policy);
        the_state.policy_state = LoadState::Ready;
    });
}
}  // namespace

State& state() { return the_state; }

// For the browser test: milliseconds per deadline quote over `count` quotes, one per hour of 2027.
extern "C" EMSCRIPTEN_KEEPALIVE double portal_test_quote_benchmark(int count) {
    if (!the_state.policy || count <= 0) return -1;
    const portal::BusinessCalendar cal = the_state.policy->calendar();
    const portal::Instant start = *portal::parse_rfc3339("2027-01-01T00:00:00Z");
    const char* impacts[] = {"P0", "P1", "P2", "P3"};
    const double t0 = emscripten_get_now();
    for (int i = 0; i < count; ++i)
        portal::quote_deadline(*the_state.policy, cal, "premium", impacts[i % 4], start.plus_seconds(3600LL * (i % 8760)));
    return (emscripten_get_now() - t0) / count;
}

void start() {
    ui::apply_theme(the_state.dark_theme);
    load_policy();
}

void frame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const bool narrow = vp->WorkSize.x < 640;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, narrow ? ImVec2(14, 14) : ImVec2(24, 20));
    ImGui::Begin("##portal", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    views::draw_home(the_state);
    ImGui::End();
    platform::set_ready(the_state.policy_state != LoadState::Loading);
}

}  // namespace app
