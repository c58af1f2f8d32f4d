#include "json_reader.h"

namespace portal {

using nlohmann::json;

namespace {
// Forwards every event to nlohmann's own DOM builder and keeps the error position.
struct PositionedDomParser {
    nlohmann::detail::json_sax_dom_parser<json> dom;
    std::size_t error_at = 0;
    std::string message;
    explicit PositionedDomParser(json& out) : dom(out, false) {}
    bool null() { return dom.null(); }
    bool boolean(bool v) { return dom.boolean(v); }
    bool number_integer(json::number_integer_t v) { return dom.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return dom.number_unsigned(v); }
    bool number_float(json::number_float_t v, const std::string& s) { return dom.number_float(v, s); }
    bool string(std::string& v) { return dom.string(v); }
    bool binary(json::binary_t& v) { return dom.binary(v); }
    bool start_object(std::size_t n) { return dom.start_object(n); }
    bool key(std::string& k) { return dom.key(k); }
    bool end_object() { return dom.end_object(); }
    bool start_array(std::size_t n) { return dom.start_array(n); }
    bool end_array() { return dom.end_array(); }
    template <class E> bool parse_error(std::size_t position, const std::string&, const E& ex) {
        error_at = position;
        message = ex.what();
        return false;
    }
};

std::string readable(std::string what) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing ..."
    const auto colon = what.find(": ", what.find("column"));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return "the file is not valid JSON (" + what + ")";
}
}  // namespace

bool parse_json(const std::string& text, json& out, LoadError& error) {
    PositionedDomParser parser(out);
    if (json::sax_parse(text, &parser, json::input_format_t::json, true) && !parser.dom.is_errored()) return true;
    const std::size_t at = parser.error_at > 0 ? parser.error_at - 1 : 0;
    line_and_column(text, at, error.line, error.column);
    error.message = readable(parser.message);
    out = json();
    return false;
}

bool JsonReader::parse(const std::string& text, json& out) {
    LoadError e;
    if (parse_json(text, out, e)) {
        if (out.is_object()) return true;
        fail("", "the top level must be a JSON object { ... }");
        return false;
    }
    errors_.push_back(e);
    return false;
}

std::string JsonReader::path(const std::string& key) const {
    if (prefix_.empty()) return key;
    if (key.empty()) return prefix_;
    return prefix_ + (key[0] == '[' ? "" : ".") + key;
}

void JsonReader::fail(const std::string& key, const std::string& message) {
    errors_.push_back(LoadError{path(key), message, 0, 0});
}

const json* JsonReader::member(const json& parent, const std::string& key, bool required, const char* type) {
    if (!parent.is_object() || !parent.contains(key)) {
        if (required) fail(key, std::string("is missing; add it as ") + type);
        return nullptr;
    }
    return &parent[key];
}

const json& JsonReader::object(const json& parent, const std::string& key) {
    static const json empty = json::object();
    const json* v = member(parent, key, true, "an object");
    if (v && !v->is_object()) fail(key, "must be an object");
    return v && v->is_object() ? *v : empty;
}

const json& JsonReader::array(const json& parent, const std::string& key) {
    static const json empty = json::array();
    const json* v = member(parent, key, true, "a list");
    if (v && !v->is_array()) fail(key, "must be a list [ ... ]");
    return v && v->is_array() ? *v : empty;
}

std::string JsonReader::string(const json& parent, const std::string& key) {
    const json* v = member(parent, key, true, "a text");
    if (!v) return {};
    if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
        fail(key, "must be a non-empty text in quotes");
        return {};
    }
    return v->get<std::string>();
}

std::string JsonReader::optional_string(const json& parent, const std::string& key) {
    const json* v = member(parent, key, false, "a text");
    if (!v) return {};
    if (!v->is_string()) { fail(key, "must be a text in quotes"); return {}; }
    return v->get<std::string>();
}

std::optional<int> JsonReader::optional_integer(const json& parent, const std::string& key, int min, int max) {
    const json* v = member(parent, key, false, "a whole number");
    if (!v) return std::nullopt;
    if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
        fail(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return static_cast<int>(v->get<long long>());
}

int JsonReader::integer(const json& parent, const std::string& key, int min, int max) {
    if (!member(parent, key, true, "a whole number")) return min;
    return optional_integer(parent, key, min, max).value_or(min);
}

std::optional<bool> JsonReader::optional_bool(const json& parent, const std::string& key) {
    const json* v = member(parent, key, false, "true or false");
    if (!v) return std::nullopt;
    if (!v->is_boolean()) { fail(key, "must be true or false"); return std::nullopt; }
    return v->get<bool>();
}

bool JsonReader::boolean(const json& parent, const std::string& key) {
    if (!member(parent, key, true, "true or false")) return false;
    return optional_bool(parent, key).value_or(false);
}

}  // namespace portal
