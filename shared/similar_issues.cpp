#include "similar_issues.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "search_terms.h"

namespace portal {
namespace {

constexpr std::size_t kMaxQueryTerms = 64;   // bounds the work a pasted paragraph can ask for

using TermIndex = std::unordered_map<std::string, std::size_t>;

// How often each query term occurs in one field, and the field's length in terms.
struct FieldCounts {
    std::vector<int> tf;
    double length = 0;
};

FieldCounts count_terms(const std::string& text, const TermIndex& index) {
    FieldCounts f;
    f.tf.assign(index.size(), 0);
    for (const std::string& term : search_terms(text)) {
        ++f.length;
        const auto it = index.find(term);
        if (it != index.end()) ++f.tf[it->second];
    }
    return f;
}

double saturate(double tf, double k1) { return tf * (k1 + 1) / (k1 + tf); }

double idf(double documents, double with_term) {   // BM25's, kept positive for terms in most issues
    return std::log(1 + (documents - with_term + 0.5) / (with_term + 0.5));
}

}  // namespace

SimilarIssues rank_similar(std::string_view query, const std::vector<IssueText>& issues,
                           const SimilarityOptions& options) {
    TermIndex index;
    for (std::string& term : search_terms(query))
        if (index.size() < kMaxQueryTerms) index.emplace(std::move(term), index.size());
    if (index.empty() || issues.empty()) return {};

    std::vector<FieldCounts> titles, bodies;
    titles.reserve(issues.size());
    bodies.reserve(issues.size());
    std::vector<double> with_term(index.size(), 0);
    double title_terms = 0, body_terms = 0;
    for (const IssueText& issue : issues) {
        titles.push_back(count_terms(issue.title, index));
        bodies.push_back(count_terms(issue.description, index));
        title_terms += titles.back().length;
        body_terms += bodies.back().length;
        for (std::size_t t = 0; t < index.size(); ++t)
            if (titles.back().tf[t] || bodies.back().tf[t]) ++with_term[t];
    }
    const double n = static_cast<double>(issues.size());
    const double avg_title = std::max(1.0, title_terms / n), avg_body = std::max(1.0, body_terms / n);

    std::vector<double> weight(index.size());
    double reference = 0;   // every query term once in a title of average length
    for (std::size_t t = 0; t < index.size(); ++t) {
        weight[t] = idf(n, with_term[t]);
        reference += weight[t] * saturate(options.title_weight, options.k1);
    }

    std::vector<SimilarIssue> found;
    for (std::size_t i = 0; i < issues.size(); ++i) {
        const double title_norm = 1 - options.b + options.b * titles[i].length / avg_title;
        const double body_norm = 1 - options.b + options.b * bodies[i].length / avg_body;
        double score = 0;
        for (std::size_t t = 0; t < index.size(); ++t) {
            const double tf = options.title_weight * titles[i].tf[t] / title_norm + bodies[i].tf[t] / body_norm;
            if (tf > 0) score += weight[t] * saturate(tf, options.k1);
        }
        score /= reference;
        if (score > 0 && score >= options.min_score) found.push_back({issues[i].id, score});
    }
    std::sort(found.begin(), found.end(), [](const SimilarIssue& a, const SimilarIssue& b) {
        return a.score != b.score ? a.score > b.score : a.id > b.id;
    });
    SimilarIssues result;
    result.total = found.size();
    if (found.size() > options.limit) found.resize(options.limit);
    for (SimilarIssue& m : found) m.score = std::min(1.0, m.score);   // repeats can pass the reference
    result.matches = std::move(found);
    return result;
}

}  // namespace portal
