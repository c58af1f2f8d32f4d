// The page around the app: local storage and the browser's own time zone.
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "platform.h"

EM_JS(char*, js_storage_get, (const char* key), {
    let v = null;
    try { v = window.localStorage.getItem(UTF8ToString(key)); } catch (e) {}
    if (v === null) return 0;
    const size = lengthBytesUTF8(v) + 1;
    const ptr = _malloc(size);
    stringToUTF8(v, ptr, size);
    return ptr;
});
EM_JS(void, js_storage_set, (const char* key, const char* value), {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
EM_JS(void, js_storage_remove, (const char* key), {
    try { window.localStorage.removeItem(UTF8ToString(key)); } catch (e) {}
});
EM_JS(void, js_fatal, (const char* message), {
    if (window.portalShell) window.portalShell.fail(UTF8ToString(message));
});
EM_JS(int, js_utc_offset_minutes, (double unix_ms), { return -new Date(unix_ms).getTimezoneOffset(); });
EM_JS(char*, js_zone_name, (), {
    let name = 'local time';
    try { name = Intl.DateTimeFormat().resolvedOptions().timeZone || name; } catch (e) {}
    const size = lengthBytesUTF8(name) + 1;
    const ptr = _malloc(size);
    stringToUTF8(name, ptr, size);
    return ptr;
});

EM_JS(char*, js_location_hash, (), {
    const h = decodeURIComponent((window.location.hash || "").replace(/^#/, "")) || '/';
    const size = lengthBytesUTF8(h) + 1;
    const ptr = _malloc(size);
    stringToUTF8(h, ptr, size);
    return ptr;
});
EM_JS(void, js_set_hash, (const char* route, int replace), {
    const url = '#' + UTF8ToString(route);
    if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
    Module.routeHash = window.location.hash;
});
// A typed or followed link fires popstate and then hashchange for the one change: the route is
// entered once (its loads were asked for twice).
EM_JS(void, js_watch_hash, (), {
    Module.routeHash = window.location.hash;
    const changed = () => {
        if (window.location.hash === Module.routeHash) return;
        Module.routeHash = window.location.hash;
        _platform_route_changed();
    };
    window.addEventListener('popstate', changed);
    window.addEventListener('hashchange', changed);
});
EM_JS(char*, js_origin, (), {
    const o = window.location.origin;
    const size = lengthBytesUTF8(o) + 1;
    const ptr = _malloc(size);
    stringToUTF8(o, ptr, size);
    return ptr;
});

namespace {
std::function<void(const std::string&)> route_callback;
}

extern "C" EMSCRIPTEN_KEEPALIVE void platform_route_changed() {
    if (route_callback) route_callback(platform::location_hash());
    platform::request_redraw(3);
}

namespace platform {

namespace {
std::string take(char* p) {
    if (!p) return {};
    std::string s(p);
    std::free(p);
    return s;
}
}  // namespace

std::string location_hash() { return take(js_location_hash()); }
void navigate(const std::string& route) { js_set_hash(route.c_str(), 0); }
void replace_route(const std::string& route) { js_set_hash(route.c_str(), 1); }
void on_route_change(std::function<void(const std::string&)> callback) {
    route_callback = std::move(callback);
    js_watch_hash();
}
std::string page_origin() { return take(js_origin()); }

std::string storage_get(const std::string& key) { return take(js_storage_get(key.c_str())); }
void storage_set(const std::string& key, const std::string& value) { js_storage_set(key.c_str(), value.c_str()); }
void storage_remove(const std::string& key) { js_storage_remove(key.c_str()); }
void show_fatal_error(const std::string& message) { js_fatal(message.c_str()); }
int local_utc_offset_minutes(double unix_ms) { return js_utc_offset_minutes(unix_ms); }
std::string local_zone_name() { return take(js_zone_name()); }

}  // namespace platform

EM_JS(int, js_media_matches, (const char* query), {
    return (window.matchMedia && window.matchMedia(UTF8ToString(query)).matches) ? 1 : 0;
});

namespace platform {

bool prefers_dark() { return js_media_matches("(prefers-color-scheme: dark)") != 0; }

bool prefers_reduced_motion() { return js_media_matches("(prefers-reduced-motion: reduce)") != 0; }

}  // namespace platform
