#include "delta/schema.h"

#include <cstdlib>

#include "common/error.h"
#include "common/strings.h"
#include "delta/json_util.h"
#include "formats/json/row_json.h"
#include "formats/text/schema_text.h"

namespace tarn::delta {

using json::Element;
using json::Object;
using json::Where;

Schema DeltaSchema::ToSchema() const {
  Schema schema;
  for (const DeltaField& f : fields) schema.push_back({f.name, f.type.type, f.nullable, f.comment});
  return schema;
}

int DeltaSchema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreCase(fields[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

namespace {

constexpr int kMaxDepth = 64;  // nesting bound: the schema is untrusted input

DeltaType Primitive(DataType type) { return DeltaType{std::move(type), {}, {}}; }

DeltaType ParsePrimitive(std::string_view name, const Where& where) {
  if (auto type = ParsePrimitiveTypeName(name)) return Primitive(*type);
  ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", "\"" + std::string(name) + "\" in the Delta schema of " + where.file}});
}

DeltaType ParseType(Element value, const Where& where, int depth);

DeltaField ParseField(Element value, const Where& where, int depth) {
  Object o = json::AsObject(value, "a schema field", where);
  DeltaField field;
  field.name = json::RequiredString(o, "name", where);
  auto type = json::Member(o, "type");
  if (!type) json::Fail(where, "schema field \"" + field.name + "\" has no type");
  field.type = ParseType(*type, where, depth + 1);
  field.nullable = json::OptBool(o, "nullable", where).value_or(true);
  field.physical_name = field.name;
  if (auto metadata = json::Member(o, "metadata")) {
    Object m = json::AsObject(*metadata, "field metadata", where);
    field.metadata_json = json::RawText(*metadata);
    if (auto id = json::OptLong(m, "delta.columnMapping.id", where)) field.column_mapping_id = *id;
    if (auto physical = json::OptString(m, "delta.columnMapping.physicalName", where)) field.physical_name = *physical;
    if (auto comment = json::OptString(m, "comment", where)) field.comment = *comment;
    if (auto changes = json::Member(m, "delta.typeChanges")) {
      simdjson::dom::array list;
      if (changes->get_array().get(list)) json::Fail(where, "delta.typeChanges of \"" + field.name + "\" is not an array");
      for (Element change : list) {
        Object c = json::AsObject(change, "a type change", where);
        field.type_changes.push_back({json::RequiredString(c, "fromType", where), json::RequiredString(c, "toType", where),
                                      json::OptString(c, "fieldPath", where).value_or("")});
      }
    }
  }
  return field;
}

DeltaType ParseType(Element value, const Where& where, int depth) {
  if (depth > kMaxDepth) json::Fail(where, "the schema nests deeper than " + std::to_string(kMaxDepth) + " levels");
  std::string_view name;
  if (!value.get_string().get(name)) return ParsePrimitive(name, where);
  Object o = json::AsObject(value, "a schema type", where);
  std::string kind = json::RequiredString(o, "type", where);
  if (kind == "struct") {
    DeltaType t;
    simdjson::dom::array fields;
    auto member = json::Member(o, "fields");
    if (!member || member->get_array().get(fields)) json::Fail(where, "struct type without a fields array");
    std::vector<Field> tarn_fields;
    for (Element f : fields) {
      t.fields.push_back(ParseField(f, where, depth));
      const DeltaField& d = t.fields.back();
      tarn_fields.push_back({d.name, d.type.type, d.nullable, ""});
    }
    t.type = DataType::Struct(std::move(tarn_fields));
    return t;
  }
  if (kind == "array") {
    auto element = json::Member(o, "elementType");
    if (!element) json::Fail(where, "array type without elementType");
    DeltaType t;
    t.children.push_back(ParseType(*element, where, depth + 1));
    t.type = DataType::Array(t.children[0].type, json::OptBool(o, "containsNull", where).value_or(true));
    return t;
  }
  if (kind == "map") {
    auto key = json::Member(o, "keyType");
    auto val = json::Member(o, "valueType");
    if (!key || !val) json::Fail(where, "map type without keyType/valueType");
    DeltaType t;
    t.children.push_back(ParseType(*key, where, depth + 1));
    t.children.push_back(ParseType(*val, where, depth + 1));
    t.type = DataType::Map(t.children[0].type, t.children[1].type,
                           json::OptBool(o, "valueContainsNull", where).value_or(true));
    return t;
  }
  ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", "\"" + kind + "\" in the Delta schema of " + where.file}});
}

DeltaType FromDataType(const DataType& type) {
  DeltaType t;
  t.type = type;
  switch (type.id()) {
    case TypeId::kStruct:
      for (const Field& f : type.fields()) {
        DeltaField d;
        d.name = f.name;
        d.type = FromDataType(f.type);
        d.nullable = f.nullable;
        d.physical_name = f.name;
        t.fields.push_back(std::move(d));
      }
      break;
    case TypeId::kArray: t.children.push_back(FromDataType(type.element_type())); break;
    case TypeId::kMap:
      t.children.push_back(FromDataType(type.key_type()));
      t.children.push_back(FromDataType(type.value_type()));
      break;
    default: break;
  }
  return t;
}

void AppendFieldsJson(const std::vector<DeltaField>& fields, std::string* out) {
  json::ObjectWriter w(out);
  w.String("type", "struct");
  w.Key("fields");
  out->push_back('[');
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    json::ObjectWriter f(out);
    f.String("name", fields[i].name);
    f.Raw("type", TypeToJson(fields[i].type));
    f.Bool("nullable", fields[i].nullable);
    f.Raw("metadata", fields[i].metadata_json);
    f.End();
  }
  out->push_back(']');
  w.End();
}

// The members of a field's metadata object, in order, as (key, JSON text).
std::vector<std::pair<std::string, std::string>> MetadataMembers(const DeltaField& field) {
  std::vector<std::pair<std::string, std::string>> members;
  simdjson::dom::parser parser;
  const std::string file = "the metadata of field " + field.name;
  Where where{file, 0};
  Object o = json::AsObject(json::Parse(parser, field.metadata_json, where), "field metadata", where);
  for (auto [k, v] : o) members.emplace_back(std::string(k), json::RawText(v));
  return members;
}

// Re-derives the parsed members from metadata_json.
void ReparseMetadata(DeltaField& field) {
  std::string text = "{\"name\":";
  AppendJsonString(field.name, &text);
  text += ",\"type\":\"string\",\"metadata\":" + field.metadata_json + "}";
  simdjson::dom::parser parser;
  const std::string file = "the metadata of field " + field.name;
  Where where{file, 0};
  DeltaField parsed = ParseField(json::Parse(parser, text, where), where, 0);
  field.column_mapping_id = parsed.column_mapping_id;
  field.physical_name = parsed.physical_name;
  field.comment = parsed.comment;
  field.type_changes = parsed.type_changes;
}

void WriteMetadata(DeltaField& field, const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ",";
    AppendJsonString(members[i].first, &out);
    out += ":" + members[i].second;
  }
  field.metadata_json = out + "}";
  ReparseMetadata(field);
}

}  // namespace

void SetFieldMetadata(DeltaField& field, std::string_view key, std::string_view raw_json) {
  auto members = MetadataMembers(field);
  bool found = false;
  for (auto& [k, v] : members) {
    if (k == key) {
      v = std::string(raw_json);
      found = true;
    }
  }
  if (!found) members.emplace_back(std::string(key), std::string(raw_json));
  WriteMetadata(field, members);
}

void RemoveFieldMetadata(DeltaField& field, std::string_view key) {
  auto members = MetadataMembers(field);
  std::erase_if(members, [&](const std::pair<std::string, std::string>& m) { return m.first == key; });
  WriteMetadata(field, members);
}

std::optional<std::string> FieldMetadata(const DeltaField& field, std::string_view key) {
  for (auto& [k, v] : MetadataMembers(field)) {
    if (k == key) return v;
  }
  return std::nullopt;
}

void RefreshType(DeltaType& type) {
  switch (type.type.id()) {
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (DeltaField& f : type.fields) {
        RefreshType(f.type);
        fields.push_back({f.name, f.type.type, f.nullable, ""});
      }
      type.type = DataType::Struct(std::move(fields));
      return;
    }
    case TypeId::kArray:
      RefreshType(type.children[0]);
      type.type = DataType::Array(type.children[0].type, type.type.contains_null());
      return;
    case TypeId::kMap:
      RefreshType(type.children[0]);
      RefreshType(type.children[1]);
      type.type = DataType::Map(type.children[0].type, type.children[1].type, type.type.value_contains_null());
      return;
    default: return;
  }
}

std::optional<DataType> ParsePrimitiveTypeName(std::string_view name) {
  if (name == "string") return DataType::String();
  if (name == "long") return DataType::Long();
  if (name == "integer") return DataType::Int();
  if (name == "short") return DataType::Short();
  if (name == "byte") return DataType::Byte();
  if (name == "float") return DataType::Float();
  if (name == "double") return DataType::Double();
  if (name == "boolean") return DataType::Boolean();
  if (name == "binary") return DataType::Binary();
  if (name == "date") return DataType::Date();
  if (name == "timestamp") return DataType::Timestamp();
  if (name == "timestamp_ntz") return DataType::TimestampNtz();
  if (name == "void") return DataType::Null();
  if (name == "decimal") return DataType::Decimal(10, 0);  // Spark's default
  if (name.rfind("decimal(", 0) == 0 && name.back() == ')') {
    std::string inner(name.substr(8, name.size() - 9));
    size_t comma = inner.find(',');
    if (comma != std::string::npos) {
      char* end = nullptr;
      long precision = std::strtol(inner.c_str(), &end, 10);
      long scale = std::strtol(inner.c_str() + comma + 1, &end, 10);
      if (precision >= 1 && precision <= kMaxDecimalPrecision && scale >= 0 && scale <= precision) {
        return DataType::Decimal(static_cast<int>(precision), static_cast<int>(scale));
      }
    }
  }
  return std::nullopt;
}

DeltaSchema ParseSchemaString(std::string_view text, const std::string& file) {
  simdjson::dom::parser parser;
  Where where{file, 0};
  Element root = json::Parse(parser, text, where);
  DeltaType type = ParseType(root, where, 0);
  if (type.type.id() != TypeId::kStruct) json::Fail(where, "the table schema is not a struct");
  return DeltaSchema{std::move(type.fields)};
}

DeltaSchema FromSchema(const Schema& schema) {
  return DeltaSchema{FromDataType(DataType::Struct(schema)).fields};
}

std::string PrimitiveTypeName(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: return SparkTypeName(type);  // Delta's names are Spark's JSON schema names
    default: ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", type.ToSql() + " in a Delta table"}});
  }
}

std::string TypeToJson(const DeltaType& type) {
  std::string out;
  switch (type.type.id()) {
    case TypeId::kStruct: AppendFieldsJson(type.fields, &out); return out;
    case TypeId::kArray: {
      json::ObjectWriter w(&out);
      w.String("type", "array");
      w.Raw("elementType", TypeToJson(type.children[0]));
      w.Bool("containsNull", type.type.contains_null());
      w.End();
      return out;
    }
    case TypeId::kMap: {
      json::ObjectWriter w(&out);
      w.String("type", "map");
      w.Raw("keyType", TypeToJson(type.children[0]));
      w.Raw("valueType", TypeToJson(type.children[1]));
      w.Bool("valueContainsNull", type.type.value_contains_null());
      w.End();
      return out;
    }
    default: {
      AppendJsonString(PrimitiveTypeName(type.type), &out);
      return out;
    }
  }
}

std::string SchemaToJson(const DeltaSchema& schema) {
  std::string out;
  AppendFieldsJson(schema.fields, &out);
  return out;
}

}  // namespace tarn::delta
