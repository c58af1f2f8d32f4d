// The response deadline as the customer picks an impact level, computed by the
// core in the browser: due time in their zone and in PT, a live countdown, why,
// and the outside-business-hours notice with escalation contacts (SPEC §3, §4).
#include <algorithm>

#include "imgui.h"
#include "platform/fonts.h"
#include "platform/platform.h"
#include "response_deadline.h"
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

void draw_deadline_preview(const app::State& s, const std::string& plan, const std::string& impact) {
    const portal::Policy& policy = *s.policy;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::theme().surface);
    const float width = std::min(page_width(), ImGui::GetContentRegionAvail().x);
    ImGui::BeginChild("##deadline", ImVec2(width, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    if (plan == "free") {
        community_notice(policy);
    } else if (impact.empty()) {
        ui::muted("Choose an impact level to see when you will hear back.");
    } else {
        const portal::Instant now = ui::now();
        const portal::QuoteResult r = portal::quote_deadline(policy, *s.calendar, plan, impact, now);
        if (r.quote && r.quote->due_at) {
            const portal::DeadlineQuote& q = *r.quote;
            ui::strong("First response due " + ui::countdown(*q.due_at, now));
            ui::track("Response deadline", portal::format_rfc3339_utc(*q.due_at));
            ui::text_wrapped(ui::in_local_zone(*q.due_at) + "  \u00b7  " + ui::in_zone(policy.zone, *q.due_at));
            if (q.window_start)
                ui::muted("Expect a reply from " + ui::in_zone(policy.zone, *q.window_start) + " (window: " + q.target_summary + ").");
            ui::muted(q.explanation);
            ui::muted("Preferred contact: " + q.contact + ".");
            if (!q.in_business_hours) {
                ImGui::Spacing();
                ImGui::PushStyleColor(ImGuiCol_Text, ui::theme().warning);
                const auto holiday = s.calendar->holidays().observed_on(portal::to_local(policy.zone, now).date);
                if (holiday && (impact == "P2" || impact == "P3"))
                    ui::strong("Today is " + holiday->name + ", a US federal holiday: Medium and Low responses may be delayed. "
                           "Your clock starts " + ui::in_zone(policy.zone, q.clock_starts_at) + ".");
                else
                    ui::strong("It is outside business hours (" + s.calendar->hours().describe(policy.zone) + "). " +
                           (q.clock_starts_at == now ? std::string("The clock is already running.")
                                                     : "Your clock starts " + ui::in_zone(policy.zone, q.clock_starts_at) + "."));
                ImGui::PopStyleColor();
                if (impact == "P0" || impact == "P1")
                    ui::text_wrapped("Urgent? " + policy.escalation.note + " Phone or text: " + policy.escalation.phone +
                                     " \u00b7 Email: " + policy.escalation.email + ". After filing, use \"Escalate now\" "
                                     "on the issue to page the on-call engineer.");
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
