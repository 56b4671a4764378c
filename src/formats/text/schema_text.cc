#include "formats/text/schema_text.h"

#include "formats/json/row_json.h"

namespace tarn {
namespace {

const char* BoolText(bool value) { return value ? "true" : "false"; }

void AppendTree(const DataType& type, const std::string& prefix, std::string* out);

void AppendFieldLine(const std::string& prefix, const std::string& name, const DataType& type,
                     const std::string& suffix, std::string* out) {
  *out += prefix + "-- " + name + ": " + SparkTypeName(type) + suffix + "\n";
  AppendTree(type, prefix + "    |", out);
}

void AppendTree(const DataType& type, const std::string& prefix, std::string* out) {
  switch (type.id()) {
    case TypeId::kStruct:
      for (const Field& field : type.fields()) {
        AppendFieldLine(prefix, field.name, field.type,
                        std::string(" (nullable = ") + BoolText(field.nullable) + ")", out);
      }
      return;
    case TypeId::kArray:
      AppendFieldLine(prefix, "element", type.element_type(),
                      std::string(" (containsNull = ") + BoolText(type.contains_null()) + ")", out);
      return;
    case TypeId::kMap:
      AppendFieldLine(prefix, "key", type.key_type(), "", out);
      AppendFieldLine(prefix, "value", type.value_type(),
                      std::string(" (valueContainsNull = ") + BoolText(type.value_contains_null()) + ")", out);
      return;
    default: return;
  }
}

void AppendFieldsJson(const std::vector<Field>& fields, std::string* out) {
  *out += "{\"type\":\"struct\",\"fields\":[";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) out->push_back(',');
    *out += "{\"name\":";
    AppendJsonString(fields[i].name, out);
    *out += ",\"type\":" + DataTypeToJson(fields[i].type);
    *out += std::string(",\"nullable\":") + BoolText(fields[i].nullable) + ",\"metadata\":{";
    if (!fields[i].comment.empty()) {
      *out += "\"comment\":";
      AppendJsonString(fields[i].comment, out);
    }
    *out += "}}";
  }
  *out += "]}";
}

}  // namespace

std::string SparkTypeName(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return "void";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kByte: return "byte";
    case TypeId::kShort: return "short";
    case TypeId::kInt: return "integer";
    case TypeId::kLong: return "long";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal:
      return "decimal(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) + ")";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kTimestampNtz: return "timestamp_ntz";
    case TypeId::kTime: return "time(6)";
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: return type.ToString();  // "interval day to second"
    case TypeId::kCalendarInterval: return "interval";
    case TypeId::kArray: return "array";
    case TypeId::kMap: return "map";
    case TypeId::kStruct: return "struct";
  }
  return "unknown";
}

std::string SchemaTreeString(const Schema& schema) {
  std::string out = "root\n";
  AppendTree(DataType::Struct(schema), " |", &out);
  return out;
}

std::string DataTypeToJson(const DataType& type) {
  std::string out;
  switch (type.id()) {
    case TypeId::kStruct: AppendFieldsJson(type.fields(), &out); break;
    case TypeId::kArray:
      out = "{\"type\":\"array\",\"elementType\":" + DataTypeToJson(type.element_type()) +
            ",\"containsNull\":" + BoolText(type.contains_null()) + "}";
      break;
    case TypeId::kMap:
      out = "{\"type\":\"map\",\"keyType\":" + DataTypeToJson(type.key_type()) +
            ",\"valueType\":" + DataTypeToJson(type.value_type()) +
            ",\"valueContainsNull\":" + BoolText(type.value_contains_null()) + "}";
      break;
    default: AppendJsonString(SparkTypeName(type), &out); break;
  }
  return out;
}

std::string SchemaToJson(const Schema& schema) {
  std::string out;
  AppendFieldsJson(schema, &out);
  return out;
}

}  // namespace tarn
