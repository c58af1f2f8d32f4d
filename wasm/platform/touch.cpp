// Touch: a swipe scrolls the region under the finger (with momentum) and never
// clicks; a tap is a click; a tap on a text field is the browser's (focus, phone
// keyboard, long-press selection); two fingers are the browser's (pinch zoom).
#include <emscripten.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform.h"

namespace platform {
void run_frame_now();                      // runner.cpp
}

namespace {
struct TouchScroll {
    ImVec2 at;                             // where the finger went down
    float last_x = 0, last_y = 0;
    double last_t = 0;
    float vx = 0, vy = 0;                  // px per ms, smoothed
    float pending_x = 0, pending_y = 0;    // scroll not yet applied
    bool dragging = false;
    bool momentum = false;
    double momentum_t = 0;
};
TouchScroll touch;

enum TouchEvent { kStart = 0, kMove = 1, kRelease = 2, kCancel = 3, kTap = 4 };
constexpr float kFriction = 325.0f;        // ms: time constant of the momentum's decay
}  // namespace

EM_JS(void, js_touch_install, (), { Module.portalTouchInstall(); });

extern "C" EMSCRIPTEN_KEEPALIVE void platform_touch(int type, float x, float y, double t) {
    ImGuiIO& io = ImGui::GetIO();
    switch (type) {
        case kStart:
            touch.at = ImVec2(x, y);
            touch.last_x = x;
            touch.last_y = y;
            touch.last_t = t;
            touch.vx = touch.vy = 0;
            touch.momentum = false;
            touch.dragging = false;
            break;
        case kMove: {
            const float dx = touch.last_x - x, dy = touch.last_y - y;   // content follows the finger
            const double dt = std::max(1.0, t - touch.last_t);
            touch.vx = 0.8f * static_cast<float>(dx / dt) + 0.2f * touch.vx;
            touch.vy = 0.8f * static_cast<float>(dy / dt) + 0.2f * touch.vy;
            touch.pending_x += dx;
            touch.pending_y += dy;
            touch.last_x = x;
            touch.last_y = y;
            touch.last_t = t;
            touch.dragging = true;
            break;
        }
        case kRelease:
            touch.dragging = false;
            touch.momentum = !platform::prefers_reduced_motion() && t - touch.last_t < 80 &&
                             (std::fabs(touch.vy) > 0.05f || std::fabs(touch.vx) > 0.05f);
            touch.momentum_t = platform::now_ms();
            break;
        case kCancel:
            touch.dragging = touch.momentum = false;
            break;
        case kTap:
            io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
            io.AddMousePosEvent(x, y);
            io.AddMouseButtonEvent(0, true);
            io.AddMouseButtonEvent(0, false);
            platform::run_frame_now();
            io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);   // no hover left behind by a finger
            break;
        default: break;
    }
    platform::request_redraw(3);
}

namespace platform {

namespace {
// The innermost window under `p` that can scroll; popups and children before their parents.
ImGuiWindow* scrollable_window_at(ImVec2 p) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* best = nullptr;
    for (ImGuiWindow* w : g.Windows) {
        if (!w->WasActive || w->Hidden || !w->OuterRectClipped.Contains(p)) continue;
        if (w->ScrollMax.y <= 0 && w->ScrollMax.x <= 0) continue;
        if (!best || ImGui::IsWindowChildOf(w, best, true)) best = w;
    }
    return best;
}

// Scrolls `w` by `d`; what it cannot take goes on to its parent.
void scroll_chain(ImGuiWindow* w, float dx, float dy) {
    for (; w && (dx != 0 || dy != 0); w = w->ParentWindow) {
        const float y = ImClamp(w->Scroll.y + dy, 0.0f, w->ScrollMax.y);
        const float x = ImClamp(w->Scroll.x + dx, 0.0f, w->ScrollMax.x);
        dy -= y - w->Scroll.y;
        dx -= x - w->Scroll.x;
        if (y != w->Scroll.y) ImGui::SetScrollY(w, y);
        if (x != w->Scroll.x) ImGui::SetScrollX(w, x);
    }
}
}  // namespace

void touch_apply_scroll(double now) {
    static bool installed = false;
    if (!installed) {
        js_touch_install();
        installed = true;
    }
    if (touch.momentum) {
        const float dt = static_cast<float>(std::min(64.0, now - touch.momentum_t));
        touch.momentum_t = now;
        touch.pending_x += touch.vx * dt;
        touch.pending_y += touch.vy * dt;
        const float decay = std::exp(-dt / kFriction);
        touch.vx *= decay;
        touch.vy *= decay;
        if (std::fabs(touch.vx) < 0.02f && std::fabs(touch.vy) < 0.02f) touch.momentum = false;
        request_redraw(2);
    }
    if (touch.pending_x == 0 && touch.pending_y == 0) return;
    scroll_chain(scrollable_window_at(touch.at), touch.pending_x, touch.pending_y);
    touch.pending_x = touch.pending_y = 0;
}

bool touch_scrolling() { return touch.dragging || touch.momentum; }

}  // namespace platform
