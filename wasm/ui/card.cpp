#include "ui/card.h"

#include <vector>

#include "imgui_internal.h"

namespace ui {

namespace {
struct Card {
    ImDrawListSplitter layers;             // the box is drawn under contents measured after it
    ImVec2 min;
    float width = 0;
    ImU32 fill = 0;
};
std::vector<Card> open_cards;              // cards may nest
}  // namespace

void card_begin(float width, const ImVec4& fill) {
    const ImGuiStyle& style = ImGui::GetStyle();
    Card& card = open_cards.emplace_back();
    card.min = ImGui::GetCursorScreenPos();
    card.width = width;
    card.fill = ImGui::GetColorU32(fill);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    card.layers.Split(dl, 2);
    card.layers.SetCurrentChannel(dl, 1);
    ImGui::SetCursorScreenPos(ImVec2(card.min.x + style.WindowPadding.x, card.min.y + style.WindowPadding.y));
    ImGui::BeginGroup();
    // Text wraps at the card's inner edge (ui::text_wrapped keeps a wrap position set outside it).
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * style.WindowPadding.x);
}

void card_end() {
    const ImGuiStyle& style = ImGui::GetStyle();
    Card& card = open_cards.back();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const ImVec2 max(card.min.x + card.width, ImGui::GetItemRectMax().y + style.WindowPadding.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    card.layers.SetCurrentChannel(dl, 0);
    dl->AddRectFilled(card.min, max, card.fill, style.ChildRounding);
    if (style.ChildBorderSize > 0)
        dl->AddRect(card.min, max, ImGui::GetColorU32(ImGuiCol_Border), style.ChildRounding, 0, style.ChildBorderSize);
    card.layers.Merge(dl);
    ImGui::SetCursorScreenPos(card.min);
    ImGui::Dummy(ImVec2(card.width, max.y - card.min.y));
    open_cards.pop_back();
}

}  // namespace ui
