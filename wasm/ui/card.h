// A filled, bordered box around what is drawn between card_begin and card_end (a
// reply, a banner). Unlike a child window, a card's contents are laid out and
// described every frame even when scrolled out of view, so find in page and a
// screen reader reach a reply far down the page.
#pragma once
#include "imgui.h"

namespace ui {

void card_begin(float width, const ImVec4& fill);
void card_end();

}  // namespace ui
