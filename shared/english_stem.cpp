#include "english_stem.h"

#include <string_view>

namespace portal {
namespace {

struct Rule {
    std::string_view suffix;
    std::string_view replacement;
};

// The word being stemmed, with Porter's measures over its first `len` letters.
class Stemming {
public:
    explicit Stemming(std::string w) : w_(std::move(w)) {}
    std::string take() { return std::move(w_); }

    bool consonant(std::size_t i) const {
        switch (w_[i]) {
        case 'a': case 'e': case 'i': case 'o': case 'u': return false;
        case 'y': return i == 0 || !consonant(i - 1);
        default: return true;
        }
    }
    int measure(std::size_t len) const {   // the m in [C](VC)^m[V]
        std::size_t i = 0;
        int m = 0;
        while (i < len && consonant(i)) ++i;
        while (i < len) {
            while (i < len && !consonant(i)) ++i;
            if (i >= len) break;
            while (i < len && consonant(i)) ++i;
            ++m;
        }
        return m;
    }
    bool has_vowel(std::size_t len) const {
        for (std::size_t i = 0; i < len; ++i)
            if (!consonant(i)) return true;
        return false;
    }
    bool double_consonant(std::size_t len) const {
        return len >= 2 && w_[len - 1] == w_[len - 2] && consonant(len - 1);
    }
    bool cvc(std::size_t len) const {   // consonant-vowel-consonant, the last not w, x or y
        if (len < 3 || !consonant(len - 1) || consonant(len - 2) || !consonant(len - 3)) return false;
        const char c = w_[len - 1];
        return c != 'w' && c != 'x' && c != 'y';
    }
    bool ends(std::string_view s) const {
        return w_.size() >= s.size() && std::string_view(w_).substr(w_.size() - s.size()) == s;
    }
    std::size_t stem_length(std::string_view suffix) const { return w_.size() - suffix.size(); }
    void replace_end(std::size_t suffix_length, std::string_view with) {
        w_.resize(w_.size() - suffix_length);
        w_ += with;
    }
    char at(std::size_t i) const { return w_[i]; }
    char last() const { return w_.back(); }
    std::size_t size() const { return w_.size(); }

    // The first rule whose suffix ends the word applies if the stem's measure exceeds min_m.
    template <std::size_t N> void apply_first(const Rule (&rules)[N], int min_m) {
        for (const Rule& r : rules) {
            if (!ends(r.suffix)) continue;
            if (measure(stem_length(r.suffix)) > min_m) replace_end(r.suffix.size(), r.replacement);
            return;
        }
    }

private:
    std::string w_;
};

void step1ab(Stemming& s) {
    if (s.ends("sses") || s.ends("ies")) s.replace_end(2, "");
    else if (!s.ends("ss") && s.ends("s")) s.replace_end(1, "");
    if (s.ends("eed")) {
        if (s.measure(s.stem_length("eed")) > 0) s.replace_end(1, "");
        return;
    }
    std::string_view cut = s.ends("ed") ? "ed" : s.ends("ing") ? "ing" : "";
    if (cut.empty() || !s.has_vowel(s.stem_length(cut))) return;
    s.replace_end(cut.size(), "");
    if (s.ends("at") || s.ends("bl") || s.ends("iz")) s.replace_end(0, "e");
    else if (s.double_consonant(s.size()) && s.last() != 'l' && s.last() != 's' && s.last() != 'z') s.replace_end(1, "");
    else if (s.measure(s.size()) == 1 && s.cvc(s.size())) s.replace_end(0, "e");
}

void step1c(Stemming& s) {
    if (s.ends("y") && s.has_vowel(s.size() - 1)) s.replace_end(1, "i");
}

constexpr Rule kStep2[] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
    {"abli", "able"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
    {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
    {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
};
constexpr Rule kStep3[] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
};
// Longer suffixes before the ones they end with ("ement" before "ment" before "ent").
constexpr Rule kStep4[] = {
    {"al", ""}, {"ance", ""}, {"ence", ""}, {"er", ""}, {"ic", ""}, {"able", ""}, {"ible", ""}, {"ant", ""},
    {"ement", ""}, {"ment", ""}, {"ent", ""}, {"ou", ""}, {"ism", ""}, {"ate", ""}, {"iti", ""},
    {"ous", ""}, {"ive", ""}, {"ize", ""},
};

void step4(Stemming& s) {
    if (s.ends("ion")) {   // only after s or t: "adoption" -> "adopt", not "lion" -> "l"
        const std::size_t stem = s.stem_length("ion");
        if (stem > 0 && (s.at(stem - 1) == 's' || s.at(stem - 1) == 't') && s.measure(stem) > 1) s.replace_end(3, "");
        return;
    }
    s.apply_first(kStep4, 1);
}

void step5(Stemming& s) {
    if (s.ends("e")) {
        const int m = s.measure(s.size() - 1);
        if (m > 1 || (m == 1 && !s.cvc(s.size() - 1))) s.replace_end(1, "");
    }
    if (s.ends("ll") && s.measure(s.size()) > 1) s.replace_end(1, "");
}

bool plain_lowercase(const std::string& w) {
    for (const char c : w)
        if (c < 'a' || c > 'z') return false;
    return true;
}

}  // namespace

std::string english_stem(std::string word) {
    if (word.size() <= 2 || !plain_lowercase(word)) return word;
    Stemming s(std::move(word));
    step1ab(s);
    step1c(s);
    s.apply_first(kStep2, 0);
    s.apply_first(kStep3, 0);
    step4(s);
    step5(s);
    return s.take();
}

}  // namespace portal
