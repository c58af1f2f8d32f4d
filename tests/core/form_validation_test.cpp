#include "form_validation.h"

#include <gtest/gtest.h>

#include <map>

#include "fleet_policy.h"

namespace portal {
namespace {

using nlohmann::json;

const FormDefinition& bug_report() {
    static const FormDefinition form = *load_form(testing::read_asset("forms/bug-report.json")).form;
    return form;
}

SubmissionContext customer() { return {Audience::Customer, CivilDate{2027, 3, 15}}; }
SubmissionContext community() { return {Audience::Community, CivilDate{2027, 3, 15}}; }

json good_report() {
    return json{{"title", "Live queries time out behind a proxy"}, {"impact", "P1"}, {"fleet_version", "4.40.0"},
                {"agent", "fleetd"}, {"agent_version", "1.20.0"}, {"os", "macOS 14.4"}, {"browser", "Chrome 124"},
                {"expected", "Results within 30 s."}, {"actual", "Spinner forever."}, {"steps", "1. Run a live query."}};
}

std::map<std::string, std::string> codes(const ValidationResult& r) {
    std::map<std::string, std::string> out;
    for (const FieldError& e : r.errors) out[e.field] = e.code;
    return out;
}

TEST(BugReportValidation, AcceptsAGoodReportAndAppliesDefaults) {
    const ValidationResult r = validate_submission(bug_report(), good_report(), customer());
    EXPECT_TRUE(r.ok()) << r.errors.at(0).message;
    EXPECT_EQ(r.values["confidential"], false);
    EXPECT_EQ(r.values["title"], "Live queries time out behind a proxy");
}

TEST(BugReportValidation, KeepsTextInAnyLanguageExactly) {
    json report = good_report();
    report["title"] = "Zoë Ørsted — café: 日本語のホスト名 🙂";
    report["steps"] = "  1. Öffnen\n2. Klicken  ";
    const ValidationResult r = validate_submission(bug_report(), report, customer());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.values["title"], report["title"]);
    EXPECT_EQ(r.values["steps"], report["steps"]);
}

struct FieldCase {
    const char* field;
    json value;
    const char* code;        // "" when the value is fine
    const char* says;        // a phrase of the message
};

TEST(BugReportValidation, ChecksEveryFieldType) {
    const FieldCase cases[] = {
        {"title", "", "required", "Title is required."},
        {"title", "   ", "required", "Title is required."},
        {"title", "Hi", "too_short", "at least 5 characters"},
        {"title", std::string(201, 'x'), "too_long", "at most 200 characters (it has 201)"},
        {"title", std::string(200, 'x'), "", ""},
        {"title", "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé", "", ""},
        {"title", 42, "not_text", "must be text"},
        {"impact", "P4", "not_a_choice", "must be one of P0, P1, P2, P3"},
        {"impact", "P0", "", ""},
        {"fleet_version", "4.40", "bad_version", "Fleet server version must look like 4.40.0."},
        {"fleet_version", "v4.40.0", "bad_version", "must look like 4.40.0"},
        {"fleet_version", "4.41.0-rc.1", "", ""},
        {"agent", "puppet", "not_a_choice", "must be one of fleetd, osquery"},
        {"agent_version", "latest", "bad_version", "Agent version must look like 5.11.0."},
        {"total_hosts", -1, "too_small", "0 or more"},
        {"total_hosts", "12 hosts", "not_integer", "whole number"},
        {"total_hosts", " 1200 ", "", ""},
        {"total_hosts", 3.5, "not_integer", "whole number"},
        {"mysql_replicas", 101, "too_large", "100 or less"},
        {"redis_cluster", "yes", "not_boolean", "yes or no"},
        {"redis_cluster", true, "", ""},
        {"target_date", "2027-02-30", "bad_date", "such as 2027-01-31"},
        {"target_date", "next week", "bad_date", "such as 2027-01-31"},
        {"target_date", "2027-03-14", "date_past", "Key date is in the past"},
        {"target_date", "2027-03-15", "", ""},
        {"debug_archive", "archive.zip", "bad_file", "id of an uploaded file"},
        {"debug_archive", 7, "", ""},
        {"confidential", 1, "not_boolean", "yes or no"},
    };
    for (const FieldCase& c : cases) {
        json report = good_report();
        report[c.field] = c.value;
        const ValidationResult r = validate_submission(bug_report(), report, customer());
        if (!*c.code) {
            EXPECT_TRUE(r.ok()) << c.field << "=" << c.value.dump() << ": " << (r.ok() ? "" : r.errors[0].message);
            continue;
        }
        ASSERT_EQ(r.errors.size(), 1u) << c.field << "=" << c.value.dump();
        EXPECT_EQ(r.errors[0].field, c.field);
        EXPECT_EQ(r.errors[0].code, c.code) << c.value.dump();
        EXPECT_NE(r.errors[0].message.find(c.says), std::string::npos) << r.errors[0].message;
        EXPECT_FALSE(r.values.contains(c.field));
    }
}

TEST(BugReportValidation, OnlineHostsMayNotExceedTotalHosts) {
    json report = good_report();
    report["total_hosts"] = 100;
    report["online_hosts"] = 101;
    ValidationResult r = validate_submission(bug_report(), report, customer());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].field, "online_hosts");
    EXPECT_EQ(r.errors[0].code, "greater_than_other");
    report["online_hosts"] = 100;
    EXPECT_TRUE(validate_submission(bug_report(), report, customer()).ok()) << "equal is fine (boundary)";
    report.erase("total_hosts");
    report["online_hosts"] = 5000;
    EXPECT_TRUE(validate_submission(bug_report(), report, customer()).ok()) << "nothing to compare with";
}

TEST(BugReportValidation, RejectsUnknownFieldsAndFieldsNotAskedOfTheRole) {
    json report = good_report();
    report["colour"] = "blue";
    ValidationResult r = validate_submission(bug_report(), report, customer());
    EXPECT_EQ(codes(r), (std::map<std::string, std::string>{{"colour", "unknown_field"}}));

    r = validate_submission(bug_report(), good_report(), community());
    EXPECT_EQ(codes(r), (std::map<std::string, std::string>{{"impact", "not_asked"}}));
    json community_report = good_report();
    community_report.erase("impact");
    r = validate_submission(bug_report(), community_report, community());
    EXPECT_TRUE(r.ok());
    EXPECT_FALSE(r.values.contains("confidential")) << "community reports are always public";
}

TEST(BugReportValidation, EveryFieldWrongGivesOneErrorPerFieldAndNothingElse) {
    const json report = {
        {"title", ""}, {"impact", "P9"}, {"fleet_version", "four"}, {"agent", "chef"}, {"agent_version", "1"},
        {"os", std::string(121, 'o')}, {"browser", 7}, {"expected", ""}, {"actual", json()}, {"steps", "  "},
        {"total_hosts", "many"}, {"online_hosts", -5}, {"scheduled_queries", "x"}, {"fleet_instances", 3},
        {"fleet_usage", false}, {"mysql_version", std::string(121, 'm')}, {"mysql_capacity", 1},
        {"mysql_usage", json::array()}, {"mysql_replicas", 1000}, {"redis_version", std::string(121, 'r')},
        {"redis_capacity", 2}, {"redis_cluster", "maybe"}, {"redis_usage", json::object()},
        {"debug_archive", "file.zip"}, {"target_date", "2020-01-01"}, {"confidential", "no"}};
    const ValidationResult r = validate_submission(bug_report(), report, customer());
    std::map<std::string, int> per_field;
    for (const FieldError& e : r.errors) {
        ++per_field[e.field];
        EXPECT_FALSE(e.message.empty());
        EXPECT_NE(e.message.find(bug_report().field(e.field)->label), std::string::npos)
            << "the message names the field: " << e.message;
    }
    EXPECT_EQ(per_field.size(), bug_report().fields.size());
    for (const auto& [field, count] : per_field) EXPECT_EQ(count, 1) << field;
    EXPECT_TRUE(r.values.empty());
}

TEST(BugReportValidation, ChecksAnUploadBeforeItIsSent) {
    const FieldDefinition& f = *bug_report().field("debug_archive");
    EXPECT_FALSE(validate_upload(f, "fleet-debug.zip", 1024).has_value());
    EXPECT_FALSE(validate_upload(f, "FLEET.TAR.GZ", 25 * 1024 * 1024).has_value());
    EXPECT_EQ(validate_upload(f, "fleet-debug.zip", 25 * 1024 * 1024 + 1)->code, "file_too_large");
    EXPECT_EQ(validate_upload(f, "notes.docx", 1024)->code, "file_type");
    EXPECT_EQ(validate_upload(f, "empty.zip", 0)->code, "file_empty");
}

TEST(DateNotPast, UsesTheEarliestTimeZoneSoNobodysTodayIsPast) {
    EXPECT_EQ(earliest_today(*parse_rfc3339("2027-03-15T11:59:59Z")), (CivilDate{2027, 3, 14}));
    EXPECT_EQ(earliest_today(*parse_rfc3339("2027-03-15T12:00:00Z")), (CivilDate{2027, 3, 15}));
}

}  // namespace
}  // namespace portal
