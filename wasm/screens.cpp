#include "screens.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>

#include "app.h"
#include "views/views.h"

namespace app {

namespace {
bool admin_only(const Session& s) { return s.admin(); }
bool org_admin_only(const Session& s) { return s.org_admin(); }

constexpr ScreenInfo kScreens[] = {
    {Screen::Home, "home", "/", "Plans and response targets", false, false, nullptr,
     [](State& s) { views::draw_home(s.session, *s.policy); }},
    {Screen::SignIn, "signin", "/signin", "Sign in", false, false, nullptr,
     [](State& s) { views::draw_sign_in(s.auth, false); }},
    {Screen::SignUp, "signup", "/signup", "Create a community account", false, false, nullptr,
     [](State& s) { views::draw_sign_in(s.auth, true); }},
    {Screen::Report, "new", "/new", "File a bug report", true, false, nullptr, views::draw_report},
    {Screen::Issue, "issue", "/issues/:id", "Issue", true, false, [](const Route& r) { load_issue(r.issue_id); },
     views::draw_issue},
    {Screen::Issues, "issues", "/issues*", "Issues", true, false, [](const Route& r) { load_issues(r.scope); },
     views::draw_issue_list},
    {Screen::Queue, "queue", "/queue", "Support queue", true, true, [](const Route&) { load_queue(); },
     views::draw_queue},
    {Screen::Escalations, "escalations", "/escalations", "Escalations", true, true,
     [](const Route&) { load_escalations(); }, [](State& s) { views::draw_escalations(s.escalations); }},
    {Screen::Preview, "preview", "/preview", "Form preview", true, true, [](const Route&) { open_preview(); },
     views::draw_form_preview},
    {Screen::Account, "account", "/account", "Your account", true, false,
     [](const Route&) { load_notification_settings(); }, views::draw_account},
    {Screen::Invitation, "invitation", "/invite/:token", "Accept your invitation", false, false,
     [](const Route& r) { open_invitation(r.token); }, [](State& s) { views::draw_invitation(s.landing); }},
    {Screen::Verify, "verify", "/verify/:token", "Confirm your email", false, false,
     [](const Route& r) { verify_email(r.token); }, [](State& s) { views::draw_verify(s, s.landing); }},
    {Screen::ResetRequest, "reset", "/reset", "Forgot your password", false, false, nullptr,
     [](State& s) { views::draw_reset_request(s.auth); }},
    {Screen::ResetConfirm, "reset-confirm", "/reset/:token", "Choose a new password", false, false,
     [](const Route& r) { open_password_reset(r.token); }, [](State& s) { views::draw_reset_confirm(s.landing); }},
    {Screen::AdminOrganizations, "admin-organizations", "/admin", "Organizations \u2014 Administration", true, true,
     [](const Route& r) { enter_admin_organizations(r.issue_id); }, views::draw_admin_organizations, admin_only},
    {Screen::AdminOrganizations, "admin-organizations", "/admin/organizations/:id", "Organizations \u2014 Administration",
     true, true, [](const Route& r) { enter_admin_organizations(r.issue_id); }, views::draw_admin_organizations, admin_only},
    {Screen::AdminAccounts, "admin-accounts", "/admin/accounts", "Accounts \u2014 Administration", true, true,
     [](const Route& r) { enter_admin_accounts(r.issue_id); }, views::draw_admin_accounts, admin_only},
    {Screen::AdminAccounts, "admin-accounts", "/admin/accounts/:id", "Accounts \u2014 Administration", true, true,
     [](const Route& r) { enter_admin_accounts(r.issue_id); }, views::draw_admin_accounts, admin_only},
    {Screen::AdminInvitations, "admin-invitations", "/admin/invitations", "Invitations \u2014 Administration", true, true,
     [](const Route&) { enter_admin_invitations(); }, views::draw_admin_invitations, admin_only},
    {Screen::AdminOutbox, "admin-outbox", "/admin/outbox", "Outbox \u2014 Administration", true, true,
     [](const Route&) { enter_admin_outbox(); }, views::draw_admin_outbox, admin_only},
    {Screen::Organization, "organization", "/organization", "Your organization", true, false,
     [](const Route& r) { enter_organization(r.issue_id); }, views::draw_organization, org_admin_only},
    {Screen::Organization, "organization", "/organization/people/:id", "Your organization", true, false,
     [](const Route& r) { enter_organization(r.issue_id); }, views::draw_organization, org_admin_only},
};

// "/issues/:id" wants a positive number after the prefix; "/invite/:token" a link's token (URL-safe
// characters); "/issues*" any rest; others the exact path.
bool matches(const std::string& pattern, const std::string& path, int& id, std::string& token) {
    const std::size_t n = pattern.size();
    if (n > 6 && pattern.compare(n - 6, 6, ":token") == 0) {
        const std::string prefix = pattern.substr(0, n - 6);
        if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) return false;
        token = path.substr(prefix.size());
        return std::all_of(token.begin(), token.end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
    }
    if (n > 3 && pattern.compare(n - 3, 3, ":id") == 0) {
        if (path.rfind(pattern.substr(0, n - 3), 0) != 0) return false;
        id = std::atoi(path.c_str() + n - 3);
        return id > 0;
    }
    if (pattern.back() == '*') return path.rfind(pattern.substr(0, n - 1), 0) == 0;
    return path == pattern;
}
}  // namespace

const ScreenInfo& screen_info(Screen screen) {
    for (const ScreenInfo& info : kScreens)
        if (info.screen == screen) return info;
    return kScreens[0];
}

Route parse_route(const std::string& path) {
    Route r;
    r.path = path.empty() ? "/" : path;
    for (const ScreenInfo& info : kScreens) {
        int id = 0;
        std::string token;
        if (!matches(info.path, r.path, id, token)) continue;
        r.screen = info.screen;
        r.issue_id = id;
        r.token = token;
        break;
    }
    const auto q = r.path.find("scope=");
    if (r.screen == Screen::Issues && q != std::string::npos) r.scope = r.path.substr(q + 6);
    return r;
}

}  // namespace app
