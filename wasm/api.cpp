#include "api.h"

#include <cctype>
#include <cstdio>
#include <random>

#include "app.h"
#include "json_reader.h"
#include "platform/platform.h"

namespace app {

std::string new_idempotency_key() {
    std::random_device rd;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%08x-%08x-%08x", rd(), rd(), rd(), rd());
    return buf;
}

void session_expired();                        // session.cpp

std::string ApiReply::message() const {
    if (status == 0) return "The portal could not reach the server. Check your connection; nothing you typed is lost.";
    if (body.is_object() && body.contains("error") && body["error"].is_object())
        return body["error"].value("message", "The server could not do that.");
    return "The server answered " + std::to_string(status) + ".";
}

std::map<std::string, std::string> ApiReply::field_errors() const {
    std::map<std::string, std::string> out;
    if (body.is_object() && body.contains("error") && body["error"].contains("fields") && body["error"]["fields"].is_object())
        for (auto it = body["error"]["fields"].begin(); it != body["error"]["fields"].end(); ++it)
            if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
    return out;
}

std::set<std::string> ApiReply::invalid_fields() const {
    std::set<std::string> out;
    for (const auto& field : field_errors()) out.insert(field.first);
    return out;
}

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
    }
    return out;
}

void api_call(const std::string& method, const std::string& path, const nlohmann::json& body, ApiDone done,
              const std::map<std::string, std::string>& extra) {
    std::map<std::string, std::string> headers = extra;
    const std::string token = state().session.token;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    std::string payload;
    if (!body.is_null()) {
        headers["Content-Type"] = "application/json";
        payload = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    platform::http_request(method, path, payload, headers, [done, token](const platform::HttpResponse& r) {
        ApiReply reply;
        reply.status = r.status;
        reply.network_error = r.error;
        portal::LoadError ignored;
        if (!r.body.empty() && !portal::parse_json(r.body, reply.body, ignored)) reply.body = nlohmann::json();
        if (r.status == 401 && !token.empty() && token == state().session.token) session_expired();
        done(reply);
    });
}

}  // namespace app
