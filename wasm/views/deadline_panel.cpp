// The response deadline as the customer picks an impact level, previewed by the
// core in the browser (the server decides the stored one): due time in their zone
// and in PT, a live countdown, why, and the core's outside-hours notice with the
// deployment's escalation contacts (SPEC §3, §4).
#include <algorithm>

#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "customer_notices.h"
#include "ui/theme.h"
#include "ui/time_format.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

namespace {
void community_notice(const portal::Policy& policy) {
    ui::strong("No guaranteed response");
    ui::text_wrapped("Fleet Free reports are answered by the community and the team as time allows. "
                     "For quicker help, try:");
    for (const std::string& c : policy.community_channels) ui::text_wrapped("\u2022 " + c);
}
}  // namespace

void draw_deadline_preview(const app::State& s, const portal::Coverage& coverage, const std::string& impact) {
    const portal::Policy& policy = *s.policy;
    const portal::Plan* plan = policy.plan(coverage.plan);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().surface);
    const float width = std::min(page_width(), ImGui::GetContentRegionAvail().x);
    ImGui::BeginChild("##deadline", ImVec2(width, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    if (!plan || !plan->paid || impact.empty()) platform::sem_announce("", "deadline");
    if (!plan || !plan->paid) {
        community_notice(policy);
    } else if (impact.empty()) {
        ui::muted("Choose an impact level to see when you will hear back.");
    } else {
        const portal::Instant now = ui::now();
        const portal::QuoteResult r = portal::quote_coverage(policy, *s.calendar, coverage, impact, now);
        if (r.quote && r.quote->due_at) {
            const portal::DeadlineQuote& q = *r.quote;
            ui::strong("First response due " + ui::countdown(*q.due_at, now));
            ui::track("Response deadline", portal::format_rfc3339_utc(*q.due_at));
            const std::string when = ui::in_local_zone(*q.due_at) + "  \u00b7  " + ui::in_zone(policy.zone, *q.due_at);
            ui::text_wrapped(when);
            platform::sem_announce("First response due " + when + ".", "deadline");   // heard when the impact changes it
            if (q.window_start)
                ui::muted("Expect a reply from " + ui::in_zone(policy.zone, *q.window_start) + " (window: " + q.target_summary + ").");
            ui::muted(q.explanation);
            ui::muted("Preferred contact: " + q.contact + ".");
            const portal::NoticeResult n = portal::message_notice(policy, *s.calendar, coverage, impact, now, s.contacts);
            if (n.notice) {
                ImGui::Spacing();
                ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
                ui::strong(n.notice->text);
                ImGui::PopStyleColor();
                ui::track("Outside hours notice", n.notice->text);
            }
            platform::request_redraw_after(1000);   // the countdown ticks
        } else if (r.quote) {
            community_notice(policy);
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace views
