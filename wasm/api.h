// Calls to the portal's JSON API with the session's token; replies as parsed JSON.
#pragma once
#include <functional>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

namespace app {

struct ApiReply {
    int status = 0;                            // 0: the network failed
    nlohmann::json body;
    std::string network_error;
    bool ok() const { return status >= 200 && status < 300; }
    std::string message() const;               // a sentence for the user
    std::map<std::string, std::string> field_errors() const;
    std::set<std::string> invalid_fields() const;   // the fields field_errors names
};

using ApiDone = std::function<void(const ApiReply&)>;

std::string url_encode(const std::string& text);

// A fresh Idempotency-Key: a write retried with it is stored once (reports, replies).
std::string new_idempotency_key();

void api_call(const std::string& method, const std::string& path, const nlohmann::json& body, ApiDone done,
              const std::map<std::string, std::string>& headers = {});

}  // namespace app
