// Filing a bug report: the draft, its checks as it is typed, and similar public issues.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "form_definition.h"
#include "policy.h"

namespace app {

using nlohmann::json;

struct ReportDraft {
    std::map<std::string, std::string> text;   // field id -> what is typed
    std::map<std::string, bool> flags;         // boolean fields
    std::string idempotency_key;
    int file_id = 0;                           // a picked debug archive (kept in the page)
    std::string file_name;
    long long file_size = 0;
};

struct ReportState {
    ReportDraft draft;
    std::map<std::string, std::string> errors; // field id -> message
    std::map<std::string, bool> touched;       // left at least once
    std::map<std::string, bool> edited;        // typed into at least once
    std::string focus_field;                   // a field to scroll to and focus next frame
    bool submitting = false;
    int attempts = 0;
    std::string notice;                        // network trouble, server message
    std::map<std::string, bool> open_sections; // collapsible sections the user opened
};

struct SimilarIssues {
    std::string query;                         // the title last searched for
    std::string typed;                         // the title as it is now
    double typed_at = 0;                       // when it last changed (debounce)
    std::vector<json> rows;
    long long generation = 0;
};

// ---- intents -------------------------------------------------------------
void draft_changed();                          // persist the draft now
void submit_report();
void focus_report_field(const std::string& field_id);   // scroll to it, open its section, focus it
// The wrong fields of the report, in the form's order: {field id, label, message}.
struct FieldProblem { std::string id, label, message; };
std::vector<FieldProblem> report_problems();
// A form's draft as the API's report, and one field checked as the user leaves it.
json submission_of(const portal::FormDefinition& form, const ReportDraft& draft, portal::Audience audience);
std::optional<std::string> check_field(const portal::FormDefinition& form, const ReportDraft& draft,
                                       portal::Audience audience, const portal::FieldDefinition& field);
portal::Audience session_audience();
void pick_debug_archive();
void title_typed(const std::string& title);    // looks for similar public issues shortly after
void similar_tick();
void mark_affected_on(int issue_id);           // "This affects me too" on a similar issue

}  // namespace app
