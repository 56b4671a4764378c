// count, sum, try_sum, avg/mean, try_avg, min, max: Spark's Count, Sum,
// Average, Min and Max with their result types and overflow rules.
#include <cstring>
#include <limits>
#include <memory>

#include "functions/aggregate_internal.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn::agg {
namespace {

// --- count ----------------------------------------------------------------------

// count(*) (no arguments) counts every row; count(a, b, ...) the rows where
// every argument is non-null.
class Count final : public StateAggregate<int64_t> {
 public:
  explicit Count(std::vector<DataType> args) : StateAggregate(DataType::Long(), std::move(args)) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    bool may_have_nulls = false;
    for (const VectorPtr& arg : args) may_have_nulls |= arg->may_have_nulls();
    for (size_t i = 0; i < rows; ++i) {
      bool counted = true;
      if (may_have_nulls)
        for (const VectorPtr& arg : args) counted = counted && !arg->IsNull(i);
      At(states[i]) += counted ? 1 : 0;
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override { At(target) += At(source); }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) out.values<int64_t>()[i] = At(states[i]);
  }
};

// --- sum ------------------------------------------------------------------------

template <typename T>
struct SumState {
  T sum = 0;
  bool seen = false;      // a non-null input was added
  bool overflow = false;  // try_sum / legacy decimal: the result is NULL
};

// Integral input (cast to bigint): ANSI raises on overflow, legacy wraps like
// Java's long arithmetic, try_sum gives NULL.
class SumLong final : public StateAggregate<SumState<int64_t>> {
 public:
  explicit SumLong(EvalMode mode) : StateAggregate(DataType::Long(), {DataType::Long()}), mode_(mode) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    ForEachValue<int64_t>(*args[0], rows, [&](size_t i, int64_t value) { Add(At(states[i]), value); });
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (!s.seen) return;
    auto& t = At(target);
    if (s.overflow) t.overflow = true;
    Add(t, s.sum);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (!s.seen || s.overflow) out.SetNull(i);
      else out.values<int64_t>()[i] = s.sum;
    }
  }

 private:
  void Add(SumState<int64_t>& s, int64_t value) const {
    s.seen = true;
    int64_t result;
    if (__builtin_add_overflow(s.sum, value, &result)) {
      if (mode_ == EvalMode::kAnsi) ThrowOverflow("long overflow");
      if (mode_ == EvalMode::kTry) s.overflow = true;
    }
    s.sum = result;  // wraps (two's complement) in legacy mode
  }
  EvalMode mode_;
};

class SumDouble final : public StateAggregate<SumState<double>> {
 public:
  SumDouble() : StateAggregate(DataType::Double(), {DataType::Double()}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    ForEachValue<double>(*args[0], rows, [&](size_t i, double value) {
      auto& s = At(states[i]);
      s.sum += value;
      s.seen = true;
    });
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (!s.seen) return;
    auto& t = At(target);
    t.sum += s.sum;
    t.seen = true;
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (!s.seen) out.SetNull(i);
      else out.values<double>()[i] = s.sum;
    }
  }
};

// Adds decimals at one scale; once the running sum leaves `limit` (10^precision
// of the sum type) the state is overflowed for good, as Spark's sum buffer
// turns NULL when it no longer fits its type.
inline void AddDecimal(SumState<int128_t>& s, int128_t value, int128_t limit) {
  s.seen = true;
  if (s.overflow) return;
  int128_t result;
  if (__builtin_add_overflow(s.sum, value, &result) || result >= limit || result <= -limit) {
    s.overflow = true;
    return;
  }
  s.sum = result;
}

[[noreturn]] void ThrowDecimalSumOverflow() { ThrowOverflow("Overflow in sum of decimals"); }

// decimal(p,s) → decimal(min(38,p+10), s). Overflow: NULL in legacy mode and
// try_sum, ARITHMETIC_OVERFLOW in ANSI mode.
class SumDecimal final : public StateAggregate<SumState<int128_t>> {
 public:
  SumDecimal(const DataType& input, EvalMode mode)
      : StateAggregate(DataType::Decimal(std::min(kMaxDecimalPrecision, input.precision() + 10), input.scale()),
                       {input}),
        mode_(mode),
        limit_(PowerOfTen128(result_type_.precision())) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    ForEachDecimal(*args[0], rows, [&](size_t i, int128_t value) { AddDecimal(At(states[i]), value, limit_); });
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (!s.seen) return;
    auto& t = At(target);
    if (s.overflow) t.overflow = true;
    AddDecimal(t, s.sum, limit_);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (s.overflow && s.seen && mode_ == EvalMode::kAnsi) ThrowDecimalSumOverflow();
      if (!s.seen || s.overflow) out.SetNull(i);
      else WriteDecimal(out, i, s.sum);
    }
  }

 private:
  EvalMode mode_;
  int128_t limit_;
};

// ANSI intervals add exactly in every mode (Spark's interval Add); try_sum
// turns the overflow into NULL.
template <typename T>
class SumInterval final : public StateAggregate<SumState<T>> {
  using Base = StateAggregate<SumState<T>>;
  using Base::At;

 public:
  SumInterval(const DataType& input, EvalMode mode)
      : Base(input.id() == TypeId::kYearMonthInterval ? DataType::YearMonthInterval() : DataType::DayTimeInterval(),
             {input}),
        mode_(mode) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      Add(At(states[i]), arg.ValueAt<T>(i));
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (!s.seen) return;
    auto& t = At(target);
    if (s.overflow) t.overflow = true;
    Add(t, s.sum);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (!s.seen || s.overflow) out.SetNull(i);
      else out.values<T>()[i] = s.sum;
    }
  }

 private:
  void Add(SumState<T>& s, T value) const {
    s.seen = true;
    if (s.overflow) return;
    if (__builtin_add_overflow(s.sum, value, &s.sum)) {
      if (mode_ != EvalMode::kTry) ThrowOverflow(sizeof(T) == 4 ? "integer overflow" : "long overflow");
      s.overflow = true;
    }
  }
  EvalMode mode_;
};

std::shared_ptr<const AggregateFunction> BindSum(std::string_view name, const std::vector<ArgType>& args,
                                                 EvalMode mode) {
  ExpectArgCount(name, args, 1);
  DataType type = NumericOrIntervalArg(name, args[0]);
  switch (type.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: return std::make_shared<SumLong>(mode);
    case TypeId::kDecimal: return std::make_shared<SumDecimal>(type, mode);
    case TypeId::kYearMonthInterval: return std::make_shared<SumInterval<int32_t>>(type, mode);
    case TypeId::kDayTimeInterval: return std::make_shared<SumInterval<int64_t>>(type, mode);
    default: return std::make_shared<SumDouble>();
  }
}

// --- avg ------------------------------------------------------------------------

struct AvgDoubleState {
  double sum = 0;
  int64_t count = 0;
};

class AvgDouble final : public StateAggregate<AvgDoubleState> {
 public:
  AvgDouble() : StateAggregate(DataType::Double(), {DataType::Double()}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    ForEachValue<double>(*args[0], rows, [&](size_t i, double value) {
      auto& s = At(states[i]);
      s.sum += value;
      ++s.count;
    });
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    At(target).sum += At(source).sum;
    At(target).count += At(source).count;
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (s.count == 0) out.SetNull(i);
      else out.values<double>()[i] = s.sum / static_cast<double>(s.count);
    }
  }
};

struct AvgDecimalState {
  SumState<int128_t> sum;
  int64_t count = 0;
};

// value * 10^extra / divisor rounded half-up (away from zero on ties), or
// nullopt when the quotient reaches `limit` (10^result precision).
std::optional<int128_t> DivideHalfUp(int128_t value, int64_t divisor, int extra, int128_t limit) {
  bool negative = value < 0;
  uint128_t magnitude = negative ? uint128_t(0) - uint128_t(value) : uint128_t(value);
  uint128_t d = static_cast<uint128_t>(divisor);
  uint128_t quotient = magnitude / d, remainder = magnitude % d;
  uint128_t scaled_limit = static_cast<uint128_t>(limit) / static_cast<uint128_t>(PowerOfTen128(extra));
  if (quotient > scaled_limit) return std::nullopt;  // keeps quotient * 10^extra in range
  for (int k = 0; k < extra; ++k) {
    remainder *= 10;  // remainder < divisor < 2^63: no overflow
    quotient = quotient * 10 + remainder / d;
    remainder %= d;
  }
  if (remainder * 2 >= d) ++quotient;
  if (quotient >= static_cast<uint128_t>(limit)) return std::nullopt;
  int128_t result = static_cast<int128_t>(quotient);
  return negative ? -result : result;
}

// decimal(p,s) → decimal(min(38,p+4), min(38,s+4)): the sum (at decimal(p+10,s))
// divided by the count, rounded half-up. Overflow as for sum.
class AvgDecimal final : public StateAggregate<AvgDecimalState> {
 public:
  AvgDecimal(const DataType& input, EvalMode mode)
      : StateAggregate(DataType::Decimal(std::min(kMaxDecimalPrecision, input.precision() + 4),
                                         std::min(kMaxDecimalPrecision, input.scale() + 4)),
                       {input}),
        mode_(mode),
        sum_limit_(PowerOfTen128(std::min(kMaxDecimalPrecision, input.precision() + 10))),
        result_limit_(PowerOfTen128(result_type_.precision())),
        extra_scale_(result_type_.scale() - input.scale()) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    ForEachDecimal(*args[0], rows, [&](size_t i, int128_t value) {
      auto& s = At(states[i]);
      AddDecimal(s.sum, value, sum_limit_);
      ++s.count;
    });
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (s.count == 0) return;
    auto& t = At(target);
    if (s.sum.overflow) t.sum.overflow = true;
    AddDecimal(t.sum, s.sum.sum, sum_limit_);
    t.count += s.count;
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (s.count == 0) {
        out.SetNull(i);
        continue;
      }
      std::optional<int128_t> avg;
      if (!s.sum.overflow) avg = DivideHalfUp(s.sum.sum, s.count, extra_scale_, result_limit_);
      if (!avg) {
        if (mode_ == EvalMode::kAnsi) ThrowDecimalSumOverflow();
        out.SetNull(i);
        continue;
      }
      WriteDecimal(out, i, *avg);
    }
  }

 private:
  EvalMode mode_;
  int128_t sum_limit_, result_limit_;
  int extra_scale_;
};

template <typename T>
struct AvgIntervalState {
  SumState<T> sum;
  int64_t count = 0;
};

// ANSI intervals: exact sum (overflow raises except in try_avg), divided by
// the count rounded half-up (Spark's DivideYMInterval / DivideDTInterval).
template <typename T>
class AvgInterval final : public StateAggregate<AvgIntervalState<T>> {
  using Base = StateAggregate<AvgIntervalState<T>>;
  using Base::At;

 public:
  AvgInterval(const DataType& input, EvalMode mode)
      : Base(input.id() == TypeId::kYearMonthInterval ? DataType::YearMonthInterval() : DataType::DayTimeInterval(),
             {input}),
        mode_(mode) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      auto& s = At(states[i]);
      Add(s.sum, arg.ValueAt<T>(i));
      ++s.count;
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (s.count == 0) return;
    auto& t = At(target);
    if (s.sum.overflow) t.sum.overflow = true;
    Add(t.sum, s.sum.sum);
    t.count += s.count;
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (s.count == 0 || s.sum.overflow) {
        out.SetNull(i);
        continue;
      }
      int128_t sum = s.sum.sum;
      int128_t q = sum / s.count, r = sum % s.count;
      if ((r < 0 ? -r : r) * 2 >= s.count) q += sum < 0 ? -1 : 1;
      out.values<T>()[i] = static_cast<T>(q);
    }
  }

 private:
  void Add(SumState<T>& s, T value) const {
    if (s.overflow) return;
    if (__builtin_add_overflow(s.sum, value, &s.sum)) {
      if (mode_ != EvalMode::kTry) ThrowOverflow(sizeof(T) == 4 ? "integer overflow" : "long overflow");
      s.overflow = true;
    }
  }
  EvalMode mode_;
};

std::shared_ptr<const AggregateFunction> BindAvg(std::string_view name, const std::vector<ArgType>& args,
                                                 EvalMode mode) {
  ExpectArgCount(name, args, 1);
  DataType type = NumericOrIntervalArg(name, args[0]);
  switch (type.id()) {
    case TypeId::kDecimal: return std::make_shared<AvgDecimal>(type, mode);
    case TypeId::kYearMonthInterval: return std::make_shared<AvgInterval<int32_t>>(type, mode);
    case TypeId::kDayTimeInterval: return std::make_shared<AvgInterval<int64_t>>(type, mode);
    default: return std::make_shared<AvgDouble>();
  }
}

// --- min / max ------------------------------------------------------------------

template <typename T>
struct ExtremeState {
  Stored<T> value{};
  bool set = false;
};

// kSign -1: min, +1: max. Ties keep the first value seen (Spark's Least/Greatest).
template <typename T, int kSign>
class ExtremeAtomic final : public StateAggregate<ExtremeState<T>> {
  using Base = StateAggregate<ExtremeState<T>>;
  using Base::At;

 public:
  explicit ExtremeAtomic(const DataType& type) : Base(type, {type}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      Offer(At(states[i]), ReadValue<T>(arg, i));
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (s.set) Offer(At(target), T(s.value));
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& s = At(states[i]);
      if (!s.set) out.SetNull(i);
      else WriteValue<T>(out, i, T(s.value));
    }
  }

 private:
  static void Offer(ExtremeState<T>& s, const T& value) {
    if (!s.set || CompareValues<T>(value, T(s.value)) * kSign > 0) {
      s.value = Stored<T>(value);
      s.set = true;
    }
  }
};

struct NestedValueState {
  VectorPtr value;  // one row, or null before the first non-null input
};

// Copies row `row` of `source` into a fresh one-row flat vector.
VectorPtr CopyRow(const Vector& source, size_t row) {
  VectorPtr copy = Vector::Make(source.type(), 0);
  copy->AppendFrom(source, row);
  return copy;
}

// Rebuilds `out` (a flat vector of out.type()) row by row from `rows`
// (vector, row) pairs; a null vector pointer is a NULL row.
template <typename RowFn>
void FinalizeNested(Vector& out, size_t count, RowFn&& row_of) {
  Vector fresh(out.type());
  fresh.Reserve(count);
  for (size_t i = 0; i < count; ++i) {
    auto [vector, row] = row_of(i);
    if (vector == nullptr) {
      fresh.Resize(i + 1);
      fresh.SetNull(i);
    } else {
      fresh.AppendFrom(*vector, row);
    }
  }
  out = std::move(fresh);
}

template <int kSign>
class ExtremeNested final : public StateAggregate<NestedValueState> {
 public:
  explicit ExtremeNested(const DataType& type) : StateAggregate(type, {type}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      auto& s = At(states[i]);
      if (!s.value || CompareRows(arg, i, *s.value, 0) * kSign > 0) s.value = CopyRow(arg, i);
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const auto& s = At(source);
    if (!s.value) return;
    auto& t = At(target);
    if (!t.value || CompareRows(*s.value, 0, *t.value, 0) * kSign > 0) t.value = s.value;
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    FinalizeNested(out, count, [&](size_t i) { return std::pair<const Vector*, size_t>(At(states[i]).value.get(), 0); });
  }
};

template <int kSign>
std::shared_ptr<const AggregateFunction> BindExtreme(std::string_view name, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1);
  const DataType& type = args[0].type;
  if (!IsOrderable(type) || type.id() == TypeId::kCalendarInterval)
    throw FunctionBindError("The " + std::string(name) + " does not support ordering on type \"" + type.ToSql() +
                            "\".");
  std::shared_ptr<const AggregateFunction> bound;
  if (type.id() == TypeId::kNull) return std::make_shared<ExtremeAtomic<int32_t, kSign>>(DataType::Int());
  DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
    bound = std::make_shared<ExtremeAtomic<T, kSign>>(type);
  });
  if (!bound) bound = std::make_shared<ExtremeNested<kSign>>(type);
  return bound;
}

// --- regr_count / regr_avgx / regr_avgy ---------------------------------------------

// Feeds argument `column` of the rows where every argument is non-null to
// `inner` (a one-argument aggregate): Spark's regr_* "non-null pairs".
class NonNullPairs final : public AggregateFunction {
 public:
  NonNullPairs(std::shared_ptr<const AggregateFunction> inner, std::vector<DataType> args, size_t column)
      : inner_(std::move(inner)), column_(column) {
    result_type_ = inner_->result_type();
    arg_types_ = std::move(args);
  }
  size_t state_size() const override { return inner_->state_size(); }
  size_t state_align() const override { return inner_->state_align(); }
  bool needs_destroy() const override { return inner_->needs_destroy(); }
  void Init(uint8_t* state) const override { inner_->Init(state); }
  void Destroy(uint8_t* state) const override { inner_->Destroy(state); }
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    std::vector<uint8_t*> selected;
    std::vector<int32_t> indices;
    for (size_t i = 0; i < rows; ++i) {
      bool keep = true;
      for (const VectorPtr& arg : args) keep = keep && !arg->IsNull(i);
      if (!keep) continue;
      selected.push_back(states[i]);
      indices.push_back(static_cast<int32_t>(i));
    }
    if (selected.empty()) return;
    Buffer buffer(indices.size() * sizeof(int32_t), false);
    std::memcpy(buffer.data(), indices.data(), indices.size() * sizeof(int32_t));
    VectorPtr column = Vector::MakeDictionary(Vector::Flatten(args[column_]), std::move(buffer), indices.size());
    inner_->Update(selected.data(), std::span<const VectorPtr>(&column, 1), selected.size());
  }
  void Merge(uint8_t* target, const uint8_t* source) const override { inner_->Merge(target, source); }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    inner_->Finalize(states, count, out);
  }

 private:
  std::shared_ptr<const AggregateFunction> inner_;
  size_t column_;
};

DataType RegrArg(const ArgType& arg, size_t index) {
  if (arg.type.is_numeric()) return arg.type;
  if (arg.type.id() == TypeId::kString || arg.type.id() == TypeId::kNull) return DataType::Double();
  ThrowUnexpectedInputType(index, "\"NUMERIC\"", arg.type);
}

// regr_avgx(y, x) averages x, regr_avgy(y, x) averages y, over non-null pairs.
AggregateBinder RegrAvgBinder(std::string name, size_t column) {
  return [name, column](const std::vector<ArgType>& args,
                        const FunctionContext& ctx) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 2);
    std::vector<DataType> types{RegrArg(args[0], 0), RegrArg(args[1], 1)};
    auto inner = BindAvg(name, {ArgType{types[column], true, nullptr}}, ModeOf(ctx));
    types[column] = inner->arg_types()[0];
    return std::make_shared<NonNullPairs>(std::move(inner), std::move(types), column);
  };
}

}  // namespace

void RegisterBasicAggregates(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "count",
      "_FUNC_(*) - Returns the total number of retrieved rows, including rows containing null.\n"
      "_FUNC_(expr[, expr...]) - Returns the number of rows for which the supplied expression(s) are all "
      "non-null.\n"
      "_FUNC_(DISTINCT expr[, expr...]) - Returns the number of rows for which the supplied expression(s) are "
      "unique and non-null.",
      "> SELECT _FUNC_(*) FROM VALUES (NULL), (5), (5), (20) AS tab(col);\n 4\n"
      "> SELECT _FUNC_(col) FROM VALUES (NULL), (5), (5), (20) AS tab(col);\n 3",
      [](const std::vector<ArgType>& args, const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
        std::vector<DataType> types;
        for (const ArgType& arg : args) types.push_back(arg.type);
        return std::make_shared<Count>(std::move(types));
      }));

  registry.Add(MakeAggregateInfo(
      "sum", "_FUNC_(expr) - Returns the sum calculated from values of a group.",
      "> SELECT _FUNC_(col) FROM VALUES (5), (10), (15) AS tab(col);\n 30\n"
      "> SELECT _FUNC_(col) FROM VALUES (NULL), (10), (15) AS tab(col);\n 25",
      [](const std::vector<ArgType>& args, const FunctionContext& ctx) {
        return BindSum("sum", args, ModeOf(ctx));
      }));
  registry.Add(MakeAggregateInfo(
      "try_sum",
      "_FUNC_(expr) - Returns the sum calculated from values of a group and the result is null on overflow.",
      "> SELECT _FUNC_(col) FROM VALUES (5), (10), (15) AS tab(col);\n 30\n"
      "> SELECT _FUNC_(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col);\n NULL",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        return BindSum("try_sum", args, EvalMode::kTry);
      }));

  registry.Add(MakeAggregateInfo(
      "avg", "_FUNC_(expr) - Returns the mean calculated from values of a group.",
      "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 2.0\n"
      "> SELECT _FUNC_(col) FROM VALUES (1), (2), (NULL) AS tab(col);\n 1.5",
      [](const std::vector<ArgType>& args, const FunctionContext& ctx) {
        return BindAvg("avg", args, ModeOf(ctx));
      }));
  registry.AddAlias("mean", "avg");
  registry.Add(MakeAggregateInfo(
      "try_avg",
      "_FUNC_(expr) - Returns the mean calculated from values of a group and the result is null on overflow.",
      "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 2.0",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        return BindAvg("try_avg", args, EvalMode::kTry);
      }));

  registry.Add(MakeAggregateInfo(
      "regr_count", "_FUNC_(y, x) - Returns the number of non-null number pairs in a group, where `y` is the "
      "dependent variable and `x` is the independent variable.",
      "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 4\n"
      "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, null), (2, 3), (2, 4) AS tab(y, x);\n 3",
      [](const std::vector<ArgType>& args, const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
        ExpectArgCount("regr_count", args, 2);
        return std::make_shared<Count>(std::vector<DataType>{RegrArg(args[0], 0), RegrArg(args[1], 1)});
      }));
  registry.Add(MakeAggregateInfo(
      "regr_avgx",
      "_FUNC_(y, x) - Returns the average of the independent variable for non-null pairs in a group, where `y` is "
      "the dependent variable and `x` is the independent variable.",
      "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 2.75",
      RegrAvgBinder("regr_avgx", 1)));
  registry.Add(MakeAggregateInfo(
      "regr_avgy",
      "_FUNC_(y, x) - Returns the average of the dependent variable for non-null pairs in a group, where `y` is "
      "the dependent variable and `x` is the independent variable.",
      "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 1.75",
      RegrAvgBinder("regr_avgy", 0)));

  registry.Add(MakeAggregateInfo(
      "min", "_FUNC_(expr) - Returns the minimum value of `expr`.",
      "> SELECT _FUNC_(col) FROM VALUES (10), (-1), (20) AS tab(col);\n -1",
      [](const std::vector<ArgType>& args, const FunctionContext&) { return BindExtreme<-1>("min", args); }));
  registry.Add(MakeAggregateInfo(
      "max", "_FUNC_(expr) - Returns the maximum value of `expr`.",
      "> SELECT _FUNC_(col) FROM VALUES (10), (50), (20) AS tab(col);\n 50",
      [](const std::vector<ArgType>& args, const FunctionContext&) { return BindExtreme<1>("max", args); }));
}

}  // namespace tarn::agg
