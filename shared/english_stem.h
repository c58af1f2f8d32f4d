// A light English stemmer: the Porter (1980) suffix-stripping algorithm, so that
// "timing", "timed" and "times" all become "time" and "queries" and "query" both
// become "queri". Stems are keys for matching, not words to show.
#pragma once
#include <string>

namespace portal {

// The stem of a lowercase ASCII word (a-z only); other words come back unchanged.
std::string english_stem(std::string word);

}  // namespace portal
