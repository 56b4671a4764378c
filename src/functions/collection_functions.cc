// Spark's collection_funcs over arrays: construction, search, set
// operations, slicing, sorting, element access and size. Map and struct
// functions and sequence() live in collection_map_functions.cc.
#include <algorithm>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/collection_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn {
namespace {

using collection::AppendNull;
using collection::CompareValues;
using collection::EqualValues;
using collection::ListAt;
using collection::ListSpan;
using collection::ListWriter;

constexpr const char* kGroup = "collection_funcs";
const char* const kAnsiConfig = "\"spark.sql.ansi.enabled\"";
// Spark's ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH.
constexpr int64_t kMaxArrayLength = 2147483632;

// A set of values (rows of vectors) under Spark's equality.
class ValueSet {
 public:
  bool Contains(const Vector& v, size_t row) const {
    auto [begin, end] = entries_.equal_range(collection::HashValue(v, row));
    for (auto it = begin; it != end; ++it)
      if (EqualValues(*it->second.first, it->second.second, v, row)) return true;
    return false;
  }
  /// True when the value was not there yet.
  bool Insert(const Vector& v, size_t row) {
    if (Contains(v, row)) return false;
    entries_.emplace(collection::HashValue(v, row), std::make_pair(&v, row));
    return true;
  }

 private:
  std::unordered_multimap<uint64_t, std::pair<const Vector*, size_t>> entries_;
};

FunctionInfo Describe(const char* name, const char* usage, ScalarBinder binder, const char* group = kGroup) {
  FunctionInfo info;
  info.name = name;
  info.group = group;
  info.usage = usage;
  info.scalar = std::move(binder);
  return info;
}

DataType ArrayArg(const std::vector<ArgType>& args, size_t i) {
  const DataType& t = args[i].type;
  if (t.id() == TypeId::kArray) return t;
  if (t.id() == TypeId::kNull) return DataType::Array(DataType::Null());
  ThrowUnexpectedInputType(i, "\"ARRAY\"", t);
}

DataType CommonOrThrow(const char* name, const DataType& a, const DataType& b) {
  std::optional<DataType> common = FindCommonType(a, b);
  if (!common)
    throw FunctionBindError("Input to function `" + std::string(name) + "` should have been two \"ARRAY\" with same element type, but it's [\"" +
                            a.ToSql() + "\", \"" + b.ToSql() + "\"].");
  return *common;
}

int64_t IntAt(const Vector& v, size_t row) {
  switch (v.type().physical_type()) {
    case PhysicalType::kInt8: return v.ValueAt<int8_t>(row);
    case PhysicalType::kInt16: return v.ValueAt<int16_t>(row);
    case PhysicalType::kInt32: return v.ValueAt<int32_t>(row);
    default: return v.ValueAt<int64_t>(row);
  }
}

// --- array(...) ------------------------------------------------------------------

BoundScalar BindArray(const std::vector<ArgType>& args, const FunctionContext&) {
  std::vector<DataType> types;
  bool contains_null = false;
  for (const ArgType& arg : args) {
    types.push_back(arg.type);
    contains_null |= arg.nullable;
  }
  DataType element = DataType::Null();
  if (!types.empty()) {
    std::optional<DataType> common = FindCommonType(types);
    if (!common) throw FunctionBindError("Input to function `array` should all be the same type.");
    element = *common;
  }
  BoundScalar bound;
  bound.result_type = DataType::Array(element, contains_null);
  bound.result_nullable = false;
  bound.arg_types.assign(args.size(), element);
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      for (const VectorPtr& arg : args) out.elements().AppendFrom(*arg, row);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// --- array + value functions ---------------------------------------------------------

// Binds f(array, value): both to array<common> and common.
struct ArrayValueTypes {
  DataType array, element;
};
ArrayValueTypes BindArrayValue(const char* name, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2);
  DataType array = ArrayArg(args, 0);
  std::optional<DataType> common = FindCommonType(array.element_type(), args[1].type);
  if (!common)
    throw FunctionBindError("Input to `" + std::string(name) + "` should have been \"ARRAY\" followed by a value with same element type, but it's [\"" +
                            array.ToSql() + "\", \"" + args[1].type.ToSql() + "\"].");
  return {DataType::Array(*common, array.contains_null()), *common};
}

BoundScalar BindArrayContains(const std::vector<ArgType>& args, const FunctionContext&) {
  ArrayValueTypes t = BindArrayValue("array_contains", args);
  BoundScalar bound;
  bound.result_type = DataType::Boolean();
  bound.arg_types = {t.array, t.element};
  bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(DataType::Boolean(), rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      bool found = false, saw_null = false;
      for (int32_t i = list.begin; i < list.end && !found; ++i) {
        if (list.elements->IsNull(i)) saw_null = true;
        else found = EqualValues(*list.elements, i, *args[1], row);
      }
      if (!found && saw_null) out->SetNull(row);
      else out->values<uint8_t>()[row] = found;
    }
    return out;
  };
  return bound;
}

BoundScalar BindArrayPosition(const std::vector<ArgType>& args, const FunctionContext&) {
  ArrayValueTypes t = BindArrayValue("array_position", args);
  BoundScalar bound;
  bound.result_type = DataType::Long();
  bound.arg_types = {t.array, t.element};
  bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(DataType::Long(), rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      int64_t position = 0;
      for (int32_t i = list.begin; i < list.end; ++i) {
        if (!list.elements->IsNull(i) && EqualValues(*list.elements, i, *args[1], row)) {
          position = i - list.begin + 1;
          break;
        }
      }
      out->values<int64_t>()[row] = position;
    }
    return out;
  };
  return bound;
}

BoundScalar BindArrayRemove(const std::vector<ArgType>& args, const FunctionContext&) {
  ArrayValueTypes t = BindArrayValue("array_remove", args);
  BoundScalar bound;
  bound.result_type = t.array;
  bound.arg_types = {t.array, t.element};
  DataType type = t.array;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      for (int32_t i = list.begin; i < list.end; ++i)
        if (list.elements->IsNull(i) || !EqualValues(*list.elements, i, *args[1], row))
          out.elements().AppendFrom(*list.elements, i);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// array_append / array_prepend: the value may be NULL (it is added as NULL).
BoundScalar BindArrayAdd(const char* name, bool append, const std::vector<ArgType>& args) {
  ArrayValueTypes t = BindArrayValue(name, args);
  BoundScalar bound;
  bound.result_type = DataType::Array(t.element, true);
  bound.arg_types = {DataType::Array(t.element, args[0].type.id() == TypeId::kArray ? args[0].type.contains_null() : true),
                     t.element};
  DataType type = bound.result_type;
  bound.kernel = [type, append](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      if (!append) out.elements().AppendFrom(*args[1], row);
      for (int32_t i = list.begin; i < list.end; ++i) out.elements().AppendFrom(*list.elements, i);
      if (append) out.elements().AppendFrom(*args[1], row);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// --- one-array functions -------------------------------------------------------------

using ArrayRowFn = std::function<void(const ListSpan& list, ListWriter& out)>;

// f(array) → array of the same type, NULL in NULL out.
BoundScalar BindArrayToArray(const char* name, const std::vector<ArgType>& args, ArrayRowFn fn,
                             bool elements_nullable = true) {
  ExpectArgCount(name, args, 1);
  DataType type = ArrayArg(args, 0);
  BoundScalar bound;
  bound.result_type = elements_nullable ? type : DataType::Array(type.element_type(), false);
  bound.arg_types = {type};
  DataType result = bound.result_type;
  bound.kernel = [result, fn](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(result, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      fn(ListAt(*args[0], row), out);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

void Distinct(const ListSpan& list, ListWriter& out) {
  ValueSet seen;
  for (int32_t i = list.begin; i < list.end; ++i)
    if (seen.Insert(*list.elements, i)) out.elements().AppendFrom(*list.elements, i);
}

void Compact(const ListSpan& list, ListWriter& out) {
  for (int32_t i = list.begin; i < list.end; ++i)
    if (!list.elements->IsNull(i)) out.elements().AppendFrom(*list.elements, i);
}

void Reverse(const ListSpan& list, ListWriter& out) {
  for (int32_t i = list.end; i > list.begin; --i) out.elements().AppendFrom(*list.elements, i - 1);
}

// array_max / array_min: NULL elements skipped; NULL when none is left.
BoundScalar BindArrayExtreme(const char* name, bool max, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1);
  DataType type = ArrayArg(args, 0);
  if (!IsOrderable(type.element_type())) ThrowUnexpectedInputType(0, "\"ARRAY\" of orderable elements", type);
  BoundScalar bound;
  bound.result_type = type.element_type();
  bound.arg_types = {type};
  DataType element = type.element_type();
  bound.kernel = [element, max](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(element, 0);
    out->Reserve(rows);
    for (size_t row = 0; row < rows; ++row) {
      int32_t best = -1;
      ListSpan list{nullptr, 0, 0};
      if (!args[0]->IsNull(row)) {
        list = ListAt(*args[0], row);
        for (int32_t i = list.begin; i < list.end; ++i) {
          if (list.elements->IsNull(i)) continue;
          if (best < 0) {
            best = i;
            continue;
          }
          int c = CompareValues(*list.elements, i, *list.elements, best);
          if (max ? c > 0 : c < 0) best = i;
        }
      }
      if (best < 0) AppendNull(*out);
      else out->AppendFrom(*list.elements, best);
    }
    return out;
  };
  return bound;
}

// size / cardinality (legacy: NULL → -1) and array_size (NULL → NULL).
BoundScalar BindSize(const char* name, bool array_only, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1);
  DataType type = args[0].type;
  if (type.id() == TypeId::kNull) type = DataType::Array(DataType::Null());
  if (type.id() != TypeId::kArray && (array_only || type.id() != TypeId::kMap))
    ThrowUnexpectedInputType(0, array_only ? "\"ARRAY\"" : "(\"ARRAY\" or \"MAP\")", type);
  BoundScalar bound;
  bound.result_type = DataType::Int();
  bound.arg_types = {type};
  bound.kernel = [array_only](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
    VectorPtr out = Vector::Make(DataType::Int(), rows);
    bool minus_one = !array_only && !ctx.ansi;  // spark.sql.legacy.sizeOfNull follows ANSI off
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        if (minus_one) out->values<int32_t>()[row] = -1;
        else out->SetNull(row);
        continue;
      }
      out->values<int32_t>()[row] = ListAt(*args[0], row).size();
    }
    return out;
  };
  return bound;
}

// --- two-array set functions -----------------------------------------------------------

enum class SetOp { kUnion, kIntersect, kExcept };

BoundScalar BindSetOp(const char* name, SetOp op, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2);
  DataType a = ArrayArg(args, 0), b = ArrayArg(args, 1);
  DataType common = CommonOrThrow(name, a, b);
  BoundScalar bound;
  bound.result_type = common;
  bound.arg_types = {common, common};
  bound.kernel = [common, op](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(common, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan x = ListAt(*args[0], row), y = ListAt(*args[1], row);
      ValueSet emitted;
      if (op == SetOp::kUnion) {
        for (const ListSpan& l : {x, y})
          for (int32_t i = l.begin; i < l.end; ++i)
            if (emitted.Insert(*l.elements, i)) out.elements().AppendFrom(*l.elements, i);
      } else {
        ValueSet other;
        for (int32_t i = y.begin; i < y.end; ++i) other.Insert(*y.elements, i);
        bool want = op == SetOp::kIntersect;
        for (int32_t i = x.begin; i < x.end; ++i)
          if (other.Contains(*x.elements, i) == want && emitted.Insert(*x.elements, i))
            out.elements().AppendFrom(*x.elements, i);
      }
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindArraysOverlap(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("arrays_overlap", args, 2);
  DataType common = CommonOrThrow("arrays_overlap", ArrayArg(args, 0), ArrayArg(args, 1));
  BoundScalar bound;
  bound.result_type = DataType::Boolean();
  bound.arg_types = {common, common};
  bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(DataType::Boolean(), rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      ListSpan x = ListAt(*args[0], row), y = ListAt(*args[1], row);
      ValueSet set;
      bool saw_null = false, found = false;
      for (int32_t i = x.begin; i < x.end; ++i) {
        if (x.elements->IsNull(i)) saw_null = true;
        else set.Insert(*x.elements, i);
      }
      for (int32_t i = y.begin; i < y.end && !found; ++i) {
        if (y.elements->IsNull(i)) saw_null = true;
        else found = set.Contains(*y.elements, i);
      }
      // No common element: NULL if both are non-empty and either holds a NULL.
      if (!found && saw_null && x.size() > 0 && y.size() > 0) out->SetNull(row);
      else out->values<uint8_t>()[row] = found;
    }
    return out;
  };
  return bound;
}

// --- array_join / array_repeat / array_insert / slice / flatten / arrays_zip -----------

BoundScalar BindArrayJoin(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("array_join", args, 2, 3);
  DataType type = ArrayArg(args, 0);
  if (!type.element_type().is_string_like() && type.element_type().id() != TypeId::kNull)
    ThrowUnexpectedInputType(0, "\"ARRAY<STRING>\"", type);
  BoundScalar bound;
  bound.result_type = DataType::String();
  bound.arg_types = {DataType::Array(DataType::String(), type.contains_null()), DataType::String()};
  if (args.size() == 3) bound.arg_types.push_back(DataType::String());
  bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(DataType::String(), rows);
    std::string text;
    for (size_t row = 0; row < rows; ++row) {
      bool has_replacement = args.size() == 3;
      if (args[0]->IsNull(row) || args[1]->IsNull(row) || (has_replacement && args[2]->IsNull(row))) {
        out->SetNull(row);
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      std::string_view delimiter = args[1]->StringAt(row).view();
      text.clear();
      bool first = true;
      for (int32_t i = list.begin; i < list.end; ++i) {
        std::string_view piece;
        if (list.elements->IsNull(i)) {
          if (!has_replacement) continue;
          piece = args[2]->StringAt(row).view();
        } else {
          piece = list.elements->StringAt(i).view();
        }
        if (!first) text += delimiter;
        text += piece;
        first = false;
      }
      out->SetString(row, text);
    }
    return out;
  };
  return bound;
}

[[noreturn]] void ThrowTooLong(const char* function, int64_t size) {
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "`count`"},
              {"function", std::string("`") + function + "`"},
              {"message", "the result array would have " + std::to_string(size) + " elements, more than the limit " +
                              std::to_string(kMaxArrayLength)}});
}

BoundScalar BindArrayRepeat(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("array_repeat", args, 2);
  if (!args[1].type.is_integral() && args[1].type.id() != TypeId::kNull) ThrowUnexpectedInputType(1, "\"INT\"", args[1].type);
  DataType element = args[0].type;
  BoundScalar bound;
  bound.result_type = DataType::Array(element, args[0].nullable);
  bound.arg_types = {element, DataType::Int()};
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[1]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      int32_t count = args[1]->ValueAt<int32_t>(row);
      if (count > kMaxArrayLength) ThrowTooLong("array_repeat", count);
      if (static_cast<int64_t>(out.elements().size()) + std::max(count, 0) > kMaxArrayLength)
        ThrowTooLong("array_repeat", static_cast<int64_t>(out.elements().size()) + count);
      for (int32_t i = 0; i < count; ++i) out.elements().AppendFrom(*args[0], row);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindArrayInsert(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("array_insert", args, 3);
  DataType array = ArrayArg(args, 0);
  if (!args[1].type.is_integral() && args[1].type.id() != TypeId::kNull) ThrowUnexpectedInputType(1, "\"INT\"", args[1].type);
  std::optional<DataType> common = FindCommonType(array.element_type(), args[2].type);
  if (!common) ThrowUnexpectedInputType(2, "\"" + array.element_type().ToSql() + "\"", args[2].type);
  BoundScalar bound;
  bound.result_type = DataType::Array(*common, true);
  bound.arg_types = {DataType::Array(*common, array.contains_null()), DataType::Int(), *common};
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      int64_t n = list.size();
      int64_t pos = args[1]->ValueAt<int32_t>(row);
      if (pos == 0) ThrowError(ErrorClass::kInvalidIndexOfZero);
      Vector& elements = out.elements();
      // Spark 3.5+: -1 appends after the last element.
      int64_t at = pos > 0 ? pos - 1 : n + pos + 1;
      int64_t length = pos > 0 ? std::max(n + 1, pos) : (at >= 0 ? n + 1 : -pos);
      if (length > kMaxArrayLength) ThrowTooLong("array_insert", length);
      if (at < 0) {
        // Before the start: the value, then NULLs, then the array.
        elements.AppendFrom(*args[2], row);
        for (int64_t i = 1; i < length - n; ++i) AppendNull(elements);
        for (int32_t i = list.begin; i < list.end; ++i) elements.AppendFrom(*list.elements, i);
      } else {
        for (int64_t i = 0; i < length; ++i) {
          if (i == at) elements.AppendFrom(*args[2], row);
          else if (i < at && i < n) elements.AppendFrom(*list.elements, list.begin + i);
          else if (i > at && i - 1 < n) elements.AppendFrom(*list.elements, list.begin + i - 1);
          else AppendNull(elements);
        }
      }
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindSlice(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("slice", args, 3);
  DataType type = ArrayArg(args, 0);
  for (size_t i = 1; i < 3; ++i)
    if (!args[i].type.is_integral() && args[i].type.id() != TypeId::kNull) ThrowUnexpectedInputType(i, "\"INT\"", args[i].type);
  BoundScalar bound;
  bound.result_type = type;
  bound.arg_types = {type, DataType::Int(), DataType::Int()};
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row) || args[2]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      int64_t start = args[1]->ValueAt<int32_t>(row), length = args[2]->ValueAt<int32_t>(row);
      if (start == 0)
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`start`"}, {"function", "`slice`"}, {"message", "Expects a positive or a negative value for `start`, but got 0"}});
      if (length < 0)
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`length`"}, {"function", "`slice`"},
                    {"message", "Expects `length` greater than or equal to 0, but got " + std::to_string(length)}});
      int64_t from = start > 0 ? start - 1 : list.size() + start;
      if (from >= 0 && from < list.size()) {
        int64_t to = std::min<int64_t>(list.size(), from + length);
        for (int64_t i = from; i < to; ++i) out.elements().AppendFrom(*list.elements, list.begin + i);
      }
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindFlatten(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("flatten", args, 1);
  DataType type = ArrayArg(args, 0);
  if (type.element_type().id() != TypeId::kArray) ThrowUnexpectedInputType(0, "\"ARRAY\" of \"ARRAY\"", type);
  BoundScalar bound;
  bound.result_type = type.element_type();
  bound.arg_types = {type};
  DataType result = bound.result_type;
  bound.kernel = [result](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(result, rows);
    for (size_t row = 0; row < rows; ++row) {
      bool null = args[0]->IsNull(row);
      ListSpan outer{nullptr, 0, 0};
      if (!null) {
        outer = ListAt(*args[0], row);
        for (int32_t i = outer.begin; i < outer.end && !null; ++i) null = outer.elements->IsNull(i);
      }
      if (null) {
        out.NullRow();
        continue;
      }
      for (int32_t i = outer.begin; i < outer.end; ++i) {
        ListSpan inner = ListAt(*outer.elements, i);
        for (int32_t j = inner.begin; j < inner.end; ++j) out.elements().AppendFrom(*inner.elements, j);
      }
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindArraysZip(const std::vector<ArgType>& args, const FunctionContext&) {
  std::vector<Field> fields;
  BoundScalar bound;
  for (size_t i = 0; i < args.size(); ++i) {
    DataType type = ArrayArg(args, i);
    bound.arg_types.push_back(type);
    fields.push_back(Field{std::to_string(i), type.element_type(), true, ""});
  }
  bound.result_type = DataType::Array(DataType::Struct(fields), false);
  DataType type = bound.result_type;
  bound.kernel = [type](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    for (size_t row = 0; row < rows; ++row) {
      bool null = false;
      int32_t length = 0;
      for (const VectorPtr& arg : args) {
        if (arg->IsNull(row)) null = true;
        else length = std::max(length, ListAt(*arg, row).size());
      }
      if (null) {
        out.NullRow();
        continue;
      }
      Vector& structs = out.elements();
      size_t base = structs.size();
      for (size_t a = 0; a < args.size(); ++a) {
        ListSpan list = ListAt(*args[a], row);
        Vector& field = structs.child(a);
        for (int32_t k = 0; k < length; ++k) {
          if (k < list.size()) field.AppendFrom(*list.elements, list.begin + k);
          else AppendNull(field);
        }
      }
      structs.Resize(base + length);  // children are already that long
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// --- sort_array / shuffle / reverse ----------------------------------------------------------

BoundScalar BindSortArray(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("sort_array", args, 1, 2);
  DataType type = ArrayArg(args, 0);
  if (!IsOrderable(type.element_type())) ThrowUnexpectedInputType(0, "\"ARRAY\" of orderable elements", type);
  bool ascending = true;
  if (args.size() == 2) {
    if (args[1].type.id() != TypeId::kBoolean) ThrowUnexpectedInputType(1, "\"BOOLEAN\"", args[1].type);
    std::optional<bool> asc = ConstantArg<bool>(args[1]);
    if (!asc) throw FunctionBindError("Sort order in second argument requires a boolean literal.");
    ascending = *asc;
  }
  BoundScalar bound;
  bound.result_type = type;
  bound.arg_types = {type};
  if (args.size() == 2) bound.arg_types.push_back(DataType::Boolean());
  bound.kernel = [type, ascending](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    std::vector<int32_t> order;
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      order.resize(list.size());
      std::iota(order.begin(), order.end(), list.begin);
      // Ascending puts NULLs first, descending last: exactly the reversed order.
      std::stable_sort(order.begin(), order.end(), [&](int32_t x, int32_t y) {
        int c = CompareValues(*list.elements, x, *list.elements, y);
        return ascending ? c < 0 : c > 0;
      });
      for (int32_t i : order) out.elements().AppendFrom(*list.elements, i);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

BoundScalar BindShuffle(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("shuffle", args, 1, 2);
  DataType type = ArrayArg(args, 0);
  uint64_t seed = std::random_device{}();
  if (args.size() == 2) {
    if (!args[1].type.is_integral()) ThrowUnexpectedInputType(1, "\"BIGINT\"", args[1].type);
    if (std::optional<int64_t> s = args[1].constant && !args[1].constant->IsNull(0)
                                       ? std::optional<int64_t>(IntAt(*args[1].constant, 0))
                                       : std::nullopt)
      seed = static_cast<uint64_t>(*s);
  }
  BoundScalar bound;
  bound.result_type = type;
  bound.arg_types = {type};
  if (args.size() == 2) bound.arg_types.push_back(args[1].type);
  bound.deterministic = false;
  struct State {
    std::mutex mutex;
    std::mt19937_64 rng;
  };
  auto state = std::make_shared<State>();
  state->rng.seed(seed);
  bound.kernel = [type, state](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    ListWriter out(type, rows);
    std::vector<int32_t> order;
    std::lock_guard<std::mutex> lock(state->mutex);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) {
        out.NullRow();
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      order.resize(list.size());
      std::iota(order.begin(), order.end(), list.begin);
      std::shuffle(order.begin(), order.end(), state->rng);
      for (int32_t i : order) out.elements().AppendFrom(*list.elements, i);
      out.EndRow();
    }
    return out.Finish();
  };
  return bound;
}

// reverse(string) reverses code points (UTF8String.reverse); reverse(array) the elements.
std::string ReverseUtf8(std::string_view s) {
  std::string out(s.size(), '\0');
  size_t i = 0, end = s.size();
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    len = std::min(len, s.size() - i);
    end -= len;
    std::copy(s.begin() + i, s.begin() + i + len, out.begin() + end);
    i += len;
  }
  return out;
}

BoundScalar BindReverse(const std::vector<ArgType>& args, const FunctionContext& ctx) {
  ExpectArgCount("reverse", args, 1);
  if (args[0].type.id() == TypeId::kArray) return BindArrayToArray("reverse", args, Reverse);
  DataType type = args[0].type;
  if (type.id() != TypeId::kBinary && type.id() != TypeId::kString) {
    if (!CanImplicitCast(type, DataType::String())) ThrowUnexpectedInputType(0, "(\"STRING\" or \"ARRAY\")", type);
    type = DataType::String();
  }
  BoundScalar bound;
  bound.result_type = type;
  bound.arg_types = {type};
  bool binary = type.id() == TypeId::kBinary;
  bound.kernel = [type, binary](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    return MapRows<std::string, std::string_view>(args, rows, type, [binary](std::string_view s) {
      return binary ? std::string(s.rbegin(), s.rend()) : ReverseUtf8(s);
    });
  };
  return bound;
}

// --- element_at / try_element_at / get ----------------------------------------------------------

enum class IndexMode { kElementAt, kTryElementAt, kGet };

BoundScalar BindElementAt(const char* name, IndexMode mode, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2);
  DataType container = args[0].type;
  BoundScalar bound;
  if (container.id() == TypeId::kMap && mode != IndexMode::kGet) {
    if (args[1].type != container.key_type() && !CanImplicitCast(args[1].type, container.key_type()))
      ThrowUnexpectedInputType(1, "\"" + container.key_type().ToSql() + "\"", args[1].type);
    bound.result_type = container.value_type();
    bound.arg_types = {container, container.key_type()};
    DataType value = container.value_type();
    bound.kernel = [value](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(value, 0);
      out->Reserve(rows);
      for (size_t row = 0; row < rows; ++row) {
        int32_t found = -1;
        collection::MapSpan map{nullptr, nullptr, 0, 0};
        if (!args[0]->IsNull(row) && !args[1]->IsNull(row)) {
          map = collection::MapAt(*args[0], row);
          for (int32_t i = map.begin; i < map.end && found < 0; ++i)
            if (EqualValues(*map.keys, i, *args[1], row)) found = i;
        }
        if (found < 0) AppendNull(*out);
        else out->AppendFrom(*map.values, found);
      }
      return out;
    };
    return bound;
  }
  DataType array = ArrayArg(args, 0);
  if (!args[1].type.is_integral() && args[1].type.id() != TypeId::kNull) ThrowUnexpectedInputType(1, "\"INT\"", args[1].type);
  bound.result_type = array.element_type();
  bound.arg_types = {array, DataType::Int()};
  DataType element = array.element_type();
  bound.kernel = [element, mode](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
    VectorPtr out = Vector::Make(element, 0);
    out->Reserve(rows);
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
        AppendNull(*out);
        continue;
      }
      ListSpan list = ListAt(*args[0], row);
      int64_t index = args[1]->ValueAt<int32_t>(row);
      int64_t at;
      if (mode == IndexMode::kGet) {
        at = index;  // 0-based, NULL when out of range
      } else {
        if (index == 0) ThrowError(ErrorClass::kInvalidIndexOfZero);
        at = index > 0 ? index - 1 : list.size() + index;
      }
      if (at < 0 || at >= list.size()) {
        if (mode == IndexMode::kElementAt && ctx.ansi)
          ThrowError(ErrorClass::kInvalidArrayIndexInElementAt, {{"indexValue", std::to_string(index)},
                                                                 {"arraySize", std::to_string(list.size())},
                                                                 {"ansiConfig", kAnsiConfig}});
        AppendNull(*out);
        continue;
      }
      out->AppendFrom(*list.elements, list.begin + at);
    }
    return out;
  };
  return bound;
}

}  // namespace

void RegisterCollectionFunctions(FunctionRegistry& r) {
  r.Add(Describe("array", "_FUNC_(expr, ...) - Returns an array with the given elements.", BindArray, "array_funcs"));
  r.Add(Describe("array_contains", "_FUNC_(array, value) - Returns true if the array contains the value.",
                 BindArrayContains, "array_funcs"));
  r.Add(Describe("array_position", "_FUNC_(array, element) - Returns the (1-based) index of the first matching element of the array as long, or 0 if no match is found.",
                 BindArrayPosition, "array_funcs"));
  r.Add(Describe("array_remove", "_FUNC_(array, element) - Remove all elements that equal to element from array.",
                 BindArrayRemove, "array_funcs"));
  r.Add(Describe("array_append", "_FUNC_(array, element) - Add the element at the end of the array passed as first argument. Type of element should be similar to type of the elements of the array. Null element is also appended into the array. But if the array passed, is NULL output is NULL",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindArrayAdd("array_append", true, args); },
                 "array_funcs"));
  r.Add(Describe("array_prepend", "_FUNC_(array, element) - Add the element at the beginning of the array passed as first argument. Type of element should be the same as the type of the elements of the array. Null element is also prepended to the array. But if the array passed is NULL output is NULL",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindArrayAdd("array_prepend", false, args); },
                 "array_funcs"));
  r.Add(Describe("array_distinct", "_FUNC_(array) - Removes duplicate values from the array.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindArrayToArray("array_distinct", args, Distinct); },
                 "array_funcs"));
  r.Add(Describe("array_compact", "_FUNC_(array) - Removes null values from the array.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) {
                   return BindArrayToArray("array_compact", args, Compact, false);
                 },
                 "array_funcs"));
  r.Add(Describe("array_max", "_FUNC_(array) - Returns the maximum value in the array. NaN is greater than any non-NaN elements for double/float type. NULL elements are skipped.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindArrayExtreme("array_max", true, args); },
                 "array_funcs"));
  r.Add(Describe("array_min", "_FUNC_(array) - Returns the minimum value in the array. NaN is greater than any non-NaN elements for double/float type. NULL elements are skipped.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindArrayExtreme("array_min", false, args); },
                 "array_funcs"));
  r.Add(Describe("size", "_FUNC_(expr) - Returns the size of an array or a map. This function returns -1 for null input only if spark.sql.ansi.enabled is false and spark.sql.legacy.sizeOfNull is true. Otherwise, it returns null for null input.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindSize("size", false, args); }));
  r.AddAlias("cardinality", "size");
  r.Add(Describe("array_size", "_FUNC_(expr) - Returns the size of an array. The function returns null for null input.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindSize("array_size", true, args); }));
  r.Add(Describe("array_union", "_FUNC_(array1, array2) - Returns an array of the elements in the union of array1 and array2, without duplicates.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindSetOp("array_union", SetOp::kUnion, args); },
                 "array_funcs"));
  r.Add(Describe("array_intersect", "_FUNC_(array1, array2) - Returns an array of the elements in the intersection of array1 and array2, without duplicates.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindSetOp("array_intersect", SetOp::kIntersect, args); },
                 "array_funcs"));
  r.Add(Describe("array_except", "_FUNC_(array1, array2) - Returns an array of the elements in array1 but not in array2, without duplicates.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindSetOp("array_except", SetOp::kExcept, args); },
                 "array_funcs"));
  r.Add(Describe("arrays_overlap", "_FUNC_(a1, a2) - Returns true if a1 contains at least a non-null element present also in a2. If the arrays have no common element and they are both non-empty and either of them contains a null element null is returned, false otherwise.",
                 BindArraysOverlap, "array_funcs"));
  r.Add(Describe("array_join", "_FUNC_(array, delimiter[, nullReplacement]) - Concatenates the elements of the given array using the delimiter and an optional string to replace nulls. If no value is set for nullReplacement, any null value is filtered.",
                 BindArrayJoin, "array_funcs"));
  r.Add(Describe("array_repeat", "_FUNC_(element, count) - Returns the array containing element count times.", BindArrayRepeat,
                 "array_funcs"));
  r.Add(Describe("array_insert", "_FUNC_(x, pos, val) - Places val into index pos of array x. Array indices start at 1. The maximum negative index is -1 for which the function inserts new element after the current last element. Index above array size appends the array, or prepends the array if index is negative, with 'null' elements.",
                 BindArrayInsert, "array_funcs"));
  r.Add(Describe("slice", "_FUNC_(x, start, length) - Subsets array x starting from index start (array indices start at 1, or starting from the end if start is negative) with the specified length.",
                 BindSlice, "array_funcs"));
  r.Add(Describe("flatten", "_FUNC_(arrayOfArrays) - Transforms an array of arrays into a single array.", BindFlatten, "array_funcs"));
  r.Add(Describe("arrays_zip", "_FUNC_(a1, a2, ...) - Returns a merged array of structs in which the N-th struct contains all N-th values of input arrays.",
                 BindArraysZip, "array_funcs"));
  r.Add(Describe("sort_array", "_FUNC_(array[, ascendingOrder]) - Sorts the input array in ascending or descending order according to the natural ordering of the array elements. NaN is greater than any non-NaN elements for double/float type. Null elements will be placed at the beginning of the returned array in ascending order or at the end of the returned array in descending order.",
                 BindSortArray, "array_funcs"));
  r.Add(Describe("shuffle", "_FUNC_(array) - Returns a random permutation of the given array.", BindShuffle, "array_funcs"));
  // reverse serves strings and arrays; registered here unless the string group already did.
  if (r.Find("reverse") == nullptr)
    r.Add(Describe("reverse", "_FUNC_(array) - Returns a reversed string or an array with reverse order of elements.", BindReverse));
  r.Add(Describe("element_at", "_FUNC_(array, index) - Returns element of array at given (1-based) index. If Index is 0, Spark will throw an error. If index < 0, accesses elements from the last to the first. The function returns NULL if the index exceeds the length of the array and `spark.sql.ansi.enabled` is set to false. If `spark.sql.ansi.enabled` is set to true, it throws ArrayIndexOutOfBoundsException for invalid indices.\n_FUNC_(map, key) - Returns value for given key. The function returns NULL if the key is not contained in the map.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) {
                   return BindElementAt("element_at", IndexMode::kElementAt, args);
                 }));
  r.Add(Describe("try_element_at", "_FUNC_(array, index) - Returns element of array at given (1-based) index. If Index is 0, Spark will throw an error. If index < 0, accesses elements from the last to the first. The function always returns NULL if the index exceeds the length of the array.\n_FUNC_(map, key) - Returns value for given key. The function always returns NULL if the key is not contained in the map.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) {
                   return BindElementAt("try_element_at", IndexMode::kTryElementAt, args);
                 }));
  r.Add(Describe("get", "_FUNC_(array, index) - Returns element of array at given (0-based) index. If the index points outside of the array boundaries, then this function returns NULL.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) {
                   return BindElementAt("get", IndexMode::kGet, args);
                 },
                 "array_funcs"));
  collection::RegisterMapFunctions(r);
}

}  // namespace tarn
