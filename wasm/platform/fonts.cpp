#include "fonts.h"

#include <emscripten.h>

#include <memory>

#include "imgui.h"
#include "platform.h"

// The same bytes become the page's "PortalSans", for text fields and for text the
// browser rasterises, so both match the canvas. Returns ImGui's height-to-em and
// height-to-ascent ratios (stb_truetype sizes a font by hhea ascent - descent).
EM_JS(void, js_register_font, (const char* data, int size, int weight, float* out), {
    const bytes = HEAPU8.slice(data, data + size);
    const dv = new DataView(bytes.buffer);
    let head = 0, hhea = 0;
    for (let i = 0, n = dv.getUint16(4); i < n; i++) {
        const rec = 12 + 16 * i;
        const tag = String.fromCharCode(bytes[rec], bytes[rec + 1], bytes[rec + 2], bytes[rec + 3]);
        if (tag === 'head') head = dv.getUint32(rec + 8);
        if (tag === 'hhea') hhea = dv.getUint32(rec + 8);
    }
    const upm = dv.getUint16(head + 18), ascent = dv.getInt16(hhea + 4), descent = dv.getInt16(hhea + 6);
    HEAPF32[out >> 2] = upm / (ascent - descent);
    HEAPF32[(out >> 2) + 1] = ascent / (ascent - descent);
    try {
        const face = new FontFace('PortalSans', bytes.buffer, {weight: String(weight)});
        document.fonts.add(face);
        face.load().catch(() => {});
    } catch (e) {}
});

namespace platform {
namespace {

struct FontFiles {
    std::string regular, semibold;
    int pending = 0;
    bool failed = false;
    ImFont* fonts[4] = {};
};
FontFiles files;

// Latin, Latin-1, Latin Extended A/B, Greek, Cyrillic, punctuation, currency,
// arrows, math operators and the few symbols the UI draws.
const ImWchar kRanges[] = {0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x04FF, 0x1E00, 0x1EFF,
                           0x2000, 0x206F, 0x20A0, 0x20CF, 0x2100, 0x214F, 0x2190, 0x21FF,
                           0x2200, 0x22FF, 0x25A0, 0x25FF, 0};

ImFont* add(ImFontAtlas* atlas, std::string& data, float size_px, float ratio) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;      // the bytes stay in FontFiles for rebuilds
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    return atlas->AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()), size_px * ratio, &cfg, kRanges);
}

void register_with_page() {
    float metrics[2] = {};
    js_register_font(files.semibold.data(), static_cast<int>(files.semibold.size()), 600, metrics);
    js_register_font(files.regular.data(), static_cast<int>(files.regular.size()), 400, metrics);
    raster_set_metrics(metrics[0], metrics[1]);
}

}  // namespace

void fonts_fetch(const std::string& base_url, std::function<void(bool ok)> done) {
    auto shared_done = std::make_shared<std::function<void(bool)>>(std::move(done));
    files.pending = 2;
    auto fetch_one = [shared_done](const std::string& url, std::string* into) {
        http_request("GET", url, "", {}, [shared_done, into](const HttpResponse& r) {
            if (r.status == 200) *into = r.body;
            else files.failed = true;
            if (--files.pending == 0) {
                if (!files.failed) register_with_page();
                (*shared_done)(!files.failed);
            }
        });
    };
    fetch_one(base_url + "OpenSans-Regular.ttf", &files.regular);
    fetch_one(base_url + "OpenSans-Semibold.ttf", &files.semibold);
}

bool fonts_available() { return !files.regular.empty() && !files.semibold.empty(); }

bool build_fonts(float ratio) {
    if (!fonts_available()) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    files.fonts[static_cast<int>(FontRole::Body)] = add(io.Fonts, files.regular, 16.0f, ratio);
    files.fonts[static_cast<int>(FontRole::Strong)] = add(io.Fonts, files.semibold, 16.0f, ratio);
    files.fonts[static_cast<int>(FontRole::Title)] = add(io.Fonts, files.semibold, 24.0f, ratio);
    files.fonts[static_cast<int>(FontRole::Small)] = add(io.Fonts, files.regular, 13.5f, ratio);
    io.FontGlobalScale = 1.0f / ratio;     // sizes stay in CSS pixels, glyphs in device pixels
    io.FontDefault = files.fonts[0];
    return io.Fonts->Build();
}

ImFont* font(FontRole role) { return files.fonts[static_cast<int>(role)]; }

}  // namespace platform
