// Administration's intents: each one calls the API and puts the answer (or the
// server's refusal, field by field) beside the control that asked for it.
#include "admin.h"

#include <algorithm>

#include "api.h"
#include "app.h"

namespace app {

const char* const kPlans[2] = {"premium", "ultimate"};
const char* const kHostings[2] = {"self_managed", "managed_cloud"};
const char* const kRoles[4] = {"community", "customer", "cse", "admin"};
const char* const kEmailStates[4] = {"queued", "retrying", "sent", "failed"};

std::string role_name(const std::string& role) {
    if (role == "cse") return "Support engineer";
    if (role == "admin") return "Administrator";
    if (role == "customer") return "Customer";
    return "Community";
}

std::string organization_label(const json& org) {
    if (!org.is_object()) return "";
    const std::string name = org.value("name", "");
    const json codename = org.value("codename", json());
    return org.value("anonymous", false) && codename.is_string() ? name + " (" + codename.get<std::string>() + ")" : name;
}

namespace {
Administration& admin() { return state().admin; }

// What another session loaded is not shown to this one (signed out, session ended, someone else).
void own_session() {
    Administration& a = admin();
    if (a.session == state().session.token) return;
    a = Administration{};
    a.session = state().session.token;
}

// A reply for another session (signed out, or someone else signed in meanwhile) is dropped.
void admin_call(const std::string& method, const std::string& path, const json& body, ApiDone done) {
    api_call(method, path, body, [token = state().session.token, done](const ApiReply& r) {
        if (token == state().session.token) done(r);
    });
}

template <std::size_t N>
int index_of(const char* const (&items)[N], const std::string& value) {
    for (std::size_t i = 0; i < N; ++i)
        if (value == items[i]) return static_cast<int>(i);
    return 0;
}

int organization_index(int organization_id) {
    const std::vector<json>& orgs = admin().organizations.rows;
    for (std::size_t i = 0; i < orgs.size(); ++i)
        if (orgs[i].value("id", 0) == organization_id) return static_cast<int>(i);
    return -1;
}

json* find_row(std::vector<json>& rows, int id) {
    for (json& row : rows)
        if (row.value("id", 0) == id) return &row;
    return nullptr;
}

// The form shows the organization its link names, once the list holds it.
void fill_organization_form() {
    OrganizationForm& f = admin().organizations.form;
    const json* row = f.open && f.id && !f.filled ? find_row(admin().organizations.rows, f.id) : nullptr;
    if (!row) return;
    f.filled = true;
    f.name = row->value("name", "");
    f.plan = index_of(kPlans, row->value("plan", ""));
    f.hosting = index_of(kHostings, row->value("hosting", ""));
    f.anonymous = row->value("anonymous", false);
    const json codename = row->value("codename", json());
    f.codename = f.saved_codename = codename.is_string() ? codename.get<std::string>() : "";
}

// The panel's role and organization start as the chosen account's, once both lists are here.
void prepare_account_panel() {
    People& p = admin().people;
    const json* row = p.selected && p.prepared != p.selected ? find_row(p.rows, p.selected) : nullptr;
    if (!row) return;
    const json org = row->value("organization_id", json());
    if (org.is_number_integer() && state().session.admin() && admin().organizations.rows.empty()) return;
    p.prepared = p.selected;
    p.role_choice = index_of(kRoles, row->value("role", ""));
    p.organization_choice = org.is_number_integer() ? organization_index(org.get<int>()) : -1;
}

// A list already on its way is not asked for twice (a typed link fires popstate and hashchange).
void load_organizations() {
    if (admin().organizations.loading) return;
    admin().organizations.loading = true;
    admin_call("GET", "/api/admin/organizations", nullptr, [](const ApiReply& r) {
        Organizations& o = admin().organizations;
        o.loading = false;
        if (!r.ok()) { o.error = r.message(); return; }
        o.error.clear();
        o.rows.assign(r.body["organizations"].begin(), r.body["organizations"].end());
        fill_organization_form();
        prepare_account_panel();
    });
}

void load_accounts() {
    if (admin().people.loading) return;
    admin().people.loading = true;
    admin_call("GET", "/api/admin/accounts", nullptr, [](const ApiReply& r) {
        People& p = admin().people;
        p.loading = false;
        if (!r.ok()) { p.error = r.message(); return; }
        p.error.clear();
        p.rows.assign(r.body["accounts"].begin(), r.body["accounts"].end());
        ++p.generation;
        prepare_account_panel();
    });
}

// The account a link names: its panel opens (and the page scrolls to it); 0 closes it.
void select_account(int id) {
    People& p = admin().people;
    if (p.selected == id) return;
    p.selected = id;
    p.prepared = 0;
    p.scroll_to = id != 0;
    p.confirm_deactivate = false;
    p.outcome = Outcome{};
    p.outcome_of.clear();
    p.errors.clear();
    prepare_account_panel();
}

void load_invitations() {
    if (admin().invitations.loading) return;
    admin().invitations.loading = true;
    admin_call("GET", "/api/invitations", nullptr, [](const ApiReply& r) {
        Invitations& i = admin().invitations;
        i.loading = false;
        if (!r.ok()) { i.error = r.message(); return; }
        i.error.clear();
        i.rows.assign(r.body["invitations"].begin(), r.body["invitations"].end());
        i.outcomes.clear();                    // they were about the rows as they were
    });
}

// PATCH one account; `what` names the control whose outcome it is.
void patch_account(int id, const json& change, const std::string& what, std::string done) {
    People& p = admin().people;
    p.busy = true;
    p.errors.clear();
    p.outcome = Outcome{};
    p.outcome_of = what;
    admin_call("PATCH", "/api/admin/accounts/" + std::to_string(id), change, [id, what, done](const ApiReply& r) {
        People& p = admin().people;
        p.busy = false;
        if (r.ok()) {
            if (json* row = find_row(p.rows, id)) *row = r.body["account"];
            ++p.generation;
        }
        if (p.selected != id) return;          // another account is open now
        p.outcome_of = what;
        p.confirm_deactivate = false;
        if (!r.ok()) {
            p.errors = r.field_errors();
            p.outcome = Outcome{r.message(), true};
            return;
        }
        p.outcome = Outcome{done, false};
    });
}
}  // namespace

// Choosing a row only opens its panel: the list is loaded again when the section itself is opened.
void enter_admin_organizations(int id) {
    own_session();
    OrganizationForm& f = admin().organizations.form;
    if (id && !(f.open && f.id == id)) {
        f = OrganizationForm{};
        f.open = f.scroll_to = true;
        f.id = id;
    } else if (!id && f.id) {
        f.open = false;
    }
    if (!id || admin().organizations.rows.empty()) load_organizations();
    fill_organization_form();
}

void enter_admin_accounts(int id) {
    own_session();
    if (!id || admin().organizations.rows.empty()) load_organizations();
    if (!id || admin().people.rows.empty()) load_accounts();
    select_account(id);
}

void enter_admin_invitations() {
    own_session();
    load_organizations();
    load_invitations();
}

void enter_admin_outbox() {
    own_session();
    load_outbox();
}

void enter_organization(int id) {
    own_session();
    if (!id || admin().people.rows.empty()) {
        admin_call("GET", "/api/me", nullptr, [](const ApiReply& r) {   // the organization's details as they are now
            if (r.ok() && r.body.contains("user")) state().session.user = r.body["user"];
        });
        load_accounts();
        load_invitations();
    }
    select_account(id);
}

// ---- organizations ---------------------------------------------------------

void new_organization() {
    OrganizationForm& f = admin().organizations.form;
    f = OrganizationForm{};
    f.open = f.filled = true;
}

void save_organization() {
    OrganizationForm& f = admin().organizations.form;
    json body{{"name", f.name}, {"plan", kPlans[f.plan]}, {"hosting", kHostings[f.hosting]}, {"anonymous", f.anonymous}};
    if (f.anonymous && !f.codename.empty() && f.codename != f.saved_codename) body["codename"] = f.codename;
    f.busy = true;
    f.errors.clear();
    f.outcome = Outcome{};
    const int id = f.id;
    admin_call(id ? "PATCH" : "POST", "/api/admin/organizations" + (id ? "/" + std::to_string(id) : std::string()), body,
               [id](const ApiReply& r) {
                   OrganizationForm& f = admin().organizations.form;
                   if (!f.open || f.id != id) return;
                   f.busy = false;
                   if (!r.ok()) {
                       f.errors = r.field_errors();
                       f.outcome = Outcome{r.message(), true};
                       return;
                   }
                   const json& org = r.body["organization"];
                   f.id = org.value("id", 0);
                   const json codename = org.value("codename", json());
                   f.codename = f.saved_codename = codename.is_string() ? codename.get<std::string>() : "";
                   std::string text = id ? "Saved." : "Created " + org.value("name", "") + ".";
                   if (org.value("anonymous", false)) text += " In public views it appears as " + f.codename + ".";
                   f.outcome = Outcome{text, false};
                   load_organizations();
               });
}

// ---- accounts --------------------------------------------------------------

void save_account_role() {
    People& p = admin().people;
    const std::string role = kRoles[p.role_choice];
    json change{{"role", role}};
    const std::vector<json>& orgs = admin().organizations.rows;
    if (role == "customer" && p.organization_choice >= 0 && p.organization_choice < static_cast<int>(orgs.size()))
        change["organization_id"] = orgs[static_cast<std::size_t>(p.organization_choice)].value("id", 0);
    patch_account(p.selected, change, "role", "The role is now " + role_name(role) + ".");
}

void set_org_admin(int id, bool org_admin) {
    patch_account(id, json{{"org_admin", org_admin}}, "org_admin",
                  org_admin ? "Now an admin of their organization: they can invite and deactivate its customers."
                            : "No longer an admin of their organization.");
}

void set_account_active(int id, bool active) {
    patch_account(id, json{{"active", active}}, "active",
                  active ? "Reactivated: they can sign in again."
                         : "Deactivated: signed out everywhere at once; their issues and replies stay.");
}

// ---- invitations -----------------------------------------------------------

void send_invitation() {
    InviteForm& f = admin().invitations.form;
    const bool as_admin = state().session.role() == "admin";
    const std::string role = as_admin ? kRoles[f.role] : "customer";   // an org_admin invites customers only
    json body{{"email", f.email}, {"role", role}};
    if (!f.name.empty()) body["name"] = f.name;
    const std::vector<json>& orgs = admin().organizations.rows;
    if (role == "customer") {
        body["org_admin"] = f.org_admin;
        if (as_admin && f.organization >= 0 && f.organization < static_cast<int>(orgs.size()))
            body["organization_id"] = orgs[static_cast<std::size_t>(f.organization)].value("id", 0);
    }
    f.busy = true;
    f.errors.clear();
    f.outcome = Outcome{};
    admin_call("POST", "/api/invitations", body, [as_admin](const ApiReply& r) {
        Invitations& i = admin().invitations;
        InviteForm& f = i.form;
        f.busy = false;
        if (!r.ok()) {
            f.errors = r.field_errors();
            f.outcome = Outcome{r.message(), true};
            return;
        }
        const json& invitation = r.body["invitation"];
        f.outcome = Outcome{"Invitation sent to " + invitation.value("email", "") + ": a link valid for 7 days." +
                                (as_admin ? " The email is in the outbox." : ""),
                            false};
        f.email.clear();
        f.name.clear();
        f.org_admin = false;
        i.rows.insert(i.rows.begin(), invitation);
    });
}

namespace {
void invitation_action(int id, const char* action, const char* done) {
    Invitations& i = admin().invitations;
    i.outcomes[id] = Outcome{};
    admin_call("POST", "/api/invitations/" + std::to_string(id) + "/" + action, nullptr, [id, done](const ApiReply& r) {
        Invitations& i = admin().invitations;
        if (!r.ok()) { i.outcomes[id] = Outcome{r.message(), true}; return; }
        if (json* row = find_row(i.rows, id)) *row = r.body["invitation"];
        i.outcomes[id] = Outcome{done, false};
    });
}
}  // namespace

void resend_invitation(int id) { invitation_action(id, "resend", "Sent again with a new link; the old one no longer works."); }
void revoke_invitation(int id) { invitation_action(id, "revoke", "Revoked: the link no longer works."); }

// ---- outbox ----------------------------------------------------------------

void load_outbox() {
    Outbox& o = admin().outbox;
    o.loading = true;
    const std::string query = o.state_filter > 0 ? std::string("?state=") + kEmailStates[o.state_filter - 1] : "";
    admin_call("GET", "/api/admin/outbox" + query, nullptr, [](const ApiReply& r) {
        Outbox& o = admin().outbox;
        o.loading = false;
        if (!r.ok()) { o.error = r.message(); return; }
        o.error.clear();
        o.smtp_configured = r.body.value("smtp_configured", true);
        o.rows.assign(r.body["emails"].begin(), r.body["emails"].end());
        o.outcomes.clear();                    // they were about the rows as they were
    });
}

void retry_email(int id) {
    Outbox& o = admin().outbox;
    o.outcomes[id] = Outcome{};
    admin_call("POST", "/api/admin/outbox/" + std::to_string(id) + "/retry", nullptr, [id](const ApiReply& r) {
        Outbox& o = admin().outbox;
        if (!r.ok()) { o.outcomes[id] = Outcome{r.message(), true}; return; }
        if (json* row = find_row(o.rows, id)) *row = r.body["email"];
        o.outcomes[id] = Outcome{o.smtp_configured ? "Queued again; it is being sent now."
                                                   : "Queued again; it waits until an SMTP server is configured.",
                                 false};
    });
}

}  // namespace app
