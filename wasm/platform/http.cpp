// fetch() with callbacks: no Asyncify, no blocking. Bodies are bytes (fonts) or UTF-8 (JSON).
#include <emscripten.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "platform.h"

namespace {
int next_id = 1;
std::map<int, platform::HttpCallback> pending;
}  // namespace

EM_JS(void, js_http, (int id, const char* method, const char* url, const char* body, const char* headers), {
    const init = {method: UTF8ToString(method), headers: JSON.parse(UTF8ToString(headers)), cache: 'no-cache'};
    const text = UTF8ToString(body);
    if (init.method !== 'GET' && init.method !== 'HEAD') init.body = text;
    const deliver = (status, bytes) => {
        const ptr = _malloc(bytes.length + 1);
        HEAPU8.set(bytes, ptr);
        _platform_http_done(id, status, ptr, bytes.length);
        _free(ptr);
    };
    fetch(UTF8ToString(url), init)
        .then((r) => r.arrayBuffer().then((buf) => deliver(r.status, new Uint8Array(buf))))
        .catch((e) => deliver(0, new TextEncoder().encode(String(e && e.message || e))));
});

extern "C" EMSCRIPTEN_KEEPALIVE void platform_http_done(int id, int status, const char* data, int size) {
    auto it = pending.find(id);
    if (it == pending.end()) return;
    platform::HttpCallback done = std::move(it->second);
    pending.erase(it);
    platform::HttpResponse r;
    r.status = status;
    (status == 0 ? r.error : r.body).assign(data, static_cast<std::size_t>(size));
    done(r);
    platform::request_redraw(3);
}

namespace platform {

void http_request(const std::string& method, const std::string& url, const std::string& body,
                  const std::map<std::string, std::string>& headers, HttpCallback done) {
    const int id = next_id++;
    pending[id] = std::move(done);
    const std::string header_json = nlohmann::json(headers).dump();
    js_http(id, method.c_str(), url.c_str(), body.c_str(), header_json.c_str());
}

int http_pending() { return static_cast<int>(pending.size()); }

}  // namespace platform
