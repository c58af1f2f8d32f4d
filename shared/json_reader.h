// Reads a JSON document into domain types, collecting every problem with the
// path where it was found instead of stopping at the first. Never throws: the
// wasm build has no exception catching.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "load_error.h"

namespace portal {

// Parses without exceptions; on a syntax error fills line, column and message.
bool parse_json(const std::string& text, nlohmann::json& out, LoadError& error);

class JsonReader {
public:
    using json = nlohmann::json;

    bool parse(const std::string& text, json& out);

    // Required members report a missing or mistyped key and return an empty value.
    const json& object(const json& parent, const std::string& key);
    const json& array(const json& parent, const std::string& key);
    std::string string(const json& parent, const std::string& key);
    int integer(const json& parent, const std::string& key, int min, int max);
    bool boolean(const json& parent, const std::string& key);
    std::string optional_string(const json& parent, const std::string& key);
    std::optional<int> optional_integer(const json& parent, const std::string& key, int min, int max);
    std::optional<bool> optional_bool(const json& parent, const std::string& key);

    void fail(const std::string& key, const std::string& message);
    bool ok() const { return errors_.empty(); }
    const std::vector<LoadError>& errors() const { return errors_; }
    std::string path(const std::string& key) const;

    template <class F> void nested(const std::string& key, const json& value, F&& read) {
        const std::string saved = prefix_;
        prefix_ = path(key);
        read(value);
        prefix_ = saved;
    }
    template <class F> void each(const std::string& key, const json& items, F&& read) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string at = key + "[" + std::to_string(i) + "]";
            if (!items[i].is_object()) { fail(at, "must be an object"); continue; }
            nested(at, items[i], read);
        }
    }

private:
    const json* member(const json& parent, const std::string& key, bool required, const char* type);

    std::string prefix_;
    std::vector<LoadError> errors_;
};

}  // namespace portal
