// Text the UI font cannot draw (CJK, Hebrew, Arabic, Devanagari, emoji, symbols)
// is laid out and rasterised by the browser's own text machinery (Canvas 2D:
// shaping, bidi, colour emoji, the system's fallback fonts), one texture per line.
#include <emscripten.h>

#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform.h"

// The UI font is registered with the page as "PortalSans" (fonts.cpp) so Latin
// letters inside a rasterised line look like the rest of the UI. ImGui sizes a
// font by ascent-to-descent height; CSS by em: `em_per_height` converts.
EM_JS(void, js_raster_install, (), { Module.portalRasterInstall(); });

EM_JS(int, js_raster_layout, (const char* text, int weight, float height, float wrap_width), {
    const R = Module.portalRaster;
    R.weight = weight;
    R.height = height;
    R.lines = R.layout(UTF8ToString(text), wrap_width);
    return R.lines.length;
});

EM_JS(char*, js_raster_line_text, (int index, int* rtl), {
    const line = Module.portalRaster.lines[index];
    HEAP32[rtl >> 2] = line.rtl ? 1 : 0;
    const size = lengthBytesUTF8(line.text) + 1;
    const ptr = _malloc(size);
    stringToUTF8(line.text, ptr, size);
    return ptr;
});

EM_JS(int, js_raster_texture, (const char* text, int rtl, int weight, float height, float ratio, unsigned rgba, float* out), {
    const R = Module.portalRaster;
    R.weight = weight;
    const colour = 'rgba(' + ((rgba >>> 0) & 255) + ',' + ((rgba >>> 8) & 255) + ',' + ((rgba >>> 16) & 255) + ',' +
                   (((rgba >>> 24) & 255) / 255).toFixed(3) + ')';
    const t = R.texture({text: UTF8ToString(text), rtl: !!rtl}, height, ratio, colour);
    HEAPF32[(out >> 2) + 0] = t.width;
    HEAPF32[(out >> 2) + 1] = t.height;
    HEAPF32[(out >> 2) + 2] = t.pad;
    return t.id;
});

EM_JS(void, js_raster_free, (int id), {
    const tex = GL.textures[id];
    if (!tex) return;
    GLctx.deleteTexture(tex);
    GL.textures[id] = null;
});

EM_JS(void, js_raster_set_metrics, (float em_per_height, float ascent_per_height), {
    Module.portalRaster.emPerHeight = em_per_height;
    Module.portalRaster.ascentPerHeight = ascent_per_height;
});

namespace platform {

namespace {
template <typename T>
struct Cached {
    T value;
    long last_used = 0;
};
struct RasterCache {
    std::unordered_map<std::string, Cached<TextLayout>> layouts;
    std::unordered_map<std::string, Cached<LineTexture>> textures;
    long frame = 0;
};
RasterCache cache;
constexpr long kKeepFrames = 240;          // rendered frames a text may go unused before it is forgotten

std::string key_of(const std::string& text, bool strong, float height, float a, float b, unsigned rgba) {
    char params[96];
    std::snprintf(params, sizeof params, "\x1f%d|%.2f|%.2f|%.3f|%08x", strong ? 1 : 0, height, a, b, rgba);
    return text + params;
}

TextLayout lay_out(const std::string& text, bool strong, float height, float wrap_width) {
    js_raster_install();
    TextLayout layout;
    const int count = js_raster_layout(text.c_str(), strong ? 600 : 400, height, wrap_width);
    for (int i = 0; i < count; ++i) {
        int rtl = 0;
        char* line = js_raster_line_text(i, &rtl);
        layout.lines.push_back(RasterLine{line, rtl != 0});
        std::free(line);
    }
    return layout;
}
}  // namespace

const TextLayout& raster_layout(const std::string& text, bool strong, float height, float wrap_width) {
    std::string key = key_of(text, strong, height, wrap_width, 0, 0);
    auto it = cache.layouts.find(key);
    if (it == cache.layouts.end())
        it = cache.layouts.emplace(std::move(key), Cached<TextLayout>{lay_out(text, strong, height, wrap_width)}).first;
    it->second.last_used = cache.frame;
    return it->second.value;
}

const LineTexture& raster_line(const RasterLine& line, bool strong, float height, float ratio, unsigned rgba) {
    std::string key = key_of(line.text, strong, height, ratio, line.rtl ? 1 : 0, rgba);
    auto it = cache.textures.find(key);
    if (it == cache.textures.end()) {
        float out[3] = {};
        LineTexture t;
        t.texture = js_raster_texture(line.text.c_str(), line.rtl, strong ? 600 : 400, height, ratio, rgba, out);
        t.width = out[0];
        t.height = out[1];
        t.pad = out[2];
        it = cache.textures.emplace(std::move(key), Cached<LineTexture>{t}).first;
    }
    it->second.last_used = cache.frame;
    return it->second.value;
}

void raster_end_frame() {
    ++cache.frame;
    if (cache.frame % 60 != 0) return;
    for (auto it = cache.textures.begin(); it != cache.textures.end();) {
        if (cache.frame - it->second.last_used < kKeepFrames) { ++it; continue; }
        js_raster_free(it->second.value.texture);
        it = cache.textures.erase(it);
    }
    for (auto it = cache.layouts.begin(); it != cache.layouts.end();)
        it = cache.frame - it->second.last_used < kKeepFrames ? std::next(it) : cache.layouts.erase(it);
}

void raster_set_metrics(float em_per_height, float ascent_per_height) {
    js_raster_install();
    js_raster_set_metrics(em_per_height, ascent_per_height);
}

}  // namespace platform
