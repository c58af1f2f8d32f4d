// Text in any script. What the UI font holds, ImGui draws from its atlas; any
// other run (CJK, Hebrew, Arabic, Devanagari, emoji, combining marks) is laid out
// and rasterised by the browser and drawn as cached textures in the same place.
#pragma once
#include <string>
#include <string_view>

#include "imgui.h"

namespace ui {

bool font_draws(std::string_view text);   // every character is in the atlas and needs no shaping

void text(const std::string& s);           // one paragraph per line break, no wrapping
void text_wrapped(const std::string& s);   // wrapped at the current text wrap position
// Drawn at `pos` without layout (overlays such as toasts); `size_of` measures the same.
void draw_text_at(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& s);
ImVec2 text_size(const std::string& s);

}  // namespace ui
