// The words of a text as search keys, so that a query and an issue match however
// each was typed:
//   - letters are lowercased (Latin, Greek, Cyrillic, Armenian, fullwidth Latin) and
//     accents are folded for Latin-1, Latin Extended-A, Pinyin tones, Romanian,
//     Vietnamese horn letters and Greek tonos: "Zoë Ørsted, Straße" -> zoe orst strass;
//   - words split on anything that is not a letter or digit; an apostrophe inside a
//     word is dropped ("can't" -> cant) and a dot between digits kept ("4.40.0");
//   - one-letter words and a short list of English stop words are dropped;
//   - plain a-z words are stemmed (english_stem.h), and a few compounds of a verb and
//     a particle fold to the verb, as the two-word phrase already does once the
//     particle is dropped: "timeouts", "timing out" and "timed" all give "time";
//   - Han, Kana and Hangul have no spaces between words: each character is a term
//     (not Hiragana, which mostly writes particles and endings), and so is each
//     pair of neighbours, which ranks shared phrases higher.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace portal {

// The terms in the order they appear (repeats kept: ranking counts them). UTF-8 in and out.
std::vector<std::string> search_terms(std::string_view text);

}  // namespace portal
