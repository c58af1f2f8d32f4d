// The screens an emailed link opens, and the account's own actions. Each keeps what the
// person typed when the server refuses, and says what to do next.
#include "account.h"

#include "api.h"
#include "app.h"

namespace app {

namespace {
LinkLanding& landing() { return state().landing; }

void refused(const ApiReply& r) {
    LinkLanding& l = landing();
    l.busy = false;
    l.outcome = {r.message(), true};
    l.field_errors = r.field_errors();
    l.invalid = r.invalid_fields();
}

// A link opened for the first time (or another link): a fresh form for it.
bool fresh(const std::string& token) {
    if (landing().token == token) return false;
    landing() = LinkLanding{};
    landing().token = token;
    return true;
}
}  // namespace

void open_invitation(const std::string& token) {
    if (!fresh(token)) return;
    landing().busy = true;
    api_call("POST", "/api/invitations/lookup", json{{"token", token}}, [token](const ApiReply& r) {
        if (landing().token != token) return;
        if (!r.ok()) return refused(r);
        LinkLanding& l = landing();
        l.busy = false;
        l.offer = r.body;
        l.email = r.body.value("email", "");
        if (l.name.empty() && r.body.contains("name") && r.body["name"].is_string()) l.name = r.body["name"];
    });
}

void accept_invitation() {
    LinkLanding& l = landing();
    l.busy = true;
    l.outcome = {};
    l.field_errors.clear();
    l.invalid.clear();
    api_call("POST", "/api/invitations/accept", json{{"token", l.token}, {"name", l.name}, {"password", l.password}},
             [](const ApiReply& r) {
                 if (!r.ok()) return refused(r);
                 landing() = LinkLanding{};
                 show_toast("Welcome! Your account is ready.");
                 session_started(r);
             });
}

void verify_email(const std::string& token) {
    if (!fresh(token)) return;
    landing().busy = true;
    api_call("POST", "/api/verify", json{{"token", token}}, [token](const ApiReply& r) {
        if (landing().token != token) return;
        if (!r.ok()) return refused(r);
        landing().done = true;
        landing().busy = false;
        show_toast("Your email address is confirmed.");
        session_started(r);
    });
}

void resend_verification() {
    State& s = state();
    s.account.busy = true;
    s.account.resend = {};
    api_call("POST", "/api/verify/resend", json::object(), [](const ApiReply& r) {
        AccountState& a = state().account;
        a.busy = false;
        a.resend = {r.ok() ? r.body.value("message", "We sent a new link.") : r.message(), !r.ok()};
        if (r.status == 409 && state().session.user.is_object()) state().session.user["verified"] = true;
    });
}

void request_password_reset() {
    AuthForm& f = state().auth;
    f.busy = true;
    f.error.clear();
    f.field_errors.clear();
    f.invalid.clear();
    api_call("POST", "/api/password-reset", json{{"email", f.email}}, [](const ApiReply& r) {
        AuthForm& form = state().auth;
        form.busy = false;
        if (!r.ok()) {
            form.error = r.message();
            form.field_errors = r.field_errors();
            form.invalid = r.invalid_fields();
            return;
        }
        form.sent = r.body.value("message", "If an account uses " + form.email +
                                                ", we sent it a link to choose a new password (valid 1 hour).");
    });
}

void open_password_reset(const std::string& token) { fresh(token); }

void confirm_password_reset() {
    LinkLanding& l = landing();
    l.busy = true;
    l.outcome = {};
    l.field_errors.clear();
    l.invalid.clear();
    api_call("POST", "/api/password-reset/confirm", json{{"token", l.token}, {"password", l.password}},
             [](const ApiReply& r) {
                 if (!r.ok()) return refused(r);
                 landing() = LinkLanding{};
                 State& s = state();
                 s.session = Session{};            // every session of the account has ended, this one too
                 s.auth = AuthForm{};
                 s.auth.notice = "Your password was changed and every session was signed out. Sign in with the new password.";
                 go("/signin");
             });
}

void sign_out_everywhere() {
    State& s = state();
    s.account.busy = true;
    s.account.everywhere = {};
    api_call("POST", "/api/sessions/revoke-all", json::object(), [](const ApiReply& r) {
        AccountState& a = state().account;
        a.busy = false;
        if (!r.ok()) {
            a.everywhere = {r.message(), true};
            return;
        }
        sign_out();
        state().auth.notice = "You were signed out on every device, this one included.";
    });
}

void load_notification_settings() {
    api_call("GET", "/api/me/notifications", nullptr, [](const ApiReply& r) {
        AccountState& a = state().account;
        if (r.ok()) a.notifications = r.body;
        else a.notifications_outcome = {r.message(), true};
    });
}

void change_notifications(const json& change) {
    state().account.notifications_outcome = {};
    api_call("PATCH", "/api/me/notifications", change, [](const ApiReply& r) {
        AccountState& a = state().account;
        if (!r.ok()) {
            a.notifications_outcome = {r.message(), true};
            return load_notification_settings();   // show what is really stored
        }
        a.notifications = r.body;
        a.notifications_outcome = {"Saved.", false};
    });
}

}  // namespace app
