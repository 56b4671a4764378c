#include "delta/stats.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "columnar/row_compare.h"
#include "common/error.h"
#include "common/strings.h"
#include "delta/json_util.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn::delta {
namespace {

template <typename T>
bool ParseInteger(std::string_view text, T* out) {
  int64_t value;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) return false;
  *out = static_cast<T>(value);
  return true;
}

bool ParseFloating(std::string_view text, double* out) {
  std::string s(text);
  if (s == "NaN") {
    *out = std::nan("");
    return true;
  }
  if (s == "Infinity" || s == "+Infinity") {
    *out = HUGE_VAL;
    return true;
  }
  if (s == "-Infinity") {
    *out = -HUGE_VAL;
    return true;
  }
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

VectorPtr Parse(std::string_view s, const DataType& type) {
  VectorPtr v = Vector::Make(type, 1);
  bool ok = true;
  switch (type.id()) {
    case TypeId::kBoolean:
      ok = EqualsIgnoreCase(s, "true") || EqualsIgnoreCase(s, "false");
      v->values<uint8_t>()[0] = EqualsIgnoreCase(s, "true");
      break;
    case TypeId::kByte: ok = ParseInteger(s, &v->values<int8_t>()[0]); break;
    case TypeId::kShort: ok = ParseInteger(s, &v->values<int16_t>()[0]); break;
    case TypeId::kInt: ok = ParseInteger(s, &v->values<int32_t>()[0]); break;
    case TypeId::kLong: ok = ParseInteger(s, &v->values<int64_t>()[0]); break;
    case TypeId::kFloat: {
      double d;
      ok = ParseFloating(s, &d);
      v->values<float>()[0] = static_cast<float>(d);
      break;
    }
    case TypeId::kDouble: ok = ParseFloating(s, &v->values<double>()[0]); break;
    case TypeId::kDecimal: {
      auto value = ParseDecimal(s, type.precision(), type.scale());
      ok = value.has_value();
      if (!ok) break;
      if (type.precision() <= kMaxInt64DecimalPrecision) {
        v->values<int64_t>()[0] = static_cast<int64_t>(*value);
      } else {
        v->values<int128_t>()[0] = *value;
      }
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: v->SetString(0, s); break;
    case TypeId::kDate: {
      auto days = ParseDate(s);
      ok = days.has_value();
      if (ok) v->values<int32_t>()[0] = *days;
      break;
    }
    case TypeId::kTimestamp: {
      // Zone-less partition timestamps are read as UTC (the oracle's and
      // delta-kernel-rs' reading; Spark would use the session zone).
      auto ts = ParseTimestamp(s);
      ok = ts.has_value() && ts->zone_id.empty();
      if (ok) v->values<int64_t>()[0] = ts->micros - int64_t{ts->offset_seconds.value_or(0)} * kMicrosPerSecond;
      break;
    }
    case TypeId::kTimestampNtz: {
      auto ts = ParseTimestamp(s);
      ok = ts.has_value();
      if (ok) v->values<int64_t>()[0] = ts->micros;
      break;
    }
    default: ok = false; break;
  }
  if (!ok) return Vector::MakeNull(type, 1);
  return v;
}

}  // namespace

VectorPtr ParseDeltaValue(std::optional<std::string_view> text, const DataType& type) {
  // PROTOCOL.md: an empty string of any type is a null partition value.
  if (!text || text->empty()) return Vector::MakeNull(type, 1);
  return Parse(*text, type);
}

std::optional<FileStats> ParseFileStats(std::string_view text, const std::vector<std::pair<std::string, DataType>>& columns) {
  static const std::string kWhat = "stats";
  try {
    simdjson::dom::parser parser;
    json::Where where{kWhat, 0};
    json::Object o = json::AsObject(json::Parse(parser, text, where), "stats", where);
    FileStats stats;
    stats.num_records = json::OptLong(o, "numRecords", where);
    stats.tight_bounds = json::OptBool(o, "tightBounds", where).value_or(true);
    auto section = [&](std::string_view name) -> std::optional<json::Object> {
      auto member = json::Member(o, name);
      json::Object object;
      if (!member || member->get_object().get(object)) return std::nullopt;
      return object;
    };
    auto min_values = section("minValues");
    auto max_values = section("maxValues");
    auto null_counts = section("nullCount");
    for (const auto& column : columns) {
      // (Not a structured binding: clang 14, which builds the fuzzers, cannot capture one in a lambda.)
      const auto& name = column.first;
      const auto& type = column.second;
      ColumnStats& c = stats.columns[name];
      auto bound = [&](const std::optional<json::Object>& values) -> VectorPtr {
        if (!values) return nullptr;
        auto value = json::Member(*values, name);
        if (!value || value->is_object() || value->is_array()) return nullptr;
        // Stats keep "" as a real minimum: only JSON null is absent.
        VectorPtr v = Parse(json::TextOf(*value), type);
        return v->IsNull(0) ? nullptr : v;
      };
      c.min = bound(min_values);
      c.max = bound(max_values);
      if (null_counts) {
        auto value = json::Member(*null_counts, name);
        int64_t count;
        if (value && !value->get_int64().get(count)) c.null_count = count;
      }
    }
    return stats;
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::optional<SkippingFilter> BindSkippingFilter(const ScanFilter& filter, const DataType& type) {
  SkippingFilter bound{filter.op, nullptr};
  if (filter.op == ScanFilter::Op::kIsNull || filter.op == ScanFilter::Op::kIsNotNull) return bound;
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDecimal:
    case TypeId::kString:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: break;
    default: return std::nullopt;  // floats (NaN ordering), binary (hex literals), nested
  }
  bound.literal = Parse(filter.literal, type);
  if (bound.literal->IsNull(0)) return std::nullopt;
  return bound;
}

namespace {

/// <0, 0, >0 as the literal sorts before, with, after the value.
int Compare(const SkippingFilter& f, const Vector& value) { return CompareRows(*f.literal, 0, value, 0); }

bool IsTruncatedStringMax(const Vector& max) {
  return max.type().id() == TypeId::kString && max.StringAt(0).size() >= 32;
}

}  // namespace

bool MayMatch(const SkippingFilter& f, const ColumnStats& stats, std::optional<int64_t> num_records) {
  const bool all_null = stats.null_count && num_records && *stats.null_count == *num_records;
  switch (f.op) {
    case ScanFilter::Op::kIsNull: return !(stats.null_count && *stats.null_count == 0);
    case ScanFilter::Op::kIsNotNull: return !all_null;
    default: break;
  }
  if (all_null) return false;  // comparisons with NULL are never true
  VectorPtr max = stats.max;
  if (max && IsTruncatedStringMax(*max)) max = nullptr;
  if (max && max->type().is_timestamp()) {
    // Stats timestamps are truncated to milliseconds: the true max may be up to 999 µs above.
    VectorPtr widened = Vector::Make(max->type(), 1);
    widened->values<int64_t>()[0] = max->ValueAt<int64_t>(0) + 999;
    max = widened;
  }
  const Vector* min = stats.min.get();
  switch (f.op) {
    case ScanFilter::Op::kEq: return !((min && Compare(f, *min) < 0) || (max && Compare(f, *max) > 0));
    case ScanFilter::Op::kLt: return !(min && Compare(f, *min) <= 0);
    case ScanFilter::Op::kLe: return !(min && Compare(f, *min) < 0);
    case ScanFilter::Op::kGt: return !(max && Compare(f, *max) >= 0);
    case ScanFilter::Op::kGe: return !(max && Compare(f, *max) > 0);
    default: return true;
  }
}

bool PartitionMatches(const SkippingFilter& f, const Vector& value) {
  bool is_null = value.IsNull(0);
  switch (f.op) {
    case ScanFilter::Op::kIsNull: return is_null;
    case ScanFilter::Op::kIsNotNull: return !is_null;
    default: break;
  }
  if (is_null) return false;
  int c = Compare(f, value);  // literal vs value
  switch (f.op) {
    case ScanFilter::Op::kEq: return c == 0;
    case ScanFilter::Op::kLt: return c > 0;   // value < literal
    case ScanFilter::Op::kLe: return c >= 0;
    case ScanFilter::Op::kGt: return c < 0;
    case ScanFilter::Op::kGe: return c <= 0;
    default: return true;
  }
}

}  // namespace tarn::delta
