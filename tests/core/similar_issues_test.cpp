#include "similar_issues.h"

#include <gtest/gtest.h>

#include "english_stem.h"
#include "search_terms.h"

namespace portal {
namespace {

using Terms = std::vector<std::string>;

struct TermsCase {
    const char* sentence;
    const char* text;
    Terms terms;
};

TEST(SearchTerms, FoldSplitDropAndStemWords) {
    const TermsCase cases[] = {
        {"case and accents fold", "ZOË Ørsted CAFÉ", {"zoe", "orst", "cafe"}},
        {"a combining accent folds like a precomposed one", "Cafe\xCC\x81", {"cafe"}},
        {"sharp s, ligatures and thorn spell out", "Straße Œuvre Þing", {"strass", "oeuvr", "thing"}},
        {"Latin Extended-A folds to its base letters", "Łódź Čeština ĳs", {"lodz", "cestina", "ij"}},
        {"Greek lowercases, drops tonos and final sigma", "ΛΌΓΟΣ λόγος", {"λογοσ", "λογοσ"}},
        {"Cyrillic lowercases and ё reads as е", "ОШИБКА Ёлка", {"ошибка", "елка"}},
        {"fullwidth Latin reads as ASCII", "ＦＬＥＥＴ", {"fleet"}},
        {"plural, gerund and past tense share a stem", "timeouts timing timed times", {"time", "time", "time", "time"}},
        {"a verb and its particle read like the compound", "timed out, logging in", {"time", "log"}},
        {"queries and query share a stem", "queries query", {"queri", "queri"}},
        {"stop words and one-letter words are dropped", "The a of it is x", {}},
        {"an apostrophe inside a word joins it", "user's can't", {"user"}},
        {"a dot between digits stays, other punctuation splits", "v4.40.0 fleet_desktop (502)!", {"v4.40.0", "fleet", "desktop", "502"}},
        {"emoji and symbols split words", "hello🙂world → done", {"hello", "world", "done"}},
        {"Kana are single characters and neighbouring pairs", "ログイン", {"ロ", "ログ", "グ", "グイ", "イ", "イン", "ン"}},
        {"Hiragana is no term alone but stays in pairs", "Fleetのクエリ", {"fleet", "のク", "ク", "クエ", "エ", "エリ", "リ"}},
        {"Han characters are terms", "查询超时", {"查", "查询", "询", "询超", "超", "超时", "时"}},
    };
    for (const auto& c : cases) EXPECT_EQ(search_terms(c.text), c.terms) << c.sentence;
}

TEST(EnglishStem, StripsSuffixesLikePorter) {
    const std::pair<const char*, const char*> cases[] = {
        {"caresses", "caress"}, {"ponies", "poni"}, {"cats", "cat"}, {"feed", "feed"}, {"agreed", "agre"},
        {"plastered", "plaster"}, {"motoring", "motor"}, {"sing", "sing"}, {"conflated", "conflat"},
        {"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"}, {"falling", "fall"}, {"filing", "file"},
        {"happy", "happi"}, {"relational", "relat"}, {"conditional", "condit"}, {"rational", "ration"},
        {"generalization", "gener"}, {"triplicate", "triplic"}, {"electrical", "electr"}, {"revival", "reviv"},
        {"allowance", "allow"}, {"adoption", "adopt"}, {"controll", "control"}, {"crashes", "crash"},
        {"connected", "connect"}, {"connection", "connect"}, {"is", "is"}, {"naïve", "naïve"},
    };
    for (const auto& [word, stem] : cases) EXPECT_EQ(english_stem(word), stem) << word;
}

// Documents as the server builds them: the title, and the report's prose without field names.
const std::vector<IssueText>& issues() {
    static const std::vector<IssueText> list = {
        {1, "Live queries time out on hosts behind a proxy",
         "Results within 30 seconds.\nThe spinner never stops.\n1. Run a live query on a proxied host"},
        {2, "Fleet UI returns 502 for every user after upgrade", "The dashboard loads.\nEvery page returns 502."},
        {3, "Café Zoë: software inventory misses Homebrew casks", "Casks appear in software.\nOnly formulae appear."},
        {4, "Policies stop updating after MySQL failover", "Policy results keep updating.\nResults freeze."},
        {5, "ログインできない", "パスワードを入力してもエラーになる"},
        {6, "Host details page crashes in Safari", "The page renders.\nBlank page, TypeError in the console."},
        {7, "Calendar events duplicated for one policy", "One event per failing policy.\nTwo events appear."},
        {8, "Agents cannot reach the server after certificate renewal", "Hosts check in.\nTLS handshake errors."},
    };
    return list;
}

struct RankCase {
    const char* sentence;
    const char* query;
    std::int64_t best;   // 0: nothing is similar enough
};

TEST(SimilarIssues, FindsTheIssueSomeoneIsAboutToFileAgain) {
    const RankCase cases[] = {
        {"a title that differs only in case and accents matches", "CAFE ZOE SOFTWARE INVENTORY", 3},
        {"plural and verb forms match by stem", "Live query timing out", 1},
        {"a compound matches its two-word phrase", "Timeouts for live queries", 1},
        {"words from the description count", "spinner never stops", 1},
        {"a CJK title matches by characters", "ログインできません", 5},
        {"a query word that appears only as a field name does not match", "expected actual steps", 0},
        {"the names of the title and description fields do not match", "title description", 0},
        {"an unrelated query matches nothing", "flamingo zebra", 0},
        {"a lone common word among absent ones falls short", "policy flamingo zebra unicorn", 0},
        {"a query of stop words only matches nothing", "it is not the same", 0},
    };
    for (const auto& c : cases) {
        const SimilarIssues r = rank_similar(c.query, issues());
        if (c.best == 0) {
            EXPECT_TRUE(r.matches.empty()) << c.sentence << ": got issue " << r.matches.at(0).id;
            EXPECT_EQ(r.total, 0u) << c.sentence;
        } else {
            ASSERT_FALSE(r.matches.empty()) << c.sentence;
            EXPECT_EQ(r.matches.front().id, c.best) << c.sentence;
        }
    }
}

std::vector<std::int64_t> ids(const SimilarIssues& r) {
    std::vector<std::int64_t> out;
    for (const SimilarIssue& m : r.matches) out.push_back(m.id);
    return out;
}

TEST(SimilarIssues, RanksByHowMuchOfTheQueryAnIssueHolds) {
    const std::vector<IssueText> list = {
        {1, "Proxy settings ignored", "Hosts behind a proxy do not enroll."},
        {2, "Live query results are slow", "Results take minutes."},
        {3, "Live query timeout behind a proxy", "The spinner never stops."},
        {4, "Calendar events duplicated", "Two events appear."},
    };
    SimilarityOptions everything;
    everything.min_score = 0;
    const SimilarIssues r = rank_similar("live query timeout proxy", list, everything);
    EXPECT_EQ(ids(r), (std::vector<std::int64_t>{3, 2, 1}));
    for (std::size_t i = 1; i < r.matches.size(); ++i) EXPECT_GT(r.matches[i - 1].score, r.matches[i].score);
    for (const SimilarIssue& m : r.matches) EXPECT_TRUE(m.score > 0 && m.score <= 1) << m.score;
}

TEST(SimilarIssues, TitleWordsOutweighDescriptionWords) {
    const std::vector<IssueText> list = {
        {1, "Agents stop checking in", "After the certificate renewal hosts break."},
        {2, "Certificate renewal breaks agents", "Hosts stop checking in."},
        {3, "Calendar events duplicated", "Two events appear."},
    };
    const SimilarIssues r = rank_similar("certificate", list);
    ASSERT_EQ(ids(r), (std::vector<std::int64_t>{2, 1}));
    EXPECT_GT(r.matches[0].score, r.matches[1].score);
}

TEST(SimilarIssues, ScoresBelowTheMinimumAreDropped) {
    SimilarityOptions everything, strict;
    everything.min_score = 0;
    strict.min_score = 0.8;
    const char* query = "live query timeout proxy";
    const std::vector<IssueText> list = {
        {1, "Live query timeout behind a proxy", ""},
        {2, "Live query results are slow", ""},
        {3, "Proxy settings ignored", ""},
    };
    const SimilarIssues all = rank_similar(query, list, everything);
    ASSERT_EQ(all.total, 3u);
    const SimilarIssues some = rank_similar(query, list, strict);
    EXPECT_EQ(ids(some), std::vector<std::int64_t>{1});
    EXPECT_EQ(some.total, 1u);
    for (const SimilarIssue& m : all.matches)
        EXPECT_EQ(m.score >= 0.8, m.id == 1) << "issue " << m.id << " scored " << m.score;
}

TEST(SimilarIssues, LimitKeepsTheBestAndTotalCountsAll) {
    SimilarityOptions one;
    one.limit = 1;
    const SimilarIssues r = rank_similar("policy", issues(), one);
    EXPECT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(r.total, 2u);   // issues 4 and 7
}

TEST(SimilarIssues, EqualScoresPutTheNewerIssueFirst) {
    const std::vector<IssueText> twins = {{7, "Safari crash", ""}, {9, "Safari crash", ""}, {8, "Other", ""}};
    EXPECT_EQ(ids(rank_similar("safari crashes", twins)), (std::vector<std::int64_t>{9, 7}));
}

TEST(SimilarIssues, NothingToRankGivesNothing) {
    EXPECT_TRUE(rank_similar("", issues()).matches.empty());
    EXPECT_TRUE(rank_similar("live query", {}).matches.empty());
}

}  // namespace
}  // namespace portal
