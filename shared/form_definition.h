// Intake forms as data (assets/forms/*.json; the format is documented in
// assets/forms/README.md): sections, typed fields with limits, who sees each
// field, and cross-field rules.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "load_error.h"
#include "text_pattern.h"

namespace portal {

enum class FieldType { Text, Textarea, Enum, Integer, Boolean, Date, Version, File };

const char* field_type_name(FieldType t);

struct FieldOption {
    std::string value;                 // "P1"
    std::string label;                 // "P1 High"
    std::string help;                  // shown beside the choice
};

struct FieldLimits {
    std::optional<std::size_t> min_length, max_length;   // characters, not bytes
    std::optional<std::int64_t> min, max;                // integers
    std::optional<TextPattern> pattern;
    std::string pattern_hint;          // "4.40.0": what a good value looks like
    std::vector<std::string> file_extensions;            // ".zip", ".tar.gz"
    std::optional<std::int64_t> max_bytes;               // files
};

enum class Audience { Community, Customer, Cse };

struct FieldDefinition {
    std::string id;
    std::string label;
    std::string help;
    std::string placeholder;
    FieldType type = FieldType::Text;
    bool required = false;
    std::string section;
    FieldLimits limits;
    std::vector<FieldOption> options;  // enum
    std::optional<bool> default_bool;  // boolean
    std::vector<Audience> audience;    // empty: everyone
    bool shown_to(Audience a) const;
};

enum class RuleKind { NotGreaterThan, DateNotPast };

struct CrossFieldRule {
    RuleKind kind = RuleKind::NotGreaterThan;
    std::string field;                 // the field the error is reported on
    std::string other;                 // NotGreaterThan: the field it must not exceed
    std::string message;
};

struct FormSection {
    std::string id;
    std::string title;
    std::string help;
    bool collapsible = false;
};

struct FormDefinition {
    std::string id;
    std::string title;
    std::string description;
    std::vector<FormSection> sections;
    std::vector<FieldDefinition> fields;
    std::vector<CrossFieldRule> rules;
    const FieldDefinition* field(const std::string& id) const;
};

struct FormLoad {
    std::optional<FormDefinition> form;
    std::vector<LoadError> errors;
};

FormLoad load_form(const std::string& json_text);

}  // namespace portal
