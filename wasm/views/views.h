// One file per screen, one draw function each; they read state and call intents.
#pragma once
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "app.h"
#include "issue_lifecycle.h"

namespace views {

void draw_nav_bar(app::State& state);
void draw_toast(app::State& state);
void draw_failure(app::State& state);
void draw_current(app::State& state);

void draw_home(const app::Session& session, const portal::Policy& policy);
void draw_sign_in(app::AuthForm& form, bool sign_up);
void draw_report(app::State& state);
void draw_issue_list(app::State& state);
void draw_issue(app::State& state);
void draw_queue(app::State& state);
void draw_escalations(const app::Escalations& escalations);
void draw_form_preview(app::State& state);
void draw_triage(app::State& state, const nlohmann::json& issue);
void draw_account(app::State& state);
void draw_invitation(app::LinkLanding& landing);
void draw_verify(const app::State& state, const app::LinkLanding& landing);
void draw_reset_request(app::AuthForm& form);
void draw_reset_confirm(app::LinkLanding& landing);
void draw_unconfirmed_banner(app::State& state);
void draw_admin_organizations(app::State& state);
void draw_admin_accounts(app::State& state);
void draw_admin_invitations(app::State& state);
void draw_admin_outbox(app::State& state);
void draw_organization(app::State& state);

// Shared pieces
void draw_deadline_preview(const app::State& state, const portal::Coverage& coverage, const std::string& impact);
std::string status_text(const std::string& status);   // "In progress", "Resolved", ...
std::string status_text(const nlohmann::json& issue);  // the server's "Waiting on you" / "Waiting on customer", else the status
void draw_outcome(const app::Outcome& outcome, const char* track_as);   // next to the control that caused it
// A form the server refused (refusal.cpp). Before a field: marks it wrong (aria-invalid) and
// described by its own error, or by the form's ("form") when it has none; after it: an edit unmarks it.
void mark_if_invalid(const std::set<std::string>& invalid, const std::map<std::string, std::string>& errors,
                     const char* field);
void unmark_if_edited(std::set<std::string>& invalid, const char* field);
// Heard through the live region, as the report form does: the refusal and each wrong field.
void announce_refusal(const std::string& summary, const std::map<std::string, std::string>& errors,
                      std::initializer_list<std::pair<const char*, const char*>> labels);   // {field, label}
float page_width();                            // the readable content width
void begin_page();                             // centres the page's column
void end_page();

}  // namespace views
