#include "formats/parquet/statistics_builder.h"

#include "common/check.h"

namespace tarn::parquet {

namespace {

template <typename T>
T Load(std::string_view bytes) {
  T value{};
  TARN_CHECK_EQ(bytes.size(), sizeof(T));
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

template <typename T>
int Compare3(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// The longest prefix of `value` of at most `limit` bytes that ends on a code point boundary.
size_t Utf8PrefixLength(std::string_view value, size_t limit) {
  size_t end = limit;
  while (end > 0 && IsContinuation(static_cast<unsigned char>(value[end]))) --end;
  return end;
}

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

/// Decodes the well-formed code point at the end of `s`; 0 bytes when it is not well formed.
size_t LastCodePoint(std::string_view s, uint32_t* code_point) {
  size_t start = s.size();
  while (start > 0 && s.size() - start < 4 && IsContinuation(static_cast<unsigned char>(s[start - 1]))) --start;
  if (start == 0) return 0;
  --start;
  const auto lead = static_cast<unsigned char>(s[start]);
  const size_t length = s.size() - start;
  size_t expected;
  uint32_t cp;
  if (lead < 0x80) {
    expected = 1, cp = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    expected = 2, cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    expected = 3, cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    expected = 4, cp = lead & 0x07;
  } else {
    return 0;
  }
  if (expected != length) return 0;
  for (size_t i = start + 1; i < s.size(); ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  *code_point = cp;
  return length;
}

/// The smallest string greater than every string starting with `prefix`,
/// keeping UTF-8 well formed: the last code point that can be incremented is,
/// and what follows it is dropped. nullopt when none can.
std::optional<std::string> IncrementUtf8(std::string prefix) {
  while (!prefix.empty()) {
    uint32_t cp = 0;
    const size_t length = LastCodePoint(prefix, &cp);
    if (length == 0) return std::nullopt;  // not UTF-8 after all: let the caller keep the value whole
    prefix.resize(prefix.size() - length);
    uint32_t next = cp + 1;
    if (next == 0xD800) next = 0xE000;  // skip the surrogates
    if (next <= 0x10FFFF) {
      AppendUtf8(next, &prefix);
      return prefix;
    }
  }
  return std::nullopt;
}

/// Same for raw bytes: increment the last byte below 0xFF, drop what follows.
std::optional<std::string> IncrementBytes(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::nullopt;
}

}  // namespace

int CompareBytes(std::string_view a, std::string_view b, StatisticsOrder order) {
  if (order == StatisticsOrder::kSignedBigEndian && !a.empty() && !b.empty()) {
    // Two's complement big-endian of equal width: the sign byte signed, the rest unsigned.
    const auto sa = static_cast<signed char>(a[0]), sb = static_cast<signed char>(b[0]);
    if (sa != sb) return sa < sb ? -1 : 1;
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  const int c = a.compare(b);  // char_traits<char> compares as unsigned char
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

EncodedBounds TruncateBounds(std::string min, std::string max, size_t limit, bool utf8) {
  EncodedBounds bounds;
  if (limit > 0 && min.size() > limit) {
    min.resize(utf8 ? Utf8PrefixLength(min, limit) : limit);
    bounds.min_exact = false;
  }
  if (limit > 0 && max.size() > limit) {
    std::string prefix = max.substr(0, utf8 ? Utf8PrefixLength(max, limit) : limit);
    std::optional<std::string> bigger = utf8 ? IncrementUtf8(std::move(prefix)) : IncrementBytes(std::move(prefix));
    if (bigger) {
      max = std::move(*bigger);
      bounds.max_exact = false;
    }
  }
  bounds.min = std::move(min);
  bounds.max = std::move(max);
  return bounds;
}

int CompareEncoded(std::string_view a, std::string_view b, Type physical_type, StatisticsOrder order) {
  switch (order) {
    case StatisticsOrder::kSigned:
      switch (physical_type) {
        case Type::kBoolean: return Compare3(Load<uint8_t>(a), Load<uint8_t>(b));
        case Type::kInt32: return Compare3(Load<int32_t>(a), Load<int32_t>(b));
        case Type::kInt64: return Compare3(Load<int64_t>(a), Load<int64_t>(b));
        default: break;
      }
      break;
    case StatisticsOrder::kFloat:
      if (physical_type == Type::kFloat) return Compare3(Load<float>(a), Load<float>(b));
      return Compare3(Load<double>(a), Load<double>(b));
    case StatisticsOrder::kUnsignedBytes:
    case StatisticsOrder::kSignedBigEndian: return CompareBytes(a, b, order);
    case StatisticsOrder::kNone: break;
  }
  TARN_UNREACHABLE();
}

BoundaryOrder ComputeBoundaryOrder(const std::vector<std::string>& mins, const std::vector<std::string>& maxes,
                                   Type physical_type, StatisticsOrder order) {
  bool ascending = true, descending = true;
  for (size_t i = 1; i < mins.size(); ++i) {
    const int min_order = CompareEncoded(mins[i - 1], mins[i], physical_type, order);
    const int max_order = CompareEncoded(maxes[i - 1], maxes[i], physical_type, order);
    if (min_order > 0 || max_order > 0) ascending = false;
    if (min_order < 0 || max_order < 0) descending = false;
  }
  if (ascending) return BoundaryOrder::kAscending;
  if (descending) return BoundaryOrder::kDescending;
  return BoundaryOrder::kUnordered;
}

}  // namespace tarn::parquet
