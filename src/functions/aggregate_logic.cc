// count_if, bool_and/every, bool_or/some/any and bit_and/bit_or/bit_xor.
#include <memory>

#include "functions/aggregate_internal.h"
#include "functions/registry.h"

namespace tarn::agg {
namespace {

class CountIf final : public StateAggregate<int64_t> {
 public:
  CountIf() : StateAggregate(DataType::Long(), {DataType::Boolean()}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i)
      if (!arg.IsNull(i) && ReadValue<bool>(arg, i)) ++At(states[i]);
  }
  void Merge(uint8_t* target, const uint8_t* source) const override { At(target) += At(source); }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) out.values<int64_t>()[i] = At(states[i]);
  }
};

struct BoolState {
  bool value = false;
  bool seen = false;
};

// kAnd: true when every non-null value is true; else when any is. NULL when
// there is no non-null value.
template <bool kAnd>
class BoolAgg final : public StateAggregate<BoolState> {
 public:
  BoolAgg() : StateAggregate(DataType::Boolean(), {DataType::Boolean()}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      Add(At(states[i]), ReadValue<bool>(arg, i));
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    if (At(source).seen) Add(At(target), At(source).value);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const BoolState& s = At(states[i]);
      if (!s.seen) out.SetNull(i);
      else WriteValue<bool>(out, i, s.value);
    }
  }

 private:
  static void Add(BoolState& s, bool value) {
    s.value = !s.seen ? value : (kAnd ? s.value && value : s.value || value);
    s.seen = true;
  }
};

AggregateBinder BoolBinder(std::string name, bool is_and) {
  return [name, is_and](const std::vector<ArgType>& args,
                        const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 1);
    TypeId id = args[0].type.id();
    if (id != TypeId::kBoolean && id != TypeId::kNull) ThrowUnexpectedInputType(0, "\"BOOLEAN\"", args[0].type);
    if (is_and) return std::make_shared<BoolAgg<true>>();
    return std::make_shared<BoolAgg<false>>();
  };
}

enum class BitOp { kAnd, kOr, kXor };

template <typename T>
struct BitState {
  T value = 0;
  bool seen = false;
};

template <typename T, BitOp kOp>
class BitAgg final : public StateAggregate<BitState<T>> {
  using Base = StateAggregate<BitState<T>>;
  using Base::At;

 public:
  explicit BitAgg(const DataType& type) : Base(type, {type}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      Add(At(states[i]), arg.ValueAt<T>(i));
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    if (At(source).seen) Add(At(target), At(source).value);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (!s.seen) out.SetNull(i);
      else out.values<T>()[i] = s.value;
    }
  }

 private:
  static void Add(BitState<T>& s, T value) {
    if (!s.seen) s.value = value;
    else if constexpr (kOp == BitOp::kAnd) s.value &= value;
    else if constexpr (kOp == BitOp::kOr) s.value |= value;
    else s.value ^= value;
    s.seen = true;
  }
};

template <BitOp kOp>
AggregateBinder BitBinder(std::string name) {
  return [name](const std::vector<ArgType>& args,
                const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 1);
    const DataType& type = args[0].type;
    switch (type.id()) {
      case TypeId::kByte: return std::make_shared<BitAgg<int8_t, kOp>>(type);
      case TypeId::kShort: return std::make_shared<BitAgg<int16_t, kOp>>(type);
      case TypeId::kInt: return std::make_shared<BitAgg<int32_t, kOp>>(type);
      case TypeId::kLong: return std::make_shared<BitAgg<int64_t, kOp>>(type);
      case TypeId::kNull: return std::make_shared<BitAgg<int64_t, kOp>>(DataType::Long());
      default: ThrowUnexpectedInputType(0, "\"INTEGRAL\"", type);
    }
  };
}

}  // namespace

void RegisterLogicAggregates(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "count_if", "_FUNC_(expr) - Returns the number of `TRUE` values for the expression.",
      "> SELECT _FUNC_(col % 2 = 0) FROM VALUES (NULL), (0), (1), (2), (3) AS tab(col);\n 2",
      [](const std::vector<ArgType>& args, const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
        ExpectArgCount("count_if", args, 1);
        TypeId id = args[0].type.id();
        if (id != TypeId::kBoolean && id != TypeId::kNull) ThrowUnexpectedInputType(0, "\"BOOLEAN\"", args[0].type);
        return std::make_shared<CountIf>();
      }));
  const char* and_usage = "_FUNC_(expr) - Returns true if all values of `expr` are true.";
  const char* and_examples =
      "> SELECT _FUNC_(col) FROM VALUES (true), (true), (true) AS tab(col);\n true\n"
      "> SELECT _FUNC_(col) FROM VALUES (NULL), (true), (true) AS tab(col);\n true\n"
      "> SELECT _FUNC_(col) FROM VALUES (true), (false), (true) AS tab(col);\n false";
  registry.Add(MakeAggregateInfo("bool_and", and_usage, and_examples, BoolBinder("bool_and", true)));
  registry.Add(MakeAggregateInfo("every", and_usage, and_examples, BoolBinder("every", true)));
  const char* or_usage = "_FUNC_(expr) - Returns true if at least one value of `expr` is true.";
  const char* or_examples =
      "> SELECT _FUNC_(col) FROM VALUES (true), (false), (false) AS tab(col);\n true\n"
      "> SELECT _FUNC_(col) FROM VALUES (NULL), (true), (false) AS tab(col);\n true\n"
      "> SELECT _FUNC_(col) FROM VALUES (false), (false), (NULL) AS tab(col);\n false";
  registry.Add(MakeAggregateInfo("bool_or", or_usage, or_examples, BoolBinder("bool_or", false)));
  registry.Add(MakeAggregateInfo("some", or_usage, or_examples, BoolBinder("some", false)));
  registry.Add(MakeAggregateInfo("any", or_usage, or_examples, BoolBinder("any", false)));

  registry.Add(MakeAggregateInfo(
      "bit_and", "_FUNC_(expr) - Returns the bitwise AND of all non-null input values, or null if none.",
      "> SELECT _FUNC_(col) FROM VALUES (3), (5) AS tab(col);\n 1", BitBinder<BitOp::kAnd>("bit_and")));
  registry.Add(MakeAggregateInfo(
      "bit_or", "_FUNC_(expr) - Returns the bitwise OR of all non-null input values, or null if none.",
      "> SELECT _FUNC_(col) FROM VALUES (3), (5) AS tab(col);\n 7", BitBinder<BitOp::kOr>("bit_or")));
  registry.Add(MakeAggregateInfo(
      "bit_xor", "_FUNC_(expr) - Returns the bitwise XOR of all non-null input values, or null if none.",
      "> SELECT _FUNC_(col) FROM VALUES (3), (5) AS tab(col);\n 6", BitBinder<BitOp::kXor>("bit_xor")));
}

}  // namespace tarn::agg
