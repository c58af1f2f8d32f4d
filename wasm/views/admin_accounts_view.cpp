// Administration, accounts: every account, filtered by name, email or role; the chosen
// one's role, organization admin and deactivation in a panel above the table.
#include "ui/widgets.h"
#include "views/admin_parts.h"
#include "views/views.h"

namespace views {

void draw_admin_accounts(app::State& s) {
    begin_page();
    draw_admin_tabs(s);
    ui::subheading("Accounts");
    ui::muted("Choose an account to change its role, make it an organization admin, or deactivate it. Deactivating "
              "signs the person out at once; their issues and replies stay.");
    draw_people(s, true);
    end_page();
}

}  // namespace views
