// The test interface: end-to-end tests ask the app where a widget is and what
// it holds, instead of guessing coordinates on a canvas with no DOM.
#include <emscripten.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "platform.h"

namespace {
struct TrackedWidget {
    float x, y, w, h;
    std::string value;
    bool active;
    bool focused;                          // keyboard focus (ImGui's nav focus) is on it
    bool visible;                          // not scrolled out of its window
};
struct TestState {
    bool ready = false;
    std::string view;
    long frame = 0;
    std::map<std::string, TrackedWidget> widgets;
    std::string reply;                     // keeps the last answer alive for the caller
    std::string reveal;                    // a widget to scroll into view
};
TestState state;
}  // namespace

EM_JS(void, js_install_test_interface, (), {
    const ask = () => JSON.parse(UTF8ToString(_portal_test_state()));
    window.portalTest = {
        state: ask,
        ready: () => ask().ready,
        view: () => ask().view,
        widget: (label) => ask().widgets[label] || null,
        focused: () => Object.entries(ask().widgets).filter(([, w]) => w.focused).map(([l]) => l)[0] || null,
        semantics: (on) => _portal_test_set_semantics(on ? 1 : 0),
        semanticsUpdateMs: () => _portal_test_semantics_ms(),
        frameTimes: () => JSON.parse(UTF8ToString(_portal_test_frame_times())),
        quoteBenchmark: (count) => _portal_test_quote_benchmark(count),
        measureFrames: (count, wheel) => _portal_test_measure_frames(count, wheel ? 1 : 0),
        tick: () => _portal_test_tick(),
        reveal: (label) => {
            const size = lengthBytesUTF8(label) + 1;
            const ptr = _malloc(size);
            stringToUTF8(label, ptr, size);
            _portal_test_reveal(ptr);
            _free(ptr);
        },
    };
});

EM_JS(void, js_announce_ready, (int ready), {
    if (window.portalShell) window.portalShell.ready(!!ready);
});

extern "C" EMSCRIPTEN_KEEPALIVE const char* portal_test_state() {
    nlohmann::json widgets = nlohmann::json::object();
    for (const auto& [label, w] : state.widgets)
        widgets[label] = {{"x", w.x}, {"y", w.y}, {"w", w.w}, {"h", w.h}, {"value", w.value}, {"active", w.active},
                          {"focused", w.focused}, {"visible", w.visible}};
    state.reply = nlohmann::json{{"ready", state.ready}, {"view", state.view}, {"frame", state.frame},
                                 {"widgets", widgets}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return state.reply.c_str();
}

// Asks for a couple of frames, so a test can see layout settle in an otherwise idle app.
extern "C" EMSCRIPTEN_KEEPALIVE void portal_test_tick() { platform::request_redraw(2); }

extern "C" EMSCRIPTEN_KEEPALIVE void portal_test_reveal(const char* label) {
    state.reveal = label;
    platform::request_redraw(4);
}

namespace platform {

bool test_take_reveal(const std::string& label) {
    if (state.reveal.empty() || state.reveal != label) return false;
    state.reveal.clear();
    request_redraw(3);
    return true;
}

void test_begin_frame() {
    static bool installed = false;
    if (!installed) {
        js_install_test_interface();
        installed = true;
    }
    state.widgets.clear();
    ++state.frame;
}

void test_track(const std::string& label, float x, float y, float w, float h, const std::string& value, bool active,
                bool visible, bool focused) {
    state.widgets[label] = TrackedWidget{x, y, w, h, value, active, focused, visible};
}

void test_set_view(const std::string& view) { state.view = view; }

void set_ready(bool ready) {
    if (state.ready == ready) return;
    state.ready = ready;
    js_announce_ready(ready);
}

}  // namespace platform
