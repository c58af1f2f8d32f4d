// Administration: organizations, accounts, invitations and the outbox (admins), and
// "Your organization" (an organization's org_admin: its people and invitations only;
// the server decides who sees what, the screens only draw it).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "outcome.h"

namespace app {

using nlohmann::json;

using FieldErrors = std::map<std::string, std::string>;   // the server's 422 `fields`, shown under each field

extern const char* const kPlans[2];           // "premium", "ultimate": what the API takes
extern const char* const kHostings[2];        // "self_managed", "managed_cloud"
extern const char* const kRoles[4];           // "community", "customer", "cse", "admin"
extern const char* const kEmailStates[4];     // "queued", "retrying", "sent", "failed"
std::string role_name(const std::string& role);        // "Support engineer"
std::string organization_label(const json& org);       // "Acme Corp (customer-ceres)" when anonymous

struct OrganizationForm {
    bool open = false;
    int id = 0;                                // 0: a new organization
    bool filled = false;                       // from the list, once it has arrived (a shared link comes first)
    bool scroll_to = false;                    // just opened: the page scrolls to it
    std::string name, codename;
    int plan = 0, hosting = 0;                 // indexes into kPlans, kHostings
    bool anonymous = false;
    std::string saved_codename;                // the server's, to send the codename only when it was edited
    FieldErrors errors;
    Outcome outcome;                           // of Create / Save: shown beside that button
    bool busy = false;
};

struct Organizations {
    std::vector<json> rows;
    bool loading = false;
    std::string error;
    OrganizationForm form;
};

// Accounts: every one for an admin (up to 5,000), an org_admin's organization's people.
struct People {
    std::vector<json> rows;
    bool loading = false;
    std::string error;
    std::string filter;                        // name or email
    int role_filter = 0;                       // 0 any, else 1 + an index into kRoles
    long long generation = 0;                  // rows changed
    // The filtered order, rebuilt only when rows or filters change (5,000 rows each frame would show).
    long long shown_generation = -1;
    std::string shown_filter;
    int shown_role = -1;
    std::vector<std::size_t> shown;
    // The account being managed (its link: /admin/accounts/7, /organization/people/7), and the panel's edits.
    int selected = 0;
    int prepared = 0;                          // the account the edits below were set up for
    bool scroll_to = false;                    // just chosen: the page scrolls to the panel
    int role_choice = 0;                       // index into kRoles
    int organization_choice = -1;              // index into the organizations
    bool confirm_deactivate = false;
    bool focus_keep = false;                   // the confirmation just opened: the keyboard lands on "Keep active"
    std::string outcome_of;                    // "role", "org_admin" or "active": which control the outcome is beside
    Outcome outcome;
    FieldErrors errors;
    bool busy = false;
};

struct InviteForm {
    std::string email, name;
    int role = 1;                              // index into kRoles: customer
    int organization = -1;                     // index into the organizations (admins)
    bool org_admin = false;
    FieldErrors errors;
    Outcome outcome;                           // beside Send invitation
    bool busy = false;
};

struct Invitations {
    std::vector<json> rows;
    bool loading = false;
    std::string error;
    InviteForm form;
    std::map<int, Outcome> outcomes;           // of Resend / Revoke, by invitation id: shown in its row until a reload
};

struct Outbox {
    std::vector<json> rows;
    bool smtp_configured = true;
    bool loading = false;
    std::string error;
    int state_filter = 0;                      // 0 every email, else 1 + an index into the states
    std::map<int, Outcome> outcomes;           // of Retry, by email id, until a reload
};

struct Administration {
    std::string session;                       // the session token it was loaded for: another one starts afresh
    Organizations organizations;
    People people;
    Invitations invitations;
    Outbox outbox;
};

// ---- intents -------------------------------------------------------------
// `id`: the organization or account the link names (0: none); lists load unless they are here already.
void enter_admin_organizations(int id);
void enter_admin_accounts(int id);
void enter_admin_invitations();
void enter_admin_outbox();
void enter_organization(int id);               // "Your organization": fresh details, its people, its invitations

void new_organization();                       // an empty form
void save_organization();

void save_account_role();
void set_org_admin(int account_id, bool org_admin);
void set_account_active(int account_id, bool active);

void send_invitation();
void resend_invitation(int id);
void revoke_invitation(int id);

void load_outbox();
void retry_email(int id);

}  // namespace app
