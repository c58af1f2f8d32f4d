#include "text_pattern.h"

#include <gtest/gtest.h>

#include "utf8.h"

namespace portal {
namespace {

struct PatternCase {
    const char* pattern;
    const char* text;
    bool matches;
};

TEST(TextPattern, MatchesLikeASmallRegex) {
    const PatternCase cases[] = {
        {"^\\d+\\.\\d+\\.\\d+$", "4.40.0", true},    {"^\\d+\\.\\d+\\.\\d+$", "4.40", false},
        {"^\\d+\\.\\d+\\.\\d+$", "4.40.0x", false},  {"abc", "xxabcxx", true},
        {"^abc", "xabc", false},                     {"c$", "abc", true},
        {"c$", "abcd", false},                       {"^[A-Z][a-z]*$", "Fleet", true},
        {"^[A-Z][a-z]*$", "fleet", false},           {"^[^0-9]+$", "no digits", true},
        {"^[^0-9]+$", "4 digits", false},            {"^colou?r$", "color", true},
        {"^colou?r$", "colour", true},               {"^a.c$", "aéc", true},
        {"^é+$", "ééé", true},                       {"^\\w+@\\w+\\.\\w+$", "it@acme.test", true},
        {"^$", "", true},                            {"^a*$", "", true},
        {"^[-a]+$", "a-a", true},
    };
    for (const auto& c : cases) {
        std::string error;
        const auto p = TextPattern::compile(c.pattern, error);
        ASSERT_TRUE(p.has_value()) << c.pattern << ": " << error;
        EXPECT_EQ(p->matches(c.text), c.matches) << c.pattern << " on " << c.text;
    }
}

TEST(TextPattern, RejectsWhatItCannotDo) {
    for (const char* bad : {"(a|b)", "a{2}", "*a", "a**", "[abc", "ab\\", "[z-a]"}) {
        std::string error;
        EXPECT_FALSE(TextPattern::compile(bad, error).has_value()) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(TextPattern, StaysLinearOnHostileInput) {
    std::string error;
    const auto p = TextPattern::compile("^a*a*a*a*a*a*a*a*b$", error);
    ASSERT_TRUE(p.has_value());
    EXPECT_FALSE(p->matches(std::string(200000, 'a')));   // exponential for a backtracking engine
}

TEST(Utf8, ValidatesAndCountsCharacters) {
    EXPECT_TRUE(is_valid_utf8("Zoë Ørsted — café 日本語 🙂"));
    EXPECT_EQ(utf8_length("Zoë Ørsted — café"), 17u);
    EXPECT_EQ(utf8_length("🙂"), 1u);
    for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "abc\xE2\x82", "\xFF"})
        EXPECT_FALSE(is_valid_utf8(bad)) << "bad sequence accepted";
}

}  // namespace
}  // namespace portal
