// libFuzzer target over form definition loading, submission validation and the
// pattern language. The first byte picks what the rest of the input feeds.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "../core/fleet_policy.h"
#include "form_validation.h"
#include "json_reader.h"
#include "text_pattern.h"

namespace {
const portal::FormDefinition& bug_report() {
    static const portal::FormDefinition form = *portal::load_form(portal::testing::read_asset("forms/bug-report.json")).form;
    return form;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0: {                                  // a definition, then a submission against it
            const portal::FormLoad load = portal::load_form(text);
            if (load.form) {
                const nlohmann::json empty = nlohmann::json::object();
                portal::validate_submission(*load.form, empty, {portal::Audience::Community, {2027, 1, 1}});
            }
            break;
        }
        case 1: {                                  // a submission against the real bug report form
            nlohmann::json submission;
            portal::LoadError e;
            if (portal::parse_json(text, submission, e))
                for (auto audience : {portal::Audience::Community, portal::Audience::Customer})
                    portal::validate_submission(bug_report(), submission, {audience, {2027, 1, 1}});
            break;
        }
        default: {                                 // pattern NUL text
            const auto nul = text.find('\0');
            std::string error;
            if (auto p = portal::TextPattern::compile(text.substr(0, nul), error))
                p->matches(nul == std::string::npos ? std::string() : text.substr(nul + 1));
            break;
        }
    }
    return 0;
}
