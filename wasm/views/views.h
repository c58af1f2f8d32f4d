// One function per screen; each draws from state and records intents.
#pragma once
#include "app.h"

namespace views {
void draw_home(app::State& state);
}  // namespace views
