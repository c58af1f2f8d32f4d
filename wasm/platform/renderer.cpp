// WebGL2 context, canvas size in device pixels, and the UI fonts at the
// screen's pixel ratio so text stays sharp on HiDPI screens and at any zoom.
#include <GLES3/gl3.h>
#include <emscripten/html5.h>

#include <cmath>
#include <string>

#include "fonts.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "platform.h"

namespace platform {
namespace {

struct Renderer {
    std::string canvas;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = 0;
    float built_ratio = 0;                 // pixel ratio the font atlas was built for
};
Renderer renderer;

}  // namespace

bool renderer_init(const char* canvas_selector) {
    renderer.canvas = canvas_selector;
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = false;
    attrs.depth = false;
    attrs.stencil = false;
    attrs.antialias = false;               // ImGui antialiases its own shapes
    renderer.context = emscripten_webgl_create_context(canvas_selector, &attrs);
    if (renderer.context <= 0) return false;
    emscripten_webgl_make_context_current(renderer.context);
    return ImGui_ImplOpenGL3_Init("#version 300 es");
}

bool renderer_sync_size(Viewport& vp) {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size(renderer.canvas.c_str(), &css_w, &css_h);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (css_w == vp.css_width && css_h == vp.css_height && ratio == vp.pixel_ratio) return false;
    vp.css_width = static_cast<float>(css_w);
    vp.css_height = static_cast<float>(css_h);
    vp.pixel_ratio = ratio;
    emscripten_set_canvas_element_size(renderer.canvas.c_str(), static_cast<int>(std::lround(css_w * ratio)),
                                       static_cast<int>(std::lround(css_h * ratio)));
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(vp.css_width, vp.css_height);
    io.DisplayFramebufferScale = ImVec2(ratio, ratio);
    if (fonts_loaded() && ratio != renderer.built_ratio) renderer_rebuild_fonts(ratio);
    return true;
}

void renderer_rebuild_fonts(float pixel_ratio) {
    if (!build_fonts(pixel_ratio)) return;
    renderer.built_ratio = pixel_ratio;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void renderer_render() {
    int width = 0, height = 0;
    emscripten_get_canvas_element_size(renderer.canvas.c_str(), &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool fonts_loaded() { return fonts_available() && renderer.built_ratio > 0; }

}  // namespace platform
