// listagg / string_agg (Spark 4.0): the non-NULL values of a string or
// binary column concatenated in input order, separated by a constant
// delimiter (default empty). NULL when there is no non-NULL value. The
// WITHIN GROUP (ORDER BY ...) clause, when given, is applied by the planner
// (the rows arrive sorted); DISTINCT likewise.
#include <memory>
#include <string>

#include "functions/aggregate_internal.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn::agg {
namespace {

struct ConcatState {
  std::string text;
  bool any = false;  // at least one non-NULL value
};

class ListAgg final : public StateAggregate<ConcatState> {
 public:
  ListAgg(DataType type, std::string delimiter, std::vector<DataType> args)
      : StateAggregate(std::move(type), std::move(args)), delimiter_(std::move(delimiter)) {}

  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& value = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (value.IsNull(i)) continue;
      Append(At(states[i]), value.StringAt(i).view());
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const ConcatState& from = At(source);
    if (from.any) Append(At(target), from.text);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const ConcatState& state = At(states[i]);
      if (state.any) out.SetString(i, state.text);
      else out.SetNull(i);
    }
  }

 private:
  void Append(ConcatState& state, std::string_view value) const {
    if (state.any) state.text += delimiter_;
    state.text += value;
    state.any = true;
  }

  std::string delimiter_;
};

std::shared_ptr<const AggregateFunction> BindListAgg(const std::string& name, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1, 2);
  const DataType& input = args[0].type;
  DataType type = input.id() == TypeId::kBinary ? DataType::Binary() : DataType::String();
  if (type.id() == TypeId::kString && !CanImplicitCast(input, type))
    ThrowUnexpectedInputType(0, "(\"STRING\" or \"BINARY\")", input);
  std::vector<DataType> types{type};
  std::string delimiter;
  if (args.size() == 2) {
    const ArgType& arg = args[1];
    if (arg.type.id() != TypeId::kNull) {
      if (!arg.constant) throw FunctionBindError("The delimiter of " + name + " must be a constant.");
      bool fits = type.id() == TypeId::kBinary ? arg.type.id() == TypeId::kBinary
                                               : arg.type.id() == TypeId::kString;
      if (!fits) ThrowUnexpectedInputType(1, "\"" + type.ToSql() + "\"", arg.type);
      if (!arg.constant->IsNull(0)) delimiter = std::string(arg.constant->StringAt(0).view());
    }
    types.push_back(arg.type);
  }
  return std::make_shared<ListAgg>(type, std::move(delimiter), std::move(types));
}

}  // namespace

void RegisterStringAgg(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "listagg",
      "_FUNC_(expr[, delimiter])[ WITHIN GROUP (ORDER BY key [ASC | DESC] [,...])] - Returns the concatenation of "
      "non-NULL input values, separated by the delimiter ordered by key. If all values are NULL, NULL is returned.",
      "> SELECT _FUNC_(col) FROM VALUES ('a'), ('b'), ('c') AS tab(col);\n abc\n"
      "> SELECT _FUNC_(col, ', ') FROM VALUES ('a'), (NULL), ('b') AS tab(col);\n a, b",
      [](const std::vector<ArgType>& args, const FunctionContext&) { return BindListAgg("listagg", args); }));
  registry.AddAlias("string_agg", "listagg");
}

}  // namespace tarn::agg
