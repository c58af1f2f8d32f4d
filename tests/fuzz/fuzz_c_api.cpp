// libFuzzer targets over the core's C ABI (shared/c_api.h): the exact JSON text the
// server hands the core, straight into the exported functions. One binary holds
// every target; the target is the name it is run under (argv[0], a link made by
// fuzz.cmake: fuzz_check_form, fuzz_validate, ...) or FUZZ_TARGET. Each target keeps
// its seeds in tests/fuzz/corpus/<target>/.
//
// Beyond the sanitizers (address, undefined, leaks), every reply must be non-null,
// valid JSON, an object with a boolean "ok"; anything else aborts as a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "c_api.h"

namespace {

using Entry = char* (*)(const PortalPolicy*, const char*);

const PortalPolicy* g_policy = nullptr;
int g_target = -1;

char* check_form(const PortalPolicy*, const char* r) { return portal_check_form(r); }
char* validate(const PortalPolicy*, const char* r) { return portal_validate(r); }
char* check_upload(const PortalPolicy*, const char* r) { return portal_check_upload(r); }
char* similar(const PortalPolicy*, const char* r) { return portal_similar(r); }

struct Target {
    const char* name;
    Entry entries[7];  // each is fed the same input; null-terminated
};

// The lifecycle requests share their members (plan, hosting, impact, clock, role...),
// so one input reaches all of them and the corpus serves them together.
const Target kTargets[] = {
    {"fuzz_check_form", {check_form}},
    {"fuzz_validate", {validate}},
    {"fuzz_check_upload", {check_upload}},
    {"fuzz_quote", {portal_quote, portal_holidays, portal_describe_times}},
    {"fuzz_lifecycle",
     {portal_coverage, portal_file, portal_staff_reply, portal_customer_reply, portal_may_escalate, portal_contacts}},
    {"fuzz_verdicts", {portal_issue_verdicts}},
    {"fuzz_similar", {similar}},
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void check_reply(const char* target, char* reply) {
    if (!reply) {
        std::fprintf(stderr, "%s: null reply\n", target);
        std::abort();
    }
    const nlohmann::json j = nlohmann::json::parse(reply, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ok") || !j["ok"].is_boolean()) {
        std::fprintf(stderr, "%s: reply is not {\"ok\": bool, ...}: %.500s\n", target, reply);
        std::abort();
    }
    portal_free(reply);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    const char* env = std::getenv("FUZZ_TARGET");
    std::string name = env ? env : (*argc > 0 ? (*argv)[0] : "");
    if (const auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
    for (int i = 0; i < int(std::size(kTargets)); ++i)
        if (name == kTargets[i].name) g_target = i;
    if (g_target < 0) {
        std::fprintf(stderr, "Run this fuzzer as one of its targets (a link of that name, or FUZZ_TARGET=...):");
        for (const auto& t : kTargets) std::fprintf(stderr, " %s", t.name);
        std::fprintf(stderr, "\n");
        std::exit(2);
    }
    char* errors = nullptr;
    g_policy = portal_policy_load(read_file(PORTAL_ASSETS_DIR "/policy.json").c_str(), &errors);
    if (!g_policy) {
        std::fprintf(stderr, "assets/policy.json does not load: %s\n", errors ? errors : "?");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string request(reinterpret_cast<const char*>(data), size);  // text ends at the first NUL, as over ctypes
    const Target& t = kTargets[g_target];
    for (Entry e : t.entries) {
        if (!e) break;
        check_reply(t.name, e(g_policy, request.c_str()));
    }
    return 0;
}
