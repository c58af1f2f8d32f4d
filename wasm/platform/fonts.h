// The UI fonts (Open Sans from Debian's fonts-open-sans, copied into the site at
// build time), fetched once and rasterised at the screen's pixel ratio.
#pragma once
#include <functional>
#include <string>

struct ImFont;

namespace platform {

enum class FontRole { Body, Strong, Title, Small };

void fonts_fetch(const std::string& base_url, std::function<void(bool ok)> done);
bool fonts_available();
bool build_fonts(float pixel_ratio);
ImFont* font(FontRole role);

}  // namespace platform
