// Mouse, wheel and keys from html5.h callbacks into ImGui's input queue. Text is
// typed into real fields (field_layer.cpp); touch is touch.cpp's.
#include <emscripten/html5.h>

#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "input_keys.h"
#include "platform.h"

extern "C" EMSCRIPTEN_KEEPALIVE void platform_wheel(double dx, double dy, int mode, float x, float y);

namespace platform {

void run_frame_now();                      // runner.cpp: lets a tap focus the text agent within the gesture

namespace {

ImGuiIO& io() { return ImGui::GetIO(); }
bool tab_into_content = false;
bool fresh_screen = true;                  // no click or Tab since the screen opened

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    io().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    // The canvas fills the window, so client coordinates are canvas coordinates (and a
    // mouseup over a text field still lands in the right place).
    io().AddMousePosEvent(static_cast<float>(e->clientX), static_cast<float>(e->clientY));
    const int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEDOWN) {
        io().AddMouseButtonEvent(button, true);
        fresh_screen = false;
    }
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEUP) io().AddMouseButtonEvent(button, false);
    request_redraw(3);
    if (type == EMSCRIPTEN_EVENT_MOUSEUP) run_frame_now();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE;   // keep the page from selecting or dragging
}

EM_BOOL on_leave(int, const EmscriptenMouseEvent*, void*) {
    io().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    request_redraw(2);
    return false;
}

// DOM: positive deltaY scrolls down, in pixels, lines or pages. ImGui: +1 scrolls up one step.
void wheel(double dx, double dy, int mode, float x, float y) {
    const double unit = mode == DOM_DELTA_PIXEL ? 100.0 : mode == DOM_DELTA_LINE ? 3.0 : 1.0;
    io().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io().AddMousePosEvent(x, y);
    io().AddMouseWheelEvent(static_cast<float>(-dx / unit), static_cast<float>(-dy / unit));
    request_redraw(3);
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    wheel(e->deltaX, e->deltaY, static_cast<int>(e->deltaMode), static_cast<float>(e->mouse.clientX),
          static_cast<float>(e->mouse.clientY));
    return true;
}

void send_modifiers(const EmscriptenKeyboardEvent* e) {
    io().AddKeyEvent(ImGuiMod_Ctrl, e->ctrlKey || e->metaKey);   // Cmd on a Mac works as Ctrl
    io().AddKeyEvent(ImGuiMod_Shift, e->shiftKey);
    io().AddKeyEvent(ImGuiMod_Alt, e->altKey);
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    const bool command = e->ctrlKey || e->metaKey;
    const ImGuiKey key = key_from_dom(e->key, e->code);
    request_redraw(3);
    // The first Tab on a fresh screen skips the navigation bar (Shift+Tab reaches it).
    if (down && key == ImGuiKey_Tab && fresh_screen) {
        fresh_screen = false;
        if (!e->shiftKey && !command) {
            tab_into_content = true;
            return true;
        }
    }
    send_modifiers(e);
    if (key != ImGuiKey_None) io().AddKeyEvent(key, down);
    // Named keys (Tab, arrows, Enter, Space on a button...) belong to the app; browser
    // shortcuts (Ctrl+F, Ctrl+C, zoom) stay the browser's. Text fields keep their own keys.
    const bool named = std::strlen(e->key) > 1 && std::strcmp(e->key, "Dead") != 0 &&
                       std::strcmp(e->key, "Process") != 0 && std::strcmp(e->key, "Unidentified") != 0;
    if (command) return false;
    return (named || key == ImGuiKey_Space) && key != ImGuiKey_None && !is_function_key(key);
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
    io().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    request_redraw(2);
    return false;
}

}  // namespace

void screen_opened() { fresh_screen = true; }

bool screen_untouched() { return fresh_screen; }

bool take_tab_into_content() {
    const bool tab = tab_into_content;
    tab_into_content = false;
    return tab;
}

void input_init(const char* canvas) {
    emscripten_set_mousedown_callback(canvas, nullptr, true, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, on_mouse);
    emscripten_set_mousemove_callback(canvas, nullptr, true, on_mouse);
    emscripten_set_mouseleave_callback(canvas, nullptr, true, on_leave);
    emscripten_set_wheel_callback(canvas, nullptr, false, on_wheel);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_key);   // bubble: fields stop their own keys
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_key);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_focus);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_focus);
}

}  // namespace platform

extern "C" EMSCRIPTEN_KEEPALIVE void platform_wheel(double dx, double dy, int mode, float x, float y) {
    platform::wheel(dx, dy, mode, x, y);
}
