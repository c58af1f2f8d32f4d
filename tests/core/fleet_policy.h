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

// A table case's sentence as a test name: "a P0 meets it" -> "a_P0_meets_it".
struct SentenceName {
    template <class Param> std::string operator()(const Param& info) const {
        std::string name;
        for (const char* c = info.param.sentence; *c; ++c) {
            const bool word = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
            if (word) name += *c;
            else if (!name.empty() && name.back() != '_') name += '_';
        }
        while (!name.empty() && name.back() == '_') name.pop_back();
        return name;
    }
};

}  // namespace portal::testing
