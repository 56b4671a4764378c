// from_json(jsonStr, schema[, options]): JSON text to a struct, array or map
// of the constant DDL schema, with the conversions of Spark's JacksonParser:
//  - a JSON null (or a missing field) is NULL for any type;
//  - booleans from true/false; integral types from integer numbers in range;
//    float/double from numbers and "NaN"/"Infinity"/"-Infinity"/"+INF"/"-INF";
//    decimals from numbers and numeric strings; strings from JSON strings, any
//    other value as its JSON text; binary from base64 strings; dates and
//    timestamps from strings (timestamps also from epoch seconds);
//  - a value that does not convert makes its top-level field NULL (Spark's
//    partial results), the other fields are kept;
//  - malformed JSON: PERMISSIVE (default) gives a struct of NULL fields (NULL
//    for array/map schemas), FAILFAST raises MALFORMED_RECORD_IN_PARSING.
// Empty or blank input gives NULL. Single-quoted strings are accepted (Spark's
// allowSingleQuotes defaults to true). Parsing uses nlohmann-json.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "functions/cast.h"
#include "functions/json_writer.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/string_util.h"
#include "types/decimal.h"
#include "types/number_text.h"
#include "types/type_parser.h"

namespace tarn {

void RegisterFromJson(FunctionRegistry& registry);

namespace {

using Json = nlohmann::ordered_json;

constexpr int kMaxDepth = 1000;  // deeper documents are malformed (bounded recursion)

// Rewrites single-quoted strings as double-quoted ones; nullopt when there is
// nothing to rewrite. Also measures nesting: false when too deep.
bool Normalize(std::string_view text, std::string* out, bool* rewritten) {
  *rewritten = false;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      if (*rewritten) out->append(text.substr(i, std::min(j + 1, text.size()) - i));
      i = j;
    } else if (c == '\'') {
      if (!*rewritten) {
        out->assign(text.substr(0, i));
        *rewritten = true;
      }
      out->push_back('"');
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '\''; ++j) {
        if (text[j] == '\\' && j + 1 < text.size()) {
          if (text[j + 1] == '\'') out->push_back('\'');
          else out->append(text.substr(j, 2));
          ++j;
        } else if (text[j] == '"') {
          out->append("\\\"");
        } else {
          out->push_back(text[j]);
        }
      }
      out->push_back('"');
      i = j;
    } else {
      if (c == '{' || c == '[') {
        if (++depth > kMaxDepth) return false;
      } else if (c == '}' || c == ']') {
        --depth;
      }
      if (*rewritten) out->push_back(c);
    }
  }
  return true;
}

std::optional<Json> Parse(std::string_view text) {
  std::string rewritten_text;
  bool rewritten = false;
  if (!Normalize(text, &rewritten_text, &rewritten)) return std::nullopt;
  std::string_view input = rewritten ? std::string_view(rewritten_text) : text;
  Json json = Json::parse(input.begin(), input.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}


std::optional<int64_t> IntegerOf(const Json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<int64_t>();
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  return std::nullopt;
}

std::optional<double> FloatingOf(const Json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.get_ref<const std::string&>();
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity" || s == "+Infinity" || s == "+INF") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity" || s == "-INF") return -std::numeric_limits<double>::infinity();
  return std::nullopt;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    int digit = strings::Base64Digit(text[i]);
    if (digit < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(digit);
    if (++count == 4) {
      out.push_back(static_cast<char>(bits >> 16));
      out.push_back(static_cast<char>(bits >> 8));
      out.push_back(static_cast<char>(bits));
      bits = 0;
      count = 0;
    }
  }
  for (; i < text.size(); ++i)
    if (text[i] != '=') return std::nullopt;
  if (count == 1) return std::nullopt;
  if (count == 2) out.push_back(static_cast<char>(bits >> 4));
  if (count == 3) {
    out.push_back(static_cast<char>(bits >> 10));
    out.push_back(static_cast<char>(bits >> 2));
  }
  return out;
}

// Text CAST(text AS type) in try mode (dates, timestamps); nullopt on failure.
VectorPtr CastText(std::string_view text, const DataType& type, const FunctionContext& ctx) {
  VectorPtr one = Vector::Make(DataType::String(), 1);
  one->SetString(0, text);
  VectorPtr cast = CastVector(one, 1, type, CastMode::kTry, ctx);
  if (cast->IsNull(0)) return nullptr;
  return cast;
}

std::optional<int128_t> DecimalOf(const Json& value, const DataType& type) {
  std::string text;
  if (value.is_string()) text = value.get<std::string>();
  else if (value.is_number_float()) AppendJavaNumber(value.get<double>(), &text);
  else if (value.is_number_unsigned()) text = std::to_string(value.get<uint64_t>());
  else if (value.is_number_integer()) text = std::to_string(value.get<int64_t>());
  else return std::nullopt;
  return ParseDecimal(text, type.precision(), type.scale());
}

class Converter {
 public:
  explicit Converter(const FunctionContext& ctx) : ctx_(ctx) {}

  // Writes `value` (converted to out's type) at `row` of the flat vector
  // `out`, which has the row already. False when it does not convert; the
  // row's content is then unspecified and the caller nulls it.
  bool Write(const Json& value, Vector& out, size_t row) const {
    if (value.is_null()) {
      out.SetNull(row);
      return true;
    }
    const DataType& type = out.type();
    switch (type.id()) {
      case TypeId::kBoolean:
        if (!value.is_boolean()) return false;
        out.values<uint8_t>()[row] = value.get<bool>() ? 1 : 0;
        return true;
      case TypeId::kByte: return WriteIntegral<int8_t>(value, out, row);
      case TypeId::kShort: return WriteIntegral<int16_t>(value, out, row);
      case TypeId::kInt: return WriteIntegral<int32_t>(value, out, row);
      case TypeId::kLong: return WriteIntegral<int64_t>(value, out, row);
      case TypeId::kFloat: {
        std::optional<double> d = FloatingOf(value);
        if (!d) return false;
        out.values<float>()[row] = static_cast<float>(*d);
        return true;
      }
      case TypeId::kDouble: {
        std::optional<double> d = FloatingOf(value);
        if (!d) return false;
        out.values<double>()[row] = *d;
        return true;
      }
      case TypeId::kDecimal: {
        std::optional<int128_t> d = DecimalOf(value, type);
        if (!d) return false;
        if (type.precision() <= kMaxInt64DecimalPrecision) out.values<int64_t>()[row] = static_cast<int64_t>(*d);
        else out.values<int128_t>()[row] = *d;
        return true;
      }
      case TypeId::kString:
        if (value.is_string()) {
          out.SetString(row, value.get_ref<const std::string&>());
        } else {
          std::string text;
          json::AppendParsedJson(value, &text);
          out.SetString(row, text);
        }
        return true;
      case TypeId::kBinary: {
        if (!value.is_string()) return false;
        std::optional<std::string> bytes = DecodeBase64(value.get_ref<const std::string&>());
        if (!bytes) return false;
        out.SetString(row, *bytes);
        return true;
      }
      case TypeId::kDate:
      case TypeId::kTimestamp:
      case TypeId::kTimestampNtz: {
        if (type.id() == TypeId::kTimestamp && value.is_number_integer()) {
          std::optional<int64_t> seconds = IntegerOf(value);
          if (!seconds || *seconds > INT64_MAX / 1000000 || *seconds < INT64_MIN / 1000000) return false;
          out.values<int64_t>()[row] = *seconds * 1000000;
          return true;
        }
        if (!value.is_string()) return false;
        VectorPtr cast = CastText(value.get_ref<const std::string&>(), type, ctx_);
        if (!cast) return false;
        if (type.id() == TypeId::kDate) out.values<int32_t>()[row] = cast->ValueAt<int32_t>(0);
        else out.values<int64_t>()[row] = cast->ValueAt<int64_t>(0);
        return true;
      }
      case TypeId::kArray: {
        if (!value.is_array()) return false;
        // Elements of rows that failed earlier may follow offsets[row]: drop them.
        Vector& child = out.child(0);
        size_t begin = static_cast<size_t>(out.offsets()[row]);
        child.Resize(begin + value.size());
        size_t at = begin;
        for (const Json& element : value)
          if (!Write(element, child, at++)) return false;
        out.offsets()[row + 1] = static_cast<int32_t>(child.size());
        return true;
      }
      case TypeId::kMap: {
        if (!value.is_object()) return false;
        Vector& keys = out.child(0);
        Vector& values = out.child(1);
        size_t begin = static_cast<size_t>(out.offsets()[row]);
        keys.Resize(begin + value.size());
        values.Resize(begin + value.size());
        size_t at = begin;
        for (const auto& [key, element] : value.items()) {
          keys.SetString(at, key);
          if (!Write(element, values, at++)) return false;
        }
        out.offsets()[row + 1] = static_cast<int32_t>(keys.size());
        return true;
      }
      case TypeId::kStruct: return WriteStruct(value, out, row, nullptr);
      default: return false;
    }
  }

  // An object into a struct row. With `failed` set (the root), a field that
  // does not convert becomes NULL and is reported; nested, it fails the row.
  bool WriteStruct(const Json& value, Vector& out, size_t row, bool* failed) const {
    if (!value.is_object()) return false;
    const std::vector<Field>& fields = out.type().fields();
    // Exact (case-sensitive) name match; for a repeated key the last wins.
    std::vector<const Json*> matched(fields.size(), nullptr);
    for (const auto& [key, element] : value.items()) {
      for (size_t f = 0; f < fields.size(); ++f)
        if (fields[f].name == key) matched[f] = &element;
    }
    for (size_t f = 0; f < fields.size(); ++f) {
      Vector& child = out.child(f);
      if (matched[f] == nullptr) {
        child.SetNull(row);
        continue;
      }
      if (!Write(*matched[f], child, row)) {
        if (failed == nullptr) return false;
        *failed = true;
        child.SetNull(row);
        if (child.type().id() == TypeId::kArray || child.type().id() == TypeId::kMap)
          child.offsets()[row + 1] = child.offsets()[row];
      }
    }
    return true;
  }

 private:
  template <typename T>
  static bool WriteIntegral(const Json& value, Vector& out, size_t row) {
    std::optional<int64_t> v = IntegerOf(value);
    if (!v || *v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max()) return false;
    out.values<T>()[row] = static_cast<T>(*v);
    return true;
  }

  const FunctionContext& ctx_;
};

DataType AsNullable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kArray: return DataType::Array(AsNullable(type.element_type()), true);
    case TypeId::kMap: return DataType::Map(AsNullable(type.key_type()), AsNullable(type.value_type()), true);
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (const Field& f : type.fields()) fields.push_back({f.name, AsNullable(f.type), true, f.comment});
      return DataType::Struct(std::move(fields));
    }
    default: return type;
  }
}

DataType ParseSchemaArg(const ArgType& arg) {
  if (arg.type.id() != TypeId::kString || !arg.constant || arg.constant->IsNull(0))
    throw FunctionBindError("The schema of from_json must be a constant non-null STRING, like 'a INT, b STRING'.");
  std::string_view text = arg.constant->StringAt(0).view();
  DataType type;
  try {
    type = ParseDataType(text);
  } catch (const Error&) {
    type = DataType::Struct(ParseSchemaDdl(text));
  }
  if (type.id() != TypeId::kStruct && type.id() != TypeId::kArray && type.id() != TypeId::kMap)
    throw FunctionBindError("Input schema " + type.ToSql() + " must be a struct, an array or a map.");
  if (type.id() == TypeId::kMap && type.key_type().id() != TypeId::kString)
    throw FunctionBindError("Input schema " + type.ToSql() + " can only contain STRING as a key type for a MAP.");
  return AsNullable(type);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The mode option: true for FAILFAST. Options are a constant map<string, string>.
bool ParseOptions(const ArgType& arg) {
  if (arg.type.id() != TypeId::kMap || !arg.constant)
    throw FunctionBindError("Must use a map() function for options.");
  if (arg.type.key_type().id() != TypeId::kString || arg.type.value_type().id() != TypeId::kString)
    throw FunctionBindError("A type of keys and values in map() must be string, but got " + arg.type.ToSql() + ".");
  bool failfast = false;
  if (arg.constant->IsNull(0)) return failfast;
  const Vector& map = arg.constant->Base();
  size_t row = arg.constant->RowIndex(0);
  const Vector& keys = map.child(0);
  const Vector& values = map.child(1);
  for (int32_t i = map.offsets()[row]; i < map.offsets()[row + 1]; ++i) {
    if (Lower(keys.StringAt(i).view()) != "mode" || values.IsNull(i)) continue;
    std::string mode = Lower(values.StringAt(i).view());
    if (mode == "failfast") failfast = true;
    else if (mode == "dropmalformed")
      throw FunctionBindError("from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE "
                              "and FAILFAST.");
    else failfast = false;  // PERMISSIVE; unknown modes fall back to it as in Spark
  }
  return failfast;
}

// Drops child rows past the last offset (left by values that failed to convert).
void TrimChildren(Vector& out) {
  if (out.type().id() == TypeId::kArray || out.type().id() == TypeId::kMap) {
    size_t end = static_cast<size_t>(out.offsets()[out.size()]);
    for (size_t c = 0; c < out.num_children(); ++c) out.child(c).Resize(end);
  }
  for (size_t c = 0; c < out.num_children(); ++c) TrimChildren(out.child(c));
}

[[noreturn]] void ThrowMalformed(std::string_view text) {
  ThrowError(ErrorClass::kMalformedRecord, {{"badRecord", std::string(text)}, {"path", "from_json"}, {"line", "0"}});
}

VectorPtr FromJson(const DataType& type, bool failfast, const Vector& input, size_t rows,
                   const FunctionContext& ctx) {
  VectorPtr out = Vector::Make(type, 0);
  out->Reserve(rows);
  Converter converter(ctx);
  bool is_struct = type.id() == TypeId::kStruct;
  for (size_t row = 0; row < rows; ++row) {
    out->Resize(row + 1);
    if (input.IsNull(row)) {
      out->SetNull(row);
      continue;
    }
    std::string_view text = input.StringAt(row).view();
    bool blank = std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    if (blank) {
      out->SetNull(row);
      continue;
    }
    std::optional<Json> json = Parse(text);
    bool ok = json.has_value();
    if (ok && is_struct) {
      bool field_failed = false;
      ok = converter.WriteStruct(*json, *out, row, &field_failed);
      if (ok && field_failed && failfast) ThrowMalformed(text);
    } else if (ok) {
      if (type.id() == TypeId::kArray && json->is_object() && type.element_type().id() == TypeId::kStruct) {
        // A single object for an array of structs is an array of one.
        Json wrapped = Json::array();
        wrapped.push_back(*json);
        *json = std::move(wrapped);
      }
      ok = !json->is_null() && converter.Write(*json, *out, row);
    }
    if (ok) continue;
    if (failfast) ThrowMalformed(text);
    if (is_struct) {
      // PERMISSIVE: a struct whose fields are all NULL.
      for (size_t f = 0; f < out->num_children(); ++f) out->child(f).SetNull(row);
      out->SetNull(row, false);
    } else {
      if (type.id() == TypeId::kArray || type.id() == TypeId::kMap) out->offsets()[row + 1] = out->offsets()[row];
      out->SetNull(row);
    }
  }
  TrimChildren(*out);
  return out;
}

}  // namespace

void RegisterFromJson(FunctionRegistry& registry) {
  FunctionInfo info;
  info.name = "from_json";
  info.group = "json_funcs";
  info.usage = "_FUNC_(jsonStr, schema[, options]) - Returns a struct value with the given `jsonStr` and `schema`.";
  info.examples =
      "> SELECT _FUNC_('{\"a\":1, \"b\":0.8}', 'a INT, b DOUBLE');\n {\"a\":1,\"b\":0.8}\n"
      "> SELECT _FUNC_('{\"time\":\"26/08/2015\"}', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy'));\n"
      " {\"time\":2015-08-26 00:00:00}";
  info.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("from_json", args, 2, 3);
    if (args[0].type.id() != TypeId::kString && args[0].type.id() != TypeId::kNull)
      ThrowUnexpectedInputType(0, "\"STRING\"", args[0].type);
    DataType type = ParseSchemaArg(args[1]);
    bool failfast = args.size() == 3 && ParseOptions(args[2]);
    BoundScalar bound;
    bound.result_type = type;
    bound.arg_types = {DataType::String(), args[1].type};
    if (args.size() == 3) bound.arg_types.push_back(args[2].type);
    bound.kernel = [type, failfast](std::span<const VectorPtr> in, size_t rows, const FunctionContext& ctx) {
      return FromJson(type, failfast, *in[0], rows, ctx);
    };
    return bound;
  };
  registry.Add(std::move(info));
}

}  // namespace tarn
