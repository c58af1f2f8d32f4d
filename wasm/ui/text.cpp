#include "ui/text.h"

#include <algorithm>
#include <cstdint>

#include "imgui_internal.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/semantics.h"

namespace ui {

namespace {

// Marks that attach to the previous letter, joiners and variation selectors: the
// atlas may hold them, but only a shaper places them right.
bool needs_shaping(unsigned c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F) ||
           c == 0x200C || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF) || c >= 0xE0000;
}

bool strong_font() {
    const ImFont* f = ImGui::GetFont();
    return f == platform::font(platform::FontRole::Strong) || f == platform::font(platform::FontRole::Title);
}

float ratio() { return ImGui::GetIO().DisplayFramebufferScale.x; }

ImU32 text_colour() { return ImGui::GetColorU32(ImGuiCol_Text); }

float widest(const platform::TextLayout& layout, bool strong, float height) {
    float w = 0;
    for (const platform::RasterLine& line : layout.lines)
        w = std::max(w, platform::raster_line(line, strong, height, ratio(), text_colour()).width);
    return w;
}

// Draws the lines of `layout` with their top-left at `pos` (right-to-left paragraphs
// aligned to `wrap_width` when there is one); lines outside the clip rect make no texture.
void draw_lines(ImDrawList* dl, const platform::TextLayout& layout, ImVec2 pos, float wrap_width, bool strong,
                float height, ImU32 colour) {
    const ImVec4 clip = dl->_CmdHeader.ClipRect;
    for (std::size_t i = 0; i < layout.lines.size(); ++i) {
        const float top = pos.y + height * static_cast<float>(i);
        if (top > clip.w || top + height < clip.y) continue;
        const platform::LineTexture& t = platform::raster_line(layout.lines[i], strong, height, ratio(), colour);
        const float x = layout.lines[i].rtl && wrap_width > 0 ? pos.x + wrap_width - t.width + 1 : pos.x - 1;
        const ImVec2 min(x, top - t.pad);
        dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t.texture)), min,
                     ImVec2(min.x + t.width, min.y + t.height));
    }
}

void raster_block(const std::string& s, float wrap_width) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return;
    const float height = ImGui::GetFontSize();
    const bool strong = strong_font();
    const platform::TextLayout& layout = platform::raster_layout(s, strong, height, wrap_width);
    const ImVec2 pos(window->DC.CursorPos.x, window->DC.CursorPos.y + window->DC.CurrLineTextBaseOffset);
    const float lines_h = height * static_cast<float>(std::max<std::size_t>(1, layout.lines.size()));
    float width = wrap_width;
    if (width <= 0) {
        const bool visible = ImGui::IsRectVisible(pos, ImVec2(pos.x + 1, pos.y + lines_h));
        width = visible ? widest(layout, strong, height) : 0;
    }
    const ImRect bb(pos, ImVec2(pos.x + width, pos.y + lines_h));
    ImGui::ItemSize(bb.GetSize(), 0.0f);
    if (!ImGui::ItemAdd(bb, 0)) return;
    draw_lines(window->DrawList, layout, pos, wrap_width, strong, height, text_colour());
}

}  // namespace

bool font_draws(std::string_view text) {
    const ImFont* font = ImGui::GetFont();
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        if (static_cast<unsigned char>(*p) < 0x80) { ++p; continue; }
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, p, end);
        p += n > 0 ? n : 1;
        if (needs_shaping(c) || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
    }
    return true;
}

void text(const std::string& s) {
    if (font_draws(s)) ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
    else raster_block(s, 0);
    if (!sem::quiet() && !s.empty()) sem::describe(platform::SemRole::Text, s);
}

void text_wrapped(const std::string& s) {
    const float outer = ImGui::GetCurrentWindow()->DC.TextWrapPos;   // a card's edge, as ImGui::TextWrapped keeps it
    ImGui::PushTextWrapPos(outer >= 0.0f ? outer : 0.0f);
    if (font_draws(s)) {
        ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
    } else {
        ImGuiWindow* window = ImGui::GetCurrentWindow();
        const float wrap_pos = window->DC.TextWrapPos;
        raster_block(s, ImGui::CalcWrapWidthForPos(window->DC.CursorPos, wrap_pos));
    }
    ImGui::PopTextWrapPos();
    if (!sem::quiet() && !s.empty()) sem::describe(platform::SemRole::Text, s);
}

void draw_text_at(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& s) {
    if (font_draws(s)) {
        dl->AddText(pos, colour, s.c_str(), s.c_str() + s.size());
        return;
    }
    const float height = ImGui::GetFontSize();
    draw_lines(dl, platform::raster_layout(s, strong_font(), height, 0), pos, 0, strong_font(), height, colour);
}

ImVec2 text_size(const std::string& s) {
    if (font_draws(s)) return ImGui::CalcTextSize(s.c_str(), s.c_str() + s.size());
    const float height = ImGui::GetFontSize();
    const platform::TextLayout& layout = platform::raster_layout(s, strong_font(), height, 0);
    return ImVec2(widest(layout, strong_font(), height), height * static_cast<float>(layout.lines.size()));
}

}  // namespace ui
