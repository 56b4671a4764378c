// JSON functions (group json_funcs): get_json_object with Spark's JSONPath
// subset, json_array_length, json_object_keys, to_json and schema_of_json.
// Input JSON is parsed with nlohmann-json (field order kept); malformed
// input gives NULL as in Spark. Values are written back the way Spark's
// Jackson generator writes them: compact, doubles in Java's toString form,
// control characters escaped.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"
#include "functions/builtins.h"
#include "functions/json_writer.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/string_util.h"
#include "types/coercion.h"
#include "types/number_text.h"

namespace tarn {
namespace {

using Json = nlohmann::ordered_json;

DataType Str() { return DataType::String(); }

/// Deepest nesting accepted; deeper documents are treated as malformed so
/// that the recursive walks below cannot exhaust the stack.
constexpr int kMaxJsonDepth = 1000;

bool NestingWithinLimit(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::optional<Json> ParseJson(std::string_view text) {
  if (!NestingWithinLimit(text)) return std::nullopt;
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}


// --- JSONPath (Spark's JsonPathParser) ------------------------------------------------

struct PathStep {
  enum Kind { kKey, kIndex, kWildcard } kind;
  std::string key;
  int64_t index = 0;
};

/// $, .name, ['name'], [n], [*]; nullopt for anything else (→ NULL results).
std::optional<std::vector<PathStep>> ParsePath(std::string_view path) {
  if (path.empty() || path[0] != '$') return std::nullopt;
  std::vector<PathStep> steps;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      size_t end = i + 1;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      std::string_view name = path.substr(i + 1, end - i - 1);
      if (name.empty()) return std::nullopt;
      if (name == "*") steps.push_back({PathStep::kWildcard, "", 0});
      else steps.push_back({PathStep::kKey, std::string(name), 0});
      i = end;
    } else if (path[i] == '[') {
      if (path.substr(i, 3) == "[*]") {
        steps.push_back({PathStep::kWildcard, "", 0});
        i += 3;
      } else if (i + 1 < path.size() && path[i + 1] == '\'') {
        size_t close = path.find("']", i + 2);
        if (close == std::string_view::npos) return std::nullopt;
        steps.push_back({PathStep::kKey, std::string(path.substr(i + 2, close - i - 2)), 0});
        i = close + 2;
      } else {
        size_t close = path.find(']', i);
        if (close == std::string_view::npos || close == i + 1) return std::nullopt;
        int64_t index = 0;
        for (size_t k = i + 1; k < close; ++k) {
          if (path[k] < '0' || path[k] > '9' || index > (int64_t{1} << 40)) return std::nullopt;
          index = index * 10 + (path[k] - '0');
        }
        steps.push_back({PathStep::kIndex, "", index});
        i = close + 1;
      }
    } else {
      return std::nullopt;
    }
  }
  return steps;
}

enum class Style { kRaw, kQuoted, kFlatten };

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ',';
    out += parts[i];
  }
  return out;
}

/// Spark's GetJsonObject.evaluatePath over a parsed value: appends the
/// values found to `out` (one string each) and says whether any was found.
bool Evaluate(const Json& value, std::span<const PathStep> path, Style style, std::vector<std::string>& out) {
  if (path.empty()) {
    if (value.is_string() && style == Style::kRaw) {
      out.push_back(value.get<std::string>());
      return true;
    }
    if (value.is_array() && style == Style::kFlatten) {
      bool dirty = false;
      for (const Json& element : value) dirty |= Evaluate(element, path, style, out);
      return dirty;
    }
    if (value.is_null() && style == Style::kRaw) return false;
    std::string text;
    json::AppendParsedJson(value, &text);
    out.push_back(std::move(text));
    return true;
  }
  const PathStep& step = path[0];
  if (value.is_object() && step.kind == PathStep::kKey) {
    for (const auto& [key, element] : value.items())
      if (key == step.key && Evaluate(element, path.subspan(1), style, out)) return true;
    return false;
  }
  if (value.is_object() && step.kind == PathStep::kWildcard) {
    bool dirty = false;
    for (const auto& [key, element] : value.items()) dirty |= Evaluate(element, path.subspan(1), style, out);
    return dirty;
  }
  if (!value.is_array()) return false;
  if (step.kind == PathStep::kWildcard && path.size() >= 2 && path[1].kind == PathStep::kWildcard) {
    // Hive's non-structure-preserving double wildcard: flatten.
    std::vector<std::string> inner;
    bool dirty = false;
    for (const Json& element : value) dirty |= Evaluate(element, path.subspan(2), Style::kFlatten, inner);
    out.push_back("[" + Join(inner) + "]");
    return dirty;
  }
  if (step.kind == PathStep::kWildcard && style != Style::kQuoted) {
    Style next = style == Style::kRaw ? Style::kQuoted : Style::kFlatten;
    std::vector<std::string> inner;
    int dirty = 0;
    for (const Json& element : value) dirty += Evaluate(element, path.subspan(1), next, inner) ? 1 : 0;
    if (dirty > 1) out.push_back("[" + Join(inner) + "]");
    else if (dirty == 1) out.push_back(Join(inner));  // a single match loses its brackets
    return dirty > 0;
  }
  if (step.kind == PathStep::kWildcard) {
    std::vector<std::string> inner;
    bool dirty = false;
    for (const Json& element : value) dirty |= Evaluate(element, path.subspan(1), Style::kQuoted, inner);
    out.push_back("[" + Join(inner) + "]");
    return dirty;
  }
  if (step.kind == PathStep::kIndex) {
    if (step.index >= static_cast<int64_t>(value.size())) return false;
    const Json& element = value[static_cast<size_t>(step.index)];
    bool wildcard_next = path.size() >= 2 && path[1].kind == PathStep::kWildcard;
    return Evaluate(element, path.subspan(1), wildcard_next ? Style::kQuoted : style, out);
  }
  return false;
}

std::optional<std::string> GetJsonObject(std::string_view text, const std::vector<PathStep>& path) {
  std::optional<Json> json = ParseJson(text);
  if (!json) return std::nullopt;
  std::vector<std::string> found;
  if (!Evaluate(*json, path, Style::kRaw, found) || found.empty()) return std::nullopt;
  std::string out = found[0];
  for (size_t i = 1; i < found.size(); ++i) out += " " + found[i];  // Jackson's root value separator
  return out;
}

BoundScalar BindGetJsonObject(const std::vector<ArgType>& args) {
  ExpectArgCount("get_json_object", args, 2);
  for (size_t i = 0; i < 2; ++i)
    if (!CanImplicitCast(args[i].type, Str()) || args[i].type.id() == TypeId::kBinary)
      ThrowUnexpectedInputType(i, "\"STRING\"", args[i].type);
  std::shared_ptr<const std::optional<std::vector<PathStep>>> constant;
  if (auto path = ConstantArg<std::string_view>(args[1]))
    constant = std::make_shared<const std::optional<std::vector<PathStep>>>(ParsePath(*path));
  BoundScalar bound;
  bound.result_type = Str();
  bound.arg_types = {Str(), Str()};
  bound.kernel = [constant](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    return MapRows<std::string, std::string_view, std::string_view>(
        in, rows, Str(), [&](std::string_view json, std::string_view path_text) -> std::optional<std::string> {
          std::optional<std::vector<PathStep>> parsed;
          const std::optional<std::vector<PathStep>>* path = constant.get();
          if (path == nullptr) {
            parsed = ParsePath(path_text);
            path = &parsed;
          }
          if (!*path) return std::nullopt;
          return GetJsonObject(json, **path);
        });
  };
  return bound;
}

// --- schema_of_json ----------------------------------------------------------------------

/// Spark's JsonInferSchema: integers → BIGINT (DECIMAL(38,0) beyond), other
/// numbers → DOUBLE, objects → structs with sorted fields, arrays → the
/// merged element type; conflicting types meet at STRING.
DataType InferType(const Json& value);

DataType MergeTypes(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.is_numeric() && b.is_numeric()) {
    if (a.id() == TypeId::kDouble || b.id() == TypeId::kDouble) return DataType::Double();
    return DataType::Decimal(38, 0);
  }
  if (a.id() == TypeId::kStruct && b.id() == TypeId::kStruct) {
    std::map<std::string, DataType> fields;
    for (const Field& field : a.fields()) fields[field.name] = field.type;
    for (const Field& field : b.fields()) {
      auto it = fields.find(field.name);
      fields[field.name] = it == fields.end() ? field.type : MergeTypes(it->second, field.type);
    }
    std::vector<Field> merged;
    for (auto& [name, type] : fields) merged.push_back({name, type, true, ""});
    return DataType::Struct(std::move(merged));
  }
  if (a.id() == TypeId::kArray && b.id() == TypeId::kArray)
    return DataType::Array(MergeTypes(a.element_type(), b.element_type()));
  return Str();
}

DataType InferType(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return DataType::Null();
    case Json::value_t::boolean: return DataType::Boolean();
    case Json::value_t::number_integer: return DataType::Long();
    case Json::value_t::number_unsigned:
      return value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX) ? DataType::Decimal(20, 0) : DataType::Long();
    case Json::value_t::number_float: return DataType::Double();
    case Json::value_t::string: return Str();
    case Json::value_t::array: {
      DataType element = DataType::Null();
      for (const Json& item : value) element = MergeTypes(element, InferType(item));
      return DataType::Array(element);
    }
    case Json::value_t::object: {
      std::map<std::string, DataType> fields;
      for (const auto& [key, item] : value.items()) {
        auto it = fields.find(key);
        fields[key] = it == fields.end() ? InferType(item) : MergeTypes(it->second, InferType(item));
      }
      std::vector<Field> out;
      for (auto& [name, type] : fields) out.push_back({name, type, true, ""});
      return DataType::Struct(std::move(out));
    }
    default: return Str();
  }
}

/// Null types that are left (no non-null value seen) become STRING.
DataType Canonical(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return Str();
    case TypeId::kArray: return DataType::Array(Canonical(type.element_type()));
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (const Field& field : type.fields()) fields.push_back({field.name, Canonical(field.type), true, ""});
      return DataType::Struct(std::move(fields));
    }
    default: return type;
  }
}

// --- to_json ---------------------------------------------------------------------------------

BoundScalar BindToJson(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("to_json", args, 1);
  const DataType& type = args[0].type;
  if (type.id() != TypeId::kStruct && type.id() != TypeId::kMap && type.id() != TypeId::kArray)
    ThrowUnexpectedInputType(0, "(\"STRUCT\" or \"MAP\" or \"ARRAY\")", type);
  BoundScalar bound;
  bound.result_type = Str();
  bound.arg_types = {type};
  bound.kernel = [](std::span<const VectorPtr> in, size_t rows, const FunctionContext& ctx) {
    VectorPtr out = Vector::Make(Str(), rows);
    json::JsonWriterOptions options;
    options.time_zone = ctx.time_zone;
    std::string text;
    for (size_t row = 0; row < rows; ++row) {
      if (in[0]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      text.clear();
      json::AppendJsonValue(*in[0], row, options, &text);
      out->SetString(row, text);
    }
    return out;
  };
  return bound;
}

BoundScalar BindStringToX(const std::string& name, const std::vector<ArgType>& args, DataType result) {
  ExpectArgCount(name, args, 1);
  if (!CanImplicitCast(args[0].type, Str()) || args[0].type.id() == TypeId::kBinary)
    ThrowUnexpectedInputType(0, "\"STRING\"", args[0].type);
  BoundScalar bound;
  bound.result_type = std::move(result);
  bound.arg_types = {Str()};
  return bound;
}

FunctionInfo Info(std::string name, std::string usage, ScalarBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.group = "json_funcs";
  info.usage = std::move(usage);
  info.scalar = std::move(binder);
  return info;
}

// json_tuple(json, f1, f2, ...): one row of strings per input row, the top-level
// fields' values (strings unquoted, other values as JSON text); NULL for a
// missing field, a NULL name, JSON null, or a document that is not an object.
BoundGenerator BindJsonTuple(const std::vector<ArgType>& args) {
  if (args.size() < 2) {
    ThrowError(ErrorClass::kWrongNumArgs,
               {{"functionName", "`json_tuple`"}, {"expectedNum", "> 1"}, {"actualNum", std::to_string(args.size())}});
  }
  BoundGenerator bound;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!CanImplicitCast(args[i].type, Str()) || args[i].type.id() == TypeId::kBinary)
      ThrowUnexpectedInputType(i, "\"STRING\"", args[i].type);
    bound.arg_types.push_back(Str());
  }
  for (size_t i = 1; i < args.size(); ++i) bound.output.push_back(Field{"c" + std::to_string(i - 1), Str(), true, ""});
  size_t fields = args.size() - 1;
  bound.kernel = [fields](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    GeneratorOutput out;
    for (size_t f = 0; f < fields; ++f) out.columns.push_back(Vector::Make(Str(), rows));
    for (size_t row = 0; row < rows; ++row) {
      out.parent_rows.push_back(static_cast<uint32_t>(row));
      std::optional<Json> json;
      if (!in[0]->IsNull(row)) json = ParseJson(in[0]->StringAt(row).view());
      for (size_t f = 0; f < fields; ++f) {
        Vector& column = *out.columns[f];
        const Vector& name = *in[f + 1];
        if (!json || !json->is_object() || name.IsNull(row)) {
          column.SetNull(row);
          continue;
        }
        auto it = json->find(std::string(name.StringAt(row).view()));
        if (it == json->end() || it->is_null()) {
          column.SetNull(row);
          continue;
        }
        std::string text;
        if (it->is_string()) text = it->get_ref<const std::string&>();
        else json::AppendParsedJson(*it, &text);
        column.SetString(row, text);
      }
    }
    return out;
  };
  return bound;
}

}  // namespace

void RegisterFromJson(FunctionRegistry& registry);  // json_from.cc

void RegisterJsonFunctions(FunctionRegistry& registry) {
  RegisterFromJson(registry);
  {
    FunctionInfo info;
    info.name = "json_tuple";
    info.kind = FunctionKind::kGenerator;
    info.group = "json_funcs";
    info.usage = "_FUNC_(jsonStr, p1, p2, ..., pn) - Returns a tuple like the function get_json_object, but it takes "
                 "multiple names. All the input parameters and output column types are string.";
    info.generator = [](const std::vector<ArgType>& args, const FunctionContext&) { return BindJsonTuple(args); };
    registry.Add(std::move(info));
  }
  registry.Add(Info("get_json_object", "_FUNC_(json_txt, path) - Extracts a json object from `path`.",
                    [](const std::vector<ArgType>& args, const FunctionContext&) {
                      return BindGetJsonObject(args);
                    }));
  registry.Add(Info(
      "json_array_length",
      "_FUNC_(jsonArray) - Returns the number of elements in the outermost JSON array.",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        BoundScalar bound = BindStringToX("json_array_length", args, DataType::Int());
        bound.kernel = [](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
          return MapRows<int32_t, std::string_view>(in, rows, DataType::Int(),
                                                    [](std::string_view text) -> std::optional<int32_t> {
                                                      std::optional<Json> json = ParseJson(text);
                                                      if (!json || !json->is_array()) return std::nullopt;
                                                      return static_cast<int32_t>(json->size());
                                                    });
        };
        return bound;
      }));
  registry.Add(Info(
      "json_object_keys", "_FUNC_(json_object) - Returns all the keys of the outermost JSON object as an array.",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        BoundScalar bound = BindStringToX("json_object_keys", args, DataType::Array(Str()));
        bound.kernel = [](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
          strings::StringArrayBuilder builder(rows);
          for (size_t row = 0; row < rows; ++row) {
            std::optional<Json> json;
            if (!in[0]->IsNull(row)) json = ParseJson(in[0]->StringAt(row).view());
            bool null = !json || !json->is_object();
            if (!null)
              for (const auto& [key, value] : json->items()) builder.Add(key);
            builder.FinishRow(row, null);
          }
          return builder.Build();
        };
        return bound;
      }));
  registry.Add(Info("to_json",
                    "_FUNC_(expr[, options]) - Returns a JSON string with a given struct value",
                    &BindToJson));
  registry.Add(Info(
      "schema_of_json", "_FUNC_(json[, options]) - Returns schema in the DDL format of JSON string.",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        ExpectArgCount("schema_of_json", args, 1);
        std::optional<std::string_view> text = ConstantArg<std::string_view>(args[0]);
        if (!text) {
          throw FunctionBindError("The input json should be a foldable \"STRING\" expression and not null");
        }
        std::optional<Json> json = ParseJson(*text);
        if (!json) {
          ThrowError(ErrorClass::kInvalidParameterValue,
                     {{"parameter", "`json`"},
                      {"function", "`schema_of_json`"},
                      {"message", "malformed JSON: " + std::string(*text)}});
        }
        std::string schema = Canonical(InferType(*json)).ToSql();
        BoundScalar bound;
        bound.result_type = Str();
        bound.arg_types = {Str()};
        bound.kernel = [schema](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
          VectorPtr one = Vector::Make(Str(), 1);
          one->SetString(0, schema);
          return rows == 1 ? one : Vector::MakeConstant(one, 0, rows);
        };
        return bound;
      }));
}

}  // namespace tarn
