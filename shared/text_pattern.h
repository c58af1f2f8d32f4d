// A small, safe pattern language for form fields, matched in linear time (no
// backtracking, so a hostile pattern or input cannot hang the server):
//   literals, . (any character), [abc] [a-z] [^...] classes, \d \w \s and \. style
//   escapes, the quantifiers ? * + after one atom, and ^ / $ anchors.
// No groups or alternation. Characters are Unicode code points.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace portal {

class TextPattern {
public:
    // nullopt with `error` set when the pattern is malformed.
    static std::optional<TextPattern> compile(const std::string& pattern, std::string& error);
    bool matches(const std::string& utf8_text) const;
    const std::string& source() const { return source_; }

private:
    struct Range { char32_t lo, hi; };
    struct Atom {
        std::vector<Range> ranges;     // empty with any == true for '.'
        bool any = false;
        bool negated = false;
        bool optional = false;         // ? or *
        bool repeat = false;           // * or +
        bool accepts(char32_t c) const;
    };
    std::string source_;
    std::vector<Atom> atoms_;
    bool anchored_start_ = false;
    bool anchored_end_ = false;
};

// Decodes valid UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string decode_utf8(const std::string& text);

}  // namespace portal
