#include "ui/theme.h"

namespace ui {

namespace {
Theme current;

ImVec4 rgb(unsigned hex, float alpha = 1.0f) {
    return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, alpha);
}
}  // namespace

const Theme& theme() { return current; }

void apply_theme(bool dark) {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    s.WindowPadding = ImVec2(24, 20);
    s.FramePadding = ImVec2(10, 7);
    s.ItemSpacing = ImVec2(10, 8);
    s.CellPadding = ImVec2(10, 8);
    s.FrameRounding = 6;
    s.WindowRounding = 0;
    s.ChildRounding = 8;
    s.PopupRounding = 6;
    s.GrabRounding = 6;
    s.ScrollbarSize = 12;
    s.ScrollbarRounding = 6;
    s.WindowBorderSize = 0;
    s.FrameBorderSize = 1;
    ImVec4* c = s.Colors;
    current.dark = dark;
    if (dark) {
        ImGui::StyleColorsDark(&s);
        c[ImGuiCol_WindowBg] = rgb(0x16181D);
        c[ImGuiCol_ChildBg] = rgb(0x1E2128);
        c[ImGuiCol_Text] = rgb(0xE8EAED);
        c[ImGuiCol_FrameBg] = rgb(0x23262E);
        c[ImGuiCol_Border] = rgb(0x3A3F4B);
        c[ImGuiCol_Button] = rgb(0x2A2E37);           // neutral buttons, so the current page's link stands out
        c[ImGuiCol_ButtonHovered] = rgb(0x353A46);
        c[ImGuiCol_ButtonActive] = rgb(0x404655);
        current.accent = rgb(0x6A8DFF);
        current.accent_hover = rgb(0x819FFF);
        current.accent_active = rgb(0x5577EE);
        current.on_accent = rgb(0x0B0D12);
        current.muted_text = rgb(0xA4AAB6);
        current.success = rgb(0x4CC38A);
        current.warning = rgb(0xF2B84B);
        current.danger = rgb(0xFF7B7B);
        current.surface = rgb(0x1E2128);
        current.accent_soft = rgb(0x34488F);
        current.toast_bg = rgb(0xE8EAED);
        current.toast_text = rgb(0x16181D);
        current.notice_bg = rgb(0x2A2F3A);
    } else {
        ImGui::StyleColorsLight(&s);
        c[ImGuiCol_WindowBg] = rgb(0xF6F7F9);
        c[ImGuiCol_ChildBg] = rgb(0xFFFFFF);
        c[ImGuiCol_PopupBg] = rgb(0xFFFFFF);
        c[ImGuiCol_Text] = rgb(0x192147);
        c[ImGuiCol_FrameBg] = rgb(0xFFFFFF);
        c[ImGuiCol_FrameBgHovered] = rgb(0xF0F3FF);
        c[ImGuiCol_FrameBgActive] = rgb(0xE8EDFF);
        c[ImGuiCol_Border] = rgb(0xD4D8E1);
        c[ImGuiCol_Button] = rgb(0xE9ECF2);
        c[ImGuiCol_ButtonHovered] = rgb(0xDDE2EC);
        c[ImGuiCol_ButtonActive] = rgb(0xCFD6E4);
        c[ImGuiCol_Header] = rgb(0xE9EDFB);
        c[ImGuiCol_HeaderHovered] = rgb(0xDDE4FA);
        c[ImGuiCol_HeaderActive] = rgb(0xD0DAF8);
        c[ImGuiCol_TableHeaderBg] = rgb(0xEEF0F5);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xFAFBFC);
        c[ImGuiCol_TableBorderStrong] = rgb(0xD4D8E1);
        c[ImGuiCol_TableBorderLight] = rgb(0xE5E8EE);
        c[ImGuiCol_TextSelectedBg] = rgb(0x6A8DFF, 0.35f);
        current.accent = rgb(0x3E5FD6);
        current.accent_hover = rgb(0x3352C2);
        current.accent_active = rgb(0x2A45A8);
        current.on_accent = rgb(0xFFFFFF);
        current.muted_text = rgb(0x515774);
        current.success = rgb(0x1F7A4D);
        current.warning = rgb(0x8A5A00);
        current.danger = rgb(0xC0262D);
        current.surface = rgb(0xFFFFFF);
        current.accent_soft = rgb(0xDCE3FB);
        current.toast_bg = rgb(0x192147);
        current.toast_text = rgb(0xFFFFFF);
        current.notice_bg = rgb(0xFFF6E0);
    }
    current.border = c[ImGuiCol_Border];
}

}  // namespace ui
