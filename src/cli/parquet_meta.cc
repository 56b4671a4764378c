#include "cli/parquet_meta.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "cli/batch_builder.h"
#include "types/number_text.h"
#include "columnar/value_text.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn::cli {
namespace {

using parquet::ConvertedType;
using parquet::LogicalType;
using parquet::SchemaElement;
using parquet::TimeUnit;
using parquet::Type;

constexpr int64_t kJulianDayOfEpoch = 2440588;

template <typename T>
T LoadLittleEndian(std::string_view bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    auto b = static_cast<uint8_t>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

// Micros for a value in `unit`, or nullopt when it does not fit.
std::optional<int64_t> ToMicros(int64_t value, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis:
      if (value > std::numeric_limits<int64_t>::max() / 1000 || value < std::numeric_limits<int64_t>::min() / 1000) {
        return std::nullopt;
      }
      return value * 1000;
    case TimeUnit::kMicros: return value;
    case TimeUnit::kNanos: return FloorDiv(value, 1000);
  }
  return value;
}

std::string TimeText(std::optional<int64_t> micros, int64_t raw) {
  if (!micros || *micros < 0 || *micros >= kMicrosPerDay) return std::to_string(raw);
  return FormatTimeOfDay(*micros);
}

std::string TimestampText(std::optional<int64_t> micros, int64_t raw) {
  if (!micros) return std::to_string(raw);
  return FormatTimestamp(*micros, ' ');
}

// An integer statistic read through the logical (or else converted) type.
std::string IntegerText(const SchemaElement* element, int64_t value, bool is_int32) {
  const LogicalType* logical =
      element && element->logical_type ? &*element->logical_type : nullptr;
  if (logical) {
    switch (logical->kind) {
      case LogicalType::Kind::kDate: return FormatDate(value);
      case LogicalType::Kind::kDecimal:
        if (logical->scale >= 0 && logical->scale <= 38) return DecimalToString(value, logical->scale);
        break;
      case LogicalType::Kind::kInteger:
        if (!logical->is_signed) {
          return std::to_string(is_int32 ? static_cast<uint64_t>(static_cast<uint32_t>(value))
                                         : static_cast<uint64_t>(value));
        }
        break;
      case LogicalType::Kind::kTime: return TimeText(ToMicros(value, logical->unit), value);
      case LogicalType::Kind::kTimestamp: return TimestampText(ToMicros(value, logical->unit), value);
      default: break;
    }
    return std::to_string(value);
  }
  if (element && element->converted_type) {
    switch (*element->converted_type) {
      case ConvertedType::kDate: return FormatDate(value);
      case ConvertedType::kDecimal: {
        int scale = element->scale.value_or(0);
        if (scale >= 0 && scale <= 38) return DecimalToString(value, scale);
        break;
      }
      case ConvertedType::kUint8:
      case ConvertedType::kUint16:
      case ConvertedType::kUint32: return std::to_string(static_cast<uint32_t>(value));
      case ConvertedType::kUint64: return std::to_string(static_cast<uint64_t>(value));
      case ConvertedType::kTimeMillis: return TimeText(ToMicros(value, TimeUnit::kMillis), value);
      case ConvertedType::kTimeMicros: return TimeText(value, value);
      case ConvertedType::kTimestampMillis: return TimestampText(ToMicros(value, TimeUnit::kMillis), value);
      case ConvertedType::kTimestampMicros: return TimestampText(value, value);
      default: break;
    }
  }
  return std::to_string(value);
}

float HalfToFloat(uint16_t half) {
  int sign = half >> 15, exponent = (half >> 10) & 0x1F, mantissa = half & 0x3FF;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  }
  return sign ? -magnitude : magnitude;
}

std::string UuidText(std::string_view bytes) {
  std::string hex = Hex(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

// Big-endian two's complement of any length (DECIMAL precision may exceed 38
// in files: duckdb/bigdecimal), by schoolbook division by 10^9.
std::string BigEndianDecimalText(std::string_view bytes, int scale) {
  if (bytes.empty() || bytes.size() > 1024 || scale < 0 || scale > 1000) return Hex(bytes);
  const bool negative = static_cast<uint8_t>(bytes[0]) & 0x80;
  std::vector<uint8_t> magnitude(bytes.begin(), bytes.end());
  if (negative) {  // two's complement negation: invert, add one
    for (uint8_t& b : magnitude) b = static_cast<uint8_t>(~b);
    for (size_t i = magnitude.size(); i-- > 0;) {
      if (++magnitude[i] != 0) break;
    }
  }
  std::string digits;  // least significant first
  size_t start = 0;
  while (start < magnitude.size()) {
    uint64_t remainder = 0;
    for (size_t i = start; i < magnitude.size(); ++i) {
      uint64_t current = (remainder << 8) | magnitude[i];
      magnitude[i] = static_cast<uint8_t>(current / 1000000000);
      remainder = current % 1000000000;
    }
    while (start < magnitude.size() && magnitude[start] == 0) ++start;
    for (int d = 0; d < 9; ++d) {
      digits.push_back(static_cast<char>('0' + remainder % 10));
      remainder /= 10;
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  while (digits.size() <= static_cast<size_t>(scale)) digits.push_back('0');
  std::string text = negative ? "-" : "";
  for (size_t i = digits.size(); i-- > 0;) {
    text.push_back(digits[i]);
    if (i == static_cast<size_t>(scale) && scale > 0) text.push_back('.');
  }
  return text;
}

std::string BytesText(const SchemaElement* element, std::string_view bytes) {
  const LogicalType* logical = element && element->logical_type ? &*element->logical_type : nullptr;
  if (logical) {
    switch (logical->kind) {
      case LogicalType::Kind::kString:
      case LogicalType::Kind::kEnum:
      case LogicalType::Kind::kJson: return std::string(bytes);
      case LogicalType::Kind::kDecimal: return BigEndianDecimalText(bytes, logical->scale);
      case LogicalType::Kind::kUuid:
        if (bytes.size() == 16) return UuidText(bytes);
        break;
      case LogicalType::Kind::kFloat16:
        if (bytes.size() == 2) {
          std::string out;
          AppendJavaNumber(HalfToFloat(LoadLittleEndian<uint16_t>(bytes)), &out);
          return out;
        }
        break;
      default: break;
    }
    return Hex(bytes);
  }
  if (element && element->converted_type) {
    switch (*element->converted_type) {
      case ConvertedType::kUtf8:
      case ConvertedType::kEnum:
      case ConvertedType::kJson: return std::string(bytes);
      case ConvertedType::kDecimal: return BigEndianDecimalText(bytes, element->scale.value_or(0));
      default: break;
    }
  }
  return Hex(bytes);
}

// The leaves of the schema tree in column-chunk order (null where the tree
// is malformed, so callers fall back to untyped rendering).
void CollectLeaves(const std::vector<SchemaElement>& schema, size_t* index, int depth,
                   std::vector<const SchemaElement*>* leaves) {
  if (*index >= schema.size() || depth > 100) return;
  const SchemaElement& element = schema[(*index)++];
  if (!element.num_children) {
    leaves->push_back(&element);
    return;
  }
  const int children = *element.num_children;
  for (int i = 0; i < children && *index < schema.size(); ++i) CollectLeaves(schema, index, depth + 1, leaves);
}

std::string PhysicalTypeText(const SchemaElement* element, Type type) {
  std::string text = parquet::ToString(type);
  if (type == Type::kFixedLenByteArray && element && element->type_length) {
    text += "(" + std::to_string(*element->type_length) + ")";
  }
  return text;
}

std::optional<std::string> LogicalTypeText(const SchemaElement* element) {
  if (!element) return std::nullopt;
  if (element->logical_type) return element->logical_type->ToString();
  if (element->converted_type) return std::string(parquet::ToString(*element->converted_type));
  return std::nullopt;
}

}  // namespace

std::string ParquetStatisticText(const SchemaElement* element, Type physical, std::string_view bytes) {
  switch (physical) {
    case Type::kBoolean:
      if (bytes.size() == 1) return bytes[0] ? "true" : "false";
      break;
    case Type::kInt32:
      if (bytes.size() == 4) return IntegerText(element, LoadLittleEndian<int32_t>(bytes), true);
      break;
    case Type::kInt64:
      if (bytes.size() == 8) return IntegerText(element, LoadLittleEndian<int64_t>(bytes), false);
      break;
    case Type::kInt96:
      if (bytes.size() == 12) {
        // Nanoseconds of the day, then the Julian day number.
        int64_t nanos = LoadLittleEndian<int64_t>(bytes);
        int64_t days = static_cast<int64_t>(LoadLittleEndian<int32_t>(bytes.substr(8))) - kJulianDayOfEpoch;
        if (nanos >= 0 && nanos < kMicrosPerDay * 1000 && std::abs(days) < 100000000) {
          return FormatTimestamp(days * kMicrosPerDay + nanos / 1000, ' ');
        }
      }
      break;
    case Type::kFloat:
      if (bytes.size() == 4) {
        std::string out;
        AppendJavaNumber(LoadLittleEndian<float>(bytes), &out);
        return out;
      }
      break;
    case Type::kDouble:
      if (bytes.size() == 8) {
        std::string out;
        AppendJavaNumber(LoadLittleEndian<double>(bytes), &out);
        return out;
      }
      break;
    case Type::kByteArray:
    case Type::kFixedLenByteArray: return BytesText(element, bytes);
  }
  return Hex(bytes);
}

Batch ParquetFileFacts(const std::string& path, uint64_t file_size, const parquet::FileMetaData& metadata) {
  std::vector<const SchemaElement*> leaves;
  size_t index = 0;
  CollectLeaves(metadata.schema, &index, 0, &leaves);
  std::vector<std::string> keys;
  for (const parquet::KeyValue& kv : metadata.key_value_metadata) keys.push_back(kv.key);

  BatchBuilder builder({Column("file", DataType::String()),
                        Column("file_size", DataType::Long()),
                        Column("format_version", DataType::Long()),
                        Column("num_rows", DataType::Long()),
                        Column("num_row_groups", DataType::Long()),
                        Column("num_columns", DataType::Long()),
                        Column("created_by", DataType::String()),
                        Column("metadata_keys", DataType::Array(DataType::String()))});
  // The root is not a column: count leaves only when the tree has children.
  int64_t num_columns = metadata.schema.size() > 1 ? static_cast<int64_t>(leaves.size()) : 0;
  builder.AddRow({path, static_cast<int64_t>(file_size), int64_t{metadata.version}, metadata.num_rows,
                  static_cast<int64_t>(metadata.row_groups.size()), num_columns,
                  BatchBuilder::Optional(metadata.created_by), keys});
  return builder.Build();
}

Batch ParquetColumnChunks(const parquet::FileMetaData& metadata) {
  std::vector<const SchemaElement*> leaves;
  size_t index = 0;
  CollectLeaves(metadata.schema, &index, 0, &leaves);

  BatchBuilder builder({Column("row_group", DataType::Long()),
                        Column("column", DataType::String()),
                        Column("physical_type", DataType::String()),
                        Column("logical_type", DataType::String()),
                        Column("codec", DataType::String()),
                        Column("encodings", DataType::Array(DataType::String())),
                        Column("num_values", DataType::Long()),
                        Column("compressed_bytes", DataType::Long()),
                        Column("uncompressed_bytes", DataType::Long()),
                        Column("null_count", DataType::Long()),
                        Column("min", DataType::String()),
                        Column("max", DataType::String())});
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const parquet::RowGroup& group = metadata.row_groups[g];
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const parquet::ColumnChunk& chunk = group.columns[c];
      const SchemaElement* leaf = c < leaves.size() ? leaves[c] : nullptr;
      if (!chunk.meta_data) {  // encrypted column: only its position is known
        builder.AddRow({static_cast<int64_t>(g), BatchBuilder::Optional(leaf ? std::optional(leaf->name) : std::nullopt),
                        {}, {}, {}, {}, {}, {}, {}, {}, {}, {}});
        continue;
      }
      const parquet::ColumnMetaData& meta = *chunk.meta_data;
      std::string column;
      for (const std::string& part : meta.path_in_schema) column += (column.empty() ? "" : ".") + part;
      std::vector<std::string> encodings;
      for (parquet::Encoding encoding : meta.encodings) encodings.push_back(parquet::ToString(encoding));

      BatchBuilder::Cell null_count, min, max;
      if (meta.statistics) {
        const parquet::Statistics& stats = *meta.statistics;
        null_count = BatchBuilder::Optional(stats.null_count);
        // Prefer the typed-order min_value/max_value; older writers only set min/max.
        const std::optional<std::string>& min_bytes = stats.min_value ? stats.min_value : stats.min;
        const std::optional<std::string>& max_bytes = stats.max_value ? stats.max_value : stats.max;
        if (min_bytes) min = ParquetStatisticText(leaf, meta.type, *min_bytes);
        if (max_bytes) max = ParquetStatisticText(leaf, meta.type, *max_bytes);
      }
      builder.AddRow({static_cast<int64_t>(g), column, PhysicalTypeText(leaf, meta.type),
                      BatchBuilder::Optional(LogicalTypeText(leaf)), std::string(parquet::ToString(meta.codec)),
                      encodings, meta.num_values, meta.total_compressed_size, meta.total_uncompressed_size,
                      null_count, min, max});
    }
  }
  return builder.Build();
}

Batch Transpose(const Batch& one_row) {
  BatchBuilder builder({Column("property", DataType::String()), Column("value", DataType::String())});
  for (size_t c = 0; c < one_row.num_columns(); ++c) {
    std::string value;
    if (one_row.num_rows() > 0) AppendSparkText(one_row.column(c), 0, &value);
    builder.AddRow({one_row.schema()[c].name, value});
  }
  return builder.Build();
}

}  // namespace tarn::cli
