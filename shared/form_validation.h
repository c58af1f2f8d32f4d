// Checks a submission against a form definition: every problem at once, one per
// field, each with the field id, a stable code and a message that says what to do.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "civil_time.h"
#include "form_definition.h"

namespace portal {

struct FieldError {
    std::string field;                 // field id ("" for the submission as a whole)
    std::string code;                  // required, too_long, bad_version, unknown_field, ...
    std::string message;               // "Fleet server version must look like 4.40.0."
};

struct SubmissionContext {
    Audience audience = Audience::Customer;
    CivilDate today;                   // the earliest calendar date anywhere now (UTC-12)
};

struct ValidationResult {
    std::vector<FieldError> errors;
    nlohmann::json values = nlohmann::json::object();   // accepted values, defaults applied
    bool ok() const { return errors.empty(); }
};

ValidationResult validate_submission(const FormDefinition& form, const nlohmann::json& submission,
                                     const SubmissionContext& context);

// One field on its own, as the browser checks it when the user leaves it.
std::optional<FieldError> validate_field(const FieldDefinition& field, const nlohmann::json& value,
                                         const SubmissionContext& context);

// A file chosen for a file field, checked before it is uploaded.
std::optional<FieldError> validate_upload(const FieldDefinition& field, const std::string& filename,
                                          std::int64_t size_bytes);

// "4.40.0", "5.11.0", "4.41.0-rc.1": three numbers, optionally a pre-release or build suffix.
bool is_version(const std::string& text);

// The date "today" in the earliest time zone (UTC-12): a date is past only once it is past everywhere.
CivilDate earliest_today(Instant now);

}  // namespace portal
