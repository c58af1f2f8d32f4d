// Support engineers: the queue, escalations, triage and canned replies, and the form preview.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "form_definition.h"
#include "load_error.h"
#include "report.h"
#include "triage_queue.h"

namespace app {

using nlohmann::json;

struct QueueFilters {
    int plan = 0, impact = 0, status = 0;      // indexes into the view's choices; 0 = any
    std::string label;
    bool waiting_only = false;
};

// Parsing 10,000 rows and sorting them each frame would cost ~30 ms; the order is
// rebuilt only when rows or filters change, and re-sorted once a second as time moves.
struct QueueOrder {
    long long generation = -1;
    std::size_t rows = 0;
    std::vector<portal::QueueEntry> parsed;    // one per row, in row order
    std::string filter_key;
    std::int64_t sorted_at = 0;
    std::vector<portal::QueueEntry> order;
};


struct Escalations {
    std::vector<json> rows;
    bool loading = false;
    std::string error;
};

struct CannedResponse {
    std::string id, title, body, adds_label;
};

struct FormPreview {
    std::string source;                        // the JSON being edited
    std::optional<portal::FormDefinition> last_good;
    std::vector<portal::LoadError> errors;
    int audience = 1;                          // an index into the policy's plans
    ReportState trial;                         // "Try it": a draft that is never filed
    std::string trial_result;
    std::vector<json> forms;                   // from the server
    bool loaded = false;
};

// ---- intents -------------------------------------------------------------
void load_queue();
void load_escalations();
void retry_escalation(int delivery_id);
void triage(const json& change);               // PATCH the open issue
void use_canned(const CannedResponse& response);
void open_preview();                           // the form preview screen: the server's forms, once
void preview_edited();                         // re-check the definition being edited
void preview_load(const std::string& form_id);
void preview_try();
void preview_download();

}  // namespace app
