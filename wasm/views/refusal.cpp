// What a form the server refused tells assistive technology: which fields are wrong, and why.
#include "platform/platform.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace views {

void mark_if_invalid(const std::set<std::string>& invalid, const std::map<std::string, std::string>& errors,
                     const char* field) {
    if (invalid.count(field)) ui::next_field_invalid(errors.count(field) ? field : "form");
}

void unmark_if_edited(std::set<std::string>& invalid, const char* field) {
    if (ui::field_edited()) invalid.erase(field);
}

void announce_refusal(const std::string& summary, const std::map<std::string, std::string>& errors,
                      std::initializer_list<std::pair<const char*, const char*>> labels) {
    std::string heard = summary;
    for (const auto& [field, label] : labels) {
        const auto it = errors.find(field);
        if (it != errors.end()) heard += std::string(heard.empty() ? "" : " ") + label + ": " + it->second;
    }
    platform::sem_announce(heard, "form");
}

}  // namespace views
