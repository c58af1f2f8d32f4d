#include "app.h"

#include "imgui.h"
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
