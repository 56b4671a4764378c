// UTF-8 decoding for text output: tolerant of invalid bytes (data files are
// untrusted), and a terminal display width for aligned tables.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tarn {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

/// Decodes the code point starting at text[pos] (pos < text.size()) and returns
/// the number of bytes it takes. An ill-formed sequence yields U+FFFD and
/// consumes its maximal well-formed prefix, at least one byte (the Unicode
/// "maximal subpart" practice, as the WHATWG TextDecoder does); `*well_formed`
/// (when given) tells the two U+FFFD apart.
size_t DecodeUtf8(std::string_view text, size_t pos, char32_t* code_point, bool* well_formed = nullptr);

/// Appends `code_point` as UTF-8.
void AppendUtf8(char32_t code_point, std::string* out);

/// Columns a code point takes on a terminal: 0 for combining marks and
/// zero-width characters, 2 for East Asian wide/fullwidth and emoji, else 1.
int CodePointWidth(char32_t code_point);

/// Sum of CodePointWidth over the (tolerantly decoded) text.
size_t DisplayWidth(std::string_view text);

}  // namespace tarn
