// The semantic layer's C++ half: the frame's widgets described as records, sent
// to js/semantics.js only when they changed; focus, activation and find-in-page
// scrolling coming back from the page.
#include <emscripten.h>

#include <cstdio>
#include <map>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform.h"

namespace {
struct Semantics {
    std::string frame, last;               // this frame's records, and what the page last got
    unsigned focus_request = 0, activate_request = 0, focused_in_page = 0;
    unsigned select_request = 0;
    bool heading_wanted = false;           // a new screen's h1 is to take focus when drawn
    unsigned heading_focus = 0;            // ... drawn this frame: focused once the layer has it
    int select_index = 0;
    float scroll_x = 0, scroll_y = 0;      // find in page scrolled the layer by this much
    std::string title;
    std::map<std::string, std::string> announced;   // source -> what it last said
    double build_ms = 0;                   // cost of the last update, for the benchmark
    bool enabled = true;                   // off only to measure what the layer costs
};
Semantics sem;

enum SemEvent { kFocus = 1, kActivate = 2, kSelectFirst = 100 };   // kSelectFirst + i: option i chosen

// Record separators never appear in UI text worth keeping (\x1d separates a select's options).
void append_clean(std::string& out, const char* s) {
    for (; s && *s; ++s) out += (*s == '\x1e' || *s == '\x1f') ? ' ' : *s;
}
}  // namespace

EM_JS(void, js_sem_install, (), { Module.portalSemanticsInstall(); });
EM_JS(void, js_sem_update, (const char* records), { Module.portalSemantics.update(UTF8ToString(records)); });
EM_JS(void, js_sem_focus, (unsigned id), { Module.portalSemantics.focus(id >>> 0); });
EM_JS(void, js_sem_announce, (const char* text), { Module.portalSemantics.announce(UTF8ToString(text)); });
EM_JS(void, js_set_title, (const char* text), { document.title = UTF8ToString(text); });

extern "C" {
EMSCRIPTEN_KEEPALIVE void platform_sem_event(unsigned id, int type) {
    if (type == kFocus) sem.focus_request = id;
    if (type == kActivate) sem.activate_request = id;
    if (type >= kSelectFirst) {
        sem.select_request = id;
        sem.select_index = type - kSelectFirst;
    }
    platform::request_redraw(3);
}

EMSCRIPTEN_KEEPALIVE void platform_sem_scrolled(float dx, float dy) {
    sem.scroll_x += dx;
    sem.scroll_y += dy;
    platform::request_redraw(3);
}

EMSCRIPTEN_KEEPALIVE void platform_sem_pointer(float x, float y) {
    ImGui::GetIO().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    ImGui::GetIO().AddMousePosEvent(x, y);
    platform::request_redraw(2);
}

EMSCRIPTEN_KEEPALIVE double portal_test_semantics_ms() { return sem.build_ms; }

EMSCRIPTEN_KEEPALIVE void portal_test_set_semantics(int on) {
    sem.enabled = on != 0;
    platform::request_redraw(2);
}
}

namespace platform {

bool sem_enabled() { return sem.enabled; }

void sem_add(const SemNode& n) {
    char numbers[192];
    std::snprintf(numbers, sizeof numbers, "%u\x1f%u\x1f%d\x1f%d\x1f%.1f\x1f%.1f\x1f%.1f\x1f%.1f\x1f%.1f\x1f%.1f\x1f%.1f\x1f%.1f\x1f%u\x1f%.2f\x1f",
                  n.id, n.parent, static_cast<int>(n.role), n.region, n.box.x, n.box.y, n.box.w, n.box.h, n.box.clip_x0,
                  n.box.clip_y0, n.box.clip_x1, n.box.clip_y1, n.flags, n.font_height);
    if (!sem.frame.empty()) sem.frame += '\x1e';
    sem.frame += numbers;
    append_clean(sem.frame, n.name);
    sem.frame += '\x1f';
    append_clean(sem.frame, n.value);
    sem.frame += '\x1f';
    append_clean(sem.frame, n.href);
}

void sem_end_frame() {
    static bool installed = false;
    if (!installed) {
        js_sem_install();
        installed = true;
    }
    const double start = emscripten_get_now();
    if (!sem.enabled) return;
    if (sem.frame != sem.last) {
        js_sem_update(sem.frame.c_str());
        sem.last.swap(sem.frame);
    }
    sem.frame.clear();
    // Keyboard focus moved in the app (Tab, arrows): the page's focus follows.
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    if (!g.NavDisableHighlight && g.NavId != 0 && g.NavId != sem.focused_in_page && g.ActiveId == 0) {
        sem.focused_in_page = g.NavId;
        js_sem_focus(g.NavId);
    }
    if (sem.heading_focus) {
        js_sem_focus(sem.heading_focus);
        sem.heading_focus = 0;
    }
    sem.build_ms = emscripten_get_now() - start;
}

bool sem_take_focus_request(unsigned id) {
    if (sem.focus_request != id) return false;
    sem.focus_request = 0;
    sem.focused_in_page = id;
    return true;
}

bool sem_take_activate_request(unsigned id) {
    if (sem.activate_request != id) return false;
    sem.activate_request = 0;
    return true;
}

bool sem_take_select_request(unsigned id, int& index) {
    if (sem.select_request != id) return false;
    sem.select_request = 0;
    index = sem.select_index;
    return true;
}

bool sem_take_find_scroll(float& dx, float& dy) {
    if (sem.scroll_x == 0 && sem.scroll_y == 0) return false;
    dx = sem.scroll_x;
    dy = sem.scroll_y;
    sem.scroll_x = sem.scroll_y = 0;
    return true;
}

void sem_focus_next_heading() { sem.heading_wanted = true; }

void sem_heading_drawn(unsigned id) {
    if (!sem.heading_wanted) return;
    sem.heading_wanted = false;
    if (screen_untouched() && field_focused() == 0) sem.heading_focus = id;
}

void sem_announce(const std::string& text, const char* source) {
    std::string& last = sem.announced[source];   // each source speaks when its own text changes
    if (text == last) return;
    last = text;
    if (!text.empty()) js_sem_announce(text.c_str());
}

void sem_announce_change(const std::string& text, const std::string& source) {
    const auto [at, first] = sem.announced.try_emplace(source, text);
    if (first || at->second == text) return;   // what the page showed on arrival is not news
    at->second = text;
    js_sem_announce(text.c_str());
}

void set_title(const std::string& title) {
    if (title == sem.title) return;
    sem.title = title;
    js_set_title(title.c_str());
}

}  // namespace platform
