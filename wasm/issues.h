// Issues: the list of a scope and the open issue, with its replies and actions.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "outcome.h"

namespace app {

using nlohmann::json;

// Filtering and sorting 10,000 rows every frame costs ~30 ms; the visible order is
// rebuilt only when the rows, the filter or the sort order change.
struct VisibleRows {
    long long generation = -1;
    std::size_t rows = 0;
    std::string filter;
    int status = -1;
    bool resort = true;
    std::vector<const json*> order;            // into the list's rows
};


struct IssueList {
    std::string scope;
    std::vector<json> rows;
    int total = 0;
    bool loading = false;
    std::string error;
    std::string filter;
    int status_filter = 0;                     // index into the status choices
    long long generation = 0;
    VisibleRows visible;                       // the list view's filtered, sorted order
};

// What came of an action, explained next to the control that caused it.
struct IssueDetail {
    int id = 0;
    json issue;
    bool loading = false;
    std::string error;
    std::string reply;                         // kept in the browser as typed, per account and issue
    std::string reply_key;                     // Idempotency-Key of the reply last sent...
    std::string reply_key_for;                 // ...and what it was sent with: a retry of it reuses the key
    bool reply_sensitive = false;
    bool sending = false;
    std::string notice;
    Outcome action_outcome;                    // of Copy link, Affected too, Escalate: shown by those buttons
    Outcome reply_outcome;                     // of Send reply: shown under it
    double upload_progress = -1;
    bool internal_note = false;                // CSE: the reply is an internal note
    std::string new_label;
    std::string duplicate_of;
    bool following_delivery = false;           // asking again while on-call is being reached
};

// ---- intents -------------------------------------------------------------
void load_issues(const std::string& scope);
void load_issue(int id);
void send_reply();
void reply_changed();                          // the reply box was edited: keep the draft
void escalate_issue();
void mark_affected();
void set_watching(bool watch);               // a colleague of the reporter: the issue's emails too
void copy_issue_link();
void download_attachment(int attachment_id, const std::string& filename);
void attach_to_issue();                        // pick a debug archive and upload it to the open issue

}  // namespace app
