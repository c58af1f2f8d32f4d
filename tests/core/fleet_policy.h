// The shipped assets/policy.json, loaded once for the tests.
#pragma once
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "policy.h"

namespace portal::testing {

inline std::string read_asset(const std::string& relative) {
    std::ifstream in(std::string(PORTAL_ASSETS_DIR) + "/" + relative, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open asset " + relative);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline const Policy& fleet_policy() {
    static const Policy policy = [] {
        PolicyLoad load = load_policy(read_asset("policy.json"));
        if (!load.policy) throw std::runtime_error("assets/policy.json does not load: " + load.errors.at(0).text());
        return *load.policy;
    }();
    return policy;
}

inline Instant at(const std::string& rfc3339) {
    auto t = parse_rfc3339(rfc3339);
    if (!t) throw std::runtime_error("bad time in test: " + rfc3339);
    return *t;
}

}  // namespace portal::testing
