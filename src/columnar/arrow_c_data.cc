#include "columnar/arrow_c_data.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "columnar/bitmap.h"
#include "columnar/buffer.h"
#include "columnar/string_view.h"
#include "common/check.h"
#include "common/error.h"
#include "types/decimal.h"

namespace tarn {
namespace {

// Deeper schemas are rejected on import (stack safety on hostile input).
constexpr int kMaxNestingDepth = 64;

// What a zero-byte buffer points at, so consumers that dislike null data
// pointers never see one (validity bitmaps without nulls stay null).
alignas(64) constexpr uint8_t kEmptyBuffer[64] = {};

const void* OrEmpty(const void* pointer) { return pointer != nullptr ? pointer : kEmptyBuffer; }

int64_t NullableFlag(bool nullable) { return nullable ? ARROW_FLAG_NULLABLE : 0; }

/// The format string ExportVector writes for `type`.
std::string FormatOf(const DataType& type, bool large_strings) {
  switch (type.id()) {
    case TypeId::kNull: return "n";
    case TypeId::kBoolean: return "b";
    case TypeId::kByte: return "c";
    case TypeId::kShort: return "s";
    case TypeId::kInt: return "i";
    case TypeId::kLong: return "l";
    case TypeId::kFloat: return "f";
    case TypeId::kDouble: return "g";
    case TypeId::kDecimal:
      return "d:" + std::to_string(type.precision()) + "," + std::to_string(type.scale());
    case TypeId::kString: return large_strings ? "U" : "u";
    case TypeId::kBinary: return large_strings ? "Z" : "z";
    case TypeId::kDate: return "tdD";
    case TypeId::kTimestamp: return "tsu:UTC";
    case TypeId::kTimestampNtz: return "tsu:";
    case TypeId::kTime: return "ttu";
    case TypeId::kYearMonthInterval: return "tiM";
    case TypeId::kDayTimeInterval: return "tDu";
    case TypeId::kCalendarInterval: return "tin";
    case TypeId::kArray: return "+l";
    case TypeId::kMap: return "+m";
    case TypeId::kStruct: return "+s";
  }
  TARN_UNREACHABLE();
}

// ============================================================================
// Schema export
// ============================================================================

/// One ArrowSchema node before it is handed out.
struct SchemaSpec {
  std::string format;
  std::string name;
  int64_t flags = 0;
  std::vector<SchemaSpec> children;
};

SchemaSpec EntriesSpec(SchemaSpec key, SchemaSpec value) {
  SchemaSpec entries{"+s", "entries", 0, {}};
  entries.children.push_back(std::move(key));
  entries.children.push_back(std::move(value));
  return entries;
}

/// The canonical (int32-offset) schema of a field.
SchemaSpec SpecOf(const std::string& name, const DataType& type, bool nullable) {
  SchemaSpec spec{FormatOf(type, false), name, NullableFlag(nullable), {}};
  switch (type.id()) {
    case TypeId::kArray:
      spec.children.push_back(SpecOf("element", type.element_type(), type.contains_null()));
      break;
    case TypeId::kMap:
      spec.children.push_back(EntriesSpec(SpecOf("key", type.key_type(), false),
                                          SpecOf("value", type.value_type(), type.value_contains_null())));
      break;
    case TypeId::kStruct:
      for (const Field& field : type.fields()) spec.children.push_back(SpecOf(field.name, field.type, field.nullable));
      break;
    default: break;
  }
  return spec;
}

/// What an exported ArrowSchema owns. Children are released with it.
struct SchemaPrivate {
  std::string format;
  std::string name;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;

  ~SchemaPrivate() {
    for (ArrowSchema& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
  }
};

void ReleaseSchema(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) return;
  delete static_cast<SchemaPrivate*>(schema->private_data);
  schema->private_data = nullptr;
  schema->release = nullptr;
}

void FillSchema(SchemaSpec spec, ArrowSchema* out) {
  auto data = std::make_unique<SchemaPrivate>();
  data->format = std::move(spec.format);
  data->name = std::move(spec.name);
  data->children.resize(spec.children.size());  // zeroed: release == nullptr until filled
  data->child_pointers.resize(spec.children.size());
  for (size_t i = 0; i < spec.children.size(); ++i) {
    FillSchema(std::move(spec.children[i]), &data->children[i]);
    data->child_pointers[i] = &data->children[i];
  }
  *out = ArrowSchema{};
  out->format = data->format.c_str();
  out->name = data->name.c_str();
  out->metadata = nullptr;
  out->flags = spec.flags;
  out->n_children = static_cast<int64_t>(data->children.size());
  out->children = data->child_pointers.empty() ? nullptr : data->child_pointers.data();
  out->dictionary = nullptr;
  out->release = ReleaseSchema;
  out->private_data = data.release();
}

// ============================================================================
// Array export
// ============================================================================

/// What an exported ArrowArray owns: the source vector (whose buffers it
/// shares), buffers built for the export, and its children.
struct ArrayPrivate {
  VectorPtr source;
  std::vector<Buffer> owned;
  std::vector<const void*> buffers;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;

  ~ArrayPrivate() {
    for (ArrowArray& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
  }

  /// Keeps `buffer` and returns its (never null) data pointer.
  const void* Own(Buffer buffer) {
    owned.push_back(std::move(buffer));
    return OrEmpty(owned.back().data());
  }
  /// Zeroed child slots, filled in place by the exporter.
  void AllocateChildren(size_t n) {
    children.resize(n);
    child_pointers.resize(n);
    for (size_t i = 0; i < n; ++i) child_pointers[i] = &children[i];
  }
};

void ReleaseArray(ArrowArray* array) {
  if (array == nullptr || array->release == nullptr) return;
  delete static_cast<ArrayPrivate*>(array->private_data);
  array->private_data = nullptr;
  array->release = nullptr;
}

void FillArray(int64_t length, int64_t null_count, std::unique_ptr<ArrayPrivate> data, ArrowArray* out) {
  *out = ArrowArray{};
  out->length = length;
  out->null_count = null_count;
  out->offset = 0;
  out->n_buffers = static_cast<int64_t>(data->buffers.size());
  out->n_children = static_cast<int64_t>(data->children.size());
  out->buffers = data->buffers.data();
  out->children = data->child_pointers.empty() ? nullptr : data->child_pointers.data();
  out->dictionary = nullptr;
  out->release = ReleaseArray;
  out->private_data = data.release();
}

Buffer PackBooleans(const Vector& vector, size_t length) {
  Buffer bits(bitmap::BytesFor(length));
  const uint8_t* bytes = vector.values<uint8_t>();
  for (size_t i = 0; i < length; ++i) {
    if (bytes[i] != 0) bitmap::Set(bits.data(), i);
  }
  return bits;
}

Buffer WidenDecimals(const Vector& vector, size_t length) {
  Buffer wide(length * sizeof(int128_t));
  const int64_t* narrow = vector.values<int64_t>();
  for (size_t i = 0; i < length; ++i) {
    int128_t value = narrow[i];
    std::memcpy(wide.data() + i * sizeof(int128_t), &value, sizeof(value));
  }
  return wide;
}

/// Arrow's month_day_nano layout matches IntervalValue except for the unit.
Buffer IntervalsToMonthDayNano(const Vector& vector, size_t length) {
  Buffer out(length * sizeof(IntervalValue));
  const IntervalValue* values = vector.values<IntervalValue>();
  auto* nano = out.as<IntervalValue>();
  for (size_t i = 0; i < length; ++i) {
    if (vector.IsNull(i)) continue;  // stays zero
    nano[i] = values[i];
    if (__builtin_mul_overflow(values[i].micros, int64_t{1000}, &nano[i].micros)) {
      ThrowError(ErrorClass::kCastOverflow, {{"value", std::to_string(values[i].micros) + " microseconds"},
                                             {"sourceType", "INTERVAL"},
                                             {"targetType", "Arrow interval[month_day_nano]"}});
    }
  }
  return out;
}

template <typename Offset>
void ExportStrings(const Vector& vector, size_t length, size_t total_bytes, ArrayPrivate& data,
                   const void* validity) {
  Buffer offsets((length + 1) * sizeof(Offset));
  Buffer bytes;
  bytes.Reserve(total_bytes);
  auto* out = offsets.as<Offset>();
  const StringView* views = vector.values<StringView>();
  for (size_t i = 0; i < length; ++i) {
    if (!vector.IsNull(i)) bytes.Append(views[i].data(), views[i].size());
    out[i + 1] = static_cast<Offset>(bytes.size());
  }
  data.buffers = {validity, nullptr, nullptr};
  data.buffers[1] = data.Own(std::move(offsets));
  data.buffers[2] = data.Own(std::move(bytes));
}

class ArrayExporter {
 public:
  explicit ArrayExporter(const ArrowExportOptions& options)
      : max_small_bytes_(std::clamp<int64_t>(options.max_int32_offset_bytes, 0,
                                             std::numeric_limits<int32_t>::max())) {}

  /// Exports rows [0, length) of `vector` into `out` and returns the schema of
  /// what it wrote, named and flagged as given.
  SchemaSpec Export(VectorPtr vector, size_t length, const std::string& name, bool nullable, ArrowArray* out) {
    vector = Vector::Flatten(vector);
    // Struct children are row-aligned with their struct (Vector keeps them so).
    TARN_CHECK_GE(vector->size(), length);
    const Vector& v = *vector;
    const DataType& type = v.type();
    auto data = std::make_unique<ArrayPrivate>();
    data->source = vector;
    SchemaSpec spec{FormatOf(type, false), name, NullableFlag(nullable), {}};

    int64_t null_count = 0;
    const void* validity = nullptr;
    if (type.id() == TypeId::kNull) {
      null_count = static_cast<int64_t>(length);
    } else if (v.validity() != nullptr && length > 0) {
      null_count = static_cast<int64_t>(length - bitmap::CountSet(v.validity(), length));
      if (null_count > 0) validity = v.validity();
    }

    switch (type.physical_type()) {
      case PhysicalType::kNone:
        data->buffers.reserve(1);  // no buffers, but a non-null `buffers` array
        break;
      case PhysicalType::kBool:
        data->buffers = {validity, nullptr};
        data->buffers[1] = data->Own(PackBooleans(v, length));
        break;
      case PhysicalType::kInt64:
        if (type.id() == TypeId::kDecimal) {
          data->buffers = {validity, nullptr};
          data->buffers[1] = data->Own(WidenDecimals(v, length));
          break;
        }
        [[fallthrough]];
      case PhysicalType::kInt8:
      case PhysicalType::kInt16:
      case PhysicalType::kInt32:
      case PhysicalType::kInt128:
      case PhysicalType::kFloat:
      case PhysicalType::kDouble:
        data->buffers = {validity, OrEmpty(v.values<uint8_t>())};
        break;
      case PhysicalType::kInterval:
        data->buffers = {validity, nullptr};
        data->buffers[1] = data->Own(IntervalsToMonthDayNano(v, length));
        break;
      case PhysicalType::kString: {
        size_t total = 0;
        const StringView* views = v.values<StringView>();
        for (size_t i = 0; i < length; ++i) {
          if (!v.IsNull(i)) total += views[i].size();
        }
        if (total > static_cast<size_t>(max_small_bytes_)) {
          ExportStrings<int64_t>(v, length, total, *data, validity);
          spec.format = FormatOf(type, true);
        } else {
          ExportStrings<int32_t>(v, length, total, *data, validity);
        }
        break;
      }
      case PhysicalType::kList: {
        size_t child_length = ChildLength(v, length);
        data->buffers = {validity, v.offsets()};
        data->AllocateChildren(1);
        spec.children.push_back(Export(v.child_ptr(0), child_length, "element", type.contains_null(),
                                       &data->children[0]));
        break;
      }
      case PhysicalType::kMap: {
        size_t entry_count = ChildLength(v, length);
        data->buffers = {validity, v.offsets()};
        data->AllocateChildren(1);
        spec.children.push_back(ExportEntries(v, entry_count, &data->children[0]));
        break;
      }
      case PhysicalType::kStruct: {
        data->buffers = {validity};
        const auto& fields = type.fields();
        data->AllocateChildren(fields.size());
        for (size_t i = 0; i < fields.size(); ++i) {
          spec.children.push_back(
              Export(v.child_ptr(i), length, fields[i].name, fields[i].nullable, &data->children[i]));
        }
        break;
      }
    }
    FillArray(static_cast<int64_t>(length), null_count, std::move(data), out);
    return spec;
  }

  /// A batch: a struct array without validity, one child per column.
  SchemaSpec ExportColumns(const Batch& batch, ArrowArray* out) {
    auto data = std::make_unique<ArrayPrivate>();
    data->buffers = {nullptr};
    data->AllocateChildren(batch.num_columns());
    SchemaSpec spec{"+s", "", 0, {}};
    for (size_t i = 0; i < batch.num_columns(); ++i) {
      const Field& field = batch.schema()[i];
      spec.children.push_back(
          Export(batch.column_ptr(i), batch.num_rows(), field.name, field.nullable, &data->children[i]));
    }
    FillArray(static_cast<int64_t>(batch.num_rows()), 0, std::move(data), out);
    return spec;
  }

 private:
  /// Rows of a list/map's children that its first `length` rows reach.
  static size_t ChildLength(const Vector& v, size_t length) {
    const int32_t* offsets = v.offsets();
    TARN_CHECK_GE(offsets[0], 0);
    TARN_CHECK_LE(static_cast<size_t>(offsets[length]), v.child(0).size());
    return static_cast<size_t>(offsets[length]);
  }

  /// The "entries" struct of a map: keys and values side by side, no nulls.
  SchemaSpec ExportEntries(const Vector& map, size_t entry_count, ArrowArray* out) {
    const DataType& type = map.type();
    auto data = std::make_unique<ArrayPrivate>();
    data->buffers = {nullptr};
    data->AllocateChildren(2);
    SchemaSpec key = Export(map.child_ptr(0), entry_count, "key", false, &data->children[0]);
    SchemaSpec value =
        Export(map.child_ptr(1), entry_count, "value", type.value_contains_null(), &data->children[1]);
    FillArray(static_cast<int64_t>(entry_count), 0, std::move(data), out);
    return EntriesSpec(std::move(key), std::move(value));
  }

  int64_t max_small_bytes_;
};

// ============================================================================
// Import: schema
// ============================================================================

[[noreturn]] void Malformed(const std::string& what, const std::string& message) {
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", what}, {"function", "Arrow C Data import"}, {"message", message}});
}

[[noreturn]] void Unsupported(const std::string& format, const std::string& why) {
  ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", "Arrow format \"" + format + "\" (" + why + ")"}});
}

/// Calls the release callback of an imported struct when the import ends.
template <typename T>
class ReleaseOnExit {
 public:
  explicit ReleaseOnExit(T* structure) : structure_(structure) {}
  ~ReleaseOnExit() {
    if (structure_ != nullptr && structure_->release != nullptr) structure_->release(structure_);
  }
  ReleaseOnExit(const ReleaseOnExit&) = delete;
  ReleaseOnExit& operator=(const ReleaseOnExit&) = delete;

 private:
  T* structure_;
};

/// A parsed ArrowSchema node: the Arrow format and the tarn type it imports to.
struct ArrowType {
  std::string format;  ///< for dictionary-encoded nodes: the index format
  std::string name;
  bool nullable = true;
  DataType type;
  int decimal_bit_width = 128;
  std::vector<ArrowType> children;
  std::vector<ArrowType> dictionary;  ///< the value type, when dictionary-encoded
};

std::string Describe(const ArrowType& node) {
  return "field \"" + node.name + "\" (format \"" + node.format + "\")";
}

bool ParseInt(std::string_view text, int& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

/// "d:p,s" or "d:p,s,bitwidth".
void ParseDecimal(ArrowType& node) {
  std::string_view rest = std::string_view(node.format).substr(2);
  std::vector<std::string_view> parts;
  for (size_t comma; (comma = rest.find(',')) != std::string_view::npos; rest.remove_prefix(comma + 1)) {
    parts.push_back(rest.substr(0, comma));
  }
  parts.push_back(rest);
  int precision = 0, scale = 0, bit_width = 128;
  if (parts.size() < 2 || parts.size() > 3 || !ParseInt(parts[0], precision) || !ParseInt(parts[1], scale) ||
      (parts.size() == 3 && !ParseInt(parts[2], bit_width))) {
    Malformed("ArrowSchema", "malformed decimal format \"" + node.format + "\"");
  }
  if (bit_width != 32 && bit_width != 64 && bit_width != 128 && bit_width != 256) {
    Unsupported(node.format, "decimal bit width " + std::to_string(bit_width));
  }
  if (precision < 1 || precision > kMaxDecimalPrecision) {
    Unsupported(node.format, "decimal precision must be 1..38");
  }
  if (scale < 0 || scale > precision) Unsupported(node.format, "decimal scale must be 0..precision");
  node.type = DataType::Decimal(precision, scale);
  node.decimal_bit_width = bit_width;
}

void ExpectChildren(const ArrowType& node, size_t count) {
  if (node.children.size() != count) {
    Malformed("ArrowSchema", Describe(node) + " has " + std::to_string(node.children.size()) +
                                 " children, expected " + std::to_string(count));
  }
}

/// Sets node.type from its format (and, for nested types, its parsed children).
void ResolveType(ArrowType& node) {
  const std::string& f = node.format;
  if (f.empty()) Malformed("ArrowSchema", "empty format string");
  if (f[0] == '+') {
    if (f == "+l" || f == "+L") {
      ExpectChildren(node, 1);
      node.type = DataType::Array(node.children[0].type, node.children[0].nullable);
    } else if (f == "+s") {
      std::vector<Field> fields;
      for (const ArrowType& child : node.children) fields.push_back(Field{child.name, child.type, child.nullable, ""});
      node.type = DataType::Struct(std::move(fields));
    } else if (f == "+m") {
      ExpectChildren(node, 1);
      const ArrowType& entries = node.children[0];
      if (entries.format != "+s" || !entries.dictionary.empty() || entries.children.size() != 2) {
        Malformed("ArrowSchema", "map child must be a struct<key, value>");
      }
      node.type = DataType::Map(entries.children[0].type, entries.children[1].type, entries.children[1].nullable);
    } else {
      const char* what = f.starts_with("+w:")    ? "fixed-size list"
                         : f.starts_with("+v")   ? "list view"
                         : f.starts_with("+u")   ? "union"
                         : f == "+r"             ? "run-end encoded"
                                                 : "unknown nested type";
      Unsupported(f, what);
    }
    return;
  }
  ExpectChildren(node, 0);
  if (f.size() == 1) {
    switch (f[0]) {
      case 'n': node.type = DataType::Null(); return;
      case 'b': node.type = DataType::Boolean(); return;
      case 'c': node.type = DataType::Byte(); return;
      case 's': node.type = DataType::Short(); return;
      case 'i': node.type = DataType::Int(); return;
      case 'l': node.type = DataType::Long(); return;
      case 'f': node.type = DataType::Float(); return;
      case 'g': node.type = DataType::Double(); return;
      case 'u':
      case 'U': node.type = DataType::String(); return;
      case 'z':
      case 'Z': node.type = DataType::Binary(); return;
      case 'C':
      case 'S':
      case 'I':
      case 'L': Unsupported(f, "unsigned integer");
      case 'e': Unsupported(f, "float16");
      default: Unsupported(f, "unknown format");
    }
  }
  if (f == "vu") {
    node.type = DataType::String();
  } else if (f == "vz") {
    node.type = DataType::Binary();
  } else if (f.starts_with("d:")) {
    ParseDecimal(node);
  } else if (f == "tdD" || f == "tdm") {
    node.type = DataType::Date();
  } else if (f == "tts" || f == "ttm" || f == "ttu" || f == "ttn") {
    node.type = DataType::Time();
  } else if (f.size() >= 4 && f.starts_with("ts") && f[3] == ':' &&
             std::string_view("smun").find(f[2]) != std::string_view::npos) {
    // A zone (any zone: Arrow values are UTC instants) makes it Spark's TIMESTAMP.
    node.type = f.size() > 4 ? DataType::Timestamp() : DataType::TimestampNtz();
  } else if (f == "tDs" || f == "tDm" || f == "tDu" || f == "tDn") {
    node.type = DataType::DayTimeInterval();
  } else if (f == "tiM") {
    node.type = DataType::YearMonthInterval();
  } else if (f == "tiD" || f == "tin") {
    node.type = DataType::CalendarInterval();
  } else if (f.starts_with("w:")) {
    Unsupported(f, "fixed-size binary");
  } else {
    Unsupported(f, "unknown format");
  }
}

ArrowType ParseSchema(const ArrowSchema* schema, int depth) {
  if (depth > kMaxNestingDepth) Malformed("ArrowSchema", "nested deeper than 64 levels");
  if (schema == nullptr) Malformed("ArrowSchema", "missing schema");
  if (schema->release == nullptr) Malformed("ArrowSchema", "the schema was already released");
  if (schema->format == nullptr) Malformed("ArrowSchema", "missing format string");
  if (schema->n_children < 0 || (schema->n_children > 0 && schema->children == nullptr)) {
    Malformed("ArrowSchema", "invalid children");
  }
  ArrowType node;
  node.format = schema->format;
  node.name = schema->name != nullptr ? schema->name : "";
  node.nullable = (schema->flags & ARROW_FLAG_NULLABLE) != 0;
  for (int64_t i = 0; i < schema->n_children; ++i) node.children.push_back(ParseSchema(schema->children[i], depth + 1));
  if (schema->dictionary != nullptr) {
    const std::string& f = node.format;
    if (f.size() != 1 || std::string_view("csilCSIL").find(f[0]) == std::string_view::npos) {
      Malformed("ArrowSchema", Describe(node) + ": dictionary indices must be integers");
    }
    if (!node.children.empty()) Malformed("ArrowSchema", Describe(node) + ": dictionary indices have children");
    node.dictionary.push_back(ParseSchema(schema->dictionary, depth + 1));
    node.type = node.dictionary[0].type;
    return node;
  }
  ResolveType(node);
  return node;
}

/// The node ExportVector's layout has for `type` (exact tarn types kept).
ArrowType CanonicalArrowType(const DataType& type, bool nullable, std::string name) {
  ArrowType node;
  node.format = FormatOf(type, false);
  node.name = std::move(name);
  node.nullable = nullable;
  node.type = type;
  switch (type.id()) {
    case TypeId::kArray:
      node.children.push_back(CanonicalArrowType(type.element_type(), type.contains_null(), "element"));
      break;
    case TypeId::kMap: {
      ArrowType entries;
      entries.format = "+s";
      entries.name = "entries";
      entries.nullable = false;
      entries.children.push_back(CanonicalArrowType(type.key_type(), false, "key"));
      entries.children.push_back(CanonicalArrowType(type.value_type(), type.value_contains_null(), "value"));
      entries.type = DataType::Struct({Field{"key", type.key_type(), false, ""},
                                       Field{"value", type.value_type(), type.value_contains_null(), ""}});
      node.children.push_back(std::move(entries));
      break;
    }
    case TypeId::kStruct:
      for (const Field& field : type.fields()) {
        node.children.push_back(CanonicalArrowType(field.type, field.nullable, field.name));
      }
      break;
    default: break;
  }
  return node;
}

// ============================================================================
// Import: arrays
// ============================================================================

template <typename T>
T Load(const void* base, int64_t index) {
  T value;
  std::memcpy(&value, static_cast<const uint8_t*>(base) + index * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return value;
}

int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if (value % divisor != 0 && (value < 0) != (divisor < 0)) --quotient;
  return quotient;
}

class ArrayImporter {
 public:
  /// Rows [begin, begin + length) of `array` (before its own offset) as a new flat vector.
  VectorPtr Import(const ArrowArray* array, const ArrowType& node, int64_t begin, int64_t length, int depth) {
    if (depth > kMaxNestingDepth) Malformed("ArrowArray", "nested deeper than 64 levels");
    if (!node.dictionary.empty()) return ImportDictionary(array, node, begin, length, depth);
    const std::string& f = node.format;
    switch (node.type.id()) {
      case TypeId::kNull: return ImportNull(array, node, begin, length);
      case TypeId::kBoolean: return ImportBooleans(array, node, begin, length);
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kLong:
      case TypeId::kFloat:
      case TypeId::kDouble:
      case TypeId::kYearMonthInterval: return ImportSameLayout(array, node, begin, length);
      case TypeId::kDecimal: return ImportDecimals(array, node, begin, length);
      case TypeId::kString:
      case TypeId::kBinary:
        if (f[0] == 'v') return ImportStringViews(array, node, begin, length);
        if (f[0] == 'U' || f[0] == 'Z') return ImportStrings<int64_t>(array, node, begin, length);
        return ImportStrings<int32_t>(array, node, begin, length);
      case TypeId::kDate:
        if (f == "tdm") {
          return ImportEach<int32_t>(array, node, begin, length, [&](const void* values, int64_t i) {
            int64_t days = FloorDiv(Load<int64_t>(values, i), 86400000);
            if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) {
              Overflow(node, std::to_string(Load<int64_t>(values, i)));
            }
            return static_cast<int32_t>(days);
          });
        }
        return ImportSameLayout(array, node, begin, length);
      case TypeId::kTimestamp:
      case TypeId::kTimestampNtz:
      case TypeId::kDayTimeInterval: {
        bool floor = node.type.id() != TypeId::kDayTimeInterval;  // instants round down
        switch (f[2]) {
          case 's': return ImportScaled(array, node, begin, length, 1000000);
          case 'm': return ImportScaled(array, node, begin, length, 1000);
          case 'n':
            return ImportEach<int64_t>(array, node, begin, length, [&](const void* values, int64_t i) {
              int64_t nanos = Load<int64_t>(values, i);
              return floor ? FloorDiv(nanos, 1000) : nanos / 1000;
            });
          default: return ImportSameLayout(array, node, begin, length);
        }
      }
      case TypeId::kTime:
        switch (f[2]) {
          case 's':
            return ImportEach<int64_t>(array, node, begin, length, [](const void* values, int64_t i) {
              return int64_t{Load<int32_t>(values, i)} * 1000000;
            });
          case 'm':
            return ImportEach<int64_t>(array, node, begin, length, [](const void* values, int64_t i) {
              return int64_t{Load<int32_t>(values, i)} * 1000;
            });
          case 'n':
            return ImportEach<int64_t>(array, node, begin, length, [](const void* values, int64_t i) {
              return Load<int64_t>(values, i) / 1000;
            });
          default: return ImportSameLayout(array, node, begin, length);
        }
      case TypeId::kCalendarInterval:
        if (f == "tiD") {
          // days_time: {int32 days, int32 milliseconds}
          return ImportEach<IntervalValue>(array, node, begin, length, [](const void* values, int64_t i) {
            int32_t days = Load<int32_t>(values, 2 * i);
            int32_t millis = Load<int32_t>(values, 2 * i + 1);
            return IntervalValue{0, days, int64_t{millis} * 1000};
          });
        }
        // month_day_nano: {int32 months, int32 days, int64 nanoseconds}
        return ImportEach<IntervalValue>(array, node, begin, length, [](const void* values, int64_t i) {
          IntervalValue value = Load<IntervalValue>(values, i);
          value.micros /= 1000;
          return value;
        });
      case TypeId::kArray:
        if (f == "+L") return ImportList<int64_t>(array, node, begin, length, depth);
        return ImportList<int32_t>(array, node, begin, length, depth);
      case TypeId::kMap: return ImportMap(array, node, begin, length, depth);
      case TypeId::kStruct: return ImportStruct(array, node, begin, length, depth);
    }
    TARN_UNREACHABLE();
  }

 private:
  /// Structural checks every node passes; `n_buffers` < 0 means "any".
  static void Check(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length, int64_t n_buffers,
                    int64_t n_children) {
    if (a == nullptr) Malformed("ArrowArray", Describe(node) + ": missing array");
    if (a->release == nullptr) Malformed("ArrowArray", Describe(node) + ": the array was already released");
    if (a->length < 0 || a->offset < 0 || a->offset > std::numeric_limits<int64_t>::max() - a->length) {
      Malformed("ArrowArray", Describe(node) + ": negative or overflowing length/offset");
    }
    if (a->null_count < -1) Malformed("ArrowArray", Describe(node) + ": null_count below -1");
    if (begin < 0 || length < 0 || begin > a->length - length) {
      Malformed("ArrowArray", Describe(node) + ": has " + std::to_string(a->length) + " rows, rows up to " +
                                  std::to_string(begin + length) + " are referenced");
    }
    if (n_buffers >= 0 && a->n_buffers != n_buffers) {
      Malformed("ArrowArray", Describe(node) + ": has " + std::to_string(a->n_buffers) + " buffers, expected " +
                                  std::to_string(n_buffers));
    }
    if (a->n_buffers < 0 || (a->n_buffers > 0 && a->buffers == nullptr)) {
      Malformed("ArrowArray", Describe(node) + ": invalid buffers");
    }
    if (a->n_children != n_children) {
      Malformed("ArrowArray", Describe(node) + ": has " + std::to_string(a->n_children) + " children, expected " +
                                  std::to_string(n_children));
    }
    if (n_children > 0 && a->children == nullptr) Malformed("ArrowArray", Describe(node) + ": missing children");
  }

  /// The validity bitmap, or nullptr when every row is valid.
  static const uint8_t* Validity(const ArrowArray* a, const ArrowType& node) {
    if (a->null_count == 0) return nullptr;
    const auto* bits = static_cast<const uint8_t*>(a->buffers[0]);
    if (bits == nullptr && a->null_count > 0) {
      Malformed("ArrowArray", Describe(node) + ": null_count > 0 without a validity bitmap");
    }
    return bits;
  }

  /// Buffer `i`, which must exist when `needed` (some bytes of it are read).
  static const void* Data(const ArrowArray* a, const ArrowType& node, int64_t i, bool needed) {
    const void* buffer = a->buffers[i];
    if (buffer == nullptr && needed) {
      Malformed("ArrowArray", Describe(node) + ": buffer " + std::to_string(i) + " is null");
    }
    return buffer;
  }

  static void CopyValidity(const uint8_t* bits, int64_t start, int64_t length, Vector& out) {
    if (bits == nullptr || length == 0) return;
    uint8_t* validity = out.mutable_validity();
    if (start % 8 == 0) {
      // Bits past `length` in the last byte are never read (Resize resets them).
      std::memcpy(validity, bits + start / 8, bitmap::BytesFor(static_cast<size_t>(length)));
      return;
    }
    for (int64_t i = 0; i < length; ++i) {
      bitmap::SetTo(validity, static_cast<size_t>(i), bitmap::Get(bits, static_cast<size_t>(start + i)));
    }
  }

  [[noreturn]] static void Overflow(const ArrowType& node, const std::string& value) {
    ThrowError(ErrorClass::kCastOverflow,
               {{"value", value}, {"sourceType", "Arrow \"" + node.format + "\""}, {"targetType", node.type.ToSql()}});
  }

  static VectorPtr ImportNull(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length) {
    Check(a, node, begin, length, -1, 0);
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    if (length > 0) bitmap::SetRange(out->mutable_validity(), 0, static_cast<size_t>(length), false);
    return out;
  }

  static VectorPtr ImportBooleans(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length) {
    Check(a, node, begin, length, 2, 0);
    int64_t start = a->offset + begin;
    const auto* bits = static_cast<const uint8_t*>(Data(a, node, 1, length > 0));
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    uint8_t* bytes = out->values<uint8_t>();
    for (int64_t i = 0; i < length; ++i) bytes[i] = bitmap::Get(bits, static_cast<size_t>(start + i)) ? 1 : 0;
    CopyValidity(Validity(a, node), start, length, *out);
    return out;
  }

  /// Fixed-width values laid out exactly as tarn stores them.
  static VectorPtr ImportSameLayout(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length) {
    Check(a, node, begin, length, 2, 0);
    int64_t start = a->offset + begin;
    int64_t width = node.type.fixed_width();
    const auto* values = static_cast<const uint8_t*>(Data(a, node, 1, length > 0));
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    if (length > 0) std::memcpy(out->values<uint8_t>(), values + start * width, static_cast<size_t>(length * width));
    CopyValidity(Validity(a, node), start, length, *out);
    return out;
  }

  /// Fixed-width values converted one by one (null slots are not converted).
  template <typename To, typename Convert>
  static VectorPtr ImportEach(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length,
                              Convert convert) {
    Check(a, node, begin, length, 2, 0);
    int64_t start = a->offset + begin;
    const void* values = Data(a, node, 1, length > 0);
    const uint8_t* validity = Validity(a, node);
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    To* dst = out->values<To>();
    for (int64_t i = 0; i < length; ++i) {
      if (validity != nullptr && !bitmap::Get(validity, static_cast<size_t>(start + i))) {
        out->SetNull(static_cast<size_t>(i));
        continue;
      }
      dst[i] = convert(values, start + i);
    }
    return out;
  }

  static VectorPtr ImportScaled(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length,
                                int64_t factor) {
    return ImportEach<int64_t>(a, node, begin, length, [&](const void* values, int64_t i) {
      int64_t value = Load<int64_t>(values, i), scaled;
      if (__builtin_mul_overflow(value, factor, &scaled)) Overflow(node, std::to_string(value));
      return scaled;
    });
  }

  static VectorPtr ImportDecimals(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length) {
    auto load = [&](const void* values, int64_t i) -> int128_t {
      switch (node.decimal_bit_width) {
        case 32: return Load<int32_t>(values, i);
        case 64: return Load<int64_t>(values, i);
        case 128: return Load<int128_t>(values, i);
        default: {  // 256: the value must fit the low 128 bits
          int128_t low = Load<int128_t>(values, 2 * i);
          int128_t high = Load<int128_t>(values, 2 * i + 1);
          if (high != (low < 0 ? -1 : 0)) Overflow(node, "a 256-bit value");
          return low;
        }
      }
    };
    if (node.type.precision() > kMaxInt64DecimalPrecision) {
      return ImportEach<int128_t>(a, node, begin, length, load);
    }
    return ImportEach<int64_t>(a, node, begin, length, [&](const void* values, int64_t i) {
      int128_t value = load(values, i);
      if (value < std::numeric_limits<int64_t>::min() || value > std::numeric_limits<int64_t>::max()) {
        Overflow(node, Int128ToString(value));
      }
      return static_cast<int64_t>(value);
    });
  }

  static void CheckStringSize(const ArrowType& node, int64_t size) {
    if (size > static_cast<int64_t>(std::numeric_limits<uint32_t>::max())) {
      Unsupported(node.format, "a value longer than 4 GiB");
    }
  }

  template <typename Offset>
  static VectorPtr ImportStrings(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length) {
    Check(a, node, begin, length, 3, 0);
    int64_t start = a->offset + begin;
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    if (length == 0) return out;
    const void* offsets = Data(a, node, 1, true);
    int64_t first = Load<Offset>(offsets, start);
    if (first < 0) Malformed("ArrowArray", Describe(node) + ": negative offset");
    int64_t previous = first;
    for (int64_t i = 1; i <= length; ++i) {
      int64_t next = Load<Offset>(offsets, start + i);
      if (next < previous) Malformed("ArrowArray", Describe(node) + ": offsets decrease at row " + std::to_string(i));
      previous = next;
    }
    const auto* bytes = static_cast<const char*>(Data(a, node, 2, previous > first));
    const uint8_t* validity = Validity(a, node);
    for (int64_t i = 0; i < length; ++i) {
      if (validity != nullptr && !bitmap::Get(validity, static_cast<size_t>(start + i))) {
        out->SetNull(static_cast<size_t>(i));
        continue;
      }
      int64_t from = Load<Offset>(offsets, start + i);
      int64_t size = Load<Offset>(offsets, start + i + 1) - from;
      CheckStringSize(node, size);
      out->SetString(static_cast<size_t>(i), std::string_view(size > 0 ? bytes + from : "", static_cast<size_t>(size)));
    }
    return out;
  }

  /// "vu"/"vz": 16-byte views {int32 size, 12 inline bytes | 4-byte prefix,
  /// int32 buffer index, int32 offset}, then the variadic data buffers and a
  /// last buffer with their int64 sizes.
  static VectorPtr ImportStringViews(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length) {
    Check(a, node, begin, length, -1, 0);
    if (a->n_buffers < 3) Malformed("ArrowArray", Describe(node) + ": a view array needs at least 3 buffers");
    int64_t start = a->offset + begin;
    int64_t variadic = a->n_buffers - 3;
    const void* sizes = Data(a, node, a->n_buffers - 1, variadic > 0);
    const auto* views = static_cast<const uint8_t*>(Data(a, node, 1, length > 0));
    const uint8_t* validity = Validity(a, node);
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    for (int64_t i = 0; i < length; ++i) {
      if (validity != nullptr && !bitmap::Get(validity, static_cast<size_t>(start + i))) {
        out->SetNull(static_cast<size_t>(i));
        continue;
      }
      const uint8_t* view = views + (start + i) * 16;
      int32_t size = Load<int32_t>(view, 0);
      if (size < 0) Malformed("ArrowArray", Describe(node) + ": negative view size at row " + std::to_string(i));
      const char* data;
      if (size <= static_cast<int32_t>(StringView::kInlineSize)) {
        data = reinterpret_cast<const char*>(view + 4);
      } else {
        int32_t index = Load<int32_t>(view + 8, 0);
        int32_t offset = Load<int32_t>(view + 12, 0);
        if (index < 0 || index >= variadic || offset < 0 ||
            int64_t{offset} + size > Load<int64_t>(sizes, index)) {
          Malformed("ArrowArray", Describe(node) + ": view at row " + std::to_string(i) +
                                      " points outside its data buffers");
        }
        data = static_cast<const char*>(Data(a, node, 2 + index, true)) + offset;
      }
      out->SetString(static_cast<size_t>(i), std::string_view(data, static_cast<size_t>(size)));
    }
    return out;
  }

  /// Reads offsets [start, start + length], checks they never decrease and
  /// returns them rebased to 0 (tarn offsets are int32).
  template <typename Offset>
  static std::vector<int32_t> ReadOffsets(const ArrowArray* a, const ArrowType& node, int64_t start, int64_t length,
                                          int64_t& first) {
    std::vector<int32_t> rebased(static_cast<size_t>(length) + 1, 0);
    first = 0;
    if (length == 0) return rebased;
    const void* offsets = Data(a, node, 1, true);
    first = Load<Offset>(offsets, start);
    if (first < 0) Malformed("ArrowArray", Describe(node) + ": negative offset");
    int64_t previous = first;
    for (int64_t i = 1; i <= length; ++i) {
      int64_t next = Load<Offset>(offsets, start + i);
      if (next < previous) Malformed("ArrowArray", Describe(node) + ": offsets decrease at row " + std::to_string(i));
      if (next - first > std::numeric_limits<int32_t>::max()) {
        Unsupported(node.format, "more than 2^31-1 child elements in one array");
      }
      rebased[static_cast<size_t>(i)] = static_cast<int32_t>(next - first);
      previous = next;
    }
    return rebased;
  }

  template <typename Offset>
  VectorPtr ImportList(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length, int depth) {
    Check(a, node, begin, length, 2, 1);
    int64_t start = a->offset + begin;
    int64_t first = 0;
    std::vector<int32_t> offsets = ReadOffsets<Offset>(a, node, start, length, first);
    VectorPtr elements = Import(a->children[0], node.children[0], first, offsets.back(), depth + 1);
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    out->set_child(0, std::move(elements));
    std::memcpy(out->offsets(), offsets.data(), offsets.size() * sizeof(int32_t));
    CopyValidity(Validity(a, node), start, length, *out);
    return out;
  }

  VectorPtr ImportMap(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length, int depth) {
    Check(a, node, begin, length, 2, 1);
    int64_t start = a->offset + begin;
    int64_t first = 0;
    std::vector<int32_t> offsets = ReadOffsets<int32_t>(a, node, start, length, first);
    int64_t count = offsets.back();
    const ArrowArray* entries = a->children[0];
    const ArrowType& entries_type = node.children[0];
    Check(entries, entries_type, first, count, 1, 2);
    const uint8_t* entry_validity = Validity(entries, entries_type);
    int64_t entries_start = entries->offset + first;
    for (int64_t i = 0; entry_validity != nullptr && i < count; ++i) {
      if (!bitmap::Get(entry_validity, static_cast<size_t>(entries_start + i))) {
        Malformed("ArrowArray", Describe(node) + ": null map entry");
      }
    }
    VectorPtr keys = Import(entries->children[0], entries_type.children[0], entries_start, count, depth + 2);
    if (keys->CountNulls() > 0) Malformed("ArrowArray", Describe(node) + ": null map key");
    VectorPtr values = Import(entries->children[1], entries_type.children[1], entries_start, count, depth + 2);
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    out->set_child(0, std::move(keys));
    out->set_child(1, std::move(values));
    std::memcpy(out->offsets(), offsets.data(), offsets.size() * sizeof(int32_t));
    CopyValidity(Validity(a, node), start, length, *out);
    return out;
  }

  VectorPtr ImportStruct(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length, int depth) {
    Check(a, node, begin, length, 1, static_cast<int64_t>(node.children.size()));
    int64_t start = a->offset + begin;
    VectorPtr out = Vector::Make(node.type, static_cast<size_t>(length));
    for (size_t i = 0; i < node.children.size(); ++i) {
      out->set_child(i, Import(a->children[i], node.children[i], start, length, depth + 1));
    }
    CopyValidity(Validity(a, node), start, length, *out);
    return out;
  }

  /// Dictionary-encoded arrays are materialised: row i = dictionary[index[i]].
  VectorPtr ImportDictionary(const ArrowArray* a, const ArrowType& node, int64_t begin, int64_t length, int depth) {
    Check(a, node, begin, length, 2, 0);
    if (a->dictionary == nullptr) Malformed("ArrowArray", Describe(node) + ": missing dictionary array");
    if (a->dictionary->length < 0) Malformed("ArrowArray", Describe(node) + ": negative dictionary length");
    VectorPtr dictionary = Import(a->dictionary, node.dictionary[0], 0, a->dictionary->length, depth + 1);
    int64_t start = a->offset + begin;
    const void* indices = Data(a, node, 1, length > 0);
    const uint8_t* validity = Validity(a, node);
    auto load_index = [&](int64_t i) -> int64_t {
      switch (node.format[0]) {
        case 'c': return Load<int8_t>(indices, i);
        case 'C': return Load<uint8_t>(indices, i);
        case 's': return Load<int16_t>(indices, i);
        case 'S': return Load<uint16_t>(indices, i);
        case 'i': return Load<int32_t>(indices, i);
        case 'I': return Load<uint32_t>(indices, i);
        case 'l': return Load<int64_t>(indices, i);
        default: {
          uint64_t index = Load<uint64_t>(indices, i);
          return index > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? -1 : static_cast<int64_t>(index);
        }
      }
    };
    auto out = std::make_shared<Vector>(node.type);
    out->Reserve(static_cast<size_t>(length));
    for (int64_t i = 0; i < length; ++i) {
      if (validity != nullptr && !bitmap::Get(validity, static_cast<size_t>(start + i))) {
        out->Resize(static_cast<size_t>(i) + 1);
        out->SetNull(static_cast<size_t>(i));
        continue;
      }
      int64_t index = load_index(start + i);
      if (index < 0 || index >= static_cast<int64_t>(dictionary->size())) {
        Malformed("ArrowArray", Describe(node) + ": dictionary index " + std::to_string(index) +
                                    " out of range at row " + std::to_string(i));
      }
      out->AppendFrom(*dictionary, static_cast<size_t>(index));
    }
    return out;
  }
};

VectorPtr ImportRoot(ArrowArray* array, const ArrowType& node) {
  if (array == nullptr) Malformed("ArrowArray", "missing array");
  if (array->release == nullptr) Malformed("ArrowArray", "the array was already released");
  ArrayImporter importer;
  return importer.Import(array, node, 0, array->length, 0);
}

}  // namespace

// ============================================================================
// Public API
// ============================================================================

void ExportType(const Field& field, ArrowSchema* out) {
  FillSchema(SpecOf(field.name, field.type, field.nullable), out);
}

void ExportSchema(const Schema& schema, ArrowSchema* out) {
  SchemaSpec spec{"+s", "", 0, {}};
  for (const Field& field : schema) spec.children.push_back(SpecOf(field.name, field.type, field.nullable));
  FillSchema(std::move(spec), out);
}

void ExportVector(const VectorPtr& vector, ArrowArray* out, const ArrowExportOptions& options) {
  ArrayExporter exporter(options);
  exporter.Export(vector, vector->size(), "", true, out);
}

void ExportVector(const VectorPtr& vector, const Field& field, ArrowArray* out_array, ArrowSchema* out_schema,
                  const ArrowExportOptions& options) {
  TARN_CHECK(field.type == vector->type(), "field type differs from the vector's: " + field.name);
  ArrayExporter exporter(options);
  ArrowArray array{};
  SchemaSpec spec = exporter.Export(vector, vector->size(), field.name, field.nullable, &array);
  try {
    FillSchema(std::move(spec), out_schema);
  } catch (...) {
    array.release(&array);
    throw;
  }
  *out_array = array;
}

void ExportBatch(const Batch& batch, ArrowArray* out, const ArrowExportOptions& options) {
  ArrayExporter exporter(options);
  exporter.ExportColumns(batch, out);
}

void ExportBatch(const Batch& batch, ArrowArray* out_array, ArrowSchema* out_schema,
                 const ArrowExportOptions& options) {
  ArrayExporter exporter(options);
  ArrowArray array{};
  SchemaSpec spec = exporter.ExportColumns(batch, &array);
  try {
    FillSchema(std::move(spec), out_schema);
  } catch (...) {
    array.release(&array);
    throw;
  }
  *out_array = array;
}

Field ImportField(ArrowSchema* schema) {
  ReleaseOnExit<ArrowSchema> release(schema);
  ArrowType node = ParseSchema(schema, 0);
  return Field{node.name, node.type, node.nullable, ""};
}

Schema ImportSchema(ArrowSchema* schema) {
  ReleaseOnExit<ArrowSchema> release(schema);
  ArrowType node = ParseSchema(schema, 0);
  if (node.format != "+s" || !node.dictionary.empty()) {
    Malformed("ArrowSchema", "a schema must be a struct (\"+s\"), got format \"" + node.format + "\"");
  }
  return node.type.fields();
}

VectorPtr ImportVector(ArrowArray* array, const DataType& type) {
  ReleaseOnExit<ArrowArray> release(array);
  return ImportRoot(array, CanonicalArrowType(type, true, ""));
}

VectorPtr ImportVector(ArrowArray* array, ArrowSchema* schema) {
  ReleaseOnExit<ArrowArray> release_array(array);
  ReleaseOnExit<ArrowSchema> release_schema(schema);
  return ImportRoot(array, ParseSchema(schema, 0));
}

Batch ImportBatch(ArrowArray* array, ArrowSchema* schema) {
  ReleaseOnExit<ArrowArray> release_array(array);
  ReleaseOnExit<ArrowSchema> release_schema(schema);
  ArrowType node = ParseSchema(schema, 0);
  if (node.format != "+s" || !node.dictionary.empty()) {
    Malformed("ArrowSchema", "a record batch must be a struct (\"+s\"), got format \"" + node.format + "\"");
  }
  VectorPtr rows = ImportRoot(array, node);
  std::vector<VectorPtr> columns;
  for (size_t i = 0; i < rows->num_children(); ++i) columns.push_back(rows->child_ptr(i));
  if (rows->may_have_nulls()) {
    // A null row of the struct is a row of nulls.
    for (size_t row = 0; row < rows->size(); ++row) {
      if (!rows->IsNull(row)) continue;
      for (const VectorPtr& column : columns) column->SetNull(row);
    }
  }
  return Batch(node.type.fields(), std::move(columns), rows->size());
}

}  // namespace tarn
