// Files chosen in the browser's own picker stay in JavaScript (by id) and are
// uploaded from there with progress, never copied through wasm memory.
#include <emscripten.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "platform.h"

namespace {
int next_id = 1;
std::map<int, platform::FilePicked> picked_callbacks;
struct Upload {
    platform::UploadProgress progress;
    platform::HttpCallback done;
};
std::map<int, Upload> uploads;
}  // namespace

EM_JS(void, js_pick_file, (int request, const char* accept), {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    document.body.appendChild(input);
    input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        input.remove();
        if (!file) return;
        window.portalFiles = window.portalFiles || {};
        window.portalFiles[request] = file;
        const size = lengthBytesUTF8(file.name) + 1;
        const ptr = _malloc(size);
        stringToUTF8(file.name, ptr, size);
        _platform_file_picked(request, ptr, file.size);
        _free(ptr);
    });
    input.click();
});

EM_JS(void, js_upload_file, (int file, int upload, const char* url, const char* headers), {
    const f = window.portalFiles && window.portalFiles[file];
    const done = (status, text) => {
        const size = lengthBytesUTF8(text) + 1;
        const ptr = _malloc(size);
        stringToUTF8(text, ptr, size);
        _platform_upload_done(upload, status, ptr);
        _free(ptr);
    };
    if (!f) { done(0, 'the chosen file is no longer available; choose it again'); return; }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', UTF8ToString(url));
    const h = JSON.parse(UTF8ToString(headers));
    for (const k in h) xhr.setRequestHeader(k, h[k]);
    xhr.setRequestHeader('Content-Type', f.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => _platform_upload_progress(upload, e.loaded, e.total || f.size);
    xhr.onload = () => done(xhr.status, xhr.responseText || "");
    xhr.onerror = () => done(0, 'the upload was interrupted');
    xhr.send(f);
});

EM_JS(void, js_download_text, (const char* name, const char* text, const char* mime), {
    const blob = new Blob([UTF8ToString(text)], {type: UTF8ToString(mime)});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
});

EM_JS(void, js_download_url, (const char* url, const char* headers, const char* name), {
    const fileName = UTF8ToString(name);
    fetch(UTF8ToString(url), {headers: JSON.parse(UTF8ToString(headers))})
        .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.blob(); })
        .then((blob) => {
            const a = document.createElement('a');
            a.href = URL.createObjectURL(blob);
            a.download = fileName;
            document.body.appendChild(a);
            a.click();
            setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
        })
        .catch((e) => console.warn('download failed', e));
});

extern "C" {
EMSCRIPTEN_KEEPALIVE void platform_file_picked(int request, const char* name, double size) {
    auto it = picked_callbacks.find(request);
    if (it == picked_callbacks.end()) return;
    it->second(request, name, static_cast<long long>(size));
    platform::request_redraw(3);
}
EMSCRIPTEN_KEEPALIVE void platform_upload_progress(int upload, double sent, double total) {
    auto it = uploads.find(upload);
    if (it != uploads.end() && it->second.progress) it->second.progress(sent, total);
    platform::request_redraw(2);
}
EMSCRIPTEN_KEEPALIVE void platform_upload_done(int upload, int status, const char* body) {
    auto it = uploads.find(upload);
    if (it == uploads.end()) return;
    Upload u = std::move(it->second);
    uploads.erase(it);
    platform::HttpResponse r;
    r.status = status;
    (status == 0 ? r.error : r.body) = body;
    u.done(r);
    platform::request_redraw(3);
}
}

namespace platform {

void download_text(const std::string& filename, const std::string& text, const std::string& mime) {
    js_download_text(filename.c_str(), text.c_str(), mime.c_str());
}

void download_url(const std::string& url, const std::map<std::string, std::string>& headers, const std::string& filename) {
    js_download_url(url.c_str(), nlohmann::json(headers).dump().c_str(), filename.c_str());
}

void pick_file(const std::string& accept, FilePicked on_picked) {
    const int id = next_id++;
    picked_callbacks[id] = std::move(on_picked);
    js_pick_file(id, accept.c_str());
}

void upload_file(int file_id, const std::string& url, const std::map<std::string, std::string>& headers,
                 UploadProgress progress, HttpCallback done) {
    const int id = next_id++;
    uploads[id] = Upload{std::move(progress), std::move(done)};
    const std::string header_json = nlohmann::json(headers).dump();
    js_upload_file(file_id, id, url.c_str(), header_json.c_str());
}

}  // namespace platform
