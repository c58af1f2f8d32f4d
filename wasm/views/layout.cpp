// The frame around every screen: navigation bar, centred column, toasts, routing to views.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
float column_width = 0;
}

float page_width() { return column_width; }

void begin_page() {
    const float avail = ImGui::GetContentRegionAvail().x;
    column_width = std::min(avail, 1040.0f);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - column_width) * 0.5f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + column_width);
    ImGui::PushItemWidth(column_width);
    if (platform::take_tab_into_content()) ImGui::SetKeyboardFocusHere();   // the page's first control
}

void end_page() {
    ImGui::PopItemWidth();
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(column_width, 24));
    ImGui::EndGroup();
}

// Brand, the role's links, then theme and account at the right; on a narrow screen
// (a phone, or 400 % zoom) the items flow onto a second line instead of being cut off.
void draw_nav_bar(app::State& s) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float right = ImGui::GetCursorPosX() + avail;       // window-local right edge of the bar
    const bool narrow = avail < 640;
    ImGui::PushFont(platform::font(platform::FontRole::Strong));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(narrow ? "Fleet Support" : "Fleet Support Portal");
    ImGui::PopFont();
    bool first_link = true;
    auto link = [&](const char* label, const std::string& path, bool current) {
        if (first_link && !narrow) ImGui::SameLine(0, 28);
        else ui::same_line_if_fits(label, right);
        first_link = false;
        if (ui::nav_link(label, path, current)) app::go(path);
    };
    const app::Screen on = s.route.screen;
    if (s.session.staff()) {
        link("Queue", "/queue", on == app::Screen::Queue);
        link("Escalations", "/escalations", on == app::Screen::Escalations);
        link("Form preview", "/preview", on == app::Screen::Preview);
        link("Issues", "/issues?scope=all", on == app::Screen::Issues || on == app::Screen::Issue);
        if (s.session.admin())
            link("Administration", "/admin", on == app::Screen::AdminOrganizations || on == app::Screen::AdminAccounts ||
                                                 on == app::Screen::AdminInvitations || on == app::Screen::AdminOutbox);
    } else if (s.session.signed_in()) {
        link(narrow ? "Report" : "File a bug report", "/new", on == app::Screen::Report);
        link("Issues", "/issues", on == app::Screen::Issues || on == app::Screen::Issue);
        if (s.session.org_admin()) link("Your organization", "/organization", on == app::Screen::Organization);
    } else {
        link("Plans", "/", on == app::Screen::Home);
    }
    if (s.session.signed_in()) link("Account", "/account", on == app::Screen::Account);
    const char* theme_label = s.dark_theme ? "Light" : "Dark";
    const char* account = s.session.signed_in() ? "Sign out" : "Sign in";
    const ImGuiStyle& st = ImGui::GetStyle();
    const float group = ImGui::CalcTextSize(theme_label).x + ImGui::CalcTextSize(account).x + st.FramePadding.x * 4 +
                        st.ItemSpacing.x;
    const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + st.ItemSpacing.x;
    if (after + group <= right) {
        ImGui::SameLine();
        ImGui::SetCursorPosX(right - group);
    } else {
        ui::same_line_if_fits(theme_label, right);
    }
    if (ui::button(theme_label)) app::set_theme(!s.dark_theme);
    ui::same_line_if_fits(account, right);
    if (ui::button(account)) {
        if (s.session.signed_in()) app::sign_out();
        else app::go("/signin");
    }
    if (s.session.signed_in() && !narrow) {
        const nlohmann::json& u = s.session.user;
        const std::string org = u.is_object() && u.contains("organization") && u["organization"].is_object()
                                    ? u["organization"].value("name", "") : "";
        const std::string who = (u.is_object() ? u.value("name", "") : "") + " \u00b7 " +
                                (!org.empty() ? org
                                 : s.session.role() == "admin" ? std::string("Admin")
                                 : s.session.staff() ? std::string("Support engineer") : std::string("Community"));
        ui::muted(who);
    }
    ImGui::Separator();
    ImGui::Spacing();
}

void draw_toast(app::State& s) {
    if (s.toast.empty() || platform::now_ms() > s.toast_until) {
        platform::sem_announce("", "toast");   // the same toast later is heard again
        return;
    }
    platform::sem_announce(s.toast, "toast");                 // heard once, through the live region
    const ImVec2 size = ui::text_size(s.toast);
    const ImVec2 pad(16, 10);
    const ImVec2 vp = ImGui::GetMainViewport()->WorkSize;
    const ImVec2 min((vp.x - size.x) * 0.5f - pad.x, vp.y - size.y - pad.y * 2 - 24);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->AddRectFilled(min, ImVec2(min.x + size.x + pad.x * 2, min.y + size.y + pad.y * 2),
                      ImGui::GetColorU32(ui::theme().toast_bg), 8);
    ui::draw_text_at(dl, ImVec2(min.x + pad.x, min.y + pad.y), ImGui::GetColorU32(ui::theme().toast_text), s.toast);
}

void draw_outcome(const app::Outcome& o, const char* track_as) {
    platform::sem_announce(o.text, track_as);  // heard as it appears, as a sighted person sees it
    if (o.text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, o.failed ? ui::theme().danger : ui::theme().success);
    ui::text_wrapped(o.text);
    ImGui::PopStyleColor();
    ui::track(track_as, o.text);
}

void draw_failure(app::State& s) {
    begin_page();
    ui::heading("Something is wrong");
    ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().danger);
    ui::text_wrapped(s.load_error);
    ImGui::PopStyleColor();
    end_page();
}

namespace {
// document.title: the screen, and on an issue its number and title.
std::string screen_title(const app::State& s) {
    if (s.route.screen == app::Screen::Issue) {
        const std::string title = s.detail.issue.is_object() ? s.detail.issue.value("title", "") : "";
        return "#" + std::to_string(s.route.issue_id) + (title.empty() ? "" : " " + title);
    }
    return app::screen_info(s.route.screen).title;
}
}  // namespace

void draw_current(app::State& s) {
    platform::set_title(screen_title(s) + " \u2014 Fleet Support");
    if (s.shown_path != s.route.path) {        // a new screen starts at its top
        s.shown_path = s.route.path;
        ImGui::SetScrollY(0);
    }
    const app::ScreenInfo& screen = app::screen_info(s.route.screen);
    platform::test_set_view(screen.name);
    draw_unconfirmed_banner(s);
    screen.draw(s);
}

}  // namespace views
