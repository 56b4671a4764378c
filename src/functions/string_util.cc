#include "functions/string_util.h"

#include <utf8proc.h>

#include <algorithm>

#include "common/error.h"
#include "common/utf8.h"

namespace tarn::strings {

size_t NumChars(std::string_view s) {
  size_t count = 0;
  for (size_t pos = 0; pos < s.size(); pos += CharWidthAt(s, pos)) ++count;
  return count;
}

size_t CharOffset(std::string_view s, size_t index) {
  size_t pos = 0;
  for (size_t i = 0; i < index && pos < s.size(); ++i) pos += CharWidthAt(s, pos);
  return pos;
}

std::string_view SubstringChars(std::string_view s, int64_t start, int64_t end) {
  start = std::max<int64_t>(start, 0);
  if (end <= start) return {};
  size_t from = CharOffset(s, static_cast<size_t>(start));
  size_t to = from;
  for (int64_t i = start; i < end && to < s.size(); ++i) to += CharWidthAt(s, to);
  return s.substr(from, to - from);
}

std::string_view SubstringSql(std::string_view s, int64_t pos, int64_t len, bool chars) {
  // pos and len are Spark ints; the arithmetic below is done in int64 and
  // clamped as Java's int arithmetic with the explicit overflow checks does.
  int64_t length = chars ? static_cast<int64_t>(NumChars(s)) : static_cast<int64_t>(s.size());
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? length + pos : 0);
  int64_t end = std::clamp<int64_t>(start + len, INT32_MIN, INT32_MAX);
  start = std::max<int64_t>(start, 0);
  if (start >= end) return {};
  if (!chars) {
    if (start >= length) return {};
    return s.substr(static_cast<size_t>(start), static_cast<size_t>(std::min(end, length) - start));
  }
  return SubstringChars(s, start, end);
}

std::vector<std::string_view> SplitChars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t pos = 0; pos < s.size();) {
    size_t width = CharWidthAt(s, pos);
    out.push_back(s.substr(pos, width));
    pos += width;
  }
  return out;
}

std::u32string DecodeCodePoints(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    char32_t c;
    pos += DecodeUtf8(s, pos, &c);
    out.push_back(c);
  }
  return out;
}

namespace {

enum class Case { kLower, kUpper };

std::string MapCase(std::string_view s, Case mode) {
  std::string out;
  out.reserve(s.size());
  if (IsAscii(s)) {
    for (char c : s) {
      if (mode == Case::kLower) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
      else out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
    }
    return out;
  }
  for (size_t pos = 0; pos < s.size();) {
    char32_t c;
    bool well_formed;
    size_t width = DecodeUtf8(s, pos, &c, &well_formed);
    if (!well_formed) {
      // Keep invalid bytes as they are (Java would see U+FFFD; this keeps data).
      out.append(s.substr(pos, width));
    } else if (mode == Case::kUpper && c == 0x00DF) {
      out += "SS";  // Java's full upper-case mapping of sharp s
    } else {
      auto mapped = mode == Case::kLower ? utf8proc_tolower(static_cast<utf8proc_int32_t>(c))
                                         : utf8proc_toupper(static_cast<utf8proc_int32_t>(c));
      AppendUtf8(static_cast<char32_t>(mapped), &out);
    }
    pos += width;
  }
  return out;
}

}  // namespace

std::string ToLower(std::string_view s) { return MapCase(s, Case::kLower); }
std::string ToUpper(std::string_view s) { return MapCase(s, Case::kUpper); }

std::string InitCap(std::string_view s) {
  std::string lower = ToLower(s);
  std::string out;
  out.reserve(lower.size());
  bool word_start = true;
  for (size_t pos = 0; pos < lower.size();) {
    char32_t c;
    bool well_formed;
    size_t width = DecodeUtf8(lower, pos, &c, &well_formed);
    if (word_start && well_formed) {
      AppendUtf8(static_cast<char32_t>(utf8proc_totitle(static_cast<utf8proc_int32_t>(c))), &out);
    } else {
      out.append(lower, pos, width);
    }
    word_start = c == U' ';
    pos += width;
  }
  return out;
}

void CheckResultSize(std::string_view function, uint64_t bytes) {
  if (bytes <= kMaxResultBytes) return;
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "result size"},
              {"function", "`" + std::string(function) + "`"},
              {"message", "the result would have " + std::to_string(bytes) + " bytes, more than the limit " +
                              std::to_string(kMaxResultBytes)}});
}

StringArrayBuilder::StringArrayBuilder(size_t rows)
    : out_(Vector::Make(DataType::Array(DataType::String()), rows)), elements_(&out_->child(0)) {}

void StringArrayBuilder::Add(std::string_view element) {
  size_t at = elements_->size();
  elements_->Resize(at + 1);
  elements_->SetString(at, element);
}

void StringArrayBuilder::AddNull() {
  size_t at = elements_->size();
  elements_->Resize(at + 1);
  elements_->SetNull(at);
}

void StringArrayBuilder::FinishRow(size_t row, bool null) {
  out_->offsets()[row + 1] = static_cast<int32_t>(elements_->size());
  if (null) out_->SetNull(row);
}

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace tarn::strings
