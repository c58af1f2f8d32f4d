#include "form_validation.h"

#include <cctype>

#include "utf8.h"

namespace portal {

using nlohmann::json;

namespace {

bool is_blank(const std::string& s) {
    for (const char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    return true;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    if (suffix.size() > s.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) !=
            std::tolower(static_cast<unsigned char>(suffix[i])))
            return false;
    return true;
}

std::string audience_name(Audience a) {
    return a == Audience::Community ? "community members" : a == Audience::Customer ? "customers" : "support engineers";
}

FieldError error(const FieldDefinition& f, const char* code, const std::string& message) {
    return FieldError{f.id, code, message};
}

// An integer given as a JSON number or as digits typed in a text box.
std::optional<std::int64_t> as_integer(const json& v) {
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (!v.is_string()) return std::nullopt;
    const std::string& s = v.get_ref<const std::string&>();
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    if (b == e || e - b > 18) return std::nullopt;
    std::int64_t n = 0;
    bool negative = s[b] == '-';
    for (std::size_t i = b + (negative ? 1 : 0); i < e; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
        n = n * 10 + (s[i] - '0');
    }
    if (negative && e - b == 1) return std::nullopt;
    return negative ? -n : n;
}

std::optional<FieldError> check_text(const FieldDefinition& f, const std::string& s) {
    if (!is_valid_utf8(s)) return error(f, "invalid_utf8", f.label + " contains bytes that are not valid UTF-8 text; retype it.");
    const std::size_t n = utf8_length(s);
    const FieldLimits& l = f.limits;
    if (l.max_length && n > *l.max_length)
        return error(f, "too_long", f.label + " must be at most " + std::to_string(*l.max_length) + " characters (it has " +
                                        std::to_string(n) + "); shorten it.");
    if (l.min_length && n < *l.min_length)
        return error(f, "too_short", f.label + " must be at least " + std::to_string(*l.min_length) +
                                         " characters; add a little more detail.");
    if (f.type == FieldType::Version && !is_version(s))
        return error(f, "bad_version", f.label + " must look like " + (l.pattern_hint.empty() ? "4.40.0" : l.pattern_hint) + ".");
    if (l.pattern && !l.pattern->matches(s))
        return error(f, "bad_format", f.label + " must look like " + (l.pattern_hint.empty() ? l.pattern->source() : l.pattern_hint) + ".");
    return std::nullopt;
}

std::optional<FieldError> check_value(const FieldDefinition& f, const json& v, const SubmissionContext& ctx, json& accepted) {
    switch (f.type) {
        case FieldType::Text:
        case FieldType::Textarea:
        case FieldType::Version:
            if (!v.is_string()) return error(f, "not_text", f.label + " must be text.");
            if (auto e = check_text(f, v.get_ref<const std::string&>())) return e;
            accepted = v;
            return std::nullopt;
        case FieldType::Enum: {
            std::string choices;
            for (const FieldOption& o : f.options) {
                if (v.is_string() && v.get_ref<const std::string&>() == o.value) { accepted = v; return std::nullopt; }
                choices += (choices.empty() ? "" : ", ") + o.value;
            }
            return error(f, "not_a_choice", f.label + " must be one of " + choices + ".");
        }
        case FieldType::Integer: {
            const auto n = as_integer(v);
            if (!n) return error(f, "not_integer", f.label + " must be a whole number, such as 250.");
            if (f.limits.min && *n < *f.limits.min)
                return error(f, "too_small", f.label + " must be " + std::to_string(*f.limits.min) + " or more.");
            if (f.limits.max && *n > *f.limits.max)
                return error(f, "too_large", f.label + " must be " + std::to_string(*f.limits.max) + " or less.");
            accepted = *n;
            return std::nullopt;
        }
        case FieldType::Boolean:
            if (!v.is_boolean()) return error(f, "not_boolean", f.label + " must be yes or no (true or false).");
            accepted = v;
            return std::nullopt;
        case FieldType::Date: {
            const auto d = v.is_string() ? parse_iso_date(v.get<std::string>()) : std::nullopt;
            if (!d) return error(f, "bad_date", f.label + " must be a date such as 2027-01-31.");
            accepted = v;
            (void)ctx;
            return std::nullopt;
        }
        case FieldType::File:
            if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
                return error(f, "bad_file", f.label + " must be the id of an uploaded file; upload it again.");
            accepted = v;
            return std::nullopt;
    }
    return std::nullopt;
}

bool is_empty_value(const json& v) {
    return v.is_null() || (v.is_string() && is_blank(v.get_ref<const std::string&>()));
}

}  // namespace

bool is_version(const std::string& s) {
    std::size_t i = 0;
    for (int part = 0; part < 3; ++part) {
        if (part > 0) {
            if (i >= s.size() || s[i] != '.') return false;
            ++i;
        }
        const std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == start || i - start > 6) return false;
    }
    if (i == s.size()) return true;
    if (s[i] != '-' && s[i] != '+') return false;
    if (++i == s.size() || s.size() > 64) return false;
    for (; i < s.size(); ++i)
        if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '.' && s[i] != '-' && s[i] != '+') return false;
    return true;
}

CivilDate earliest_today(Instant now) { return to_utc_civil(now.plus_seconds(-12 * 3600)).date; }

std::optional<FieldError> validate_field(const FieldDefinition& f, const json& v, const SubmissionContext& ctx) {
    if (is_empty_value(v) && f.type != FieldType::Boolean) {
        if (f.required) return error(f, "required", f.label + " is required.");
        return std::nullopt;
    }
    json accepted;
    return check_value(f, v, ctx, accepted);
}

std::optional<FieldError> validate_upload(const FieldDefinition& f, const std::string& filename, std::int64_t size) {
    if (f.type != FieldType::File) return error(f, "not_a_file_field", f.label + " does not take a file.");
    if (f.limits.max_bytes && size > *f.limits.max_bytes)
        return error(f, "file_too_large", f.label + " must be at most " + std::to_string(*f.limits.max_bytes / (1024 * 1024)) +
                                               " MB; this file is " + std::to_string((size + 1048575) / 1048576) + " MB.");
    if (size <= 0) return error(f, "file_empty", f.label + ": the chosen file is empty; choose another.");
    if (!f.limits.file_extensions.empty()) {
        std::string kinds;
        for (const std::string& ext : f.limits.file_extensions) {
            if (ends_with(filename, ext)) return std::nullopt;
            kinds += (kinds.empty() ? "" : ", ") + ext;
        }
        return error(f, "file_type", f.label + " must be a " + kinds + " file.");
    }
    return std::nullopt;
}

ValidationResult validate_submission(const FormDefinition& form, const json& submission, const SubmissionContext& ctx) {
    ValidationResult result;
    if (!submission.is_object()) {
        result.errors.push_back({"", "not_an_object", "The report must be a JSON object of field ids and values."});
        return result;
    }
    for (auto it = submission.begin(); it != submission.end(); ++it) {
        const FieldDefinition* f = form.field(it.key());
        if (!f) {
            const std::string shown = is_valid_utf8(it.key()) ? it.key() : "(unreadable name)";
            result.errors.push_back({shown, "unknown_field", "\"" + shown + "\" is not a field of this form; remove it."});
        } else if (!f->shown_to(ctx.audience) && !is_empty_value(it.value())) {
            result.errors.push_back({f->id, "not_asked", f->label + " is not asked of " + audience_name(ctx.audience) + "; remove it."});
        }
    }
    std::vector<std::string> failed;
    for (const FieldDefinition& f : form.fields) {
        if (!f.shown_to(ctx.audience)) continue;
        const json v = submission.contains(f.id) ? submission[f.id] : json();
        if (is_empty_value(v)) {
            if (f.required && f.type != FieldType::Boolean) {
                result.errors.push_back(error(f, "required", f.label + " is required."));
                failed.push_back(f.id);
            } else if (f.default_bool) {
                result.values[f.id] = *f.default_bool;
            }
            continue;
        }
        json accepted;
        if (auto e = check_value(f, v, ctx, accepted)) {
            result.errors.push_back(*e);
            failed.push_back(f.id);
        } else {
            result.values[f.id] = accepted;
        }
    }
    auto has_failed = [&](const std::string& id) { return std::find(failed.begin(), failed.end(), id) != failed.end(); };
    for (const CrossFieldRule& rule : form.rules) {
        if (has_failed(rule.field) || !result.values.contains(rule.field)) continue;
        bool broken = false;
        if (rule.kind == RuleKind::NotGreaterThan) {
            broken = result.values.contains(rule.other) && !has_failed(rule.other) &&
                     result.values[rule.field].get<std::int64_t>() > result.values[rule.other].get<std::int64_t>();
        } else if (rule.kind == RuleKind::DateNotPast) {
            broken = *parse_iso_date(result.values[rule.field].get<std::string>()) < ctx.today;
        }
        if (broken) {
            result.errors.push_back({rule.field, rule.kind == RuleKind::DateNotPast ? "date_past" : "greater_than_other", rule.message});
            result.values.erase(rule.field);
        }
    }
    return result;
}

}  // namespace portal
