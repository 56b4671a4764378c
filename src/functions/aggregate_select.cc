// Aggregates that pick one input value: first/first_value, last/last_value,
// any_value (Spark's First/Last with the optional ignoreNulls literal) and
// min_by/max_by (MaxMinBy: the value paired with the extreme ordering key).
#include <memory>

#include "functions/aggregate_internal.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn::agg {
namespace {

struct PickState {
  HeldValue value;
};

// kFirst: the first row's value (the first non-null one with ignoreNulls);
// otherwise the last.
template <bool kFirst>
class Pick final : public StateAggregate<PickState> {
 public:
  Pick(const std::vector<DataType>& args, bool ignore_nulls) : StateAggregate(args[0], args), ignore_nulls_(ignore_nulls) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      HeldValue& held = At(states[i]).value;
      if (kFirst && held.is_set()) continue;
      if (ignore_nulls_ && arg.IsNull(i)) continue;
      held.Assign(arg, i);
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const HeldValue& s = At(source).value;
    HeldValue& t = At(target).value;
    if (!s.is_set()) return;
    if (kFirst && t.is_set()) return;
    t.Assign(s);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    std::vector<const HeldValue*> values(count);
    for (size_t i = 0; i < count; ++i) values[i] = &At(states[i]).value;
    HeldValue::WriteAll(values.data(), count, out);
  }

 private:
  bool ignore_nulls_;
};

template <bool kFirst>
AggregateBinder PickBinder(std::string name) {
  return [name](const std::vector<ArgType>& args,
                const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 1, 2);
    bool ignore_nulls = false;
    std::vector<DataType> types{args[0].type};
    if (args.size() == 2) {
      if (args[1].type.id() != TypeId::kBoolean || !args[1].constant || args[1].constant->IsNull(0))
        throw FunctionBindError("The second argument in " + name + " should be a boolean literal.");
      ignore_nulls = ReadValue<bool>(*args[1].constant, 0);
      types.push_back(DataType::Boolean());
    }
    return std::make_shared<Pick<kFirst>>(std::move(types), ignore_nulls);
  };
}

struct ByState {
  HeldValue value;
  HeldValue key;
};

// kSign -1: min_by, +1: max_by. Rows with a NULL key are skipped; ties keep
// the first row.
template <int kSign>
class PickBy final : public StateAggregate<ByState> {
 public:
  PickBy(const DataType& value, const DataType& key) : StateAggregate(value, {value, key}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& value = *args[0];
    const Vector& key = *args[1];
    for (size_t i = 0; i < rows; ++i) {
      if (key.IsNull(i)) continue;
      ByState& s = At(states[i]);
      if (s.key.is_set() && s.key.CompareWith(key, i, arg_types_[1]) * kSign >= 0) continue;
      s.key.Assign(key, i);
      s.value.Assign(value, i);
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const ByState& s = At(source);
    if (!s.key.is_set()) return;
    ByState& t = At(target);
    if (t.key.is_set()) {
      // Compare through a one-row vector of the source key.
      VectorPtr key = Vector::Make(arg_types_[1], 1);
      const HeldValue* held = &s.key;
      HeldValue::WriteAll(&held, 1, *key);
      if (t.key.CompareWith(*key, 0, arg_types_[1]) * kSign >= 0) return;
    }
    t.key.Assign(s.key);
    t.value.Assign(s.value);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    std::vector<const HeldValue*> values(count);
    for (size_t i = 0; i < count; ++i) values[i] = &At(states[i]).value;
    HeldValue::WriteAll(values.data(), count, out);
  }
};

template <int kSign>
AggregateBinder PickByBinder(std::string name) {
  return [name](const std::vector<ArgType>& args,
                const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 2);
    const DataType& key = args[1].type;
    if (!IsOrderable(key) || key.id() == TypeId::kCalendarInterval || key.id() == TypeId::kNull)
      throw FunctionBindError("The " + name + " does not support ordering on type \"" + key.ToSql() + "\".");
    return std::make_shared<PickBy<kSign>>(args[0].type, key);
  };
}

}  // namespace

void RegisterSelectAggregates(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "first",
      "_FUNC_(expr[, isIgnoreNull]) - Returns the first value of `expr` for a group of rows.\n"
      "      If `isIgnoreNull` is true, returns only non-null values.",
      "> SELECT _FUNC_(col) FROM VALUES (10), (5), (20) AS tab(col);\n 10\n"
      "> SELECT _FUNC_(col) FROM VALUES (NULL), (5), (20) AS tab(col);\n NULL\n"
      "> SELECT _FUNC_(col, true) FROM VALUES (NULL), (5), (20) AS tab(col);\n 5",
      PickBinder<true>("first")));
  registry.AddAlias("first_value", "first");
  registry.Add(MakeAggregateInfo(
      "any_value",
      "_FUNC_(expr[, isIgnoreNull]) - Returns some value of `expr` for a group of rows.\n"
      "      If `isIgnoreNull` is true, returns only non-null values.",
      "> SELECT _FUNC_(col) FROM VALUES (10), (5), (20) AS tab(col);\n 10\n"
      "> SELECT _FUNC_(col, true) FROM VALUES (NULL), (5), (20) AS tab(col);\n 5",
      PickBinder<true>("any_value")));
  registry.Add(MakeAggregateInfo(
      "last",
      "_FUNC_(expr[, isIgnoreNull]) - Returns the last value of `expr` for a group of rows.\n"
      "      If `isIgnoreNull` is true, returns only non-null values",
      "> SELECT _FUNC_(col) FROM VALUES (10), (5), (20) AS tab(col);\n 20\n"
      "> SELECT _FUNC_(col) FROM VALUES (10), (5), (NULL) AS tab(col);\n NULL\n"
      "> SELECT _FUNC_(col, true) FROM VALUES (10), (5), (NULL) AS tab(col);\n 5",
      PickBinder<false>("last")));
  registry.AddAlias("last_value", "last");
  registry.Add(MakeAggregateInfo(
      "min_by", "_FUNC_(x, y) - Returns the value of `x` associated with the minimum value of `y`.",
      "> SELECT _FUNC_(x, y) FROM VALUES ('a', 10), ('b', 50), ('c', 20) AS tab(x, y);\n a",
      PickByBinder<-1>("min_by")));
  registry.Add(MakeAggregateInfo(
      "max_by", "_FUNC_(x, y) - Returns the value of `x` associated with the maximum value of `y`.",
      "> SELECT _FUNC_(x, y) FROM VALUES ('a', 10), ('b', 50), ('c', 20) AS tab(x, y);\n b",
      PickByBinder<1>("max_by")));
}

}  // namespace tarn::agg
