// Copy to the system clipboard ("Copy link"). Pasting is the text fields' own.
#include <emscripten.h>

#include <string>

#include "platform.h"

EM_JS(void, js_clipboard_write, (const char* text), {
    const value = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(() => {});
});

namespace platform {

void set_clipboard(const std::string& text) { js_clipboard_write(text.c_str()); }

}  // namespace platform
