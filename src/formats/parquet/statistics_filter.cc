#include "formats/parquet/statistics_filter.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <variant>

#include "common/strings.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn::parquet {

namespace {

/// A statistic or literal in a form that orders like the column's values.
using Key = std::variant<int64_t, double, std::string, int128_t>;

enum class KeyKind { kInteger, kFloating, kBytes, kDecimal, kUnsupported };

KeyKind KindOf(const LeafColumn& leaf) {
  switch (leaf.conversion) {
    case ValueConversion::kNone:
    case ValueConversion::kInt32ToInt8:
    case ValueConversion::kInt32ToInt16: break;
    case ValueConversion::kInt32ToDecimal:
    case ValueConversion::kInt64ToDecimal: return KeyKind::kDecimal;
    default: return KeyKind::kUnsupported;
  }
  switch (leaf.physical_type) {
    case Type::kInt32:
    case Type::kInt64: return KeyKind::kInteger;
    case Type::kFloat:
    case Type::kDouble: return KeyKind::kFloating;
    case Type::kByteArray:
    case Type::kFixedLenByteArray: return KeyKind::kBytes;
    default: return KeyKind::kUnsupported;
  }
}

std::optional<Key> DecodeStatistic(const LeafColumn& leaf, KeyKind kind, const std::string& bytes) {
  switch (kind) {
    case KeyKind::kBytes: return Key(bytes);
    case KeyKind::kFloating: {
      double value;
      if (leaf.physical_type == Type::kFloat && bytes.size() == 4) {
        float f;
        std::memcpy(&f, bytes.data(), 4);
        value = f;
      } else if (leaf.physical_type == Type::kDouble && bytes.size() == 8) {
        std::memcpy(&value, bytes.data(), 8);
      } else {
        return std::nullopt;
      }
      if (std::isnan(value)) return std::nullopt;
      return Key(value);
    }
    case KeyKind::kInteger:
    case KeyKind::kDecimal: {
      int64_t value;
      if (leaf.physical_type == Type::kInt32 && bytes.size() == 4) {
        int32_t v;
        std::memcpy(&v, bytes.data(), 4);
        value = v;
      } else if (leaf.physical_type == Type::kInt64 && bytes.size() == 8) {
        std::memcpy(&value, bytes.data(), 8);
      } else {
        return std::nullopt;
      }
      return kind == KeyKind::kDecimal ? Key(int128_t{value}) : Key(value);
    }
    default: return std::nullopt;
  }
}

std::optional<Key> ParseLiteral(const LeafColumn& leaf, KeyKind kind, const std::string& text) {
  switch (kind) {
    case KeyKind::kBytes: return Key(text);
    case KeyKind::kFloating: {
      char* end = nullptr;
      double value = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || std::isnan(value)) return std::nullopt;
      return Key(value);
    }
    case KeyKind::kDecimal: {
      auto value = ParseDecimal(text, leaf.type.precision(), leaf.type.scale());
      if (!value) return std::nullopt;
      return Key(*value);
    }
    case KeyKind::kInteger: {
      switch (leaf.type.id()) {
        case TypeId::kDate: {
          auto days = ParseDate(text);
          if (!days) return std::nullopt;
          return Key(int64_t{*days});
        }
        case TypeId::kTimestamp:
        case TypeId::kTimestampNtz: {
          auto ts = ParseTimestamp(text);
          if (!ts || !ts->zone_id.empty()) return std::nullopt;
          int64_t micros = ts->micros - int64_t{ts->offset_seconds.value_or(0)} * kMicrosPerSecond;
          return Key(micros);
        }
        case TypeId::kByte:
        case TypeId::kShort:
        case TypeId::kInt:
        case TypeId::kLong: {
          int64_t value;
          auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
          if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
          return Key(value);
        }
        default: return std::nullopt;
      }
    }
    default: return std::nullopt;
  }
}

}  // namespace

bool StatisticsMayMatch(const LeafColumn& leaf, const Statistics& statistics, int64_t num_values,
                        const ColumnPredicate& predicate) {
  using Op = ColumnPredicate::Op;
  const std::optional<int64_t>& nulls = statistics.null_count;
  if (predicate.op == Op::kIsNull) return !nulls || *nulls > 0;
  if (predicate.op == Op::kIsNotNull) return !nulls || *nulls < num_values;
  if (nulls && *nulls == num_values && num_values > 0) return false;  // all null: no comparison holds

  KeyKind kind = KindOf(leaf);
  if (kind == KeyKind::kUnsupported) return true;
  // The deprecated min/max used signed byte order: only trust them for numbers.
  const std::optional<std::string>* min = &statistics.min_value;
  const std::optional<std::string>* max = &statistics.max_value;
  if ((!*min || !*max) && kind != KeyKind::kBytes) {
    min = &statistics.min;
    max = &statistics.max;
  }
  if (!*min || !*max) return true;
  std::optional<Key> lo = DecodeStatistic(leaf, kind, **min);
  std::optional<Key> hi = DecodeStatistic(leaf, kind, **max);
  std::optional<Key> literal = ParseLiteral(leaf, kind, predicate.literal);
  if (!lo || !hi || !literal) return true;
  switch (predicate.op) {
    case Op::kEq: return *lo <= *literal && *literal <= *hi;
    case Op::kLt: return *lo < *literal;
    case Op::kLe: return *lo <= *literal;
    case Op::kGt: return *hi > *literal;
    case Op::kGe: return *hi >= *literal;
    default: return true;
  }
}

struct FileColumnRanges::Range {
  DataType type;
  LeafColumn leaf;  // of the first file: how keys are formatted
  size_t files = 0;
  bool bounds_known = true;
  bool nulls_known = true;
  std::optional<Key> min, max;
  int64_t nulls = 0;
};

void FileColumnRanges::AddFile(const FileMetaData& metadata, std::string_view path) {
  ++files_;
  FileSchema schema(metadata.schema, path);
  for (const SchemaNode& field : schema.fields()) {
    if (field.leaf < 0) continue;
    const LeafColumn& leaf = schema.leaves()[static_cast<size_t>(field.leaf)];
    KeyKind kind = KindOf(leaf);
    std::shared_ptr<Range>& range = ranges_[AsciiLower(field.field.name)];
    if (!range) {
      range = std::make_shared<Range>();
      range->type = leaf.type;
      range->leaf = leaf;
    }
    ++range->files;
    if (!(range->type == leaf.type) || (kind != KeyKind::kInteger && kind != KeyKind::kFloating && kind != KeyKind::kDecimal))
      range->bounds_known = false;
    for (const RowGroup& group : metadata.row_groups) {
      if (static_cast<size_t>(leaf.index) >= group.columns.size()) {
        range->bounds_known = range->nulls_known = false;
        continue;
      }
      const ColumnChunk& chunk = group.columns[static_cast<size_t>(leaf.index)];
      if (!chunk.meta_data || !chunk.meta_data->statistics) {
        range->bounds_known = range->nulls_known = false;
        continue;
      }
      const Statistics& stats = *chunk.meta_data->statistics;
      if (stats.null_count) range->nulls += *stats.null_count;
      else range->nulls_known = false;
      if (!range->bounds_known) continue;
      // An all-null chunk has no bounds and needs none.
      if (stats.null_count && *stats.null_count == chunk.meta_data->num_values) continue;
      const std::optional<std::string>& min = stats.min_value ? stats.min_value : stats.min;
      const std::optional<std::string>& max = stats.max_value ? stats.max_value : stats.max;
      std::optional<Key> lo = min ? DecodeStatistic(leaf, kind, *min) : std::nullopt;
      std::optional<Key> hi = max ? DecodeStatistic(leaf, kind, *max) : std::nullopt;
      if (!lo || !hi || (range->min && range->min->index() != lo->index())) {
        range->bounds_known = false;
        continue;
      }
      if (!range->min || *lo < *range->min) range->min = lo;
      if (!range->max || *hi > *range->max) range->max = hi;
    }
  }
}

namespace {

std::string KeyText(const LeafColumn& leaf, const Key& key) {
  if (const auto* i = std::get_if<int64_t>(&key)) {
    return leaf.type.id() == TypeId::kDate ? FormatDate(*i) : std::to_string(*i);
  }
  if (const auto* d = std::get_if<int128_t>(&key)) return DecimalToString(*d, leaf.type.scale());
  if (const auto* f = std::get_if<double>(&key)) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.17g", *f);
    return text;
  }
  return std::get<std::string>(key);
}

}  // namespace

std::optional<ColumnStatistics> FileColumnRanges::Get(std::string_view name) const {
  auto it = ranges_.find(AsciiLower(name));
  if (it == ranges_.end() || it->second->files != files_) return std::nullopt;
  const Range& range = *it->second;
  ColumnStatistics stats;
  if (range.nulls_known) stats.null_count = range.nulls;
  if (range.bounds_known && range.min && range.max) {
    stats.min = KeyText(range.leaf, *range.min);
    stats.max = KeyText(range.leaf, *range.max);
  }
  if (!stats.null_count && !stats.min) return std::nullopt;
  return stats;
}

}  // namespace tarn::parquet
