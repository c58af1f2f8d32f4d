#include "search_terms.h"

#include <algorithm>
#include <iterator>

#include "english_stem.h"
#include "text_pattern.h"

namespace portal {
namespace {

// [SECTION] Characters: what kind each is, and its folded form

enum class CharKind { Separator, Letter, Ideograph, Mark };

struct CodeRange {
    char32_t lo, hi;
};

// Punctuation inside the alphabetic blocks below U+2000 (Greek to Greek Extended).
constexpr CodeRange kScriptPunctuation[] = {
    {0x375, 0x375}, {0x37E, 0x37E}, {0x384, 0x385}, {0x387, 0x387}, {0x55A, 0x55F}, {0x589, 0x58A},
    {0x5BE, 0x5BE}, {0x5C0, 0x5C0}, {0x5C3, 0x5C3}, {0x5C6, 0x5C6}, {0x5F3, 0x5F4}, {0x600, 0x60F},
    {0x61B, 0x61F}, {0x66A, 0x66D}, {0x6D4, 0x6D4}, {0x964, 0x965}, {0x970, 0x970}, {0xE4F, 0xE4F},
    {0xE5A, 0xE5B}, {0x10FB, 0x10FB}, {0x1360, 0x1368}, {0x166D, 0x166E}, {0x1680, 0x1680},
    {0x169B, 0x169C}, {0x16EB, 0x16ED}, {0x17D4, 0x17DA}, {0x1800, 0x180E}, {0x1FBD, 0x1FBD},
    {0x1FBF, 0x1FC1}, {0x1FCD, 0x1FCF}, {0x1FDD, 0x1FDF}, {0x1FED, 0x1FEF}, {0x1FFD, 0x1FFE},
};

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

CharKind kind_of(char32_t c) {
    if (c < 0x80) return in(c, '0', '9') || in(c, 'a', 'z') || in(c, 'A', 'Z') ? CharKind::Letter : CharKind::Separator;
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) return CharKind::Separator;   // Latin-1 punctuation, × and ÷
    if (c < 0x2B0) return CharKind::Letter;                                // Latin Extended-A and -B, IPA
    if (c < 0x300) return CharKind::Separator;                             // spacing modifier letters
    if (c < 0x370 || in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) || in(c, 0x20D0, 0x20FF)) return CharKind::Mark;
    if (c < 0x2000) {
        for (const CodeRange& r : kScriptPunctuation)
            if (in(c, r.lo, r.hi)) return CharKind::Separator;
        return CharKind::Letter;                                           // Greek, Cyrillic, Hebrew, Arabic, Indic...
    }
    if (c < 0x2C00) return CharKind::Separator;                            // punctuation, symbols, arrows, shapes
    if (c < 0x2E00) return CharKind::Letter;                               // Glagolitic, Latin Extended-C, Coptic
    if (c < 0x2E80) return CharKind::Separator;
    if (c < 0x3000) return CharKind::Ideograph;                            // CJK radicals
    if (c < 0x3040) return c == 0x3005 || c == 0x3007 ? CharKind::Ideograph : CharKind::Separator;   // 々 〇
    if (c == 0x3099 || c == 0x309A) return CharKind::Mark;                 // combining (han)dakuten
    if (c == 0x309B || c == 0x309C || c == 0x30A0 || c == 0x30FB) return CharKind::Separator;   // ・
    if (c < 0x3200) return CharKind::Ideograph;                            // Kana, Bopomofo, Hangul jamo
    if (c < 0x3400 || in(c, 0x4DC0, 0x4DFF)) return CharKind::Separator;   // enclosed forms, hexagrams
    if (c < 0xA4D0) return CharKind::Ideograph;                            // Han, Yi
    if (in(c, 0xA640, 0xA7FF)) return CharKind::Letter;                    // Cyrillic Extended-B, Latin Extended-D
    if (in(c, 0xAC00, 0xD7AF) || in(c, 0xF900, 0xFAFF)) return CharKind::Ideograph;   // Hangul, compatibility Han
    if (in(c, 0xFB00, 0xFDFF)) return CharKind::Letter;                    // ligatures, presentation forms
    if (in(c, 0xFE00, 0xFE0F) || in(c, 0xFE20, 0xFE2F)) return CharKind::Mark;
    if (in(c, 0xFF10, 0xFF19) || in(c, 0xFF21, 0xFF3A) || in(c, 0xFF41, 0xFF5A)) return CharKind::Letter;
    if (in(c, 0xFF66, 0xFFDC) || in(c, 0x20000, 0x3FFFF)) return CharKind::Ideograph;   // halfwidth Kana, Han
    if (in(c, 0xE0000, 0xE01EF)) return CharKind::Mark;                    // tags, variation selectors
    return CharKind::Separator;                                            // emoji, private use, the rest
}

// Folded forms of U+00C0..U+00FF and U+0100..U+017F; capitals stand for two letters.
constexpr std::string_view kLatin1 = "aaaaaaAceeeeiiiidnooooo_ouuuuyTSaaaaaaAceeeeiiiidnooooo_ouuuuyTy";
constexpr std::string_view kLatinA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiJJjjkkklllllll"
    "lllnnnnnnnnnooooooEErrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
constexpr std::string_view kPinyin = "aaiioouuuuuuuuuu";   // U+01CD..U+01DC: ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
static_assert(kLatin1.size() == 64 && kLatinA.size() == 128 && kPinyin.size() == 16);

void append_latin(char letter, std::u32string& word) {
    switch (letter) {
    case 'A': word += U"ae"; break;
    case 'T': word += U"th"; break;
    case 'S': word += U"ss"; break;
    case 'J': word += U"ij"; break;
    case 'E': word += U"oe"; break;
    default: word.push_back(static_cast<char32_t>(letter));
    }
}

char32_t fold_greek(char32_t c) {
    if (in(c, 0x391, 0x3A9)) c += 0x20;
    switch (c) {
    case 0x386: case 0x3AC: return 0x3B1;                                  // ά -> α
    case 0x388: case 0x3AD: return 0x3B5;                                  // έ -> ε
    case 0x389: case 0x3AE: return 0x3B7;                                  // ή -> η
    case 0x38A: case 0x3AF: case 0x390: case 0x3AA: case 0x3CA: return 0x3B9;   // ί ΐ ϊ -> ι
    case 0x38C: case 0x3CC: return 0x3BF;                                  // ό -> ο
    case 0x38E: case 0x3CD: case 0x3B0: case 0x3AB: case 0x3CB: return 0x3C5;   // ύ ΰ ϋ -> υ
    case 0x38F: case 0x3CE: return 0x3C9;                                  // ώ -> ω
    case 0x3C2: return 0x3C3;                                              // final ς -> σ
    default: return c;
    }
}

char32_t fold_cyrillic(char32_t c) {
    if (in(c, 0x410, 0x42F)) c += 0x20;
    else if (in(c, 0x400, 0x40F)) c += 0x50;
    else if (in(c, 0x460, 0x481) || in(c, 0x48A, 0x4BF) || in(c, 0x4D0, 0x52F)) c |= 1;   // pairs: capital even
    else if (in(c, 0x4C1, 0x4CE) && (c & 1)) c += 1;                                   // pairs: capital odd
    else if (c == 0x4C0) c = 0x4CF;
    if (c == 0x450 || c == 0x451) return 0x435;                            // ѐ ё -> е
    return c == 0x45D ? 0x438 : c;                                         // ѝ -> и
}

// Appends a letter to `word`, lowercased and without its accents.
void fold_letter(char32_t c, std::u32string& word) {
    if (c < 0x80) return word.push_back(in(c, 'A', 'Z') ? c + 0x20 : c);
    if (in(c, 0xC0, 0xFF)) return append_latin(kLatin1[c - 0xC0], word);
    if (in(c, 0x100, 0x17F)) return append_latin(kLatinA[c - 0x100], word);
    if (in(c, 0x1CD, 0x1DC)) return word.push_back(static_cast<char32_t>(kPinyin[c - 0x1CD]));
    if (c == 0x1A0 || c == 0x1A1) return word.push_back(U'o');             // Vietnamese ơ
    if (c == 0x1AF || c == 0x1B0) return word.push_back(U'u');             // Vietnamese ư
    if (c == 0x218 || c == 0x219) return word.push_back(U's');             // Romanian ș
    if (c == 0x21A || c == 0x21B) return word.push_back(U't');             // Romanian ț
    if (in(c, 0x370, 0x3FF)) return word.push_back(fold_greek(c));
    if (in(c, 0x400, 0x52F)) return word.push_back(fold_cyrillic(c));
    if (in(c, 0x531, 0x556)) return word.push_back(c + 0x30);              // Armenian
    if (in(c, 0x1E00, 0x1E95) || in(c, 0x1EA0, 0x1EFF)) return word.push_back(c | 1);   // Latin Extended Additional
    if (in(c, 0xFF10, 0xFF19)) return word.push_back(c - 0xFF10 + U'0');   // fullwidth digits and letters
    if (in(c, 0xFF21, 0xFF3A)) return word.push_back(c - 0xFF21 + U'a');
    if (in(c, 0xFF41, 0xFF5A)) return word.push_back(c - 0xFF41 + U'a');
    word.push_back(c);
}

void append_utf8(char32_t c, std::string& out) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// [SECTION] Words: stop words, stems, compounds

constexpr std::string_view kStopWords[] = {   // sorted, for binary search
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot",
    "cant", "could", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "during", "each", "few", "for",
    "from", "further", "get", "gets", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
    "his", "how", "i", "if", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "me", "more", "most",
    "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own",
    "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasnt",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "without",
    "wont", "would", "you", "your",
};

struct Compound {
    std::string_view stem, verb;
};

// Stems of a verb fused with a stop-word particle, folded to the verb's stem.
constexpr Compound kCompounds[] = {
    {"checkout", "check"}, {"lockout", "lock"}, {"login", "log"}, {"logoff", "log"}, {"logon", "log"},
    {"logout", "log"}, {"setup", "set"}, {"signin", "sign"}, {"signon", "sign"}, {"signout", "sign"},
    {"signup", "sign"}, {"startup", "start"}, {"timeout", "time"},
};

template <class T, std::size_t N, class Key> constexpr bool sorted_by(const T (&items)[N], Key key) {
    for (std::size_t i = 1; i < N; ++i)
        if (!(key(items[i - 1]) < key(items[i]))) return false;
    return true;
}
static_assert(sorted_by(kStopWords, [](std::string_view w) { return w; }));
static_assert(sorted_by(kCompounds, [](const Compound& c) { return c.stem; }));

// Chinese function characters; Japanese ones are Hiragana, which stand alone in no term.
constexpr std::u32string_view kStopIdeographs = U"的了是和在";

bool content_alone(char32_t c) {   // Hiragana mostly writes particles and inflections
    return !in(c, 0x3040, 0x309F) && kStopIdeographs.find(c) == std::u32string_view::npos;
}

bool is_stop_word(std::string_view w) {
    return std::binary_search(std::begin(kStopWords), std::end(kStopWords), w);
}

std::string stem(std::string word) {
    word = english_stem(std::move(word));
    const auto it = std::lower_bound(std::begin(kCompounds), std::end(kCompounds), word,
                                     [](const Compound& c, const std::string& w) { return c.stem < w; });
    return it != std::end(kCompounds) && it->stem == word ? std::string(it->verb) : word;
}

void add_word(const std::u32string& word, std::vector<std::string>& terms) {
    if (word.size() < 2) return;
    std::string text;
    for (const char32_t c : word) append_utf8(c, text);
    if (is_stop_word(text)) return;
    terms.push_back(stem(std::move(text)));
}

void add_ideographs(const std::u32string& run, std::vector<std::string>& terms) {
    for (std::size_t i = 0; i < run.size(); ++i) {
        if (content_alone(run[i])) {
            terms.emplace_back();
            append_utf8(run[i], terms.back());
        }
        if (i + 1 < run.size()) {
            terms.emplace_back();
            append_utf8(run[i], terms.back());
            append_utf8(run[i + 1], terms.back());
        }
    }
}

bool ascii_digit(char32_t c) { return in(c, '0', '9'); }

}  // namespace

// [SECTION] Text to terms

std::vector<std::string> search_terms(std::string_view text) {
    const std::u32string chars = decode_utf8(std::string(text));
    std::vector<std::string> terms;
    std::u32string word, run;   // the word or the run of ideographs being read
    const auto flush = [&] {
        add_word(word, terms);
        add_ideographs(run, terms);
        word.clear();
        run.clear();
    };
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const char32_t c = chars[i];
        const char32_t next = i + 1 < chars.size() ? chars[i + 1] : 0;
        switch (kind_of(c)) {
        case CharKind::Mark: break;   // a combining accent: "e" + U+0301 reads as "e"
        case CharKind::Letter:
            if (!run.empty()) flush();
            fold_letter(c, word);
            break;
        case CharKind::Ideograph:
            if (!word.empty()) flush();
            run.push_back(c);
            break;
        case CharKind::Separator:
            if ((c == U'\'' || c == U'\u2019') && !word.empty() && kind_of(next) == CharKind::Letter) break;
            if (c == U'.' && !word.empty() && ascii_digit(word.back()) && ascii_digit(next)) {
                word.push_back(c);
                break;
            }
            flush();
        }
    }
    flush();
    return terms;
}

}  // namespace portal
