// Real <input>/<textarea> elements laid exactly over the text fields ImGui draws.
// The browser does the editing (IME composition at the caret, selection by mouse,
// keyboard and touch, undo by edit, clipboard, spellcheck, autofill, phone
// keyboards, right-to-left text); ImGui keeps the frame, the layout and the focus order.
#include <emscripten.h>

#include <map>
#include <set>
#include <string>

#include "imgui.h"
#include "platform.h"

namespace {
struct FieldLayer {
    std::map<unsigned, std::string> pending;   // typed since the last frame
    std::map<unsigned, std::string> sent;      // the value the element was last given
    std::set<unsigned> focus_requests, enters;
    unsigned focused = 0;
    int dom_focus_frame = -100;            // the frame a person (or a screen reader) last focused a field
};
FieldLayer layer;

enum FieldEvent { kInput = 0, kFocus = 1, kBlur = 2, kEnter = 3, kTab = 4, kShiftTab = 5, kEscape = 6 };
}  // namespace

EM_JS(void, js_fields_install, (), { Module.portalFieldsInstall(); });

EM_JS(void, js_field_place,
      (unsigned id, int kind, float x, float y, float w, float h, float cx0, float cy0, float cx1, float cy1, float pad_x,
       float pad_y, float font_height, unsigned text_rgba, unsigned placeholder_rgba, unsigned selection_rgba,
       const char* label, const char* placeholder, const char* autocomplete, const char* value, int invalid,
       int state, unsigned described_by),
      {
    const F = Module.portalFields;
    id = id >>> 0;
    const multiline = kind === 4;
    let el = F.els.get(id);
    if (el && (el.tagName === 'TEXTAREA') !== multiline) { el.remove(); F.els.delete(id); el = null; }
    if (!el) el = F.make(id, multiline);
    F.seen.add(id);
    const css = (c) => 'rgba(' + (c & 255) + ',' + ((c >>> 8) & 255) + ',' + ((c >>> 16) & 255) + ',' + (((c >>> 24) & 255) / 255).toFixed(3) + ')';
    const R = Module.portalRaster;
    const em = R ? R.emPerHeight : 0.734;
    const style = [x, y, w, h, cx0, cy0, cx1, cy1, pad_x, pad_y, font_height, text_rgba, placeholder_rgba, selection_rgba].join(',');
    if (el._style !== style) {
        el._style = style;
        const top = Math.max(0, cy0 - y), left = Math.max(0, cx0 - x);
        const right = Math.max(0, x + w - cx1), bottom = Math.max(0, y + h - cy1);
        const hidden = top + bottom >= h || left + right >= w;
        el.style.cssText = 'left:' + x + 'px;top:' + y + 'px;width:' + w + 'px;height:' + h + 'px;' +
            'padding:' + (multiline ? pad_y : 0) + 'px ' + pad_x + 'px;' +
            'font-size:' + (font_height * em).toFixed(3) + 'px;line-height:' + (multiline ? font_height + 'px' : 'normal') + ';' +
            'color:' + css(text_rgba) + ';caret-color:' + css(text_rgba) + ';' +
            '--placeholder:' + css(placeholder_rgba) + ';--selection:' + css(selection_rgba) + ';' +
            // Scrolled out of its window: drawn nowhere, but still there for a screen reader.
            (hidden ? 'clip-path:inset(50%);pointer-events:none;'
                    : (top || left || right || bottom) ? 'clip-path:inset(' + top + 'px ' + right + 'px ' + bottom + 'px ' + left + 'px);' : "");
    }
    const type = kind === 1 ? 'password' : kind === 2 ? 'email' : 'text';
    if (!multiline && el.type !== type) el.type = type;
    if (!multiline) el.inputMode = kind === 3 ? 'numeric' : kind === 2 ? 'email' : 'text';
    const attrs = {'aria-label': UTF8ToString(label), placeholder: UTF8ToString(placeholder),
                   autocomplete: UTF8ToString(autocomplete) || 'off'};
    for (const k in attrs) if (el.getAttribute(k) !== attrs[k]) el.setAttribute(k, attrs[k]);
    if (kind === 1 || kind === 2) el.spellcheck = false;
    if (invalid) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid');
    const about = described_by ? 'sem-' + (described_by >>> 0) : null;   // the error text, in the semantic layer
    if (about && el.getAttribute('aria-describedby') !== about) el.setAttribute('aria-describedby', about);
    if (!about) el.removeAttribute('aria-describedby');
    el.toggleAttribute('aria-required', !!(state & 1));
    el.readOnly = !!(state & 2);
    if (value) {
        const v = UTF8ToString(value);
        if (el.value !== v) el.value = v;          // restored drafts, canned replies, cleared forms
    }
});

EM_JS(void, js_fields_end_frame, (), {
    const F = Module.portalFields;
    if (!F) return;
    F.els.forEach((el, id) => {
        if (F.seen.has(id)) return;
        if (document.activeElement === el) document.getElementById('canvas').focus({preventScroll: true});
        el.remove();
        F.els.delete(id);
        _platform_field_forget(id);
    });
    F.seen.clear();
});

EM_JS(void, js_field_focus, (unsigned id, int focus), {
    const F = Module.portalFields;
    const el = F && F.els.get(id >>> 0);
    if (!el) return;
    if (focus && document.activeElement !== el) el.focus({preventScroll: true});
    if (!focus && document.activeElement === el) document.getElementById('canvas').focus({preventScroll: true});
});

extern "C" {
EMSCRIPTEN_KEEPALIVE void platform_field_event(unsigned id, int type, const char* text) {
    ImGuiIO& io = ImGui::GetIO();
    switch (type) {
        case kInput: layer.pending[id] = text ? text : ""; break;
        case kFocus:
            layer.focused = id;
            layer.focus_requests.insert(id);
            layer.dom_focus_frame = ImGui::GetFrameCount();
            break;
        case kBlur: if (layer.focused == id) layer.focused = 0; break;
        case kEnter: layer.enters.insert(id); break;
        case kTab:
        case kShiftTab:                            // ImGui owns the focus order
            io.AddKeyEvent(ImGuiMod_Shift, type == kShiftTab);
            io.AddKeyEvent(ImGuiKey_Tab, true);
            io.AddKeyEvent(ImGuiKey_Tab, false);
            io.AddKeyEvent(ImGuiMod_Shift, false);
            break;
        case kEscape:
            io.AddKeyEvent(ImGuiKey_Escape, true);
            io.AddKeyEvent(ImGuiKey_Escape, false);
            break;
        default: break;
    }
    platform::request_redraw(3);
}

EMSCRIPTEN_KEEPALIVE void platform_field_forget(unsigned id) {
    layer.sent.erase(id);
    layer.pending.erase(id);
    if (layer.focused == id) layer.focused = 0;
}
}

namespace platform {

void field_place(const FieldPlacement& p, std::string& value, bool& changed) {
    js_fields_install();
    changed = false;
    if (auto it = layer.pending.find(p.id); it != layer.pending.end()) {
        changed = it->second != value;
        value = std::move(it->second);
        layer.pending.erase(it);
        layer.sent[p.id] = value;              // the element already shows it
    }
    auto sent = layer.sent.find(p.id);
    const bool send_value = sent == layer.sent.end() || sent->second != value;
    if (send_value) layer.sent[p.id] = value;
    js_field_place(p.id, static_cast<int>(p.kind), p.box.x, p.box.y, p.box.w, p.box.h, p.box.clip_x0, p.box.clip_y0,
                   p.box.clip_x1, p.box.clip_y1, p.pad_x,
                   p.pad_y, p.font_height, p.text_rgba, p.placeholder_rgba, p.selection_rgba, p.label, p.placeholder,
                   p.autocomplete, send_value ? value.c_str() : nullptr, p.invalid,
                   (p.required ? 1 : 0) | (p.read_only ? 2 : 0), p.described_by);
}

unsigned field_focused() { return layer.focused; }

bool field_take_focus_request(unsigned id) { return layer.focus_requests.erase(id) > 0; }

// ImGui moved focus (Tab): the element follows, unless the page just moved it
// itself and ImGui is still catching up (it would steal the focus back).
void field_focus(unsigned id) {
    if (ImGui::GetFrameCount() - layer.dom_focus_frame < 4) return;
    js_field_focus(id, 1);
}

void field_blur(unsigned id) { js_field_focus(id, 0); }

bool field_take_enter(unsigned id) { return layer.enters.erase(id) > 0; }

void fields_end_frame() {
    layer.focus_requests.clear();              // a request for a field no longer drawn is moot
    js_fields_end_frame();
}

}  // namespace platform
