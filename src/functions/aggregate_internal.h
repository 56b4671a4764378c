// Shared pieces of the aggregate functions (aggregate_*.cc): a base class
// that places a C++ state struct in the executor's state memory, dispatch
// from a Spark type to the C++ type its values are read as, Spark's value
// ordering, and the registration helper.
//
// Thread safety: bound aggregates are immutable; states belong to one thread.
#pragma once

#include <cmath>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "columnar/vector.h"
#include "functions/function.h"
#include "functions/kernel_util.h"
#include "types/decimal.h"

namespace tarn {

class FunctionRegistry;

namespace agg {

/// How arithmetic overflow is handled: legacy wraps or yields NULL (per
/// function), ANSI raises ARITHMETIC_OVERFLOW, try_* yields NULL.
enum class EvalMode : uint8_t { kLegacy, kAnsi, kTry };

inline EvalMode ModeOf(const FunctionContext& ctx) { return ctx.ansi ? EvalMode::kAnsi : EvalMode::kLegacy; }

/// An aggregate whose per-group state is the C++ struct State, constructed in
/// place by Init and destroyed by Destroy (when it owns memory).
template <typename State>
class StateAggregate : public AggregateFunction {
 public:
  StateAggregate(DataType result_type, std::vector<DataType> arg_types) {
    result_type_ = std::move(result_type);
    arg_types_ = std::move(arg_types);
  }
  size_t state_size() const override { return sizeof(State); }
  size_t state_align() const override { return alignof(State) < 8 ? 8 : alignof(State); }
  bool needs_destroy() const override { return !std::is_trivially_destructible_v<State>; }
  void Init(uint8_t* state) const override { new (state) State(); }
  void Destroy(uint8_t* state) const override { At(state).~State(); }

 protected:
  static State& At(uint8_t* state) { return *std::launder(reinterpret_cast<State*>(state)); }
  static const State& At(const uint8_t* state) { return *std::launder(reinterpret_cast<const State*>(state)); }
};

// --- Types --------------------------------------------------------------------

/// Calls fn(std::type_identity<T>{}) with the C++ type values of an atomic
/// `type` are read as (see kernel_util.h); returns false for nested, null
/// and calendar-interval types (fn not called).
template <typename Fn>
bool DispatchAtomic(const DataType& type, Fn&& fn) {
  switch (type.id()) {
    case TypeId::kBoolean: fn(std::type_identity<bool>{}); return true;
    case TypeId::kByte: fn(std::type_identity<int8_t>{}); return true;
    case TypeId::kShort: fn(std::type_identity<int16_t>{}); return true;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: fn(std::type_identity<int32_t>{}); return true;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kTime:
    case TypeId::kDayTimeInterval: fn(std::type_identity<int64_t>{}); return true;
    case TypeId::kDecimal:
      if (type.precision() <= kMaxInt64DecimalPrecision) fn(std::type_identity<int64_t>{});
      else fn(std::type_identity<int128_t>{});
      return true;
    case TypeId::kFloat: fn(std::type_identity<float>{}); return true;
    case TypeId::kDouble: fn(std::type_identity<double>{}); return true;
    case TypeId::kString:
    case TypeId::kBinary: fn(std::type_identity<std::string_view>{}); return true;
    default: return false;
  }
}

/// The type a state keeps a value of read type T in (strings own their bytes).
template <typename T>
using Stored = std::conditional_t<std::is_same_v<T, std::string_view>, std::string, T>;

/// Spark's ordering of atomic values: NaN above every other float, -0.0 equal
/// to 0.0, strings and binary by unsigned bytes.
template <typename T>
int CompareValues(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a == b) return 0;
    bool a_nan = std::isnan(a), b_nan = std::isnan(b);
    if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
    return a < b ? -1 : 1;
  } else if constexpr (std::is_same_v<T, std::string_view> || std::is_same_v<T, std::string>) {
    int c = std::string_view(a).compare(std::string_view(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
}

/// Spark's ordering of two rows of (possibly nested, possibly encoded)
/// vectors of the same orderable type; NULL sorts first inside nested values.
int CompareRows(const Vector& a, size_t a_row, const Vector& b, size_t b_row);

/// The unscaled decimal of row `row` (int64 or int128 storage).
inline int128_t ReadDecimal(const Vector& vector, size_t row) {
  return vector.type().precision() <= kMaxInt64DecimalPrecision ? int128_t{vector.ValueAt<int64_t>(row)}
                                                                 : vector.ValueAt<int128_t>(row);
}
/// Calls fn(row, value) for every non-null row of `vector` with its value
/// as T (DirectReader: no per-row encoding switch), the null check hoisted
/// out of the loop when there are none.
template <typename T, typename Fn>
void ForEachValue(const Vector& vector, size_t rows, Fn&& fn) {
  DirectReader<T> values(vector);
  if (!vector.may_have_nulls()) {
    for (size_t row = 0; row < rows; ++row) fn(row, values[row]);
    return;
  }
  for (size_t row = 0; row < rows; ++row)
    if (!vector.IsNull(row)) fn(row, values[row]);
}

/// ForEachValue over the unscaled values of a decimal vector, as int128.
template <typename Fn>
void ForEachDecimal(const Vector& vector, size_t rows, Fn&& fn) {
  if (vector.type().precision() <= kMaxInt64DecimalPrecision)
    ForEachValue<int64_t>(vector, rows, [&](size_t row, int64_t value) { fn(row, int128_t{value}); });
  else
    ForEachValue<int128_t>(vector, rows, fn);
}

/// Writes an unscaled decimal into a flat decimal vector.
inline void WriteDecimal(Vector& out, size_t row, int128_t value) {
  if (out.type().precision() <= kMaxInt64DecimalPrecision) out.values<int64_t>()[row] = static_cast<int64_t>(value);
  else out.values<int128_t>()[row] = value;
}

/// One value of any type owned by a state: fixed-width values by bytes,
/// strings in a std::string, nested values as a one-row vector.
class HeldValue {
 public:
  bool is_set() const { return set_; }
  bool is_null() const { return null_; }
  /// Copies row `row` of `vector` (any encoding; NULL allowed).
  void Assign(const Vector& vector, size_t row);
  void Assign(const HeldValue& other);
  /// Spark's ordering of the held (non-null) value against row `row` of
  /// `vector` (non-null, same type): <0, 0, >0.
  int CompareWith(const Vector& vector, size_t row, const DataType& type) const;

  /// Writes the held values (unset or NULL → NULL) as rows 0..count-1 of the
  /// flat vector `out`.
  static void WriteAll(const HeldValue* const* values, size_t count, Vector& out);

 private:
  bool set_ = false;
  bool null_ = true;
  alignas(16) uint8_t fixed_[16] = {};
  std::string bytes_;
  VectorPtr nested_;
};

/// Throws ARITHMETIC_OVERFLOW with Spark's message (e.g. "long overflow").
[[noreturn]] void ThrowOverflow(std::string_view message);

/// sum/avg input types: numeric or ANSI interval; strings and NULL are read
/// as double (Spark's implicit cast to NumericType's default). Throws
/// FunctionBindError otherwise.
DataType NumericOrIntervalArg(std::string_view function, const ArgType& arg);
/// Arguments Spark casts to double (stddev, corr, ...): numeric, string or NULL.
void ExpectDoubleArg(const ArgType& arg, size_t index);

// --- Registration -------------------------------------------------------------

FunctionInfo MakeAggregateInfo(std::string name, std::string usage, std::string examples, AggregateBinder binder);

void RegisterBasicAggregates(FunctionRegistry& registry);    // count, sum, avg, min, max, ...
void RegisterLogicAggregates(FunctionRegistry& registry);    // count_if, bool_and, bit_and, ...
void RegisterSelectAggregates(FunctionRegistry& registry);   // first, last, any_value, min_by, max_by
void RegisterStatAggregates(FunctionRegistry& registry);     // stddev, variance, covar, corr, regr_*
void RegisterCollectAggregates(FunctionRegistry& registry);  // collect_list, percentile, mode, ...
void RegisterSketchAggregates(FunctionRegistry& registry);   // approx_count_distinct, percentile_approx

}  // namespace agg
}  // namespace tarn
