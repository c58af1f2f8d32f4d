#include "text_pattern.h"

namespace portal {

std::u32string decode_utf8(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int extra = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
        if (extra < 0 || (extra > 0 && i + static_cast<std::size_t>(extra) >= s.size())) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
        for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

bool TextPattern::Atom::accepts(char32_t c) const {
    if (any) return true;
    bool in = false;
    for (const Range& r : ranges)
        if (c >= r.lo && c <= r.hi) { in = true; break; }
    return in != negated;
}

namespace {
using Ranges = std::vector<std::pair<char32_t, char32_t>>;

bool escape_class(char32_t e, Ranges& out, bool& negated) {
    switch (e) {
        case 'd': out = {{'0', '9'}}; return true;
        case 'D': out = {{'0', '9'}}; negated = true; return true;
        case 'w': out = {{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'_', '_'}}; return true;
        case 's': out = {{' ', ' '}, {'\t', '\r'}}; return true;
        default: return false;
    }
}
}  // namespace

std::optional<TextPattern> TextPattern::compile(const std::string& pattern, std::string& error) {
    TextPattern p;
    p.source_ = pattern;
    const std::u32string s = decode_utf8(pattern);
    if (s.size() > 500) { error = "is longer than 500 characters"; return std::nullopt; }
    std::size_t i = 0;
    if (i < s.size() && s[i] == '^') { p.anchored_start_ = true; ++i; }
    for (; i < s.size(); ++i) {
        const char32_t c = s[i];
        if (c == '$' && i + 1 == s.size()) { p.anchored_end_ = true; break; }
        if (c == '?' || c == '*' || c == '+') {
            if (p.atoms_.empty() || p.atoms_.back().optional || p.atoms_.back().repeat) {
                error = "has a quantifier with nothing to repeat at character " + std::to_string(i + 1);
                return std::nullopt;
            }
            p.atoms_.back().optional = c != '+';
            p.atoms_.back().repeat = c != '?';
            continue;
        }
        if (c == '(' || c == ')' || c == '|' || c == '{' || c == '}') {
            error = "uses '" + std::string(1, static_cast<char>(c)) + "', which is not supported (no groups, alternation or counts)";
            return std::nullopt;
        }
        Atom atom;
        if (c == '.') {
            atom.any = true;
        } else if (c == '\\') {
            if (++i >= s.size()) { error = "ends with a lone backslash"; return std::nullopt; }
            Ranges r;
            if (escape_class(s[i], r, atom.negated)) for (auto& [lo, hi] : r) atom.ranges.push_back({lo, hi});
            else atom.ranges.push_back({s[i], s[i]});
        } else if (c == '[') {
            ++i;
            if (i < s.size() && s[i] == '^') { atom.negated = true; ++i; }
            const std::size_t start = i;
            for (; i < s.size() && (s[i] != ']' || i == start); ++i) {
                char32_t lo = s[i];
                if (lo == '\\' && i + 1 < s.size()) {
                    Ranges r;
                    bool neg = false;
                    if (escape_class(s[++i], r, neg) && !neg) {
                        for (auto& [a, b] : r) atom.ranges.push_back({a, b});
                        continue;
                    }
                    lo = s[i];
                }
                char32_t hi = lo;
                if (i + 2 < s.size() && s[i + 1] == '-' && s[i + 2] != ']') { hi = s[i + 2]; i += 2; }
                if (hi < lo) { error = "has a character range that runs backwards"; return std::nullopt; }
                atom.ranges.push_back({lo, hi});
            }
            if (i >= s.size()) { error = "has a '[' without its ']'"; return std::nullopt; }
        } else {
            atom.ranges.push_back({c, c});
        }
        p.atoms_.push_back(atom);
    }
    return p;
}

// Simulates the pattern as a set of "about to match atom i" states: O(text × pattern).
bool TextPattern::matches(const std::string& utf8_text) const {
    const std::u32string text = decode_utf8(utf8_text);
    const std::size_t n = atoms_.size();
    std::vector<char> states(n + 1, 0), next(n + 1, 0);
    auto close = [&](std::vector<char>& set) {
        for (std::size_t i = 0; i < n; ++i)
            if (set[i] && atoms_[i].optional) set[i + 1] = 1;
    };
    states[0] = 1;
    close(states);
    for (const char32_t c : text) {
        if (states[n] && !anchored_end_) return true;
        std::fill(next.begin(), next.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (!states[i] || !atoms_[i].accepts(c)) continue;
            next[i + 1] = 1;
            if (atoms_[i].repeat) next[i] = 1;
        }
        if (!anchored_start_) next[0] = 1;     // a match may begin at any character
        close(next);
        states.swap(next);
    }
    return states[n] != 0;
}

}  // namespace portal
