// Renders any form definition's fields, for the real report and for the CSE preview.
#pragma once
#include <functional>

#include "app.h"

namespace views {

struct FormView {
    const portal::FormDefinition* form = nullptr;
    app::ReportState* report = nullptr;
    portal::Audience audience = portal::Audience::Customer;
    bool keeps_draft = true;                   // the real report is saved as it is typed
    bool takes_files = true;
};

void draw_field(FormView& view, const portal::FieldDefinition& field, float width);
void draw_form_section(FormView& view, const portal::FormSection& section, float width,
                       const std::function<void(const portal::FieldDefinition&)>& after_field = {});

}  // namespace views
