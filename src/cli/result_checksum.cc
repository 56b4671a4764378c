#include "cli/result_checksum.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "columnar/value_text.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/number_text.h"

namespace tarn::cli {
namespace {

// Rounds |digits| (a non-negative decimal with `scale` fraction digits) half
// away from zero to `to` places.
int128_t RoundHalfUp(int128_t value, int from, int to) {
  if (from <= to) return value * PowerOfTen128(to - from);
  int128_t divisor = PowerOfTen128(from - to);
  int128_t q = value / divisor, r = value % divisor;
  if (2 * r >= divisor) ++q;
  return q;
}

std::string TwoPlaces(bool negative, int128_t magnitude_at_2) {
  std::string digits = Int128ToString(magnitude_at_2);
  while (digits.size() < 3) digits.insert(digits.begin(), '0');
  std::string out = digits.substr(0, digits.size() - 2) + "." + digits.substr(digits.size() - 2);
  if (negative && magnitude_at_2 != 0) out.insert(out.begin(), '-');
  return out;
}

std::string ExactNumber(int128_t unscaled, int scale) {
  bool negative = unscaled < 0;
  int128_t magnitude = negative ? -unscaled : unscaled;
  int128_t at4 = RoundHalfUp(magnitude, scale, 4);
  return TwoPlaces(negative, RoundHalfUp(at4, 4, 2));
}

std::string FloatNumber(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  char buffer[512];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(x), std::chars_format::fixed, 40);
  std::string text(buffer, end);
  // Keep 5 fraction digits to round to 4 correctly from the exact expansion:
  // round half up at 4 places needs the 5th digit and whether anything follows.
  size_t dot = text.find('.');
  std::string integer = text.substr(0, dot);
  std::string fraction = text.substr(dot + 1);
  // Value at 4 places = integer.fraction[0..4) rounded by the rest.
  std::string at4_digits = integer + fraction.substr(0, 4);
  int128_t at4 = 0;
  for (char c : at4_digits) at4 = at4 * 10 + (c - '0');
  std::string rest = fraction.substr(4);
  if (!rest.empty() && rest[0] >= '5') ++at4;
  return TwoPlaces(std::signbit(x), RoundHalfUp(at4, 4, 2));
}

void JsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

int128_t DecimalAt(const Vector& v, size_t row) {
  return v.type().precision() <= kMaxInt64DecimalPrecision ? v.ValueAt<int64_t>(row) : v.ValueAt<int128_t>(row);
}

int64_t IntegerAt(const Vector& v, size_t row) {
  switch (v.type().id()) {
    case TypeId::kByte: return v.ValueAt<int8_t>(row);
    case TypeId::kShort: return v.ValueAt<int16_t>(row);
    case TypeId::kInt: return v.ValueAt<int32_t>(row);
    default: return v.ValueAt<int64_t>(row);
  }
}

}  // namespace

std::string ChecksumText(const Vector& v, size_t row) {
  if (v.IsNull(row)) return "NULL";
  switch (v.type().id()) {
    case TypeId::kBoolean: return v.ValueAt<uint8_t>(row) ? "true" : "false";
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: return std::to_string(IntegerAt(v, row)) + ".00";
    case TypeId::kDecimal: return ExactNumber(DecimalAt(v, row), v.type().scale());
    case TypeId::kFloat: return FloatNumber(v.ValueAt<float>(row));
    case TypeId::kDouble: return FloatNumber(v.ValueAt<double>(row));
    case TypeId::kDate: return FormatDate(v.ValueAt<int32_t>(row));
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: return FormatTimestamp(v.ValueAt<int64_t>(row));
    case TypeId::kString: {
      std::string_view s = v.StringAt(row).view();
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      std::string out;
      for (char c : s) {
        switch (c) {
          case '\\': out += "\\\\"; break;
          case '|': out += "\\|"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          case '\t': out += "\\t"; break;
          default: out.push_back(c);
        }
      }
      return out;
    }
    default: {
      std::string out;
      AppendSparkText(v, row, &out);
      return out;
    }
  }
}

std::string ResultChecksum(const std::vector<Batch>& batches) {
  std::vector<std::string> rows;
  for (const Batch& batch : batches) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string text;
      for (size_t c = 0; c < batch.num_columns(); ++c) {
        if (c) text.push_back('|');
        text += ChecksumText(batch.column(c), r);
      }
      rows.push_back(std::move(text));
    }
  }
  std::sort(rows.begin(), rows.end());
  std::string all;
  for (const std::string& r : rows) all += r + "\n";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(all.data(), all.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::string ResultRowsJson(const std::vector<Batch>& batches) {
  std::string out = "[";
  bool first_row = true;
  for (const Batch& batch : batches) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      out += first_row ? "[" : ",[";
      first_row = false;
      for (size_t c = 0; c < batch.num_columns(); ++c) {
        if (c) out.push_back(',');
        const Vector& v = batch.column(c);
        if (v.IsNull(r)) {
          out += "null";
          continue;
        }
        switch (v.type().id()) {
          case TypeId::kByte:
          case TypeId::kShort:
          case TypeId::kInt:
          case TypeId::kLong: out += std::to_string(IntegerAt(v, r)); break;
          case TypeId::kDecimal: out += DecimalToString(DecimalAt(v, r), v.type().scale()); break;
          case TypeId::kFloat:
          case TypeId::kDouble: {
            double d = v.type().id() == TypeId::kFloat ? v.ValueAt<float>(r) : v.ValueAt<double>(r);
            if (std::isfinite(d)) {
              char buf[64];
              auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
              out.append(buf, end);
            } else {
              out += "null";
            }
            break;
          }
          case TypeId::kBoolean: out += v.ValueAt<uint8_t>(r) ? "true" : "false"; break;
          case TypeId::kDate: JsonString(FormatDate(v.ValueAt<int32_t>(r)), &out); break;
          case TypeId::kString: JsonString(v.StringAt(r).view(), &out); break;
          default: {
            std::string text;
            AppendSparkText(v, r, &text);
            JsonString(text, &out);
          }
        }
      }
      out.push_back(']');
    }
  }
  out += "]";
  return out;
}

}  // namespace tarn::cli
