// The signed-in person's account, and the screens an emailed link opens: accept an
// invitation, confirm a sign-up's email, reset a password (request and confirm).
#pragma once
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

#include "outcome.h"

namespace app {

using nlohmann::json;

// One landing screen's form and what the server said; reset when a new link is opened.
struct LinkLanding {
    std::string token;                         // from the link (#/invite/<token>, ...)
    json offer;                                // an invitation's email, role and organization
    std::string email, name, password;         // what the person types
    bool busy = false;
    bool done = false;                         // the link did its job (a reset link's password is set)
    Outcome outcome;
    std::map<std::string, std::string> field_errors;
    std::set<std::string> invalid;             // fields marked wrong (aria-invalid) until edited or sent again
};

struct AccountState {
    Outcome resend;                            // "Send a new link" (an unconfirmed email)
    Outcome everywhere;                        // "Sign out everywhere"
    bool busy = false;
    json notifications;                        // GET /api/me/notifications: {kinds: [{kind, label, enabled}], time_zone}
    Outcome notifications_outcome;             // of the last change, shown under the settings
};

// ---- intents -------------------------------------------------------------
void open_invitation(const std::string& token);
void accept_invitation();
void verify_email(const std::string& token);
void resend_verification();
void request_password_reset();
void open_password_reset(const std::string& token);
void confirm_password_reset();
void sign_out_everywhere();
void load_notification_settings();             // the account screen's email settings
void change_notifications(const json& change); // PATCH {kinds: {kind: bool}} or {time_zone: name|null}

}  // namespace app
