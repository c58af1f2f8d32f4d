// Widgets the views use: ImGui's own, plus std::string editing and registration
// with the test interface under the label a person reads on screen.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"
#include "ui/text.h"

namespace ui {

// Records the last item's screen rectangle (and value) for the test interface.
void track(const std::string& label, const std::string& value = "");

bool button(const char* label, const ImVec2& size = ImVec2(0, 0));
bool primary_button(const char* label, const ImVec2& size = ImVec2(0, 0));
// A button that is a link to `href` ("/issues/42"): middle-click and "open in new tab" work.
bool nav_link(const char* label, const std::string& href, bool current = false);
bool radio(const char* label, bool selected, const std::string& group);
// Radios drawn between these are one group named by its question, with the keys of a web
// radio group: arrows choose the next or previous radio (focus moves with the choice, and
// wraps), Tab stops only on the chosen one (the first while none is).
void radio_group_begin(const std::string& name, unsigned sem_flags = 0);
void radio_group_end();
// A labelled single-line field; the label sits above it, as on a web form.
bool text_field(const char* label, std::string& value, const char* hint = "", float width = -1,
                ImGuiInputTextFlags flags = 0, const char* autocomplete = nullptr);
bool text_area(const char* label, std::string& value, float height);
// Unlabelled inputs for callers that draw their own label.
bool text_input_raw(const char* id, std::string& value, const char* hint, float width, ImGuiInputTextFlags flags = 0,
                    const char* name = nullptr);
bool text_area_raw(const char* id, std::string& value, float height, float width, const char* name = nullptr);
// The next text field is wrong: aria-invalid, and described by the error_text drawn with the
// same key (before or after it). A field's own error, or one error for several fields.
void next_field_invalid(const char* error_key);
void error_text(const std::string& message, const char* error_key);
bool field_edited();                       // the last text field's text was changed by the person
// Enter was pressed in a single-line field since the last call (a form's submit).
bool take_enter();

// A checkbox whose label wraps and toggles it too; tracked under its label.
bool checkbox(const char* label, bool* value);

// A drop-down (ImGui::Combo) that is a real <select> for assistive technology.
bool combo(const char* id, const char* name, int* index, const char* const items[], int count);

// The same for options in any script (organization names): drawn with ui::text. -1: none chosen yet.
bool choice(const char* id, const char* name, int* index, const std::vector<std::string>& items,
            const char* placeholder = "");

// ImGui::TableNextColumn, and a cell for the semantic layer.
void next_column();

// Before the next button in a row: stays on this line when `label` still fits, else wraps.
void same_line_if_fits(const char* label, float right_edge);
void same_line_if_fits(float item_width, float right_edge);   // an item of this width

void heading(const std::string& title);       // the screen's title (h1)
void subheading(const std::string& title);    // a section's title (h2)
void strong(const std::string& text);     // semibold, wrapped
void muted(const std::string& text);
void muted_line(const std::string& text);     // one line, never wrapped (a table cell's second line)

}  // namespace ui
