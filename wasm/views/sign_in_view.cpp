// Sign in (everyone) and sign up (community members).
#include <algorithm>

#include "imgui.h"
#include "platform/platform.h"
#include "ui/card.h"
#include "ui/semantics.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
void field_error(const app::AuthForm& f, const char* id) {
    auto it = f.field_errors.find(id);
    if (it != f.field_errors.end()) ui::error_text(it->second, id);
}
}  // namespace

void draw_sign_in(app::AuthForm& f, bool sign_up) {
    begin_page();
    const float width = std::min(page_width(), 420.0f);
    ui::heading(sign_up ? "Create a community account" : "Sign in");
    ui::muted(sign_up ? "Community members file public bug reports and follow them. Customers of Fleet Premium and "
                        "Ultimate: ask your organization's admin for an account."
                      : "Customers, community members and support engineers sign in here.");
    if (!f.notice.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().success);
        ui::text_wrapped(f.notice);
        ImGui::PopStyleColor();
        ui::track("Sign-in notice", f.notice);
    }
    ImGui::Spacing();
    if (sign_up && !f.sent.empty()) {          // the same answer whether or not the email has an account
        platform::sem_announce("Check your email. " + f.sent, "sent");
        ui::card_begin(width, ui::theme().surface);
        ui::strong("Check your email");
        ui::text_wrapped(f.sent);
        ui::track("Sent", f.sent);
        ui::card_end();
        ImGui::Spacing();
        if (ui::button("Use a different email")) f.sent.clear();
        ImGui::SameLine();
        if (ui::button("Go to sign in")) app::go("/signin");
        end_page();
        return;
    }
    bool submit = false;
    // A real <form> around the fields and the button: password managers fill it and offer to save.
    const unsigned form = ui::sem::describe(platform::SemRole::Form, sign_up ? "Create an account" : "Sign in", 0, "",
                                            "", ImGui::GetID("##auth-form"));
    ui::sem::push(form);
    if (sign_up) {
        mark_if_invalid(f.invalid, f.field_errors, "name");
        ui::text_field("Name", f.name, "Your name", width, 0, "name");
        unmark_if_edited(f.invalid, "name");
        field_error(f, "name");
    }
    mark_if_invalid(f.invalid, f.field_errors, "email");
    submit |= ui::text_field("Email", f.email, "name@example.com", width, ImGuiInputTextFlags_EnterReturnsTrue);
    unmark_if_edited(f.invalid, "email");
    field_error(f, "email");
    mark_if_invalid(f.invalid, f.field_errors, "password");
    submit |= ui::text_field("Password", f.password, sign_up ? "At least 10 characters" : "", width,
                             ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue,
                             sign_up ? "new-password" : "current-password");
    unmark_if_edited(f.invalid, "password");
    field_error(f, "password");
    ui::error_text(f.error, "form");       // a wrong email or password: both fields point here
    if (!f.error.empty()) ui::track("Sign-in error", f.error);
    ImGui::Spacing();
    ImGui::BeginDisabled(f.busy);
    if (ui::primary_button(sign_up ? "Create account" : "Sign in", ImVec2(width, 0)) || submit)
        sign_up ? app::sign_up() : app::sign_in();
    ImGui::EndDisabled();
    ui::sem::pop();
    announce_refusal(f.error, f.field_errors, {{"name", "Name"}, {"email", "Email"}, {"password", "Password"}});
    ImGui::Spacing();
    if (sign_up) {
        if (ui::button("I already have an account")) app::go("/signin");
    } else {
        if (ui::nav_link("Forgot your password?", "/reset")) app::go("/reset");
        if (ui::button("New here? Create a community account")) app::go("/signup");
    }
    end_page();
}

}  // namespace views
