// Administration, invitations: invite anyone to any role (customers to an organization),
// and every invitation with its state, to resend or revoke.
#include "imgui.h"
#include "ui/widgets.h"
#include "views/admin_parts.h"
#include "views/views.h"

namespace views {

void draw_admin_invitations(app::State& s) {
    begin_page();
    draw_admin_tabs(s);
    ui::subheading("Invite someone");
    ui::muted("They get an email with a one-time link, valid for 7 days, to choose their name and password.");
    draw_invite_form(s, true);
    ImGui::Spacing();
    ui::subheading("Invitations");
    draw_invitations(s, false);
    end_page();
}

}  // namespace views
