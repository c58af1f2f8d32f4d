// The browser seam: everything the app needs from the page, as small C++ calls.
// Every piece of JavaScript lives in this folder.
#pragma once
#include <functional>
#include <map>
#include <string>

namespace platform {

// ---- runner (runner.cpp): owns the main loop and idling --------------------
struct AppCallbacks {
    std::function<void()> start;           // once, after ImGui and WebGL are up
    std::function<void()> frame;           // build the ImGui frame
};
void run(const char* canvas_selector, AppCallbacks callbacks);
void request_redraw(int frames = 2);       // render the next few frames, then idle
void request_redraw_after(double ms);      // one frame after a delay (countdowns)
double now_ms();                           // wall clock, for countdowns
void set_ready(bool ready);                // tells the page and the tests

// ---- renderer (renderer.cpp): WebGL2 context, DPI, fonts -------------------
struct Viewport {
    float css_width = 0, css_height = 0;   // logical pixels
    float pixel_ratio = 1;                 // devicePixelRatio, includes browser zoom
};
bool renderer_init(const char* canvas_selector);
bool renderer_sync_size(Viewport& vp);    // true when size or ratio changed
void renderer_render();
void renderer_rebuild_fonts(float pixel_ratio);
bool fonts_loaded();

// ---- input (input.cpp, text_agent.cpp) -------------------------------------
void input_init(const char* canvas_selector);
void text_agent_sync(bool want_text_input, float caret_x, float caret_y);
void set_clipboard(const std::string& text);

// ---- HTTP (http.cpp) -------------------------------------------------------
struct HttpResponse {
    int status = 0;                        // 0: the network failed
    std::string body;
    std::string error;                     // network error text when status == 0
};
using HttpCallback = std::function<void(const HttpResponse&)>;
void http_request(const std::string& method, const std::string& url, const std::string& body,
                  const std::map<std::string, std::string>& headers, HttpCallback done);
int http_pending();

// ---- files (files.cpp): the browser's picker, uploads with progress ---------
using FilePicked = std::function<void(int file_id, const std::string& name, long long size)>;
using UploadProgress = std::function<void(double sent, double total)>;
void pick_file(const std::string& accept, FilePicked on_picked);
void upload_file(int file_id, const std::string& url, const std::map<std::string, std::string>& headers,
                 UploadProgress progress, HttpCallback done);

void download_text(const std::string& filename, const std::string& text, const std::string& mime);
// Fetches `url` with `headers` (the session's token) and saves the reply as a file.
void download_url(const std::string& url, const std::map<std::string, std::string>& headers, const std::string& filename);

// ---- routing (page.cpp): the URL's #fragment, Back and Forward ---------------
std::string location_hash();               // "#/issues/42" -> "/issues/42"
void navigate(const std::string& route);   // pushes a history entry
void replace_route(const std::string& route);
void on_route_change(std::function<void(const std::string&)> callback);
std::string page_origin();                 // "http://127.0.0.1:8000"

// ---- page (page.cpp): local storage, location, time zone --------------------
std::string storage_get(const std::string& key);
void storage_set(const std::string& key, const std::string& value);
void storage_remove(const std::string& key);
void show_fatal_error(const std::string& message);   // replaces the canvas with a readable message
int local_utc_offset_minutes(double unix_ms);   // the browser's own zone, east positive
std::string local_zone_name();

// ---- test interface (test_hooks.cpp) ----------------------------------------
void test_begin_frame();                   // forget last frame's widgets
void test_track(const std::string& label, float x, float y, float w, float h, const std::string& value, bool active,
                bool visible);
void test_set_view(const std::string& view);
bool test_take_reveal(const std::string& label);   // a test asked to scroll this widget into view

}  // namespace platform
