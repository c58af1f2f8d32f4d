// The app's screens: one row each, with the path it answers to, who may open it,
// what it loads on the way in and how it is drawn. Routing reads only this table.
#pragma once
#include <string>

namespace app {

struct State;
struct Route;
struct Session;

enum class Screen {
    Home, SignIn, SignUp, Report, Issues, Issue, Queue, Escalations, Preview,
    Account, Invitation, Verify, ResetRequest, ResetConfirm,
    AdminOrganizations, AdminAccounts, AdminInvitations, AdminOutbox, Organization
};

struct ScreenInfo {
    Screen screen;
    const char* name;                          // the view name the end-to-end tests read
    const char* path;                          // "/issues/:id" takes a number, "/invite/:token" a token; "/issues*" also "?scope="
                                               // (a screen may have rows for more paths: the first is its own)
    const char* title;                         // document.title
    bool needs_session;                        // a visitor signs in first, then comes back
    bool staff_only;                           // others are sent to their issues
    void (*on_enter)(const Route& route);      // loads what the screen shows; may be null
    void (*draw)(State& state);
    bool (*may_open)(const Session& session) = nullptr;   // narrower than signed in or staff: others go to their start
};

const ScreenInfo& screen_info(Screen screen);
Route parse_route(const std::string& path);

}  // namespace app
