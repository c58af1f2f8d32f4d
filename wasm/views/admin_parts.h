// Pieces the administration screens and "Your organization" share: the section
// links, outcomes and field errors, the people table with its manage panel, and
// the invitation form and list.
#pragma once
#include <string>
#include <vector>

#include "app.h"
#include "imgui.h"

namespace views {

void draw_admin_tabs(const app::State& state);   // "Administration" and its four sections, as links

// What an action led to (draw_outcome), also told to a screen reader when it changes.
void show_outcome(const app::Outcome& outcome, const std::string& track_as);
// The server's word on one field, under it ("Error email" for the tests).
void field_error(const app::FieldErrors& errors, const char* field);
void danger_text(const std::string& text);
void form_label(const char* label);            // above a control that draws none of its own
// A button in a table row: tracked under `track_as`, described with the row's subject.
bool row_button(const char* label, const std::string& track_as, const std::string& about);
bool narrow_page();                             // a phone's width: tables become one stacked column
// Once, when a panel has just been chosen: the page scrolls until the panel's top part shows.
void scroll_into_view(bool& once);
// A table row that is a link to `path` (middle-click opens it in a new tab): as tall as
// what the row's first cell drew since `start`, and across every column.
bool row_link(const char* id, const std::string& name, const std::string& path, bool current, ImVec2 start);

std::vector<std::string> organization_names(const app::State& state);   // as the organizations list holds them
std::string organization_name(const app::State& state, const nlohmann::json& organization_id);

// People: a filter and a table (only the visible rows are drawn) with a panel for the chosen one.
// `whole_portal`: an admin's every account (roles, organizations); else an org_admin's organization.
void draw_people(app::State& state, bool whole_portal);

void draw_invite_form(app::State& state, bool any_role);
void draw_invitations(app::State& state, bool pending_only);

}  // namespace views
