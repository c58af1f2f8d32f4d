// Renders any form definition's fields (not hand-coded per field): the widget by
// type, help beside it, and the field's error as soon as it is left.
#include "views/form_fields.h"

#include <string>

#include "imgui.h"
#include "platform/fonts.h"
#include "ui/theme.h"
#include "ui/semantics.h"
#include "ui/widgets.h"

namespace views {

namespace {

void label_line(const portal::FieldDefinition& f) {
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::TextUnformatted(f.label.c_str());
    ImGui::PopFont();
    if (f.required) {
        ImGui::SameLine(0, 4);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
        ImGui::TextUnformatted("*");
        ImGui::PopStyleColor();
    }
    if (!f.help.empty()) ui::muted(f.help);
}

void error_line(const app::ReportState& r, const std::string& id) {
    auto it = r.errors.find(id);
    if (it == r.errors.end()) return;
    ui::error_text(it->second, id.c_str());    // a text field with this error points here
    ui::track("Error " + id, it->second);
}

// The field was just left: check it on its own and show or clear its error. An
// empty field someone only passed through is not wrong yet; submit says so.
void on_left(FormView& v, const portal::FieldDefinition& f) {
    app::ReportState& r = *v.report;
    r.touched[f.id] = true;
    const bool passed_through = !r.edited[f.id] && r.draft.text[f.id].empty() && !r.errors.count(f.id);
    if (passed_through) return;
    if (auto message = app::check_field(*v.form, r.draft, v.audience, f)) r.errors[f.id] = *message;
    else r.errors.erase(f.id);
}

void changed(const FormView& v) {
    if (v.keeps_draft) app::draft_changed();
}

bool text_input(const portal::FieldDefinition& f, std::string& value, float width) {
    const std::string id = "##" + f.id;
    if (f.type == portal::FieldType::Textarea)
        return ui::text_area_raw(id.c_str(), value, 110.0f, width, f.label.c_str());
    ImGuiInputTextFlags flags = f.type == portal::FieldType::Integer ? ImGuiInputTextFlags_CharsDecimal : 0;
    const std::string hint = f.type == portal::FieldType::Date ? "YYYY-MM-DD" : f.placeholder;
    return ui::text_input_raw(id.c_str(), value, hint.c_str(), width, flags, f.label.c_str());
}

void enum_input(FormView& v, const portal::FieldDefinition& f, std::string& value) {
    ui::radio_group_begin(f.label, f.required ? platform::kSemRequired : 0);
    for (const portal::FieldOption& o : f.options) {
        if (ui::radio((o.label + "##" + f.id).c_str(), value == o.value, f.id)) {
            value = o.value;
            changed(v);
            on_left(v, f);
        }
        if (!o.help.empty()) {
            ImGui::Indent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
            ui::muted(o.help);
            ImGui::Unindent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
        }
    }
    ui::radio_group_end();
}

}  // namespace

void draw_field(FormView& v, const portal::FieldDefinition& f, float width) {
    app::ReportState& r = *v.report;
    ImGui::PushID(f.id.c_str());
    const bool focus_here = r.focus_field == f.id;
    if (focus_here) {                          // errors that lead: scroll here, then focus the input
        ImGui::SetScrollHereY(0.25f);
        r.focus_field.clear();
    }
    label_line(f);
    if (focus_here) ImGui::SetKeyboardFocusHere();
    switch (f.type) {
        case portal::FieldType::Enum:
            enum_input(v, f, r.draft.text[f.id]);
            break;
        case portal::FieldType::Boolean: {
            bool value = r.draft.flags.count(f.id) ? r.draft.flags[f.id] : f.default_bool.value_or(false);
            if (ImGui::Checkbox(("Yes##" + f.id).c_str(), &value)) {
                r.draft.flags[f.id] = value;
                changed(v);
            }
            ui::track(f.label, value ? "true" : "false");
            break;
        }
        case portal::FieldType::File: {
            ImGui::BeginDisabled(!v.takes_files);
            if (ui::button("Choose file\u2026")) app::pick_debug_archive();
            ImGui::EndDisabled();
            ImGui::SameLine();
            ui::muted(r.draft.file_id ? r.draft.file_name + " (" + std::to_string((r.draft.file_size + 1023) / 1024) + " KB), "
                                                                  "uploaded after the report is filed"
                                      : std::string("No file chosen"));
            break;
        }
        default: {
            std::string& value = r.draft.text[f.id];
            if (r.errors.count(f.id)) ui::next_field_invalid(f.id.c_str());
            if (text_input(f, value, width)) {
                r.edited[f.id] = true;
                changed(v);
            }
            ui::track(f.label, value);
            if (ImGui::IsItemDeactivated()) on_left(v, f);
        }
    }
    error_line(r, f.id);
    ImGui::Spacing();
    ImGui::PopID();
}

}  // namespace views
