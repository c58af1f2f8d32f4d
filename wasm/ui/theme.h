// Colours and spacing for the light and dark themes.
#pragma once
#include "imgui.h"

namespace ui {

struct Theme {
    bool dark = false;
    ImVec4 accent, accent_hover, accent_active, on_accent;
    ImVec4 muted_text, success, warning, danger, surface, border;
    ImVec4 accent_soft, toast_bg, toast_text, notice_bg;
};

const Theme& theme();
void apply_theme(bool dark);

}  // namespace ui
