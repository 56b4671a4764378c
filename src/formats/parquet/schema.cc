#include "formats/parquet/schema.h"

#include "common/error.h"
#include "common/strings.h"

namespace tarn::parquet {

namespace {

constexpr int kMaxNesting = 64;

/// The schema elements as a tree (the footer stores them depth-first).
struct ElementNode {
  const SchemaElement* element;
  int index;
  std::vector<std::string> path;  ///< names from below the root, as in ColumnMetaData::path_in_schema
  std::vector<ElementNode> children;
};

[[noreturn]] void Corrupt(std::string_view path, const std::string& message) {
  ThrowError(ErrorClass::kCorruptFile, {{"path", std::string(path)}, {"message", message}});
}

ElementNode BuildTree(const std::vector<SchemaElement>& elements, size_t* next, int depth,
                      const std::vector<std::string>& parent_path, std::string_view path) {
  if (*next >= elements.size()) Corrupt(path, "the schema has fewer elements than its groups declare");
  if (depth > kMaxNesting) Corrupt(path, "the schema is nested too deeply");
  ElementNode node{&elements[*next], static_cast<int>(*next), parent_path, {}};
  if (depth > 0) node.path.push_back(node.element->name);
  ++*next;
  int32_t num_children = node.element->num_children.value_or(0);
  bool is_group = !node.element->type.has_value();
  if (num_children < 0 || static_cast<size_t>(num_children) > elements.size() - *next) {
    Corrupt(path, "schema element '" + node.element->name + "' has an invalid number of children");
  }
  if (is_group && num_children == 0 && depth > 0) {
    Corrupt(path, "schema group '" + node.element->name + "' has no children");
  }
  for (int32_t i = 0; i < num_children; ++i) node.children.push_back(BuildTree(elements, next, depth + 1, node.path, path));
  return node;
}

bool IsRepeated(const SchemaElement& e) { return e.repetition_type == FieldRepetitionType::kRepeated; }
bool IsOptional(const SchemaElement& e) { return e.repetition_type == FieldRepetitionType::kOptional; }
bool Has(const SchemaElement& e, LogicalType::Kind kind) { return e.logical_type && e.logical_type->kind == kind; }
bool Has(const SchemaElement& e, ConvertedType converted) { return e.converted_type == converted; }

class Converter {
 public:
  explicit Converter(std::string_view path) : path_(path) {}

  std::vector<LeafColumn> leaves;

  SchemaNode Convert(const ElementNode& node, int16_t def, int16_t rep, int16_t slot_def) {
    const SchemaElement& e = *node.element;
    if (IsRepeated(e)) {
      // An un-annotated repeated field is a required list of required elements.
      SchemaNode list = ListNode(e.name, def, rep, slot_def, /*nullable=*/false);
      list.children.push_back(ConvertValue(node, def + 1, rep + 1, def + 1, /*nullable=*/false));
      return Finish(std::move(list), /*contains_null=*/false);
    }
    return ConvertValue(node, def + (IsOptional(e) ? 1 : 0), rep, slot_def, IsOptional(e));
  }

 private:
  /// The field for `node` ignoring its repetition: `def` is its own def level.
  SchemaNode ConvertValue(const ElementNode& node, int16_t def, int16_t rep, int16_t slot_def, bool nullable) {
    const SchemaElement& e = *node.element;
    if (e.type.has_value()) return Primitive(node, def, rep, slot_def, nullable);
    if (Has(e, LogicalType::Kind::kList) || Has(e, ConvertedType::kList)) return List(node, def, rep, slot_def, nullable);
    if (Has(e, LogicalType::Kind::kMap) || Has(e, ConvertedType::kMap) || Has(e, ConvertedType::kMapKeyValue)) {
      return Map(node, def, rep, slot_def, nullable);
    }
    SchemaNode out;
    out.field.name = e.name;
    out.field.nullable = nullable;
    out.def_level = def;
    out.rep_level = rep;
    out.slot_def_level = slot_def;
    std::vector<Field> fields;
    for (const ElementNode& child : node.children) {
      out.children.push_back(Convert(child, def, rep, slot_def));
      fields.push_back(out.children.back().field);
    }
    out.field.type = DataType::Struct(std::move(fields));
    return out;
  }

  SchemaNode ListNode(const std::string& name, int16_t def, int16_t rep, int16_t slot_def, bool nullable) {
    SchemaNode list;
    list.field.name = name;
    list.field.nullable = nullable;
    list.def_level = def;
    list.rep_level = rep;
    list.slot_def_level = slot_def;
    list.element_def_level = def + 1;
    list.element_rep_level = rep + 1;
    return list;
  }

  SchemaNode Finish(SchemaNode list, bool contains_null) {
    list.field.type = DataType::Array(list.children[0].field.type, contains_null);
    return list;
  }

  SchemaNode List(const ElementNode& node, int16_t def, int16_t rep, int16_t slot_def, bool nullable) {
    const SchemaElement& e = *node.element;
    if (node.children.size() != 1 || !IsRepeated(*node.children[0].element)) {
      Corrupt(path_, "LIST group '" + e.name + "' must have exactly one repeated child");
    }
    const ElementNode& repeated = node.children[0];
    const SchemaElement& r = *repeated.element;
    SchemaNode list = ListNode(e.name, def, rep, slot_def, nullable);
    // parquet-format LogicalTypes.md backward-compatibility rules: when is the
    // repeated field itself the element (2-level list)?
    bool two_level = r.type.has_value() || repeated.children.size() > 1 || r.name == "array" ||
                     r.name == e.name + "_tuple";
    if (two_level) {
      list.children.push_back(ConvertValue(repeated, def + 1, rep + 1, def + 1, /*nullable=*/false));
    } else {
      list.children.push_back(Convert(repeated.children[0], def + 1, rep + 1, def + 1));
    }
    bool contains_null = list.children[0].field.nullable;
    return Finish(std::move(list), contains_null);
  }

  SchemaNode Map(const ElementNode& node, int16_t def, int16_t rep, int16_t slot_def, bool nullable) {
    const SchemaElement& e = *node.element;
    if (node.children.size() != 1 || !IsRepeated(*node.children[0].element) ||
        node.children[0].element->type.has_value()) {
      Corrupt(path_, "MAP group '" + e.name + "' must have exactly one repeated group child");
    }
    const ElementNode& entries = node.children[0];
    if (entries.children.size() != 2) {
      Corrupt(path_, "MAP key_value group '" + entries.element->name + "' must have a key and a value field");
    }
    SchemaNode map = ListNode(e.name, def, rep, slot_def, nullable);
    map.children.push_back(Convert(entries.children[0], def + 1, rep + 1, def + 1));
    map.children.push_back(Convert(entries.children[1], def + 1, rep + 1, def + 1));
    map.field.type = DataType::Map(map.children[0].field.type, map.children[1].field.type,
                                   map.children[1].field.nullable);
    return map;
  }

  [[noreturn]] void BadAnnotation(const SchemaElement& e, const std::string& what) {
    Corrupt(path_, "column '" + e.name + "': " + what + " cannot annotate a " + ToString(*e.type) + " column");
  }

  SchemaNode Primitive(const ElementNode& node, int16_t def, int16_t rep, int16_t slot_def, bool nullable) {
    const SchemaElement& e = *node.element;
    LeafColumn leaf;
    leaf.index = static_cast<int>(leaves.size());
    leaf.element_index = node.index;
    leaf.path = node.path;
    leaf.physical_type = *e.type;
    leaf.type_length = e.type_length.value_or(0);
    leaf.max_def_level = def;
    leaf.max_rep_level = rep;
    if (leaf.physical_type == Type::kFixedLenByteArray && (leaf.type_length <= 0 || leaf.type_length > (1 << 24))) {
      Corrupt(path_, "column '" + e.name + "' has an invalid FIXED_LEN_BYTE_ARRAY length");
    }
    MapType(e, &leaf);

    SchemaNode out;
    out.field = Field{e.name, leaf.type, nullable, ""};
    out.def_level = def;
    out.rep_level = rep;
    out.slot_def_level = slot_def;
    out.leaf = leaf.index;
    leaves.push_back(std::move(leaf));
    return out;
  }

  /// Decimal precision/scale from the logical type or the legacy fields.
  void Decimal(const SchemaElement& e, LeafColumn* leaf, ValueConversion conversion) {
    int precision = e.logical_type ? e.logical_type->precision : e.precision.value_or(0);
    int scale = e.logical_type ? e.logical_type->scale : e.scale.value_or(0);
    if (precision <= 0 || scale < 0 || scale > precision) {
      Corrupt(path_, "column '" + e.name + "' has an invalid DECIMAL(" + std::to_string(precision) + "," +
                         std::to_string(scale) + ")");
    }
    int max_precision = 0;
    switch (leaf->physical_type) {
      case Type::kInt32: max_precision = 9; break;
      case Type::kInt64: max_precision = 18; break;
      case Type::kFixedLenByteArray: max_precision = leaf->type_length >= 128 ? 1000 : static_cast<int>((leaf->type_length * 8 - 1) * 0.30103); break;
      case Type::kByteArray: max_precision = 1000; break;
      default: BadAnnotation(e, "DECIMAL");
    }
    if (precision > max_precision) Corrupt(path_, "column '" + e.name + "': DECIMAL precision too large for its storage");
    if (precision > kMaxDecimalPrecision) {
      // Wider than Spark's decimals: read lossily as double, as DuckDB does.
      leaf->type = DataType::Double();
      leaf->conversion = ValueConversion::kBytesToDouble;
      leaf->decimal_scale = scale;
      return;
    }
    leaf->type = DataType::Decimal(precision, scale);
    leaf->conversion = conversion;
  }

  void MapType(const SchemaElement& e, LeafColumn* leaf) {
    using K = LogicalType::Kind;
    const Type physical = leaf->physical_type;
    std::optional<LogicalType> logical = e.logical_type;
    // Translate legacy converted types into the equivalent logical type.
    if (!logical && e.converted_type) {
      LogicalType l;
      switch (*e.converted_type) {
        case ConvertedType::kUtf8: l.kind = K::kString; break;
        case ConvertedType::kEnum: l.kind = K::kEnum; break;
        case ConvertedType::kJson: l.kind = K::kJson; break;
        case ConvertedType::kBson: l.kind = K::kBson; break;
        case ConvertedType::kDecimal: l.kind = K::kDecimal; l.precision = e.precision.value_or(0); l.scale = e.scale.value_or(0); break;
        case ConvertedType::kDate: l.kind = K::kDate; break;
        case ConvertedType::kTimeMillis: l.kind = K::kTime; l.unit = TimeUnit::kMillis; l.is_adjusted_to_utc = true; break;
        case ConvertedType::kTimeMicros: l.kind = K::kTime; l.unit = TimeUnit::kMicros; l.is_adjusted_to_utc = true; break;
        case ConvertedType::kTimestampMillis: l.kind = K::kTimestamp; l.unit = TimeUnit::kMillis; l.is_adjusted_to_utc = true; break;
        case ConvertedType::kTimestampMicros: l.kind = K::kTimestamp; l.unit = TimeUnit::kMicros; l.is_adjusted_to_utc = true; break;
        case ConvertedType::kUint8: l.kind = K::kInteger; l.bit_width = 8; l.is_signed = false; break;
        case ConvertedType::kUint16: l.kind = K::kInteger; l.bit_width = 16; l.is_signed = false; break;
        case ConvertedType::kUint32: l.kind = K::kInteger; l.bit_width = 32; l.is_signed = false; break;
        case ConvertedType::kUint64: l.kind = K::kInteger; l.bit_width = 64; l.is_signed = false; break;
        case ConvertedType::kInt8: l.kind = K::kInteger; l.bit_width = 8; l.is_signed = true; break;
        case ConvertedType::kInt16: l.kind = K::kInteger; l.bit_width = 16; l.is_signed = true; break;
        case ConvertedType::kInt32: l.kind = K::kInteger; l.bit_width = 32; l.is_signed = true; break;
        case ConvertedType::kInt64: l.kind = K::kInteger; l.bit_width = 64; l.is_signed = true; break;
        case ConvertedType::kInterval:
          if (physical != Type::kFixedLenByteArray || leaf->type_length != 12) BadAnnotation(e, "INTERVAL");
          leaf->type = DataType::CalendarInterval();
          leaf->conversion = ValueConversion::kIntervalToCalendar;
          return;
        default: break;  // LIST/MAP on a primitive: ignore, as readers do
      }
      if (l.kind != K::kUnrecognized) logical = l;
    }

    leaf->conversion = ValueConversion::kNone;
    if (logical) {
      const LogicalType& l = *logical;
      switch (l.kind) {
        case K::kString:
        case K::kEnum:
        case K::kJson:
          if (physical != Type::kByteArray && physical != Type::kFixedLenByteArray) BadAnnotation(e, "STRING");
          leaf->type = DataType::String();
          leaf->validate_utf8 = true;
          return;
        case K::kBson:
        case K::kGeometry:
        case K::kGeography:
          if (physical != Type::kByteArray && physical != Type::kFixedLenByteArray) BadAnnotation(e, "BSON/GEOMETRY");
          leaf->type = DataType::Binary();
          return;
        case K::kUuid:
          if (physical != Type::kFixedLenByteArray || leaf->type_length != 16) BadAnnotation(e, "UUID");
          leaf->type = DataType::String();
          leaf->conversion = ValueConversion::kUuidToString;
          return;
        case K::kFloat16:
          if (physical != Type::kFixedLenByteArray || leaf->type_length != 2) BadAnnotation(e, "FLOAT16");
          leaf->type = DataType::Float();
          leaf->conversion = ValueConversion::kFloat16ToFloat;
          return;
        case K::kDecimal:
          Decimal(e, leaf,
                  physical == Type::kInt32   ? ValueConversion::kInt32ToDecimal
                  : physical == Type::kInt64 ? ValueConversion::kInt64ToDecimal
                                             : ValueConversion::kBytesToDecimal);
          return;
        case K::kDate:
          if (physical != Type::kInt32) Corrupt(path_, "DATE converted type can only be set for value of Type::INT32 (column '" + e.name + "')");
          leaf->type = DataType::Date();
          return;
        case K::kTime:
          if (l.unit == TimeUnit::kMillis ? physical != Type::kInt32 : physical != Type::kInt64) BadAnnotation(e, "TIME");
          leaf->type = DataType::Time();
          leaf->conversion = l.unit == TimeUnit::kMillis  ? ValueConversion::kMillisToMicros
                             : l.unit == TimeUnit::kNanos ? ValueConversion::kNanosToMicros
                                                          : ValueConversion::kNone;
          return;
        case K::kTimestamp:
          if (physical != Type::kInt64) Corrupt(path_, "TIMESTAMP converted type can only be set for value of Type::INT64 (column '" + e.name + "')");
          leaf->type = l.is_adjusted_to_utc ? DataType::Timestamp() : DataType::TimestampNtz();
          leaf->conversion = l.unit == TimeUnit::kMillis  ? ValueConversion::kMillisToMicros
                             : l.unit == TimeUnit::kNanos ? ValueConversion::kNanosToMicros
                                                          : ValueConversion::kNone;
          return;
        case K::kInteger: {
          bool is32 = physical == Type::kInt32, is64 = physical == Type::kInt64;
          if (l.bit_width == 64 ? !is64 : !is32) {
            Corrupt(path_, std::string(l.is_signed ? "INT" : "UINT") + std::to_string(l.bit_width) +
                               " converted type can only be set for value of Type::" + (l.bit_width == 64 ? "INT64" : "INT32") +
                               " (column '" + e.name + "')");
          }
          if (l.is_signed) {
            switch (l.bit_width) {
              case 8: leaf->type = DataType::Byte(); leaf->conversion = ValueConversion::kInt32ToInt8; return;
              case 16: leaf->type = DataType::Short(); leaf->conversion = ValueConversion::kInt32ToInt16; return;
              case 32: leaf->type = DataType::Int(); return;
              case 64: leaf->type = DataType::Long(); return;
            }
          } else {
            switch (l.bit_width) {
              case 8: leaf->type = DataType::Short(); leaf->conversion = ValueConversion::kUInt32ToInt16; return;
              case 16: leaf->type = DataType::Int(); leaf->conversion = ValueConversion::kUInt32ToInt32; return;
              case 32: leaf->type = DataType::Long(); leaf->conversion = ValueConversion::kUInt32ToInt64; return;
              case 64: leaf->type = DataType::Decimal(20, 0); leaf->conversion = ValueConversion::kUInt64ToDecimal; return;
            }
          }
          Corrupt(path_, "column '" + e.name + "' has an invalid INTEGER bit width " + std::to_string(l.bit_width));
        }
        case K::kUnknown:
          leaf->type = DataType::Null();
          leaf->conversion = ValueConversion::kAllNull;
          return;
        default: break;  // VARIANT parts, FILE, future types: read by physical type
      }
    }
    switch (physical) {
      case Type::kBoolean: leaf->type = DataType::Boolean(); break;
      case Type::kInt32: leaf->type = DataType::Int(); break;
      case Type::kInt64: leaf->type = DataType::Long(); break;
      case Type::kInt96: leaf->type = DataType::Timestamp(); leaf->conversion = ValueConversion::kInt96ToMicros; break;
      case Type::kFloat: leaf->type = DataType::Float(); break;
      case Type::kDouble: leaf->type = DataType::Double(); break;
      case Type::kByteArray:
      case Type::kFixedLenByteArray: leaf->type = DataType::Binary(); break;
      default: Corrupt(path_, "column '" + e.name + "' has an unknown physical type");
    }
  }

  std::string_view path_;
};

}  // namespace

FileSchema::FileSchema(const std::vector<SchemaElement>& elements, std::string_view path) {
  if (elements.empty()) Corrupt(path, "the schema is empty");
  size_t next = 0;
  ElementNode root = BuildTree(elements, &next, 0, {}, path);
  if (next != elements.size()) Corrupt(path, "the schema has elements outside the root group");
  // Some writers give the root a physical type; its children make it a group.
  if (root.element->type.has_value() && root.children.empty()) Corrupt(path, "the schema root is not a group");
  Converter converter(path);
  for (const ElementNode& child : root.children) {
    fields_.push_back(converter.Convert(child, 0, 0, 0));
    spark_schema_.push_back(fields_.back().field);
  }
  leaves_ = std::move(converter.leaves);
}

const SchemaNode* FileSchema::FindField(std::string_view name) const {
  for (const SchemaNode& field : fields_) {
    if (EqualsIgnoreCase(field.field.name, name)) return &field;
  }
  return nullptr;
}

const LeafColumn* FileSchema::FindTopLevelLeaf(std::string_view name) const {
  const SchemaNode* field = FindField(name);
  return field != nullptr && field->leaf >= 0 ? &leaves_[field->leaf] : nullptr;
}

}  // namespace tarn::parquet
