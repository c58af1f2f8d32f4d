// The text agent: a hidden <input> that holds focus while ImGui edits text, so
// the browser's own text machinery (dead keys, IME composition, phone keyboards,
// paste) delivers finished UTF-8 text. Also the clipboard.
#include <emscripten.h>

#include <string>

#include "imgui.h"
#include "platform.h"

namespace {
std::string clipboard_cache;               // the last text pasted into or copied from the app

const char* get_clipboard(void*) { return clipboard_cache.c_str(); }
void set_clipboard_fn(void*, const char* text) { platform::set_clipboard(text); }
}  // namespace

EM_JS(void, js_text_agent_install, (), {
    const agent = document.createElement('input');
    agent.id = 'text-agent';
    agent.type = 'text';
    agent.setAttribute('autocomplete', 'off');
    agent.setAttribute('autocorrect', 'off');
    agent.setAttribute('autocapitalize', 'off');
    agent.setAttribute('spellcheck', 'false');
    agent.setAttribute('aria-hidden', 'true');
    agent.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;border:0;padding:0;' +
                          'font-size:16px;pointer-events:none;caret-color:transparent;background:transparent;';
    document.body.appendChild(agent);
    const send = (text) => {
        if (!text) return;
        const size = lengthBytesUTF8(text) + 1;
        const ptr = _malloc(size);
        stringToUTF8(text, ptr, size);
        _platform_text_input(ptr);
        _free(ptr);
    };
    agent.addEventListener('input', (e) => {
        if (e.isComposing) return;             // compositionend delivers the finished text
        if (e.inputType === 'insertText' || e.inputType === 'insertReplacementText') send(e.data);
        agent.value = "";
    });
    agent.addEventListener('compositionend', (e) => { send(e.data); agent.value = ""; });
    document.addEventListener('paste', (e) => {
        const text = (e.clipboardData || window.clipboardData).getData('text');
        e.preventDefault();
        const size = lengthBytesUTF8(text) + 1;
        const ptr = _malloc(size);
        stringToUTF8(text, ptr, size);
        _platform_paste(ptr);
        _free(ptr);
    });
});

EM_JS(void, js_text_agent_focus, (int focus, float x, float y), {
    const agent = document.getElementById('text-agent');
    if (!agent) return;
    agent.style.left = Math.max(0, x) + 'px';  // keeps an IME's candidate window near the caret
    agent.style.top = Math.max(0, y) + 'px';
    if (focus && document.activeElement !== agent) agent.focus({preventScroll: true});
    if (!focus && document.activeElement === agent) agent.blur();
});

EM_JS(void, js_clipboard_write, (const char* text), {
    const value = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(() => {});
});

extern "C" {
EMSCRIPTEN_KEEPALIVE void platform_text_input(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    platform::request_redraw(3);
}

// Paste arrives as text from the browser; ImGui reads it through its clipboard
// callback when it sees Ctrl+V, which input.cpp held back for this moment.
EMSCRIPTEN_KEEPALIVE void platform_paste(const char* utf8) {
    clipboard_cache = utf8;
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    platform::request_redraw(4);
}
}

namespace platform {

namespace {
bool agent_focused = false;
bool agent_installed = false;
}  // namespace

void text_agent_sync(bool want_text_input, float caret_x, float caret_y) {
    if (!agent_installed) {
        js_text_agent_install();
        ImGuiIO& io = ImGui::GetIO();
        io.GetClipboardTextFn = get_clipboard;
        io.SetClipboardTextFn = set_clipboard_fn;
        agent_installed = true;
    }
    if (want_text_input == agent_focused && !want_text_input) return;
    js_text_agent_focus(want_text_input, caret_x, caret_y);
    agent_focused = want_text_input;
}

void set_clipboard(const std::string& text) {
    clipboard_cache = text;
    js_clipboard_write(text.c_str());
}

}  // namespace platform
