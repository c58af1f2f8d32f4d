// "Similar issues" (SPEC §6): existing issues ranked against what someone is
// typing as a report title, so they can follow one instead of filing a duplicate.
//
// Ranking is BM25F over two fields of each issue's search terms (search_terms.h):
// the title counts twice as much as the description, each field normalised by its
// own average length. A score is then divided by the query's reference score: what
// an issue would get whose title, of average length, holds every query term once.
// So 1 means "as good as a title that is the query", and the threshold reads as a
// share of the query's weight. Query terms found in no issue keep their (high)
// weight: a query whose distinctive words appear nowhere matches nothing well.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

struct IssueText {
    std::int64_t id = 0;
    std::string title;
    std::string description;   // the report's prose (expected, actual, steps), never field names
};

struct SimilarityOptions {
    double k1 = 1.2;              // term-frequency saturation
    double b = 0.75;              // length normalisation
    double title_weight = 2.0;    // a title occurrence counts as this many description ones
    // About a third of the query's weight: one distinctive word of a three-word title,
    // or two of six; a lone common word ("fleet", "error") among rarer ones falls short.
    double min_score = 0.3;
    std::size_t limit = 5;
};

struct SimilarIssue {
    std::int64_t id = 0;
    double score = 0;   // 0..1, relative to the query's reference score
};

struct SimilarIssues {
    std::vector<SimilarIssue> matches;   // best first, at most options.limit
    std::size_t total = 0;               // issues at or above min_score, before the limit
};

// Issues ranked against `query`; ties go to the higher (newer) id. No terms, no matches.
SimilarIssues rank_similar(std::string_view query, const std::vector<IssueText>& issues,
                           const SimilarityOptions& options = {});

}  // namespace portal
