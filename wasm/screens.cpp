#include "screens.h"

#include <cstdlib>
#include <iterator>

#include "app.h"
#include "views/views.h"

namespace app {

namespace {
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
};

// "/issues/:id" wants a positive number after the prefix; "/issues*" any rest; others the exact path.
bool matches(const std::string& pattern, const std::string& path, int& id) {
    const std::size_t n = pattern.size();
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
        if (!matches(info.path, r.path, id)) continue;
        r.screen = info.screen;
        r.issue_id = id;
        break;
    }
    const auto q = r.path.find("scope=");
    if (r.screen == Screen::Issues && q != std::string::npos) r.scope = r.path.substr(q + 6);
    return r;
}

}  // namespace app
