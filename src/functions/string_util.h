// UTF-8 helpers for the string functions: Spark counts lengths and positions
// in code points, stepping by the lead byte as UTF8String does (so invalid
// bytes count one character each), and maps case like Java's toLowerCase /
// toUpperCase (utf8proc's simple mappings plus the common full mappings).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"

namespace tarn::strings {

/// Bytes of the character whose lead byte is `lead` (UTF8String.numBytesForFirstByte).
inline size_t CharWidth(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 1;
}

/// Bytes of the character starting at s[pos], clamped to the end of `s`.
inline size_t CharWidthAt(std::string_view s, size_t pos) {
  size_t width = CharWidth(static_cast<uint8_t>(s[pos]));
  return pos + width <= s.size() ? width : s.size() - pos;
}

inline bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<uint8_t>(c) >= 0x80) return false;
  return true;
}

/// Number of characters (code points).
size_t NumChars(std::string_view s);
/// Byte offset of character `index` (s.size() when past the end).
size_t CharOffset(std::string_view s, size_t index);
/// Characters [start, end) (clamped to the string), as UTF8String.substring.
std::string_view SubstringChars(std::string_view s, int64_t start, int64_t end);
/// Spark's substringSQL(pos, len): 1-based, negative pos counts from the end,
/// pos 0 is the first character. `chars` false counts bytes (BINARY).
std::string_view SubstringSql(std::string_view s, int64_t pos, int64_t len, bool chars = true);
/// The characters of `s`, each as its own byte slice.
std::vector<std::string_view> SplitChars(std::string_view s);
/// Decoded code points (invalid bytes become U+FFFD).
std::u32string DecodeCodePoints(std::string_view s);

/// The value (0..63) of a standard base64 digit, or -1.
int Base64Digit(char c);

std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
/// Spark's initcap: lower-cases, then upper-cases the first letter of each
/// word (a word starts after a space).
std::string InitCap(std::string_view s);

/// Checks that a result of `bytes` bytes may be built; throws a user error
/// naming `function` otherwise (no unbounded allocations from user values).
void CheckResultSize(std::string_view function, uint64_t bytes);
/// Largest string or binary value a function builds (Spark's array limit).
inline constexpr uint64_t kMaxResultBytes = (1ull << 31) - 16;

/// Builds an array<string> vector row by row.
class StringArrayBuilder {
 public:
  explicit StringArrayBuilder(size_t rows);
  /// Appends one element to the current row.
  void Add(std::string_view element);
  void AddNull();
  /// Ends row `row` (rows must be finished in order); `null` makes it NULL.
  void FinishRow(size_t row, bool null = false);
  VectorPtr Build() { return out_; }

 private:
  VectorPtr out_;
  Vector* elements_;
};

/// Reads the elements of array row `row` (any encoding) of an array<string> vector.
template <typename Fn>
void ForEachArrayString(const Vector& array, size_t row, Fn&& fn) {
  const Vector& base = array.Base();
  size_t index = array.RowIndex(row);
  const int32_t* offsets = base.offsets();
  const Vector& elements = base.child(0);
  for (int32_t i = offsets[index]; i < offsets[index + 1]; ++i) {
    if (elements.IsNull(i)) fn(std::string_view(), true);
    else fn(elements.StringAt(i).view(), false);
  }
}

}  // namespace tarn::strings
