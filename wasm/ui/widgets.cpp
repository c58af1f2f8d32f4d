#include "ui/widgets.h"

#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/theme.h"

namespace ui {

namespace {
// Grows the std::string as ImGui edits it.
int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

std::string hidden_id(const char* label) { return std::string("##") + label; }
}  // namespace

void track(const std::string& label, const std::string& value) {
    if (platform::test_take_reveal(label)) ImGui::SetScrollHereY(0.4f);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    platform::test_track(label, min.x, min.y, max.x - min.x, max.y - min.y, value, ImGui::IsItemActive(),
                        ImGui::IsItemVisible() && ImGui::IsRectVisible(min, max) &&
                            min.y >= ImGui::GetWindowPos().y && max.y <= ImGui::GetWindowPos().y + ImGui::GetWindowHeight());
}

bool button(const char* label, const ImVec2& size) {
    const bool pressed = ImGui::Button(label, size);
    track(label);
    return pressed;
}

bool primary_button(const char* label, const ImVec2& size) {
    ImGui::PushStyleColor(ImGuiCol_Button, theme().accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme().accent_hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme().accent_active);
    ImGui::PushStyleColor(ImGuiCol_Text, theme().on_accent);
    const bool pressed = button(label, size);
    ImGui::PopStyleColor(4);
    return pressed;
}

bool text_field(const char* label, std::string& value, const char* hint, float width, ImGuiInputTextFlags flags) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted(label);
    ImGui::PopFont();
    ImGui::SetNextItemWidth(width);
    const bool changed = ImGui::InputTextWithHint(hidden_id(label).c_str(), hint, value.data(), value.capacity() + 1,
                                                  flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
    track(label, (flags & ImGuiInputTextFlags_Password) ? std::string() : value);
    return changed;
}

bool text_area(const char* label, std::string& value, float height) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted(label);
    ImGui::PopFont();
    const bool changed = ImGui::InputTextMultiline(hidden_id(label).c_str(), value.data(), value.capacity() + 1,
                                                   ImVec2(ImGui::CalcItemWidth(), height), ImGuiInputTextFlags_CallbackResize,
                                                   resize_callback, &value);
    track(label, value);
    return changed;
}

bool text_input_raw(const char* id, std::string& value, const char* hint, float width, ImGuiInputTextFlags flags) {
    ImGui::SetNextItemWidth(width);
    return ImGui::InputTextWithHint(id, hint, value.data(), value.capacity() + 1,
                                    flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
}

bool text_area_raw(const char* id, std::string& value, float height, float width) {
    return ImGui::InputTextMultiline(id, value.data(), value.capacity() + 1, ImVec2(width, height),
                                     ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
}

void same_line_if_fits(const char* label, float right_edge) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float width = ImGui::CalcTextSize(label, nullptr, true).x + st.FramePadding.x * 2;
    const float after = ImGui::GetItemRectMax().x + st.ItemSpacing.x + width;
    if (after <= ImGui::GetWindowPos().x + right_edge) ImGui::SameLine();
}

void text_wrapped(const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
}

void heading(const char* text) {
    ImGui::PushFont(platform::font(platform::FontRole::Title));
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

void muted(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme().muted_text);
    text_wrapped(text);
    ImGui::PopStyleColor();
}

}  // namespace ui
