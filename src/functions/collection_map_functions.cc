// Spark's map and struct constructors and accessors (map, map_keys,
// map_values, map_entries, map_from_arrays, map_from_entries, map_concat,
// map_contains_key, str_to_map, struct, named_struct) and sequence().
// Maps are built with Spark's default spark.sql.mapKeyDedupPolicy=EXCEPTION:
// a duplicate key raises DUPLICATED_MAP_KEY, a NULL key NULL_MAP_KEY.
#include <re2/re2.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "columnar/value_text.h"
#include "common/error.h"
#include "functions/collection_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/coercion.h"
#include "types/datetime.h"

namespace tarn::collection {
namespace {

constexpr const char* kGroup = "map_funcs";
constexpr int64_t kMaxArrayLength = 2147483632;

FunctionInfo Describe(const char* name, const char* group, const char* usage, ScalarBinder binder) {
  FunctionInfo info;
  info.name = name;
  info.group = group;
  info.usage = usage;
  info.scalar = std::move(binder);
  return info;
}

DataType MapArg(const std::vector<ArgType>& args, size_t i) {
  const DataType& t = args[i].type;
  if (t.id() == TypeId::kMap) return t;
  if (t.id() == TypeId::kNull) return DataType::Map(DataType::Null(), DataType::Null());
  ThrowUnexpectedInputType(i, "\"MAP\"", t);
}

DataType ArrayArg(const std::vector<ArgType>& args, size_t i) {
  const DataType& t = args[i].type;
  if (t.id() == TypeId::kArray) return t;
  if (t.id() == TypeId::kNull) return DataType::Array(DataType::Null());
  ThrowUnexpectedInputType(i, "\"ARRAY\"", t);
}

// Adds entries of one output map row, rejecting NULL and duplicate keys.
class MapRowBuilder {
 public:
  explicit MapRowBuilder(ListWriter& out) : out_(out) {}
  void Add(const Vector& keys, size_t key_row, const Vector& values, size_t value_row) {
    if (keys.IsNull(key_row)) ThrowError(ErrorClass::kNullMapKey);
    uint64_t hash = HashValue(keys, key_row);
    auto [begin, end] = seen_.equal_range(hash);
    for (auto it = begin; it != end; ++it) {
      if (EqualValues(out_.keys(), it->second, keys, key_row)) {
        std::string text;
        AppendSparkText(keys, key_row, &text);
        ThrowError(ErrorClass::kDuplicatedMapKey,
                   {{"key", text}, {"mapKeyDedupPolicy", "\"spark.sql.mapKeyDedupPolicy\""}});
      }
    }
    seen_.emplace(hash, out_.keys().size());
    out_.keys().AppendFrom(keys, key_row);
    out_.values().AppendFrom(values, value_row);
  }
  void EndRow() {
    seen_.clear();
    out_.EndRow();
  }

 private:
  ListWriter& out_;
  std::unordered_multimap<uint64_t, size_t> seen_;
};

// --- map(...) and friends ----------------------------------------------------------

BoundScalar BindMap(const std::vector<ArgType>& args, const FunctionContext&) {
  if (args.size() % 2 != 0)
    ThrowError(ErrorClass::kWrongNumArgs, {{"functionName", "`map`"},
                                           {"expectedNum", "2n (n > 0)"},
                                           {"actualNum", std::to_string(args.size())}});
  std::vector<DataType> keys, values;
  for (size_t i = 0; i < args.size(); i += 2) {
    keys.push_back(args[i].type);
    values.push_back(args[i + 1].type);
  }
  DataType key = DataType::Null(), value = DataType::Null();
  if (!args.empty()) {
    std::optional<DataType> k = FindCommonType(keys), v = FindCommonType(values);
    if (!k) throw FunctionBindError("The given keys of function `map` should all be the same type.");
    if (!v) throw FunctionBindError("The given values of function `map` should all be the same type.");
    if (k->id() == TypeId::kMap) throw FunctionBindError("The key of function `map` cannot be of type \"MAP\".");
    key = *k;
    value = *v;
  }
  BoundScalar bound;
  bound.result_type = DataType::Map(key, value);
  bound.result_nullable = false;
  for (size_t i = 0; i < args.size(); i += 2) {
    bound.arg_types.push_back(key);
    bound.arg_types.push_back(value);
  }
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    MapRowBuilder builder(out);
    for (size_t row = 0; row < rows; ++row) {
      for (size_t i = 0; i < args.size(); i += 2) builder.Add(*args[i], row, *args[i + 1], row);
      builder.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// map_keys / map_values: the key or value child as an array.
BoundScalar BindMapPart(const char* name, int part, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1);
  DataType map = MapArg(args, 0);
  BoundScalar bound;
  bound.result_type = part == 0 ? DataType::Array(map.key_type(), false) : DataType::Array(map.value_type(), map.value_contains_null());
  bound.arg_types = {map};
  DataType type = bound.result_type;
  bound.kernel = [type, part](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      MapSpan map = MapAt(*args[0], row);
      const Vector& source = part == 0 ? *map.keys : *map.values;
      for (int32_t i = map.begin; i < map.end; ++i) out.elements().AppendFrom(source, i);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindMapEntries(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("map_entries", args, 1);
  DataType map = MapArg(args, 0);
  BoundScalar bound;
  DataType entry = DataType::Struct({Field{"key", map.key_type(), false, ""}, Field{"value", map.value_type(), map.value_contains_null(), ""}});
  bound.result_type = DataType::Array(entry, false);
  bound.arg_types = {map};
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      MapSpan map = MapAt(*args[0], row);
      Vector& entries = out.elements();
      size_t base = entries.size();
      for (int32_t i = map.begin; i < map.end; ++i) {
        entries.child(0).AppendFrom(*map.keys, i);
        entries.child(1).AppendFrom(*map.values, i);
      }
      entries.Resize(base + map.size());
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindMapFromArrays(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("map_from_arrays", args, 2);
  DataType keys = ArrayArg(args, 0), values = ArrayArg(args, 1);
  BoundScalar bound;
  bound.result_type = DataType::Map(keys.element_type(), values.element_type(), values.contains_null());
  bound.arg_types = {keys, values};
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    MapRowBuilder builder(out);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan k = ListAt(*args[0], row), v = ListAt(*args[1], row);
      if (k.size() != v.size())
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`keys`, `values`"},
                    {"function", "`map_from_arrays`"},
                    {"message", "The key array and value array of MapData must have the same length."}});
      for (int32_t i = 0; i < k.size(); ++i) builder.Add(*k.elements, k.begin + i, *v.elements, v.begin + i);
      builder.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindMapFromEntries(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("map_from_entries", args, 1);
  DataType array = ArrayArg(args, 0);
  const DataType& entry = array.element_type();
  if (entry.id() != TypeId::kStruct || entry.fields().size() != 2)
    ThrowUnexpectedInputType(0, "\"ARRAY\" of pair \"STRUCT\"", array);
  BoundScalar bound;
  bound.result_type = DataType::Map(entry.fields()[0].type, entry.fields()[1].type, entry.fields()[1].nullable);
  bound.arg_types = {array};
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    MapRowBuilder builder(out);
    for (size_t row = 0; row < rows; ++row) {
      bool null = args[0]->IsNull(row);
      ListSpan list{nullptr, 0, 0};
      if (!null) {
        list = ListAt(*args[0], row);
        for (int32_t i = list.begin; i < list.end && !null; ++i) null = list.elements->IsNull(i);  // a NULL entry → NULL
      }
      if (null) {
        out.NullRow();
        continue;
      }
      const Vector& structs = list.elements->Base();
      for (int32_t i = list.begin; i < list.end; ++i) {
        size_t r = list.elements->RowIndex(i);
        builder.Add(structs.child(0), r, structs.child(1), r);
      }
      builder.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindMapConcat(const std::vector<ArgType>& args, const FunctionContext&) {
  std::vector<DataType> types;
  for (size_t i = 0; i < args.size(); ++i) types.push_back(MapArg(args, i));
  DataType type = DataType::Map(DataType::String(), DataType::String());
  if (!types.empty()) {
    std::optional<DataType> common = FindCommonType(types);
    if (!common || common->id() != TypeId::kMap)
      throw FunctionBindError("The given maps of function `map_concat` should all be the same type.");
    type = *common;
  }
  BoundScalar bound;
  bound.result_type = type;
  bound.arg_types.assign(args.size(), type);
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    MapRowBuilder builder(out);
    for (size_t row = 0; row < rows; ++row) {
      bool null = false;
      for (const VectorPtr& arg : args) null |= arg->IsNull(row);
      if (null) {
        out.NullRow();
        continue;
      }
      for (const VectorPtr& arg : args) {
        MapSpan map = MapAt(*arg, row);
        for (int32_t i = map.begin; i < map.end; ++i) builder.Add(*map.keys, i, *map.values, i);
      }
      builder.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindMapContainsKey(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("map_contains_key", args, 2);
  DataType map = MapArg(args, 0);
  std::optional<DataType> key = FindCommonType(map.key_type(), args[1].type);
  if (!key) ThrowUnexpectedInputType(1, "\"" + map.key_type().ToSql() + "\"", args[1].type);
  DataType map_type = DataType::Map(*key, map.value_type(), map.value_contains_null());
  BoundScalar bound;
  bound.result_type = DataType::Boolean();
  bound.arg_types = {map_type, *key};
  bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(DataType::Boolean(), rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      MapSpan map = MapAt(*args[0], row);
      bool found = false;
      for (int32_t i = map.begin; i < map.end && !found; ++i) found = EqualValues(*map.keys, i, *args[1], row);
      out->values<uint8_t>()[row] = found;
    }
    return out;
  };
  return bound;
}

// str_to_map(text[, pairDelim[, keyValueDelim]]): both delimiters are regular expressions.
BoundScalar BindStrToMap(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("str_to_map", args, 1, 3);
  for (size_t i = 0; i < args.size(); ++i)
    if (!args[i].type.is_string_like() && args[i].type.id() != TypeId::kNull) ThrowUnexpectedInputType(i, "\"STRING\"", args[i].type);
  std::string delims[2] = {",", ":"};
  for (size_t i = 1; i < args.size(); ++i) {
    std::optional<std::string_view> d = ConstantArg<std::string_view>(args[i]);
    if (!d) throw FunctionBindError("The delimiters of `str_to_map` must be constant strings.");
    delims[i - 1] = std::string(*d);
  }
  auto pair_re = std::make_shared<RE2>(delims[0]);
  auto kv_re = std::make_shared<RE2>(delims[1]);
  if (!pair_re->ok() || !kv_re->ok())
    throw FunctionBindError("Invalid delimiter regex for `str_to_map`: " + (pair_re->ok() ? kv_re : pair_re)->error());
  BoundScalar bound;
  DataType type = DataType::Map(DataType::String(), DataType::String());
  bound.result_type = type;
  bound.arg_types.assign(args.size(), DataType::String());
  bound.kernel = [type, pair_re, kv_re](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    MapRowBuilder builder(out);
    VectorPtr key = Vector::Make(DataType::String(), 1), value = Vector::Make(DataType::String(), 1);
    // Java's String.split(regex, limit): pieces between matches (an empty match never splits at 0).
    auto split = [](std::string_view text, const RE2& re, size_t limit) {
      std::vector<std::string_view> pieces;
      size_t start = 0, search = 0;
      re2::StringPiece match;
      while (pieces.size() + 1 < limit && search <= text.size() &&
             re.Match(text, search, text.size(), RE2::UNANCHORED, &match, 1)) {
        size_t at = match.data() - text.data();
        if (match.empty()) {
          if (at >= text.size()) break;
          if (at == 0) {
            search = 1;
            continue;
          }
        }
        pieces.push_back(text.substr(start, at - start));
        start = at + match.size();
        search = match.empty() ? start + 1 : start;
      }
      pieces.push_back(text.substr(start));
      if (limit == SIZE_MAX)
        while (pieces.size() > 1 && pieces.back().empty()) pieces.pop_back();  // split(regex) drops trailing empties
      return pieces;
    };
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      for (std::string_view pair : split(args[0]->StringAt(row).view(), *pair_re, SIZE_MAX)) {
        std::vector<std::string_view> kv = split(pair, *kv_re, 2);
        key->SetString(0, kv[0]);
        if (kv.size() == 2) {
          value->SetNull(0, false);
          value->SetString(0, kv[1]);
        } else {
          value->SetNull(0);
        }
        builder.Add(*key, 0, *value, 0);
      }
      builder.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// --- struct / named_struct ------------------------------------------------------------

BoundScalar StructOf(std::vector<Field> fields) {
  BoundScalar bound;
  for (const Field& f : fields) bound.arg_types.push_back(f.type);
  bound.result_type = DataType::Struct(std::move(fields));
  bound.result_nullable = false;
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    // Struct children are row-aligned vectors of the field types: the (flat) arguments themselves.
    VectorPtr out = Vector::Make(type, rows);
    for (size_t i = 0; i < args.size(); ++i) out->set_child(i, Vector::Flatten(args[i]));
    return out;
  };
  return bound;
}

BoundScalar BindStruct(const std::vector<ArgType>& args, const FunctionContext&) {
  std::vector<Field> fields;
  for (size_t i = 0; i < args.size(); ++i) fields.push_back(Field{"col" + std::to_string(i + 1), args[i].type, args[i].nullable, ""});
  return StructOf(std::move(fields));
}

BoundScalar BindNamedStruct(const std::vector<ArgType>& args, const FunctionContext&) {
  if (args.empty() || args.size() % 2 != 0)
    ThrowError(ErrorClass::kWrongNumArgs, {{"functionName", "`named_struct`"},
                                           {"expectedNum", "2n (n > 0)"},
                                           {"actualNum", std::to_string(args.size())}});
  std::vector<Field> fields;
  for (size_t i = 0; i < args.size(); i += 2) {
    std::optional<std::string_view> name =
        args[i].type.id() == TypeId::kString ? ConstantArg<std::string_view>(args[i]) : std::nullopt;
    if (!name) throw FunctionBindError("Only foldable \"STRING\" expressions are allowed to appear at odd position, got: " + Ordinal(i) + " argument.");
    fields.push_back(Field{std::string(*name), args[i + 1].type, args[i + 1].nullable, ""});
  }
  BoundScalar values = StructOf(fields);
  // The names are arguments too: keep their types and skip them in the kernel.
  BoundScalar bound = values;
  bound.arg_types.clear();
  for (size_t i = 0; i < args.size(); i += 2) {
    bound.arg_types.push_back(DataType::String());
    bound.arg_types.push_back(args[i + 1].type);
  }
  ScalarKernel inner = values.kernel;
  bound.kernel = [inner](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
    std::vector<VectorPtr> value_args;
    for (size_t i = 1; i < args.size(); i += 2) value_args.push_back(args[i]);
    return inner(std::span<const VectorPtr>(value_args), rows, ctx);
  };
  return bound;
}

// --- sequence ----------------------------------------------------------------------------

[[noreturn]] void ThrowBoundaries(const std::string& start, const std::string& stop, const std::string& step) {
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "`start`, `stop`, `step`"},
              {"function", "`sequence`"},
              {"message", "Illegal sequence boundaries: " + start + " to " + stop + " by " + step}});
}

[[noreturn]] void ThrowTooLong(int64_t length) {
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "`start`, `stop`, `step`"},
              {"function", "`sequence`"},
              {"message", "Too long sequence: " + std::to_string(length) + ". Should be <= " + std::to_string(kMaxArrayLength)}});
}

int64_t IntegralAt(const Vector& v, size_t row) {
  switch (v.type().physical_type()) {
    case PhysicalType::kInt8: return v.ValueAt<int8_t>(row);
    case PhysicalType::kInt16: return v.ValueAt<int16_t>(row);
    case PhysicalType::kInt32: return v.ValueAt<int32_t>(row);
    default: return v.ValueAt<int64_t>(row);
  }
}

void WriteIntegral(Vector& out, size_t row, int64_t value) {
  switch (out.type().physical_type()) {
    case PhysicalType::kInt8: out.values<int8_t>()[row] = static_cast<int8_t>(value); break;
    case PhysicalType::kInt16: out.values<int16_t>()[row] = static_cast<int16_t>(value); break;
    case PhysicalType::kInt32: out.values<int32_t>()[row] = static_cast<int32_t>(value); break;
    default: out.values<int64_t>()[row] = value; break;
  }
}

// Days since epoch plus `months` calendar months (day clamped to the month's end).
int64_t AddMonthsToDays(int64_t days, int64_t months) {
  if (months == 0) return days;
  CivilDate d = CivilFromDays(days);
  int64_t total = d.year * 12 + (d.month - 1) + months;
  int64_t year = FloorDiv(total, 12);
  int month = static_cast<int>(FloorMod(total, 12)) + 1;
  return DaysFromCivil(year, month, std::min(d.day, DaysInMonth(year, month)));
}

BoundScalar BindSequence(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("sequence", args, 2, 3);
  DataType start = args[0].type, stop = args[1].type;
  std::optional<DataType> common = FindCommonType(start, stop);
  if (!common) ThrowUnexpectedInputType(1, "\"" + start.ToSql() + "\"", stop);
  bool temporal = common->id() == TypeId::kDate || common->is_timestamp();
  BoundScalar bound;
  if (!temporal) {
    DataType type = *common;
    if (args.size() == 3) {
      std::optional<DataType> with_step = FindCommonType(type, args[2].type);
      if (!with_step) ThrowUnexpectedInputType(2, "\"" + type.ToSql() + "\"", args[2].type);
      type = *with_step;
    }
    if (type.id() == TypeId::kNull) type = DataType::Int();
    if (!type.is_integral()) ThrowUnexpectedInputType(0, "(\"INTEGRAL\" or \"DATE\" or \"TIMESTAMP\")", type);
    bound.result_type = DataType::Array(type, false);
    bound.arg_types.assign(args.size(), type);
    DataType result = bound.result_type;
    bound.kernel = [result, type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      ListWriter out(result, rows);
      for (size_t row = 0; row < rows; ++row) {
        bool null = false;
        for (const VectorPtr& arg : args) null |= arg->IsNull(row);
        if (null) {
          out.NullRow();
          continue;
        }
        int64_t from = IntegralAt(*args[0], row), to = IntegralAt(*args[1], row);
        int64_t step = args.size() == 3 ? IntegralAt(*args[2], row) : (from <= to ? 1 : -1);
        if (!((step > 0 && from <= to) || (step < 0 && from >= to) || (step == 0 && from == to)))
          ThrowBoundaries(std::to_string(from), std::to_string(to), std::to_string(step));
        int128_t length = step == 0 ? 1 : (static_cast<int128_t>(to) - from) / step + 1;
        if (length > kMaxArrayLength) ThrowTooLong(static_cast<int64_t>(length));
        Vector& elements = out.elements();
        size_t base = elements.size();
        elements.Resize(base + static_cast<size_t>(length));
        for (int64_t i = 0; i < static_cast<int64_t>(length); ++i) WriteIntegral(elements, base + i, from + i * step);
        out.EndRow();
      }
      return out.Finish();
    };
    return bound;
  }
  // Dates and timestamps: the step is an interval (default one day, or minus one day).
  DataType type = *common;
  DataType step_type = args.size() == 3 ? args[2].type : DataType::DayTimeInterval(IntervalField::kDay, IntervalField::kDay);
  if (step_type.id() != TypeId::kYearMonthInterval && step_type.id() != TypeId::kDayTimeInterval &&
      step_type.id() != TypeId::kCalendarInterval)
    ThrowUnexpectedInputType(2, "\"INTERVAL\"", step_type);
  bound.result_type = DataType::Array(type, false);
  bound.arg_types = {type, type};
  if (args.size() == 3) bound.arg_types.push_back(step_type);
  DataType result = bound.result_type;
  bool is_date = type.id() == TypeId::kDate;
  bound.kernel = [result, is_date](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(result, rows);
    for (size_t row = 0; row < rows; ++row) {
      bool null = false;
      for (const VectorPtr& arg : args) null |= arg->IsNull(row);
      if (null) {
        out.NullRow();
        continue;
      }
      int64_t from = is_date ? args[0]->ValueAt<int32_t>(row) : args[0]->ValueAt<int64_t>(row);
      int64_t to = is_date ? args[1]->ValueAt<int32_t>(row) : args[1]->ValueAt<int64_t>(row);
      IntervalValue step{0, from <= to ? 1 : -1, 0};
      if (args.size() == 3) {
        switch (args[2]->type().id()) {
          case TypeId::kYearMonthInterval: step = {args[2]->ValueAt<int32_t>(row), 0, 0}; break;
          case TypeId::kDayTimeInterval: step = {0, 0, args[2]->ValueAt<int64_t>(row)}; break;
          default: step = args[2]->ValueAt<IntervalValue>(row); break;
        }
      }
      std::string step_text = CalendarIntervalToString(step);
      if (is_date && step.micros % kMicrosPerDay != 0)
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`step`"},
                    {"function", "`sequence`"},
                    {"message", "sequence step must be an interval day to second with whole days, or a year-month interval when start and end are dates"}});
      // Spark estimates the step's sign from months as 28 days.
      double estimate = static_cast<double>(step.months) * 28 * kMicrosPerDay + static_cast<double>(step.days) * kMicrosPerDay +
                        static_cast<double>(step.micros);
      int64_t span = is_date ? (to - from) : (to - from);
      bool ok = (estimate > 0 && span >= 0) || (estimate < 0 && span <= 0) || (estimate == 0 && span == 0);
      if (!ok) ThrowBoundaries(std::to_string(from), std::to_string(to), step_text);
      Vector& elements = out.elements();
      for (int64_t i = 0;; ++i) {
        int64_t value;
        if (is_date) {
          value = AddMonthsToDays(from, step.months * i) + step.days * i + (step.micros / kMicrosPerDay) * i;
        } else {
          int64_t days = FloorDiv(from, kMicrosPerDay), micros = FloorMod(from, kMicrosPerDay);
          value = (AddMonthsToDays(days, step.months * i) + step.days * i) * kMicrosPerDay + micros + step.micros * i;
        }
        if (estimate > 0 ? value > to : value < to) break;
        if (i >= kMaxArrayLength) ThrowTooLong(i + 1);
        size_t at = elements.size();
        elements.Resize(at + 1);
        if (is_date) elements.values<int32_t>()[at] = static_cast<int32_t>(value);
        else elements.values<int64_t>()[at] = value;
        if (estimate == 0) break;
      }
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

}  // namespace

void RegisterMapFunctions(FunctionRegistry& r) {
  r.Add(Describe("map", kGroup, "_FUNC_(key0, value0, key1, value1, ...) - Creates a map with the given key/value pairs.", BindMap));
  r.Add(Describe("map_keys", kGroup, "_FUNC_(map) - Returns an unordered array containing the keys of the map.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindMapPart("map_keys", 0, args); }));
  r.Add(Describe("map_values", kGroup, "_FUNC_(map) - Returns an unordered array containing the values of the map.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindMapPart("map_values", 1, args); }));
  r.Add(Describe("map_entries", kGroup, "_FUNC_(map) - Returns an unordered array of all entries in the given map.", BindMapEntries));
  r.Add(Describe("map_from_arrays", kGroup, "_FUNC_(keys, values) - Creates a map with a pair of the given key/value arrays. All elements in keys should not be null",
                 BindMapFromArrays));
  r.Add(Describe("map_from_entries", kGroup, "_FUNC_(arrayOfEntries) - Returns a map created from the given array of entries.",
                 BindMapFromEntries));
  r.Add(Describe("map_concat", kGroup, "_FUNC_(map, ...) - Returns the union of all the given maps", BindMapConcat));
  r.Add(Describe("map_contains_key", kGroup, "_FUNC_(map, key) - Returns true if the map contains the key.", BindMapContainsKey));
  r.Add(Describe("str_to_map", kGroup, "_FUNC_(text[, pairDelim[, keyValueDelim]]) - Creates a map after splitting the text into key/value pairs using delimiters. Default delimiters are ',' for `pairDelim` and ':' for `keyValueDelim`. Both `pairDelim` and `keyValueDelim` are treated as regular expressions.",
                 BindStrToMap));
  r.Add(Describe("struct", "struct_funcs", "_FUNC_(col1, col2, col3, ...) - Creates a struct with the given field values.", BindStruct));
  r.Add(Describe("named_struct", "struct_funcs", "_FUNC_(name1, val1, name2, val2, ...) - Creates a struct with the given field names and values.",
                 BindNamedStruct));
  r.Add(Describe("sequence", "array_funcs", "_FUNC_(start, stop, step) - Generates an array of elements from start to stop (inclusive), incrementing by step. The type of the returned elements is the same as the type of argument expressions.",
                 BindSequence));
}

}  // namespace tarn::collection
