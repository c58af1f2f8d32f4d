// The app's screens: one row each, with the path it answers to, who may open it,
// what it loads on the way in and how it is drawn. Routing reads only this table.
#pragma once
#include <string>

namespace app {

struct State;
struct Route;

enum class Screen {
    Home, SignIn, SignUp, Report, Issues, Issue, Queue, Escalations, Preview,
    Account, Invitation, Verify, ResetRequest, ResetConfirm
};

struct ScreenInfo {
    Screen screen;
    const char* name;                          // the view name the end-to-end tests read
    const char* path;                          // "/issues/:id" takes a number, "/invite/:token" a token; "/issues*" also "?scope="
    const char* title;                         // document.title
    bool needs_session;                        // a visitor signs in first, then comes back
    bool staff_only;                           // others are sent to their issues
    void (*on_enter)(const Route& route);      // loads what the screen shows; may be null
    void (*draw)(State& state);
};

const ScreenInfo& screen_info(Screen screen);
Route parse_route(const std::string& path);

}  // namespace app
