// DOM KeyboardEvent.key / .code to ImGuiKey.
#pragma once
#include "imgui.h"

namespace platform {
ImGuiKey key_from_dom(const char* key, const char* code);
bool is_function_key(ImGuiKey key);
}  // namespace platform
