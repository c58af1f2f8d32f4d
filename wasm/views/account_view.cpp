// The account screen and the screens an emailed link opens: accept an invitation,
// confirm an email, forgot password, choose a new password. Password managers see
// real forms with the account's email as the user name.
#include <algorithm>
#include <cctype>

#include "imgui.h"
#include "platform/platform.h"
#include "ui/card.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
void error_under(const std::map<std::string, std::string>& errors, const char* field) {
    const auto it = errors.find(field);
    if (it == errors.end()) return;
    ui::error_text(it->second, field);
    ui::track(std::string(field) + " error", it->second);
}

float form_width() { return std::min(page_width(), 420.0f); }

// A real <form> around the fields and the button, named for what it does.
unsigned form_begin(const char* name) {
    const unsigned id = ui::sem::describe(platform::SemRole::Form, name, 0, "", "", ImGui::GetID(name));
    ui::sem::push(id);
    return id;
}

void sent_card(const std::string& text) {
    platform::sem_announce("Check your email. " + text, "sent");
    ui::card_begin(form_width(), ui::theme().surface);
    ui::strong("Check your email");
    ui::text_wrapped(text);
    ui::track("Sent", text);
    ui::card_end();
}

std::string role_words(const nlohmann::json& offer) {
    std::string who = offer.value("role_words", "a member");
    if (offer.contains("organization") && offer["organization"].is_string()) who += " of " + offer["organization"].get<std::string>();
    return who;
}
// Which emails this person gets, and the time zone their deadlines are written in.
void draw_notification_settings(app::State& s) {
    const nlohmann::json& n = s.account.notifications;
    ui::subheading("Email notifications");
    if (!n.is_object()) {
        ui::muted("Loading\u2026");
        draw_outcome(s.account.notifications_outcome, "Notifications outcome");
        return;
    }
    ui::muted("Sent to " + s.session.user.value("email", std::string("your email")) +
              ". Each email's unsubscribe link turns its kind off too.");
    for (const nlohmann::json& k : n.value("kinds", nlohmann::json::array())) {
        std::string label = k.value("label", k.value("kind", ""));
        if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        bool on = k.value("enabled", true);
        if (ui::checkbox(label.c_str(), &on)) app::change_notifications({{"kinds", {{k.value("kind", ""), on}}}});
    }
    ImGui::Spacing();
    ui::strong("Deadlines in these emails");
    ui::radio_group_begin("Deadlines in these emails");
    const std::string zone = n.contains("time_zone") && n["time_zone"].is_string() ? n["time_zone"].get<std::string>() : "";
    const std::string policy_zone = n.value("policy_time_zone", "America/Los_Angeles");
    const std::string here = platform::local_zone_name();
    if (ui::radio(("Pacific Time only (" + policy_zone + ")").c_str(), zone.empty(), "email-zone"))
        app::change_notifications({{"time_zone", nullptr}});
    if (!here.empty() && here != policy_zone &&
        ui::radio(("Your time zone and Pacific Time (" + here + ")").c_str(), zone == here, "email-zone"))
        app::change_notifications({{"time_zone", here}});
    if (!zone.empty() && zone != here) ui::radio(("Your saved time zone and Pacific Time (" + zone + ")").c_str(), true, "email-zone");
    ui::radio_group_end();
    draw_outcome(s.account.notifications_outcome, "Notifications outcome");
    ImGui::Spacing();
}
}  // namespace

void draw_invitation(app::LinkLanding& l) {
    begin_page();
    ui::heading("Accept your invitation");
    if (l.offer.is_null()) {
        if (l.busy) ui::muted("Opening the invitation\u2026");
        draw_outcome(l.outcome, "Invitation outcome");
        if (!l.busy && ui::button("Go to sign in")) app::go("/signin");
        end_page();
        return;
    }
    ui::text_wrapped("You are invited to the Fleet Support Portal as " + role_words(l.offer) +
                     ". Choose the name people will see and a password.");
    ImGui::Spacing();
    const float width = form_width();
    form_begin("Accept the invitation");
    l.email = l.offer.value("email", "");      // the invitation's address is the account's: shown, not changed
    ui::text_field("Email", l.email, "", width, ImGuiInputTextFlags_ReadOnly, "username");
    mark_if_invalid(l.invalid, l.field_errors, "name");
    bool submit = ui::text_field("Name", l.name, "Your name", width, ImGuiInputTextFlags_EnterReturnsTrue, "name");
    unmark_if_edited(l.invalid, "name");
    error_under(l.field_errors, "name");
    mark_if_invalid(l.invalid, l.field_errors, "password");
    submit |= ui::text_field("Password", l.password, "At least 10 characters", width,
                             ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue, "new-password");
    unmark_if_edited(l.invalid, "password");
    error_under(l.field_errors, "password");
    ImGui::Spacing();
    ImGui::BeginDisabled(l.busy);
    if (ui::primary_button("Create my account", ImVec2(width, 0)) || submit) app::accept_invitation();
    ImGui::EndDisabled();
    ui::sem::pop();
    draw_outcome(l.outcome, "Invitation outcome");
    announce_refusal(l.field_errors.empty() ? "" : l.outcome.text, l.field_errors,
                     {{"name", "Name"}, {"password", "Password"}});
    end_page();
}

void draw_verify(const app::State& s, const app::LinkLanding& l) {
    begin_page();
    ui::heading("Confirm your email");
    if (l.busy || l.done) ui::muted("Confirming\u2026");
    const nlohmann::json& u = s.session.user;
    if (!l.busy && l.outcome.failed && s.session.signed_in() && u.is_object() && u.value("verified", false)) {
        draw_outcome({"Your email address " + u.value("email", std::string()) + " is confirmed: nothing more to do.",
                      false}, "Verify outcome");   // an old link opened again
        if (ui::button("Go to your issues")) app::go("/issues");
        end_page();
        return;
    }
    draw_outcome(l.outcome, "Verify outcome");
    if (!l.busy && l.outcome.failed && !s.session.signed_in()) {
        ui::muted("Sign in and choose \u201cSend a new link\u201d to get a fresh one.");
        if (ui::button("Go to sign in")) app::go("/signin");
    }
    end_page();
}

void draw_reset_request(app::AuthForm& f) {
    begin_page();
    ui::heading("Forgot your password?");
    if (!f.sent.empty()) {
        sent_card(f.sent);
        ImGui::Spacing();
        if (ui::button("Back to sign in")) {
            f.sent.clear();
            app::go("/signin");
        }
        end_page();
        return;
    }
    ui::muted("Enter your account's email and we will send a link to choose a new password.");
    ImGui::Spacing();
    const float width = form_width();
    form_begin("Reset your password");
    mark_if_invalid(f.invalid, f.field_errors, "email");
    bool submit = ui::text_field("Email", f.email, "name@example.com", width, ImGuiInputTextFlags_EnterReturnsTrue,
                                 "username");
    unmark_if_edited(f.invalid, "email");
    error_under(f.field_errors, "email");
    if (!f.error.empty() && f.field_errors.empty()) draw_outcome({f.error, true}, "Reset outcome");
    announce_refusal(f.field_errors.empty() ? "" : f.error, f.field_errors, {{"email", "Email"}});
    ImGui::Spacing();
    ImGui::BeginDisabled(f.busy);
    if (ui::primary_button("Send the link", ImVec2(width, 0)) || submit) app::request_password_reset();
    ImGui::EndDisabled();
    ui::sem::pop();
    ImGui::Spacing();
    if (ui::button("Back to sign in")) app::go("/signin");
    end_page();
}

void draw_reset_confirm(app::LinkLanding& l) {
    begin_page();
    ui::heading("Choose a new password");
    ui::muted("Every session of the account is signed out when the password changes.");
    ImGui::Spacing();
    const float width = form_width();
    form_begin("Choose a new password");
    mark_if_invalid(l.invalid, l.field_errors, "password");
    const bool submit = ui::text_field("New password", l.password, "At least 10 characters", width,
                                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue,
                                       "new-password");
    unmark_if_edited(l.invalid, "password");
    error_under(l.field_errors, "password");
    ImGui::Spacing();
    ImGui::BeginDisabled(l.busy);
    if (ui::primary_button("Set the password", ImVec2(width, 0)) || submit) app::confirm_password_reset();
    ImGui::EndDisabled();
    ui::sem::pop();
    draw_outcome(l.outcome, "Reset outcome");
    announce_refusal(l.field_errors.empty() ? "" : l.outcome.text, l.field_errors, {{"password", "New password"}});
    if (l.outcome.failed && l.field_errors.empty() && ui::button("Ask for a new link")) app::go("/reset");
    end_page();
}

void draw_account(app::State& s) {
    begin_page();
    ui::heading("Your account");
    const nlohmann::json& u = s.session.user;
    const auto line = [](const char* what, const std::string& value) {
        ui::strong(what);
        ui::text_wrapped(value);
        ImGui::Spacing();
    };
    line("Name", u.value("name", ""));
    line("Email", u.value("email", "") + (u.value("verified", true) ? "" : "  (not confirmed yet)"));
    const std::string role = s.session.role();
    line("Role", role == "cse" ? "Support engineer" : role == "admin" ? "Administrator"
                 : role == "customer" ? (u.value("org_admin", false) ? "Customer, your organization's admin" : "Customer")
                 : "Community member");
    if (u.contains("organization") && u["organization"].is_object()) line("Organization", u["organization"].value("name", ""));
    draw_notification_settings(s);
    ui::subheading("Sessions");
    ui::muted("Signed in on a computer you no longer use, or lost a phone? End every session of this account, "
              "this one included.");
    ImGui::BeginDisabled(s.account.busy);
    if (ui::button("Sign out everywhere")) app::sign_out_everywhere();
    ImGui::EndDisabled();
    draw_outcome(s.account.everywhere, "Sign out everywhere outcome");
    end_page();
}

// Until the email is confirmed a community account reads but cannot file or reply: say why, offer a new link.
void draw_unconfirmed_banner(app::State& s) {
    const nlohmann::json& u = s.session.user;
    if (!s.session.signed_in() || !u.is_object() || u.value("verified", true)) return;
    begin_page();
    ui::card_begin(page_width(), ui::theme().notice_bg);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
    ui::strong("Confirm your email address to file reports and reply");
    ImGui::PopStyleColor();
    ui::text_wrapped("We sent a link to " + u.value("email", std::string("your email")) +
                     ". Open it to finish creating your account; until then you can read and search.");
    ImGui::BeginDisabled(s.account.busy);
    if (ui::button("Send a new link")) app::resend_verification();
    ImGui::EndDisabled();
    draw_outcome(s.account.resend, "Resend outcome");
    ui::card_end();
    end_page();
}

}  // namespace views
