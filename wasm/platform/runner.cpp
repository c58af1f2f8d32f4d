// Owns the main loop: renders only when something changed, then idles with the
// last frame left on the canvas.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"
#include "platform.h"

namespace platform {
namespace {

struct Runner {
    AppCallbacks app;
    const char* canvas = "#canvas";
    int frames_left = 3;                   // frames still to render before idling
    double redraw_at = 0;                  // a timed redraw (countdowns, caret blink)
    double last_frame = 0;
    Viewport viewport;
    float frame_ms[240] = {};              // CPU time of the last frames, for the benchmarks
    int frame_count = 0;
};
Runner runner;

bool should_render(double now) {
    if (runner.frames_left > 0) return true;
    if (runner.redraw_at > 0 && now >= runner.redraw_at) return true;
    if (ImGui::GetCurrentContext()->InputEventsQueue.Size > 0) return true;   // trickled input
    if (touch_scrolling()) return true;                                         // a swipe or its momentum
    if (http_pending() > 0 && now - runner.last_frame >= 100) return true;     // progress
    return false;
}

void render_frame(double now);

void iterate() {
    if (renderer_sync_size(runner.viewport)) request_redraw(2);
    const double now = now_ms();
    if (!fonts_loaded() || !should_render(now)) return;
    render_frame(now);
}

void render_frame(double now) {
    if (runner.redraw_at > 0 && now >= runner.redraw_at) runner.redraw_at = 0;
    runner.frames_left = std::max(0, runner.frames_left - 1);

    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = runner.last_frame > 0 ? static_cast<float>(std::max(0.001, (now - runner.last_frame) / 1000.0)) : 1.0f / 60;
    runner.last_frame = now;
    const double started = emscripten_get_now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    touch_apply_scroll(now);
    test_begin_frame();
    runner.app.frame();
    fields_end_frame();
    sem_end_frame();
    ImGui::Render();
    renderer_render();
    raster_end_frame();
    runner.frame_ms[runner.frame_count++ % 240] = static_cast<float>(emscripten_get_now() - started);
}

}  // namespace

double now_ms() { return emscripten_date_now(); }

// Inside a tap or click handler: run the frames that turn the press into an
// active text field now, so the text agent is focused within the user's gesture
// (phones open their keyboard only then) and before the next key arrives.
void run_frame_now() {
    if (!fonts_loaded()) return;
    for (int i = 0; i < 4; ++i) {
        render_frame(now_ms());
        if (i >= 1 && ImGui::GetCurrentContext()->InputEventsQueue.Size == 0) break;
    }
}

// For the browser benchmarks: CPU milliseconds per frame over `count` forced frames;
// with `wheel`, each frame first scrolls what is under the mouse (up and down in turn).
extern "C" EMSCRIPTEN_KEEPALIVE double portal_test_measure_frames(int count, int wheel) {
    if (!fonts_loaded() || count <= 0) return -1;
    const double start = emscripten_get_now();
    for (int i = 0; i < count; ++i) {
        if (wheel) ImGui::GetIO().AddMouseWheelEvent(0, (i / 10) % 2 ? 1.0f : -1.0f);
        render_frame(now_ms());
    }
    return (emscripten_get_now() - start) / count;
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* portal_test_frame_times() {
    static std::string reply;
    reply = "[";
    const int n = std::min(runner.frame_count, 240);
    for (int i = 0; i < n; ++i) {
        if (i) reply += ",";
        reply += std::to_string(runner.frame_ms[(runner.frame_count - n + i) % 240]);
    }
    reply += "]";
    return reply.c_str();
}

void request_redraw(int frames) { runner.frames_left = std::max(runner.frames_left, frames); }

void request_redraw_after(double ms) {
    const double at = now_ms() + ms;
    if (runner.redraw_at == 0 || at < runner.redraw_at) runner.redraw_at = at;
}

void run(const char* canvas_selector, AppCallbacks callbacks) {
    runner.app = std::move(callbacks);
    runner.canvas = canvas_selector;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;              // layout is the app's, not a file's
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (!renderer_init(canvas_selector)) {
        show_fatal_error("This browser could not start WebGL 2, which the portal needs to draw its screens. "
                         "Try a current Chrome, Edge, Firefox or Safari, or turn on hardware acceleration.");
        return;
    }
    input_init(canvas_selector);
    renderer_sync_size(runner.viewport);
    if (runner.app.start) runner.app.start();
    emscripten_set_main_loop(iterate, 0, false);
}

}  // namespace platform
