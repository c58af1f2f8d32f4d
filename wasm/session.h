// Session: who is signed in (the server's word on role, plan and staff) and the sign-in form.
#pragma once
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

#include "customer_notices.h"
#include "policy.h"

namespace app {

using nlohmann::json;

struct Session {
    std::string token;
    json user;                                 // {id, email, name, role, plan, organization?}
    bool signed_in() const { return !token.empty(); }
    std::string role() const { return user.is_object() ? user.value("role", "") : ""; }
    // The plan and hosting the server says this person files under.
    portal::Coverage coverage() const {
        return user.is_object() ? portal::Coverage{user.value("plan", ""), user.value("hosting", "")} : portal::Coverage{};
    }
    bool staff() const { return user.is_object() && user.value("staff", false); }   // cse or admin, the server's word
    bool admin() const { return role() == "admin"; }
    bool org_admin() const { return user.is_object() && user.value("org_admin", false); }   // of their organization
};

struct AuthForm {
    std::string email, password, name;
    std::string error;
    std::string notice;                        // good news to sign in after ("Your password was changed.")
    std::string sent;                          // sign-up or reset: the server's "we sent a link to ..." 
    std::map<std::string, std::string> field_errors;
    std::set<std::string> invalid;             // fields marked wrong (aria-invalid) until edited or sent again
    bool busy = false;
};

// ---- intents -------------------------------------------------------------
void sign_in();
void sign_up();
struct ApiReply;
void session_started(const ApiReply& reply);   // a 2xx with {token, user}: keep it and go on
void sign_out();

}  // namespace app
