#include "form_definition.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "json_reader.h"

namespace portal {

using nlohmann::json;

namespace {

struct TypeName {
    const char* name;
    FieldType type;
};
const TypeName kTypes[] = {{"text", FieldType::Text},       {"textarea", FieldType::Textarea},
                           {"enum", FieldType::Enum},       {"integer", FieldType::Integer},
                           {"boolean", FieldType::Boolean}, {"date", FieldType::Date},
                           {"version", FieldType::Version}, {"file", FieldType::File}};

std::optional<Audience> audience_from(const std::string& s) {
    if (s == "community") return Audience::Community;
    if (s == "customer") return Audience::Customer;
    if (s == "cse") return Audience::Cse;
    return std::nullopt;
}

std::optional<std::int64_t> int64_member(JsonReader& r, const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    if (!j[key].is_number_integer()) {
        r.fail(key, "must be a whole number");
        return std::nullopt;
    }
    return j[key].get<std::int64_t>();
}

std::optional<std::size_t> length_member(JsonReader& r, const json& j, const char* key) {
    auto v = int64_member(r, j, key);
    if (!v) return std::nullopt;
    if (*v < 0 || *v > 1000000) {
        r.fail(key, "must be from 0 to 1000000 characters");
        return std::nullopt;
    }
    return static_cast<std::size_t>(*v);
}

void read_limits(JsonReader& r, const json& j, FieldDefinition& f) {
    FieldLimits& l = f.limits;
    l.min_length = length_member(r, j, "min_length");
    l.max_length = length_member(r, j, "max_length");
    l.min = int64_member(r, j, "min");
    l.max = int64_member(r, j, "max");
    l.max_bytes = int64_member(r, j, "max_bytes");
    l.pattern_hint = r.optional_string(j, "example");
    if (j.contains("pattern")) {
        std::string error;
        if (!j["pattern"].is_string()) r.fail("pattern", "must be a text in quotes");
        else if (!(l.pattern = TextPattern::compile(j["pattern"].get<std::string>(), error))) r.fail("pattern", error);
    }
    if (j.contains("file_types")) {
        if (!j["file_types"].is_array()) r.fail("file_types", "must be a list such as [\".zip\", \".tar.gz\"]");
        else
            for (const json& e : j["file_types"]) {
                if (e.is_string() && e.get<std::string>().size() > 1 && e.get<std::string>()[0] == '.')
                    l.file_extensions.push_back(e.get<std::string>());
                else r.fail("file_types", "each entry must be an extension starting with a dot, such as \".zip\"");
            }
    }
    if (l.min_length && l.max_length && *l.min_length > *l.max_length) r.fail("min_length", "is more than max_length");
    if (l.min && l.max && *l.min > *l.max) r.fail("min", "is more than max");
    if (l.max_bytes && *l.max_bytes <= 0) r.fail("max_bytes", "must be more than 0");
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const std::set<std::string> known = {"min_length", "max_length", "min",        "max",
                                                    "max_bytes",  "pattern",    "file_types", "example"};
        if (!known.count(it.key())) r.fail(it.key(), "is not a known limit");
    }
}

void read_field(JsonReader& r, const json& j, FormDefinition& form, const std::set<std::string>& sections) {
    FieldDefinition f;
    f.id = r.string(j, "id");
    f.label = r.string(j, "label");
    f.help = r.optional_string(j, "help");
    f.placeholder = r.optional_string(j, "placeholder");
    f.section = r.string(j, "section");
    f.required = r.optional_bool(j, "required").value_or(false);
    const std::string type = r.string(j, "type");
    const auto* t = std::find_if(std::begin(kTypes), std::end(kTypes), [&](const TypeName& n) { return type == n.name; });
    if (t == std::end(kTypes)) {
        if (!type.empty()) r.fail("type", "\"" + type + "\" is not a field type; use text, textarea, enum, integer, boolean, date, version or file");
    } else {
        f.type = t->type;
    }
    if (!f.section.empty() && !sections.count(f.section)) r.fail("section", "\"" + f.section + "\" is not listed in sections");
    if (form.field(f.id)) r.fail("id", "\"" + f.id + "\" is used by two fields");
    if (j.contains("limits")) r.nested("limits", r.object(j, "limits"), [&](const json& l) { read_limits(r, l, f); });
    if (f.type == FieldType::Enum) {
        r.each("options", r.array(j, "options"), [&](const json& o) {
            f.options.push_back(FieldOption{r.string(o, "value"), r.string(o, "label"), r.optional_string(o, "help")});
        });
        if (f.options.empty() && j.contains("options")) r.fail("options", "list at least one choice");
    }
    if (f.type == FieldType::Boolean) f.default_bool = r.optional_bool(j, "default");
    if (j.contains("audience")) {
        const json& a = r.array(j, "audience");
        for (const json& who : a) {
            auto parsed = who.is_string() ? audience_from(who.get<std::string>()) : std::nullopt;
            if (parsed) f.audience.push_back(*parsed);
            else r.fail("audience", "entries must be community, customer or cse");
        }
    }
    form.fields.push_back(std::move(f));
}

void read_rule(JsonReader& r, const json& j, FormDefinition& form) {
    CrossFieldRule rule;
    const std::string kind = r.string(j, "kind");
    rule.field = r.string(j, "field");
    rule.message = r.string(j, "message");
    if (kind == "not_greater_than") {
        rule.kind = RuleKind::NotGreaterThan;
        rule.other = r.string(j, "other");
        const FieldDefinition* a = form.field(rule.field);
        const FieldDefinition* b = form.field(rule.other);
        if (!b && !rule.other.empty()) r.fail("other", "\"" + rule.other + "\" is not a field of this form");
        if (a && b && (a->type != FieldType::Integer || b->type != FieldType::Integer))
            r.fail("kind", "not_greater_than compares two integer fields");
    } else if (kind == "date_not_past") {
        rule.kind = RuleKind::DateNotPast;
        if (const FieldDefinition* a = form.field(rule.field); a && a->type != FieldType::Date)
            r.fail("kind", "date_not_past applies to a date field");
    } else if (!kind.empty()) {
        r.fail("kind", "must be not_greater_than or date_not_past");
    }
    if (!rule.field.empty() && !form.field(rule.field)) r.fail("field", "\"" + rule.field + "\" is not a field of this form");
    form.rules.push_back(rule);
}

}  // namespace

const char* field_type_name(FieldType t) {
    for (const TypeName& n : kTypes)
        if (n.type == t) return n.name;
    return "text";
}

bool FieldDefinition::shown_to(Audience a) const {
    return audience.empty() || std::find(audience.begin(), audience.end(), a) != audience.end();
}

const FieldDefinition* FormDefinition::field(const std::string& id) const {
    for (const FieldDefinition& f : fields)
        if (f.id == id) return &f;
    return nullptr;
}

FormLoad load_form(const std::string& text) {
    FormLoad out;
    JsonReader r;
    json root;
    if (!r.parse(text, root)) {
        out.errors = r.errors();
        return out;
    }
    FormDefinition form;
    form.id = r.string(root, "id");
    form.title = r.string(root, "title");
    form.description = r.optional_string(root, "description");
    std::set<std::string> section_ids;
    r.each("sections", r.array(root, "sections"), [&](const json& j) {
        FormSection s{r.string(j, "id"), r.string(j, "title"), r.optional_string(j, "help"),
                      r.optional_bool(j, "collapsible").value_or(false)};
        if (!section_ids.insert(s.id).second) r.fail("id", "\"" + s.id + "\" is used by two sections");
        form.sections.push_back(s);
    });
    const json& fields = r.array(root, "fields");
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string at = "fields[" + std::to_string(i) + "]";
        const std::string id = fields[i].is_object() && fields[i].contains("id") && fields[i]["id"].is_string()
                                   ? fields[i]["id"].get<std::string>() : "";
        if (!fields[i].is_object()) { r.fail(at, "must be an object"); continue; }
        r.nested(id.empty() ? at : at + " (" + id + ")", fields[i], [&](const json& j) { read_field(r, j, form, section_ids); });
    }
    if (fields.empty() && root.contains("fields")) r.fail("fields", "list at least one field");
    if (root.contains("rules")) r.each("rules", r.array(root, "rules"), [&](const json& j) { read_rule(r, j, form); });
    if (r.ok()) out.form = std::move(form);
    out.errors = r.errors();
    return out;
}

}  // namespace portal
