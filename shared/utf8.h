// UTF-8 checks: validity (no overlongs, surrogates or code points past U+10FFFF)
// and length in characters (code points), the unit every length limit uses.
#pragma once
#include <cstddef>
#include <string_view>

namespace portal {

bool is_valid_utf8(std::string_view text);
std::size_t utf8_length(std::string_view text);   // code points; assumes valid UTF-8

}  // namespace portal
