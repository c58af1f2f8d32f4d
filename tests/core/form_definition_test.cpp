#include "form_definition.h"

#include <gtest/gtest.h>

#include "fleet_policy.h"

namespace portal {
namespace {

TEST(BugReportForm, HasEveryFieldOfTheSpecInOrderWithRequiredOnesFirst) {
    const FormLoad load = load_form(testing::read_asset("forms/bug-report.json"));
    ASSERT_TRUE(load.form.has_value()) << load.errors.at(0).text();
    const std::vector<std::string> required = {"title", "impact", "fleet_version", "agent", "agent_version",
                                               "os", "browser", "expected", "actual", "steps"};
    const std::vector<std::string> optional = {
        "total_hosts", "online_hosts", "scheduled_queries", "fleet_instances", "fleet_usage", "mysql_version",
        "mysql_capacity", "mysql_usage", "mysql_replicas", "redis_version", "redis_capacity", "redis_cluster",
        "redis_usage", "debug_archive", "target_date", "confidential"};
    const auto& fields = load.form->fields;
    ASSERT_EQ(fields.size(), required.size() + optional.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const bool is_required = i < required.size();
        EXPECT_EQ(fields[i].id, is_required ? required[i] : optional[i - required.size()]);
        EXPECT_EQ(fields[i].required, is_required) << fields[i].id;
        EXPECT_EQ(fields[i].section, is_required ? "required" : "optional") << fields[i].id;
        EXPECT_FALSE(fields[i].label.empty());
    }
    EXPECT_FALSE(load.form->field("impact")->shown_to(Audience::Community));
    EXPECT_TRUE(load.form->field("impact")->shown_to(Audience::Customer));
    EXPECT_EQ(load.form->field("confidential")->default_bool, std::optional<bool>(false));
    EXPECT_EQ(load.form->rules.size(), 2u);
}

struct BadDefinition {
    std::string json;
    const char* where;       // expected path of the first error
    const char* says;        // a phrase of its message
    int line;                // for syntax errors
};

TEST(FormDefinitionLoading, NamesWhatIsWrongAndWhere) {
    const std::string head = R"J({"id":"f","title":"T","sections":[{"id":"s","title":"S"}],)J";
    const BadDefinition cases[] = {
        {"{\n  \"id\": \"f\",\n  \"title\": \"T\"\n  \"fields\": []\n}", "", "not valid JSON", 4},
        {"[1, 2]", "", "top level must be a JSON object", 0},
        {R"J({"title":"T","sections":[],"fields":[]})J", "id", "is missing", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"colour"}]})J", "fields[0] (a).type", "not a field type", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"nope","type":"text"}]})J", "fields[0] (a).section", "not listed in sections", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text"},{"id":"a","label":"B","section":"s","type":"text"}]})J", "fields[1] (a).id", "used by two fields", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text","limits":{"min_length":9,"max_length":2}}]})J", "fields[0] (a).limits.min_length", "more than max_length", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text","limits":{"pattern":"(x|y)"}}]})J", "fields[0] (a).limits.pattern", "not supported", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text","limits":{"colour":1}}]})J", "fields[0] (a).limits.colour", "not a known limit", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"enum","options":[]}]})J", "fields[0] (a).options", "at least one", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text","audience":["boss"]}]})J", "fields[0] (a).audience", "community, customer or cse", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text"}],"rules":[{"kind":"not_greater_than","field":"a","other":"b","message":"m"}]})J", "rules[0].other", "not a field of this form", 0},
        {head + R"J("fields":[{"id":"a","label":"A","section":"s","type":"text"}],"rules":[{"kind":"date_not_past","field":"a","message":"m"}]})J", "rules[0].kind", "applies to a date field", 0},
        {head + R"J("fields":[{"id":"a","label":"","section":"s","type":"text"}]})J", "fields[0] (a).label", "non-empty", 0},
    };
    for (const BadDefinition& c : cases) {
        const FormLoad load = load_form(c.json);
        EXPECT_FALSE(load.form.has_value()) << c.json;
        ASSERT_FALSE(load.errors.empty()) << c.json;
        EXPECT_EQ(load.errors[0].where, c.where) << load.errors[0].text();
        EXPECT_NE(load.errors[0].message.find(c.says), std::string::npos) << load.errors[0].text();
        EXPECT_EQ(load.errors[0].line, c.line) << load.errors[0].text();
    }
}

TEST(FormDefinitionLoading, ReportsColumnsInCharactersNotBytes) {
    const FormLoad load = load_form("{\"id\": \"é€\", oops}");
    ASSERT_EQ(load.errors.size(), 1u);
    EXPECT_EQ(load.errors[0].line, 1);
    EXPECT_EQ(load.errors[0].column, 14);
}

}  // namespace
}  // namespace portal
