// Signing in and out; the session is kept in the browser so it survives a reload.
#include "api.h"
#include "app.h"
#include "platform/platform.h"

namespace app {

namespace {
const char* kSessionKey = "portal.session";

void keep(const std::string& token, const json& user) {
    State& s = state();
    s.session.token = token;
    s.session.user = user;
    platform::storage_set(kSessionKey, json{{"token", token}, {"user", user}}.dump());
}

void signed_in(const ApiReply& r) {
    State& s = state();
    s.auth.busy = false;
    if (!r.ok()) {
        s.auth.error = r.message();
        s.auth.field_errors = r.field_errors();
        s.auth.invalid = r.invalid_fields();
        if (r.status == 401) s.auth.invalid = {"email", "password"};   // which of the two is wrong is not said
        return;
    }
    session_started(r);
}
}  // namespace

void session_started(const ApiReply& r) {
    State& s = state();
    keep(r.body.value("token", ""), r.body.value("user", json::object()));
    s.auth = AuthForm{};
    const std::string fallback = s.session.staff() ? "/queue" : "/issues";
    const std::string next = s.after_sign_in.empty() || s.after_sign_in == "/issues" ? fallback : s.after_sign_in;
    s.after_sign_in.clear();
    platform::replace_route(next);
    go(next);
}

void restore_session() {
    State& s = state();
    const std::string saved = platform::storage_get(kSessionKey);
    const json j = json::parse(saved, nullptr, false);
    if (j.is_object() && j.contains("token") && j["token"].is_string()) {
        s.session.token = j["token"].get<std::string>();
        s.session.user = j.value("user", json::object());
        api_call("GET", "/api/me", nullptr, [](const ApiReply& r) {
            if (r.ok()) keep(state().session.token, r.body["user"]);
            state().session_checked = true;
        });
    } else {
        s.session_checked = true;
    }
}

// The server said our token is no good: back to sign-in, keeping drafts and the place we were.
void session_expired() {
    State& s = state();
    s.session = Session{};
    platform::storage_remove(kSessionKey);
    if (s.route.screen != Screen::SignIn && s.route.screen != Screen::SignUp) s.after_sign_in = s.route.path;
    s.auth.error = "Your session has ended. Sign in again; what you were typing is kept.";
    go("/signin");
}

void sign_in() {
    State& s = state();
    s.auth.busy = true;
    s.auth.notice.clear();
    s.auth.error.clear();
    s.auth.field_errors.clear();
    s.auth.invalid.clear();
    api_call("POST", "/api/session", json{{"email", s.auth.email}, {"password", s.auth.password}}, signed_in);
}

void sign_up() {
    State& s = state();
    s.auth.busy = true;
    s.auth.error.clear();
    s.auth.field_errors.clear();
    s.auth.invalid.clear();
    // The answer is the same whether or not the email has an account: the email says which.
    api_call("POST", "/api/signup", json{{"email", s.auth.email}, {"name", s.auth.name}, {"password", s.auth.password}},
             [](const ApiReply& r) {
                 AuthForm& f = state().auth;
                 f.busy = false;
                 if (!r.ok()) {
                     f.error = r.message();
                     f.field_errors = r.field_errors();
                     f.invalid = r.invalid_fields();
                     return;
                 }
                 f.sent = r.body.value("message", "We sent you a link; open it to finish creating your account.");
                 f.password.clear();
             });
}

void sign_out() {
    api_call("DELETE", "/api/session", nullptr, [](const ApiReply&) {});
    State& s = state();
    s.session = Session{};
    platform::storage_remove(kSessionKey);
    s.list = IssueList{};
    s.detail = IssueDetail{};
    go("/signin");
}

}  // namespace app
