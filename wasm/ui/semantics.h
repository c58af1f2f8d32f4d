// What each widget is, for the semantic layer (platform::sem_*): the ui:: helpers
// describe what they draw, so a new screen is accessible without extra work.
#pragma once
#include <string>

#include "imgui.h"
#include "platform/platform.h"

struct ImRect;

namespace ui::sem {

void begin_frame();
void set_region(int region);               // 0: the navigation bar, 1: the page
// Describes the last item drawn (its rectangle, clipped as the canvas clips it).
// `id` 0: the last item's ImGui id, or one made from the text for plain text.
unsigned describe(platform::SemRole role, const std::string& name, unsigned flags = 0, const std::string& value = "",
                  const std::string& href = "", unsigned id = 0);
unsigned describe_rect(platform::SemRole role, const std::string& name, const ImRect& rect, unsigned flags = 0,
                       const std::string& value = "", const std::string& href = "", unsigned id = 0);
void push(unsigned id);                    // later nodes go inside this one (tables, rows, cells)
void pop();

// Radio buttons drawn between these are one group named by its question ("Impact level").
void radio_group_begin(const std::string& name, unsigned flags = 0);
void radio_group_end();

// Tables (call inside BeginTable/EndTable): a table with its column headers, then
// rows and cells, so a screen reader can move by row and column and hears the headers.
void table_begin(const std::string& name);  // after the columns are set up: the headers row too
void table_row(unsigned id);                // starts a row (ends the previous one)
void table_cell();                          // starts the row's next cell
void table_end();

// While alive, text drawn by helpers is not described on its own (it is part of a
// widget that describes itself: a checkbox's label, a heading, a link's row).
struct Quiet {
    Quiet();
    ~Quiet();
    Quiet(const Quiet&) = delete;
    Quiet& operator=(const Quiet&) = delete;
};
bool quiet();

// The rectangle min..max as the canvas shows it inside `clip`.
platform::ScreenBox screen_box(ImVec2 min, ImVec2 max, const ImRect& clip);

}  // namespace ui::sem
