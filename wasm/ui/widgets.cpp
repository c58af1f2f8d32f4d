#include "ui/widgets.h"

#include <algorithm>
#include <unordered_map>

#include "imgui_internal.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/semantics.h"
#include "ui/theme.h"

namespace ui {

namespace {
int entered_frame = -1;                    // the frame Enter was pressed in a single-line field
unsigned next_error = 0;                   // the next field's error text (its semantic id), 0: none
bool last_field_changed = false;

struct RadioGroup {
    ImGuiID id = 0;
    std::vector<ImGuiID> radios;           // this frame's, in order
    int chosen = -1, focused = -1;         // indexes in `radios`
};
RadioGroup group;                          // the group being drawn
std::unordered_map<ImGuiID, int> chosen_before;   // each group's choice last frame: its Tab stop
ImGuiID arrow_pick = 0;                    // the radio an arrow key chose, chosen as it is drawn

unsigned error_id(const char* key) { return ImGui::GetID((std::string("##error-") + key).c_str()); }

std::string hidden_id(const char* label) { return std::string("##") + label; }

// "Open #12##row" -> "Open #12": what a person reads.
std::string visible_label(const char* label) {
    const char* end = ImGui::FindRenderedTextEnd(label);
    return std::string(label, end);
}

struct FieldSpec {
    const char* id;                        // ImGui id ("##email")
    const char* name;                      // accessible name
    const char* hint;
    ImVec2 size;                           // width (-1: fill); height only for multi-line
    ImGuiInputTextFlags flags;
    platform::FieldKind kind;
    const char* autocomplete = nullptr;    // default: by kind
};

// ImGui draws the frame and keeps the focus order; a real field placed over it
// holds and draws the text. Returns true when the text changed, or, with
// EnterReturnsTrue, when Enter was pressed in it.
bool edit_text(const FieldSpec& f, std::string& value) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImGuiID id = window->GetID(f.id);
    if (platform::field_take_focus_request(id)) ImGui::ActivateItemByID(id);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_TextDisabled, ImVec4(0, 0, 0, 0));
    const ImGuiInputTextFlags ro = ImGuiInputTextFlags_ReadOnly;
    if (f.kind == platform::FieldKind::Multiline) {
        ImGui::InputTextMultiline(f.id, value.data(), value.size() + 1, f.size, ro | ImGuiInputTextFlags_NoHorizontalScroll);
    } else {
        ImGui::SetNextItemWidth(f.size.x);
        ImGui::InputText(f.id, value.data(), value.size() + 1, ro);
    }
    ImGui::PopStyleColor(2);
    const ImGuiStyle& st = ImGui::GetStyle();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const ImRect clip = window->ClipRect;
    platform::FieldPlacement p;
    p.id = id;
    p.kind = f.kind;
    p.box = sem::screen_box(min, max, clip);
    p.pad_x = st.FramePadding.x;
    p.pad_y = st.FramePadding.y;
    p.font_height = ImGui::GetFontSize();
    p.text_rgba = ImGui::GetColorU32(ImGuiCol_Text);
    p.placeholder_rgba = ImGui::GetColorU32(theme().muted_text);
    p.selection_rgba = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
    p.label = f.name;
    p.placeholder = f.hint;
    p.read_only = (f.flags & ImGuiInputTextFlags_ReadOnly) != 0;
    p.invalid = next_error != 0;
    p.described_by = next_error;
    next_error = 0;
    p.autocomplete = f.autocomplete                          ? f.autocomplete
                     : f.kind == platform::FieldKind::Email    ? "username"
                     : f.kind == platform::FieldKind::Password ? "current-password"
                                                               : "off";
    bool changed = false;
    platform::field_place(p, value, changed);
    last_field_changed = changed;
    sem::describe(platform::SemRole::Field, f.name, 0, "", "", id);
    if (ImGui::IsItemActivated() && platform::field_focused() != id) platform::field_focus(id);
    if (ImGui::IsItemDeactivated() && platform::field_focused() == id) platform::field_blur(id);
    const bool entered = f.kind != platform::FieldKind::Multiline && platform::field_take_enter(id);
    if (entered) entered_frame = ImGui::GetFrameCount();
    return (f.flags & ImGuiInputTextFlags_EnterReturnsTrue) ? entered : changed;
}

platform::FieldKind kind_of(ImGuiInputTextFlags flags, const char* label) {
    if (flags & ImGuiInputTextFlags_Password) return platform::FieldKind::Password;
    if (flags & ImGuiInputTextFlags_CharsDecimal) return platform::FieldKind::Number;
    if (std::string(label) == "Email") return platform::FieldKind::Email;
    return platform::FieldKind::Text;
}
}  // namespace

void track(const std::string& label, const std::string& value) {
    if (platform::test_take_reveal(label)) ImGui::ScrollToItem(ImGuiScrollFlags_AlwaysCenterY);   // parents too
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool focused = g.NavId != 0 && g.NavId == g.LastItemData.ID;
    platform::test_track(label, min.x, min.y, max.x - min.x, max.y - min.y, value, ImGui::IsItemActive(),
                        ImGui::IsItemVisible() && ImGui::IsRectVisible(min, max) &&
                            min.y >= ImGui::GetWindowPos().y && max.y <= ImGui::GetWindowPos().y + ImGui::GetWindowHeight(),
                        focused);
}

bool button(const char* label, const ImVec2& size) {
    const bool pressed = ImGui::Button(label, size);
    track(label);
    sem::describe(platform::SemRole::Button, visible_label(label),
                  (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) ? platform::kSemDisabled : 0);
    return pressed;
}

bool nav_link(const char* label, const std::string& href, bool current) {
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, theme().accent_soft);
    const bool pressed = ImGui::Button(label);
    if (current) ImGui::PopStyleColor();
    track(label);
    sem::describe(platform::SemRole::Link, visible_label(label), current ? platform::kSemCurrent : 0, "", "#" + href);
    return pressed;
}

bool radio(const char* label, bool selected, const std::string& group_name) {
    const int index = static_cast<int>(group.radios.size());
    bool tab_stop = true;
    if (group.id) {
        const auto before = chosen_before.find(group.id);
        const int chosen = before == chosen_before.end() ? -1 : before->second;
        tab_stop = index == std::max(chosen, 0);
    }
    if (!tab_stop) ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    bool pressed = ImGui::RadioButton(label, selected);
    if (!tab_stop) ImGui::PopItemFlag();
    const ImGuiID id = ImGui::GetItemID();
    if (id == arrow_pick) {                    // chosen by an arrow key: chosen and focused, as on a web page
        arrow_pick = 0;
        pressed = true;
        ImGuiContext& g = *ImGui::GetCurrentContext();
        ImGui::SetFocusID(id, ImGui::GetCurrentWindow());
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
        ImGui::ScrollToItem(ImGuiScrollFlags_KeepVisibleEdgeY);
        platform::request_redraw(3);
    }
    track(visible_label(label));
    sem::describe(platform::SemRole::Radio, visible_label(label), selected ? platform::kSemChecked : 0, group_name);
    if (group.id) {
        group.radios.push_back(id);
        if (selected || pressed) group.chosen = index;
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        if (g.NavId == id && g.ActiveId == 0) group.focused = index;
    }
    return pressed;
}

void radio_group_begin(const std::string& name, unsigned sem_flags) {
    group = RadioGroup{};
    group.id = ImGui::GetID(("##radios" + name).c_str());
    sem::radio_group_begin(name, sem_flags);
}

void radio_group_end() {
    sem::radio_group_end();
    const ImGuiKey keys[] = {ImGuiKey_DownArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow, ImGuiKey_LeftArrow};
    const int n = static_cast<int>(group.radios.size());
    if (group.focused >= 0 && n > 0) {
        // Claimed every frame the group has focus, so ImGui's own navigation does not move off the radio.
        int step = 0;
        for (int k = 0; k < 4; ++k) {
            ImGui::SetKeyOwner(keys[k], group.id);
            if (ImGui::IsKeyPressed(keys[k], group.id, ImGuiInputFlags_Repeat)) step = k < 2 ? 1 : -1;
        }
        if (step) {
            arrow_pick = group.radios[static_cast<std::size_t>((group.focused + step + n) % n)];
            platform::request_redraw(3);
        }
    }
    chosen_before[group.id] = group.chosen;
    group = RadioGroup{};
}

void subheading(const std::string& title) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    {
        sem::Quiet quiet;
        text_wrapped(title);
    }
    ImGui::PopFont();
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    sem::describe(platform::SemRole::Heading2, title);
    ImGui::PopFont();
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

bool text_field(const char* label, std::string& value, const char* hint, float width, ImGuiInputTextFlags flags,
                const char* autocomplete) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted(label);
    ImGui::PopFont();
    const std::string id = hidden_id(label);
    const bool result =
        edit_text({id.c_str(), label, hint, ImVec2(width, 0), flags, kind_of(flags, label), autocomplete}, value);
    track(label, (flags & ImGuiInputTextFlags_Password) ? std::string() : value);
    return result;
}

bool text_area(const char* label, std::string& value, float height) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted(label);
    ImGui::PopFont();
    const std::string id = hidden_id(label);
    const bool changed = edit_text({id.c_str(), label, "", ImVec2(ImGui::CalcItemWidth(), height), 0,
                                    platform::FieldKind::Multiline}, value);
    track(label, value);
    return changed;
}

bool text_input_raw(const char* id, std::string& value, const char* hint, float width, ImGuiInputTextFlags flags,
                    const char* name) {
    return edit_text({id, name && *name ? name : hint, hint, ImVec2(width, 0), flags, kind_of(flags, "")}, value);
}

bool text_area_raw(const char* id, std::string& value, float height, float width, const char* name) {
    return edit_text({id, name ? name : "", "", ImVec2(width, height), 0, platform::FieldKind::Multiline}, value);
}

void next_field_invalid(const char* error_key) { next_error = error_id(error_key); }

void error_text(const std::string& message, const char* error_key) {
    if (message.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, theme().danger);
    {
        sem::Quiet quiet;
        text_wrapped(message);
    }
    ImGui::PopStyleColor();
    sem::describe(platform::SemRole::Text, message, 0, "", "", error_id(error_key));
}

bool field_edited() { return last_field_changed; }

bool take_enter() {
    const bool entered = entered_frame == ImGui::GetFrameCount();
    entered_frame = -1;
    return entered;
}

bool checkbox(const char* label, bool* value) {
    ImGui::PushID(label);
    bool changed = ImGui::Checkbox("##box", value);
    const ImVec2 box_min = ImGui::GetItemRectMin();
    const ImGuiID box_id = ImGui::GetItemID();
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::AlignTextToFramePadding();
    {
        sem::Quiet quiet;
        text_wrapped(label);                   // a long label wraps instead of running off a phone's screen
    }
    if (ImGui::IsItemClicked()) {
        *value = !*value;
        changed = true;
    }
    const ImVec2 max = ImGui::GetItemRectMax();
    ImGui::PopID();
    const ImVec2 min = box_min;
    platform::test_track(label, min.x, min.y, max.x - min.x, max.y - min.y, *value ? "true" : "false", false,
                         ImGui::IsRectVisible(min, max), false);
    sem::describe_rect(platform::SemRole::Checkbox, label, ImRect(min, max), *value ? platform::kSemChecked : 0, "", "",
                       box_id);
    return changed;
}

bool combo(const char* id, const char* name, int* index, const char* const items[], int count) {
    bool changed = ImGui::Combo(id, index, items, count);
    int chosen = 0;
    if (platform::sem_take_select_request(ImGui::GetItemID(), chosen) && chosen >= 0 && chosen < count) {
        changed = *index != chosen;
        *index = chosen;
    }
    std::string options;
    for (int i = 0; i < count; ++i) (options += i ? "\x1d" : "") += items[i];
    sem::describe(platform::SemRole::Select, name, 0, std::to_string(*index), options);
    track(name, *index >= 0 && *index < count ? items[*index] : "");
    return changed;
}

bool choice(const char* id, const char* name, int* index, const std::vector<std::string>& items, const char* placeholder) {
    const int count = static_cast<int>(items.size());
    bool changed = false;
    if (ImGui::BeginCombo(id, "", ImGuiComboFlags_CustomPreview)) {
        sem::Quiet quiet;                      // the <select> below speaks for the options
        for (int i = 0; i < count; ++i) {
            ImGui::PushID(i);
            if (ImGui::Selectable("##option", i == *index)) {
                changed = *index != i;
                *index = i;
            }
            if (i == *index) ImGui::SetItemDefaultFocus();
            ImGui::SameLine(0, 0);
            text(items[static_cast<std::size_t>(i)]);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    const ImGuiID item = ImGui::GetItemID();
    const ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const bool chosen_ok = *index >= 0 && *index < count;
    if (ImGui::BeginComboPreview()) {
        sem::Quiet quiet;
        if (chosen_ok) {
            text(items[static_cast<std::size_t>(*index)]);
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, theme().muted_text);
            ImGui::TextUnformatted(placeholder);
            ImGui::PopStyleColor();
        }
        ImGui::EndComboPreview();
    }
    int picked = 0;
    if (platform::sem_take_select_request(item, picked) && picked >= 0 && picked < count) {
        changed = *index != picked;
        *index = picked;
    }
    std::string options;
    for (int i = 0; i < count; ++i) (options += i ? "\x1d" : "") += items[static_cast<std::size_t>(i)];
    sem::describe_rect(platform::SemRole::Select, name, rect, 0, std::to_string(*index), options, item);
    if (platform::test_take_reveal(name)) ImGui::ScrollToRect(ImGui::GetCurrentWindow(), rect, ImGuiScrollFlags_AlwaysCenterY);
    const ImVec2 min = rect.Min, max = rect.Max;
    platform::test_track(name, min.x, min.y, max.x - min.x, max.y - min.y,
                         chosen_ok ? items[static_cast<std::size_t>(*index)] : "", false, ImGui::IsRectVisible(min, max),
                         false);
    return changed;
}

void next_column() {
    ImGui::TableNextColumn();
    sem::table_cell();
}

void same_line_if_fits(const char* label, float right_edge) {
    same_line_if_fits(ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2, right_edge);
}

void same_line_if_fits(float item_width, float right_edge) {
    const float after = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + item_width;
    if (after <= ImGui::GetWindowPos().x + right_edge) ImGui::SameLine();
}

void strong(const std::string& text) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    text_wrapped(text);
    ImGui::PopFont();
}

void heading(const std::string& title) {
    ImGui::PushFont(platform::font(platform::FontRole::Title));
    {
        sem::Quiet quiet;
        text_wrapped(title);
    }
    platform::sem_heading_drawn(sem::describe(platform::SemRole::Heading1, title));
    ImGui::PopFont();
}

void muted_line(const std::string& line) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme().muted_text);
    text(line);
    ImGui::PopStyleColor();
}

void muted(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme().muted_text);
    text_wrapped(text);
    ImGui::PopStyleColor();
}

}  // namespace ui
