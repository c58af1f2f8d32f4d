#pragma once
#include "app.h"

namespace views {
void draw_field(app::State& state, const portal::FieldDefinition& field, float width);
}
