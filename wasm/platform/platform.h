// The browser seam: everything the app needs from the page, as small C++ calls.
// Every piece of JavaScript lives in this folder.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

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

// ---- input (input.cpp, touch.cpp, clipboard.cpp) ----------------------------
void input_init(const char* canvas_selector);
// Tab with nothing focused yet goes to the page's first control, not the navigation.
bool take_tab_into_content();
void screen_opened();
bool screen_untouched();                   // no click or Tab since the screen opened
void touch_apply_scroll(double now);       // after NewFrame: swipes and momentum scroll the window under the finger
bool touch_scrolling();
void set_clipboard(const std::string& text);

// ---- the browser's preferences (page.cpp) -------------------------------------
bool prefers_dark();
bool prefers_reduced_motion();

// ---- text the UI font cannot draw (text_raster.cpp) ---------------------------
struct RasterLine {
    std::string text;                      // one line, as laid out
    bool rtl = false;                      // of a right-to-left paragraph: align right
};
struct TextLayout {
    std::vector<RasterLine> lines;
};
struct LineTexture {
    int texture = 0;                       // a GL texture name (ImTextureID)
    float width = 0, height = 0;           // CSS pixels, including `pad` above and below
    float pad = 0;                         // room for tall glyphs beyond the line box
};
// Lines no wider than `wrap_width` (0: no wrapping), broken where the browser would;
// `height` is ImGui's font size. Cached, like the textures: both are forgotten some
// frames after they were last used. Textures are made only for lines that are drawn.
const TextLayout& raster_layout(const std::string& text, bool strong, float height, float wrap_width);
const LineTexture& raster_line(const RasterLine& line, bool strong, float height, float ratio, unsigned rgba);
void raster_end_frame();
void raster_set_metrics(float em_per_height, float ascent_per_height);

// Where a widget is drawn and how its window clips it, in CSS pixels.
struct ScreenBox {
    float x = 0, y = 0, w = 0, h = 0;
    float clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;
};

// ---- real text fields over the canvas (field_layer.cpp) -----------------------
// Every visible text field is a real <input>/<textarea> placed exactly over the
// field ImGui draws, so the browser edits (IME, selection, undo, spellcheck,
// autofill, phone keyboards). ImGui keeps focus order; the DOM keeps the text.
enum class FieldKind { Text, Password, Email, Number, Multiline };
struct FieldPlacement {
    unsigned id = 0;                       // the ImGui item id
    FieldKind kind = FieldKind::Text;
    ScreenBox box;
    float pad_x = 0, pad_y = 0, font_height = 16;
    unsigned text_rgba = 0, placeholder_rgba = 0, selection_rgba = 0;
    const char* label = "";                // accessible name
    const char* placeholder = "";
    const char* autocomplete = "";         // "username", "current-password", "new-password"...
    bool invalid = false, required = false;
    unsigned described_by = 0;             // the semantic node of its error text (aria-describedby), 0: none
    bool read_only = false;                // shown and selectable, not editable (an invitation's email)
};
void field_place(const FieldPlacement& p, std::string& value, bool& changed);
unsigned field_focused();                  // the DOM-focused field's id, 0 when none
bool field_take_focus_request(unsigned id);   // the person focused this field (click, tap)
void field_focus(unsigned id);             // ImGui moved focus here (Tab)
void field_blur(unsigned id);              // ImGui moved focus away
bool field_take_enter(unsigned id);        // Enter pressed in this single-line field
void fields_end_frame();

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

// ---- the semantic layer (semantics.cpp): a DOM tree in step with the canvas ------
// Roles in the order js/semantics.js knows them.
enum class SemRole { Text, Heading1, Heading2, Button, Link, Checkbox, Radio, Field, Table, Row, ColumnHeader, Cell,
                     List, ListItem, Form, Select, RadioGroup };
enum SemFlag : unsigned { kSemChecked = 1, kSemDisabled = 2, kSemInvalid = 4, kSemRequired = 8, kSemCurrent = 16,
                          kSemExpanded = 32, kSemSelected = 64, kSemStrong = 128,
                          kSemExpandable = 512 };   // a button that shows or hides a part: aria-expanded
struct SemNode {
    unsigned id = 0, parent = 0;           // ImGui item ids; parent 0: the region itself
    SemRole role = SemRole::Text;
    int region = 1;                        // 0 the navigation (in the banner), 1 main
    ScreenBox box;                         // where the canvas draws it
    unsigned flags = 0;
    float font_height = 0;                 // text: ImGui's font size, so the layer's glyphs lie over the drawn ones
    const char* name = "";                 // text, label or accessible name
    const char* value = "";                // radio: its group; button: a description; select: the chosen index
    const char* href = "";                 // link; select: the options, separated by \x1d
};
bool sem_enabled();
void sem_add(const SemNode& node);
void sem_end_frame();                      // sends the tree if it changed; moves page focus after ImGui's
bool sem_take_focus_request(unsigned id);  // a screen reader or click focused this element
bool sem_take_activate_request(unsigned id);   // ... or activated it
bool sem_take_select_request(unsigned id, int& index);   // ... or chose this option of a select
bool sem_take_find_scroll(float& dx, float& dy);   // find in page scrolled to a match
// A person opened another screen: its h1 takes the page's focus once drawn (a screen reader
// reads the new title), unless they already clicked, pressed Tab or focused a field there.
void sem_focus_next_heading();
void sem_heading_drawn(unsigned id);
// The live region: `source` ("toast", "form", "deadline") is heard when its text changes, and
// one source repeating itself never drowns out another.
void sem_announce(const std::string& text, const char* source);
// Heard only when it changes after the source first showed it (an issue's clock after a reply).
void sem_announce_change(const std::string& text, const std::string& source);
void set_title(const std::string& title);          // document.title

// ---- test interface (test_hooks.cpp) ----------------------------------------
void test_begin_frame();                   // forget last frame's widgets
void test_track(const std::string& label, float x, float y, float w, float h, const std::string& value, bool active,
                bool visible, bool focused);
void test_set_view(const std::string& view);
bool test_take_reveal(const std::string& label);   // a test asked to scroll this widget into view

}  // namespace platform
