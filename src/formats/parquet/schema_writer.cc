#include "formats/parquet/schema_writer.h"

#include "common/check.h"
#include "common/error.h"
#include "types/decimal.h"

namespace tarn::parquet {

namespace {

LogicalType Logical(LogicalType::Kind kind) {
  LogicalType logical;
  logical.kind = kind;
  return logical;
}

LogicalType IntegerType(int bit_width) {
  LogicalType logical = Logical(LogicalType::Kind::kInteger);
  logical.bit_width = static_cast<int8_t>(bit_width);
  logical.is_signed = true;
  return logical;
}

LogicalType TimeType(LogicalType::Kind kind, bool utc) {
  LogicalType logical = Logical(kind);
  logical.unit = TimeUnit::kMicros;
  logical.is_adjusted_to_utc = utc;
  return logical;
}

class Builder {
 public:
  WriteSchema schema;

  /// Appends `field`'s elements (and leaves) below a parent at `def`/`rep`.
  WriteNode AddField(const std::string& name, const DataType& type, bool nullable, int16_t def, int16_t rep,
                  std::vector<std::string> path) {
    path.push_back(name);
    WriteNode node;
    node.name = name;
    // A NullType column holds nothing but nulls, so it must be optional.
    node.optional = nullable || type.id() == TypeId::kNull;
    node.def_level = def + (node.optional ? 1 : 0);
    node.first_leaf = static_cast<int>(schema.leaves.size());
    const FieldRepetitionType repetition =
        node.optional ? FieldRepetitionType::kOptional : FieldRepetitionType::kRequired;

    switch (type.id()) {
      case TypeId::kStruct: {
        if (type.fields().empty()) {
          ThrowError(ErrorClass::kUnsupportedFeature,
                     {{"feature", "writing the empty struct column `" + name + "` to Parquet"}});
        }
        node.kind = WriteNode::Kind::kStruct;
        Group(name, repetition, static_cast<int32_t>(type.fields().size()), std::nullopt, std::nullopt);
        for (const Field& child : type.fields()) {
          node.children.push_back(AddField(child.name, child.type, child.nullable, node.def_level, rep, path));
        }
        break;
      }
      case TypeId::kArray: {
        node.kind = WriteNode::Kind::kList;
        node.rep_level = rep + 1;
        Group(name, repetition, 1, ConvertedType::kList, Logical(LogicalType::Kind::kList));
        Group("list", FieldRepetitionType::kRepeated, 1, std::nullopt, std::nullopt);
        path.push_back("list");
        node.children.push_back(
            AddField("element", type.element_type(), type.contains_null(), node.def_level + 1, rep + 1, path));
        break;
      }
      case TypeId::kMap: {
        node.kind = WriteNode::Kind::kMap;
        node.rep_level = rep + 1;
        Group(name, repetition, 1, ConvertedType::kMap, Logical(LogicalType::Kind::kMap));
        Group("key_value", FieldRepetitionType::kRepeated, 2, std::nullopt, std::nullopt);
        path.push_back("key_value");
        node.children.push_back(AddField("key", type.key_type(), /*nullable=*/false, node.def_level + 1, rep + 1, path));
        node.children.push_back(
            AddField("value", type.value_type(), type.value_contains_null(), node.def_level + 1, rep + 1, path));
        break;
      }
      default: {
        node.kind = WriteNode::Kind::kPrimitive;
        node.is_null_type = type.id() == TypeId::kNull;
        node.leaf = static_cast<int>(schema.leaves.size());
        SchemaElement element;
        element.name = name;
        element.repetition_type = repetition;
        WriteLeaf leaf;
        leaf.path = std::move(path);
        leaf.max_def_level = node.def_level;
        leaf.max_rep_level = rep;
        leaf.type = type;
        Primitive(type, &element, &leaf);
        element.type = leaf.physical_type;
        if (leaf.physical_type == Type::kFixedLenByteArray) element.type_length = leaf.type_length;
        schema.elements.push_back(std::move(element));
        schema.leaves.push_back(std::move(leaf));
        break;
      }
    }
    node.end_leaf = static_cast<int>(schema.leaves.size());
    return node;
  }

 private:
  void Group(const std::string& name, FieldRepetitionType repetition, int32_t num_children,
             std::optional<ConvertedType> converted, std::optional<LogicalType> logical) {
    SchemaElement element;
    element.name = name;
    element.repetition_type = repetition;
    element.num_children = num_children;
    element.converted_type = converted;
    element.logical_type = logical;
    schema.elements.push_back(std::move(element));
  }

  static void Primitive(const DataType& type, SchemaElement* element, WriteLeaf* leaf) {
    using K = LogicalType::Kind;
    switch (type.id()) {
      case TypeId::kNull:
        leaf->physical_type = Type::kInt32;
        element->logical_type = Logical(K::kUnknown);
        return;
      case TypeId::kBoolean: leaf->physical_type = Type::kBoolean; return;
      case TypeId::kByte:
        leaf->physical_type = Type::kInt32;
        element->logical_type = IntegerType(8);
        element->converted_type = ConvertedType::kInt8;
        return;
      case TypeId::kShort:
        leaf->physical_type = Type::kInt32;
        element->logical_type = IntegerType(16);
        element->converted_type = ConvertedType::kInt16;
        return;
      case TypeId::kInt:
      case TypeId::kYearMonthInterval: leaf->physical_type = Type::kInt32; return;
      case TypeId::kLong:
      case TypeId::kDayTimeInterval: leaf->physical_type = Type::kInt64; return;
      case TypeId::kFloat: leaf->physical_type = Type::kFloat; return;
      case TypeId::kDouble: leaf->physical_type = Type::kDouble; return;
      case TypeId::kDecimal: {
        const int precision = type.precision();
        if (precision <= 9) {
          leaf->physical_type = Type::kInt32;
        } else if (precision <= kMaxInt64DecimalPrecision) {
          leaf->physical_type = Type::kInt64;
        } else {
          leaf->physical_type = Type::kFixedLenByteArray;
          leaf->type_length = DecimalByteWidth(precision);
        }
        LogicalType logical = Logical(K::kDecimal);
        logical.precision = precision;
        logical.scale = type.scale();
        element->logical_type = logical;
        element->converted_type = ConvertedType::kDecimal;
        element->precision = precision;
        element->scale = type.scale();
        return;
      }
      case TypeId::kString:
        leaf->physical_type = Type::kByteArray;
        element->logical_type = Logical(K::kString);
        element->converted_type = ConvertedType::kUtf8;
        return;
      case TypeId::kBinary: leaf->physical_type = Type::kByteArray; return;
      case TypeId::kDate:
        leaf->physical_type = Type::kInt32;
        element->logical_type = Logical(K::kDate);
        element->converted_type = ConvertedType::kDate;
        return;
      case TypeId::kTimestamp:
        leaf->physical_type = Type::kInt64;
        element->logical_type = TimeType(K::kTimestamp, /*utc=*/true);
        element->converted_type = ConvertedType::kTimestampMicros;
        return;
      case TypeId::kTimestampNtz:
        // No converted type: TIMESTAMP_MICROS would claim UTC adjustment.
        leaf->physical_type = Type::kInt64;
        element->logical_type = TimeType(K::kTimestamp, /*utc=*/false);
        return;
      case TypeId::kTime:
        leaf->physical_type = Type::kInt64;
        element->logical_type = TimeType(K::kTime, /*utc=*/false);
        return;
      case TypeId::kCalendarInterval:
        // INTERVAL has no LogicalType member: only the converted type says it.
        leaf->physical_type = Type::kFixedLenByteArray;
        leaf->type_length = 12;
        element->converted_type = ConvertedType::kInterval;
        return;
      default: TARN_UNREACHABLE();
    }
  }
};

}  // namespace

int DecimalByteWidth(int precision) {
  TARN_CHECK(precision >= 1 && precision <= kMaxDecimalPrecision, "decimal precision out of range");
  const uint128_t limit = static_cast<uint128_t>(PowerOfTen128(precision));
  int bytes = 1;
  // The smallest width whose signed range holds 10^precision - 1.
  while ((uint128_t{1} << (8 * bytes - 1)) < limit) ++bytes;
  return bytes;
}

WriteSchema BuildWriteSchema(const Schema& schema) {
  Builder builder;
  SchemaElement root;
  root.name = "spark_schema";
  root.num_children = static_cast<int32_t>(schema.size());
  builder.schema.elements.push_back(std::move(root));
  for (const Field& field : schema) {
    builder.schema.fields.push_back(builder.AddField(field.name, field.type, field.nullable, 0, 0, {}));
  }
  return std::move(builder.schema);
}

}  // namespace tarn::parquet
