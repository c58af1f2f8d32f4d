// Mouse, wheel, touch and keys from html5.h callbacks into ImGui's input queue.
// Printable characters arrive through the text agent (text_agent.cpp), not here.
#include <emscripten/html5.h>

#include <cstring>
#include <string>

#include "imgui.h"
#include "input_keys.h"
#include "platform.h"

namespace platform {

void run_frame_now();                      // runner.cpp: lets a tap focus the text agent within the gesture

namespace {

ImGuiIO& io() { return ImGui::GetIO(); }

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    io().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io().AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    const int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEDOWN) io().AddMouseButtonEvent(button, true);
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
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    const double unit = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 1.0;
    io().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io().AddMousePosEvent(static_cast<float>(e->mouse.targetX), static_cast<float>(e->mouse.targetY));
    io().AddMouseWheelEvent(static_cast<float>(-e->deltaX / unit), static_cast<float>(-e->deltaY / unit));
    request_redraw(3);
    return true;
}

// Touch: the press lands where the finger is (position first, then the button).
EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        io().AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io().AddMousePosEvent(static_cast<float>(t.targetX), static_cast<float>(t.targetY));
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART) io().AddMouseButtonEvent(0, true);
        if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) io().AddMouseButtonEvent(0, false);
        break;                             // one finger drives the pointer
    }
    request_redraw(3);
    if (type == EMSCRIPTEN_EVENT_TOUCHEND) run_frame_now();
    return true;                           // no synthesized mouse events, no page zoom
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
    send_modifiers(e);
    request_redraw(3);
    // Ctrl+V waits for the browser's paste event, which carries the text.
    if (command && key == ImGuiKey_V) return false;
    if (key != ImGuiKey_None) io().AddKeyEvent(key, down);
    if (command && (key == ImGuiKey_C || key == ImGuiKey_X)) return false;   // let copy/cut events fire
    // Named keys (Tab, arrows, Backspace, Enter...) belong to the app; characters
    // go on to the text agent's input event, and browser shortcuts stay the browser's.
    const bool named = std::strlen(e->key) > 1 && std::strcmp(e->key, "Dead") != 0 &&
                       std::strcmp(e->key, "Process") != 0 && std::strcmp(e->key, "Unidentified") != 0;
    if (command) return key == ImGuiKey_A || key == ImGuiKey_Z || key == ImGuiKey_Y;
    return named && key != ImGuiKey_None && !is_function_key(key);
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
    io().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    request_redraw(2);
    return false;
}

}  // namespace

void input_init(const char* canvas) {
    emscripten_set_mousedown_callback(canvas, nullptr, true, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, on_mouse);
    emscripten_set_mousemove_callback(canvas, nullptr, true, on_mouse);
    emscripten_set_mouseleave_callback(canvas, nullptr, true, on_leave);
    emscripten_set_wheel_callback(canvas, nullptr, false, on_wheel);
    emscripten_set_touchstart_callback(canvas, nullptr, false, on_touch);
    emscripten_set_touchmove_callback(canvas, nullptr, false, on_touch);
    emscripten_set_touchend_callback(canvas, nullptr, false, on_touch);
    emscripten_set_touchcancel_callback(canvas, nullptr, false, on_touch);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_key);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_focus);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_focus);
}

}  // namespace platform
