// Entry point: fetch the fonts while the runner starts, then draw.
#include <emscripten/html5.h>

#include "app.h"
#include "platform/fonts.h"
#include "platform/platform.h"

int main() {
    platform::fonts_fetch("fonts/", [](bool ok) {
        if (!ok) {
            platform::show_fatal_error("The portal could not load its fonts. Check your connection and reload the page.");
            return;
        }
        platform::renderer_rebuild_fonts(static_cast<float>(emscripten_get_device_pixel_ratio()));
        platform::request_redraw(3);
    });
    platform::run("#canvas", platform::AppCallbacks{app::start, app::frame});
    return 0;
}
