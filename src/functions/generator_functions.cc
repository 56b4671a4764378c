// Spark's generator_funcs: explode, posexplode, inline and stack, with their
// _outer forms. A generator turns each input row into zero or more output
// rows; the executor adds the all-NULL row of an _outer generator when a row
// produces none, so both forms share one kernel here.
#include <string>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/collection_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn {
namespace {

using collection::AppendNull;

constexpr const char* kGroup = "generator_funcs";

FunctionInfo Describe(std::string name, const char* usage, GeneratorBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.kind = FunctionKind::kGenerator;
  info.group = kGroup;
  info.usage = usage;
  info.generator = std::move(binder);
  return info;
}

// explode / posexplode over an array (col) or a map (key, value).
BoundGenerator BindExplode(const std::string& name, bool with_position, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1);
  DataType type = args[0].type;
  if (type.id() == TypeId::kNull) type = DataType::Array(DataType::Null());
  if (type.id() != TypeId::kArray && type.id() != TypeId::kMap) ThrowUnexpectedInputType(0, "(\"ARRAY\" or \"MAP\")", type);
  BoundGenerator bound;
  bound.arg_types = {type};
  if (with_position) bound.output.push_back(Field{"pos", DataType::Int(), false, ""});
  bool is_map = type.id() == TypeId::kMap;
  if (is_map) {
    bound.output.push_back(Field{"key", type.key_type(), false, ""});
    bound.output.push_back(Field{"value", type.value_type(), true, ""});
  } else {
    bound.output.push_back(Field{"col", type.element_type(), true, ""});
  }
  std::vector<Field> output = bound.output;
  bound.kernel = [output, with_position, is_map](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    GeneratorOutput out;
    for (const Field& f : output) out.columns.push_back(Vector::Make(f.type, 0));
    size_t first = with_position ? 1 : 0;
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) continue;
      const Vector& base = args[0]->Base();
      size_t r = args[0]->RowIndex(row);
      int32_t begin = base.offsets()[r], end = base.offsets()[r + 1];
      for (int32_t i = begin; i < end; ++i) {
        out.parent_rows.push_back(static_cast<uint32_t>(row));
        if (with_position) {
          Vector& pos = *out.columns[0];
          size_t at = pos.size();
          pos.Resize(at + 1);
          pos.values<int32_t>()[at] = i - begin;
        }
        out.columns[first]->AppendFrom(base.child(0), i);
        if (is_map) out.columns[first + 1]->AppendFrom(base.child(1), i);
      }
    }
    return out;
  };
  return bound;
}

// inline(array<struct>): one row per struct, one column per field.
BoundGenerator BindInline(const std::string& name, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1);
  const DataType& type = args[0].type;
  if (type.id() != TypeId::kArray || type.element_type().id() != TypeId::kStruct)
    ThrowUnexpectedInputType(0, "\"ARRAY<STRUCT>\"", type);
  BoundGenerator bound;
  bound.arg_types = {type};
  for (const Field& f : type.element_type().fields()) bound.output.push_back(Field{f.name, f.type, true, ""});
  std::vector<Field> output = bound.output;
  bound.kernel = [output](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    GeneratorOutput out;
    for (const Field& f : output) out.columns.push_back(Vector::Make(f.type, 0));
    for (size_t row = 0; row < rows; ++row) {
      if (args[0]->IsNull(row)) continue;
      collection::ListSpan list = collection::ListAt(*args[0], row);
      const Vector& structs = list.elements->Base();
      for (int32_t i = list.begin; i < list.end; ++i) {
        out.parent_rows.push_back(static_cast<uint32_t>(row));
        size_t r = list.elements->RowIndex(i);
        bool null_struct = structs.IsNull(r);  // a NULL struct gives a row of NULLs
        for (size_t f = 0; f < output.size(); ++f) {
          if (null_struct) AppendNull(*out.columns[f]);
          else out.columns[f]->AppendFrom(structs.child(f), r);
        }
      }
    }
    return out;
  };
  return bound;
}

// stack(n, expr1, ..., exprk): n rows of ceil(k / n) columns col0, col1, ...
BoundGenerator BindStack(const std::vector<ArgType>& args) {
  ExpectArgCount("stack", args, 2, SIZE_MAX);
  if (args[0].type.id() != TypeId::kInt) ThrowUnexpectedInputType(0, "\"INT\"", args[0].type);
  std::optional<int32_t> n = ConstantArg<int32_t>(args[0]);
  if (!n || *n <= 0)
    throw FunctionBindError("The number of rows of `stack` must be a positive integer literal.");
  size_t values = args.size() - 1;
  size_t rows_out = static_cast<size_t>(*n);
  size_t columns = (values + rows_out - 1) / rows_out;
  BoundGenerator bound;
  bound.arg_types = {DataType::Int()};
  std::vector<DataType> column_types(columns, DataType::Null());
  for (size_t c = 0; c < columns; ++c) {
    std::vector<DataType> types;
    for (size_t j = 0; j < rows_out; ++j) {
      size_t i = 1 + j * columns + c;
      if (i < args.size()) types.push_back(args[i].type);
    }
    std::optional<DataType> common = FindCommonType(types);
    if (!common) throw FunctionBindError("The data type of column " + std::to_string(c) + " of `stack` differs between rows.");
    column_types[c] = *common;
    bound.output.push_back(Field{"col" + std::to_string(c), *common, true, ""});
  }
  for (size_t i = 1; i < args.size(); ++i) bound.arg_types.push_back(column_types[(i - 1) % columns]);
  std::vector<Field> output = bound.output;
  bound.kernel = [output, rows_out, columns](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    GeneratorOutput out;
    for (const Field& f : output) out.columns.push_back(Vector::Make(f.type, 0));
    for (size_t row = 0; row < rows; ++row) {
      for (size_t j = 0; j < rows_out; ++j) {
        out.parent_rows.push_back(static_cast<uint32_t>(row));
        for (size_t c = 0; c < columns; ++c) {
          size_t i = 1 + j * columns + c;
          if (i < args.size()) out.columns[c]->AppendFrom(*args[i], row);
          else AppendNull(*out.columns[c]);
        }
      }
    }
    return out;
  };
  return bound;
}

}  // namespace

void RegisterGeneratorFunctions(FunctionRegistry& r) {
  for (std::string name : {"explode", "explode_outer"}) {
    r.Add(Describe(name, "_FUNC_(expr) - Separates the elements of array `expr` into multiple rows, or the elements of map `expr` into multiple rows and columns. Unless specified otherwise, uses the default column name `col` for elements of the array or `key` and `value` for the elements of the map.",
                   [name](const std::vector<ArgType>& args, const FunctionContext&) { return BindExplode(name, false, args); }));
  }
  for (std::string name : {"posexplode", "posexplode_outer"}) {
    r.Add(Describe(name, "_FUNC_(expr) - Separates the elements of array `expr` into multiple rows with positions, or the elements of map `expr` into multiple rows and columns with positions. Unless specified otherwise, uses the column name `pos` for position, `col` for elements of the array or `key` and `value` for elements of the map.",
                   [name](const std::vector<ArgType>& args, const FunctionContext&) { return BindExplode(name, true, args); }));
  }
  for (std::string name : {"inline", "inline_outer"}) {
    r.Add(Describe(name, "_FUNC_(expr) - Explodes an array of structs into a table. Uses column names col1, col2, etc. by default unless specified otherwise.",
                   [name](const std::vector<ArgType>& args, const FunctionContext&) { return BindInline(name, args); }));
  }
  r.Add(Describe("stack", "_FUNC_(n, expr1, ..., exprk) - Separates `expr1`, ..., `exprk` into `n` rows. Uses column names col0, col1, etc. by default unless specified otherwise.",
                 [](const std::vector<ArgType>& args, const FunctionContext&) { return BindStack(args); }));
}

}  // namespace tarn
