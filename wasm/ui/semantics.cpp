#include "ui/semantics.h"

#include <unordered_map>
#include <vector>

#include "imgui_internal.h"
#include "platform/fonts.h"

namespace ui::sem {

namespace {
struct TableState {
    std::size_t depth = 0;                 // parents.size() when the table began
    unsigned id = 0;
    int cell = 0;
    bool in_row = false;
};

struct FrameSemantics {
    TableState table;
    int region = 1;
    int quiet = 0;
    std::vector<unsigned> parents;
    std::unordered_map<ImGuiID, int> repeats;   // the same text twice in a window gets two ids
};
FrameSemantics frame;

unsigned text_id(const std::string& name) {
    // Seeded apart from ImGui's own ids: a heading "Sign in" must not be the button "Sign in".
    const ImGuiID seed = ImGui::GetCurrentWindow()->ID ^ 0x7E47A11Du ^ (static_cast<ImGuiID>(frame.parents.size()) << 24);
    const ImGuiID base = ImHashStr(name.c_str(), name.size(), seed);
    const ImGuiID id = base + static_cast<ImGuiID>(frame.repeats[base]++) * 0x9E3779B9u;
    return id ? id : 1;
}
}  // namespace

void begin_frame() {
    frame.region = 1;
    frame.quiet = 0;
    frame.parents.clear();
    frame.repeats.clear();
}

void set_region(int region) { frame.region = region; }

unsigned describe(platform::SemRole role, const std::string& name, unsigned flags, const std::string& value,
                  const std::string& href, unsigned id) {
    return describe_rect(role, name, ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), flags, value, href, id);
}

unsigned describe_rect(platform::SemRole role, const std::string& name, const ImRect& rect, unsigned flags,
                       const std::string& value, const std::string& href, unsigned id) {
    if (!platform::sem_enabled()) return id;
    const bool text_like = role == platform::SemRole::Text || role == platform::SemRole::Heading1 ||
                           role == platform::SemRole::Heading2;
    if (id == 0) id = text_like ? text_id(name) : ImGui::GetItemID();
    if (id == 0) id = text_id(name);
    const bool interactive = role == platform::SemRole::Button || role == platform::SemRole::Link ||
                             role == platform::SemRole::Checkbox || role == platform::SemRole::Radio;
    if (interactive) {                     // a screen reader focused or activated the element
        if (platform::sem_take_focus_request(id)) ImGui::SetKeyboardFocusHere(-1);
        if (platform::sem_take_activate_request(id)) {   // scrolled into view first: a clipped item ignores it
            if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
            ImGui::ActivateItemByID(id);
        }
    }
    const ImVec2 min = rect.Min, max = rect.Max;
    const float screen_h = ImGui::GetIO().DisplaySize.y;
    // Far off screen is left out (long lists are virtualised by their clipper already);
    // a page of a few screens is whole, so find in page and a screen reader reach all of it.
    if (max.y < -10 * screen_h || min.y > 20 * screen_h) return id;
    // A row's link spans every column: clip it by the table's area, not by its first column's.
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImRect clip = role == platform::SemRole::Link ? window->InnerClipRect : window->ClipRect;
    platform::SemNode n;
    n.id = id;
    n.parent = frame.parents.empty() ? 0 : frame.parents.back();
    n.role = role;
    n.region = frame.region;
    n.box = screen_box(min, max, clip);
    n.flags = flags;
    if (text_like) {
        n.font_height = ImGui::GetFontSize();
        const ImFont* f = ImGui::GetFont();
        if (f == platform::font(platform::FontRole::Strong) || f == platform::font(platform::FontRole::Title))
            n.flags |= platform::kSemStrong;
    }
    n.name = name.c_str();
    n.value = value.c_str();
    n.href = href.c_str();
    platform::sem_add(n);
    return id;
}

void table_begin(const std::string& name) {
    ImGuiTable* table = ImGui::GetCurrentTable();
    if (!table || !platform::sem_enabled()) return;
    frame.table = TableState{frame.parents.size(), table->ID, 0, false};
    describe_rect(platform::SemRole::Table, name, table->OuterRect, 0, "", "", table->ID ^ 0x7AB1Eu);
    push(table->ID ^ 0x7AB1Eu);
    describe_rect(platform::SemRole::Row, "", table->OuterRect, 0, "", "", table->ID ^ 0x4EADu);
    push(table->ID ^ 0x4EADu);
    for (int c = 0; c < ImGui::TableGetColumnCount(); ++c)
        describe_rect(platform::SemRole::ColumnHeader, ImGui::TableGetColumnName(c), table->OuterRect, 0, "", "",
                      table->ID ^ (0xC0u + static_cast<unsigned>(c)));
    pop();
}

void table_row(unsigned id) {
    if (!platform::sem_enabled() || frame.table.id == 0) return;
    frame.parents.resize(frame.table.depth + 1);   // back to the table
    const unsigned key[2] = {frame.table.id, id};
    const unsigned row = ImHashData(key, sizeof key, 0x90Bu);
    describe_rect(platform::SemRole::Row, "", ImGui::GetCurrentTable()->OuterRect, 0, "", "", row);
    push(row);
    frame.table.cell = 0;
    frame.table.in_row = true;
}

void table_cell() {
    if (!platform::sem_enabled() || !frame.table.in_row) return;
    frame.parents.resize(frame.table.depth + 2);   // back to the row
    const unsigned key[2] = {frame.parents.back(), static_cast<unsigned>(frame.table.cell++)};
    const unsigned cell = ImHashData(key, sizeof key, 0xCE11u);
    describe_rect(platform::SemRole::Cell, "", ImGui::GetCurrentTable()->OuterRect, 0, "", "", cell);
    push(cell);
}

void table_end() {
    if (frame.table.id == 0) return;
    frame.parents.resize(frame.table.depth);
    frame.table = TableState{};
}

void push(unsigned id) { frame.parents.push_back(id); }

void pop() {
    if (!frame.parents.empty()) frame.parents.pop_back();
}

platform::ScreenBox screen_box(ImVec2 min, ImVec2 max, const ImRect& clip) {
    return platform::ScreenBox{min.x, min.y, max.x - min.x, max.y - min.y, clip.Min.x, clip.Min.y, clip.Max.x, clip.Max.y};
}

Quiet::Quiet() { ++frame.quiet; }
Quiet::~Quiet() { --frame.quiet; }
bool quiet() { return frame.quiet > 0; }

void radio_group_begin(const std::string& name, unsigned flags) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    push(describe_rect(platform::SemRole::RadioGroup, name, ImRect(at, at), flags, "", "", ImGui::GetID(("##group" + name).c_str())));
}

void radio_group_end() { pop(); }

}  // namespace ui::sem
