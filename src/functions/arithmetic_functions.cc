// The operators as functions: + - * / % div, unary minus is `negative`
// (math), comparisons = == <> != < <= > >= <=>, bitwise & | ^ ~.
// Result types follow Spark: integral operands keep the wider integral type
// (ANSI overflow raises, legacy wraps), decimals follow DecimalPrecision,
// `/` is double or decimal, `div` is bigint.
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "columnar/row_compare.h"
#include "common/error.h"
#include "functions/builtins.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn {
namespace {

enum class Op { kAdd, kSubtract, kMultiply, kDivide, kRemainder, kIntDivide };

const char* OpSymbol(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSubtract: return "-";
    case Op::kMultiply: return "*";
    case Op::kDivide: return "/";
    case Op::kRemainder: return "%";
    case Op::kIntDivide: return "div";
  }
  return "?";
}

[[noreturn]] void ThrowOverflow(const std::string& what) {
  ThrowError(ErrorClass::kArithmeticOverflow,
             {{"message", what + " caused overflow"}, {"config", "\"spark.sql.ansi.enabled\""}});
}

[[noreturn]] void ThrowDivideByZero() {
  ThrowError(ErrorClass::kDivideByZero, {{"config", "\"spark.sql.ansi.enabled\""}});
}

// Integral arithmetic in T with Spark's overflow rules.
template <typename T>
std::optional<T> IntegralOp(Op op, T a, T b, bool ansi) {
  T result{};
  switch (op) {
    case Op::kAdd:
      if (__builtin_add_overflow(a, b, &result)) {
        if (ansi) ThrowOverflow("integer addition");
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) + static_cast<std::make_unsigned_t<T>>(b));
      }
      return result;
    case Op::kSubtract:
      if (__builtin_sub_overflow(a, b, &result)) {
        if (ansi) ThrowOverflow("integer subtraction");
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) - static_cast<std::make_unsigned_t<T>>(b));
      }
      return result;
    case Op::kMultiply:
      if (__builtin_mul_overflow(a, b, &result)) {
        if (ansi) ThrowOverflow("integer multiplication");
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) * static_cast<std::make_unsigned_t<T>>(b));
      }
      return result;
    case Op::kRemainder:
      if (b == 0) {
        if (ansi) ThrowDivideByZero();
        return std::nullopt;
      }
      if (b == -1) return T{0};  // avoids MIN % -1
      return static_cast<T>(a % b);
    case Op::kIntDivide:
    case Op::kDivide:
      if (b == 0) {
        if (ansi) ThrowDivideByZero();
        return std::nullopt;
      }
      if (a == std::numeric_limits<T>::min() && b == -1) {
        if (ansi) ThrowOverflow("integer division");
        return a;
      }
      return static_cast<T>(a / b);
  }
  return std::nullopt;
}

template <typename T>
std::optional<T> FloatingOp(Op op, T a, T b, bool ansi) {
  switch (op) {
    case Op::kAdd: return a + b;
    case Op::kSubtract: return a - b;
    case Op::kMultiply: return a * b;
    case Op::kDivide:
      if (b == 0) {
        if (ansi) ThrowDivideByZero();
        return std::nullopt;
      }
      return a / b;
    case Op::kRemainder:
      if (b == 0) {
        if (ansi) ThrowDivideByZero();
        return std::nullopt;
      }
      return std::fmod(a, b);
    case Op::kIntDivide: return std::nullopt;
  }
  return std::nullopt;
}

// Rounds value / 10^digits half away from zero (Java's HALF_UP).
int128_t DivideRoundHalfUp(int128_t value, int128_t divisor) {
  int128_t quotient = value / divisor;
  int128_t remainder = value % divisor;
  int128_t twice = remainder < 0 ? -remainder * 2 : remainder * 2;
  int128_t abs_divisor = divisor < 0 ? -divisor : divisor;
  if (twice >= abs_divisor) quotient += ((value < 0) != (divisor < 0)) ? -1 : 1;
  return quotient;
}

bool Rescale(int128_t value, int from_scale, int to_scale, int128_t* out) {
  if (to_scale >= from_scale) return !__builtin_mul_overflow(value, PowerOfTen128(to_scale - from_scale), out);
  *out = DivideRoundHalfUp(value, PowerOfTen128(from_scale - to_scale));
  return true;
}

int128_t ReadDecimal(const Vector& vector, size_t row) {
  return vector.type().precision() <= kMaxInt64DecimalPrecision ? vector.ValueAt<int64_t>(row)
                                                                 : vector.ValueAt<int128_t>(row);
}

void WriteDecimal(Vector& out, size_t row, int128_t value) {
  if (out.type().precision() <= kMaxInt64DecimalPrecision) out.values<int64_t>()[row] = static_cast<int64_t>(value);
  else out.values<int128_t>()[row] = value;
}

// One decimal operation; nullopt = NULL (legacy overflow or division by zero).
std::optional<int128_t> DecimalOp(Op op, int128_t a, int sa, int128_t b, int sb, const DataType& result,
                                  bool ansi) {
  int rs = result.scale();
  int128_t value = 0;
  bool ok = true;
  switch (op) {
    case Op::kAdd:
    case Op::kSubtract: {
      int scale = std::max(sa, sb);
      int128_t x, y;
      ok = Rescale(a, sa, scale, &x) && Rescale(b, sb, scale, &y);
      if (ok) ok = op == Op::kAdd ? !__builtin_add_overflow(x, y, &value) : !__builtin_sub_overflow(x, y, &value);
      if (ok) ok = Rescale(value, scale, rs, &value);
      break;
    }
    case Op::kMultiply:
      ok = !__builtin_mul_overflow(a, b, &value) && Rescale(value, sa + sb, rs, &value);
      break;
    case Op::kDivide:
    case Op::kIntDivide: {
      if (b == 0) {
        if (ansi) ThrowDivideByZero();
        return std::nullopt;
      }
      int target = op == Op::kIntDivide ? 0 : rs;
      // a / b at scale `target`: (a * 10^(target - sa + sb)) / b, rounded.
      int shift = target - sa + sb;
      int128_t numerator = a;
      if (shift >= 0) {
        ok = !__builtin_mul_overflow(a, PowerOfTen128(shift), &numerator);
        if (ok) value = op == Op::kIntDivide ? numerator / b : DivideRoundHalfUp(numerator, b);
      } else {
        int128_t divisor;
        ok = !__builtin_mul_overflow(b, PowerOfTen128(-shift), &divisor);
        if (ok) value = op == Op::kIntDivide ? numerator / divisor : DivideRoundHalfUp(numerator, divisor);
      }
      break;
    }
    case Op::kRemainder: {
      if (b == 0) {
        if (ansi) ThrowDivideByZero();
        return std::nullopt;
      }
      int scale = std::max(sa, sb);
      int128_t x, y;
      ok = Rescale(a, sa, scale, &x) && Rescale(b, sb, scale, &y);
      if (ok) ok = Rescale(x % y, scale, rs, &value);
      break;
    }
  }
  if (ok && result.id() == TypeId::kDecimal) {
    int128_t limit = PowerOfTen128(result.precision());
    ok = value < limit && value > -limit;
  }
  if (!ok) {
    if (ansi) {
      ThrowError(ErrorClass::kNumericValueOutOfRange,
                 {{"value", "Decimal result"},
                  {"precision", std::to_string(result.precision())},
                  {"scale", std::to_string(result.scale())},
                  {"config", "\"spark.sql.ansi.enabled\""}});
    }
    return std::nullopt;
  }
  return value;
}

template <typename T>
VectorPtr NumericKernel(Op op, std::span<const VectorPtr> args, size_t rows, const DataType& type, bool ansi) {
  return MapRows<T, T, T>(args, rows, type, [op, ansi](T a, T b) -> std::optional<T> {
    if constexpr (std::is_floating_point_v<T>) return FloatingOp<T>(op, a, b, ansi);
    else return IntegralOp<T>(op, a, b, ansi);
  });
}

// The common case of decimal arithmetic in tight loops: +, - and * whose
// exact result needs no rounding (the result scale is the operands' common
// scale, or for * the sum of their scales). Operands stored as int64 are below
// 10^18, so in int128 neither their rescaled values nor their sum or product
// can overflow; wider operands use checked arithmetic. Rows that leave the
// result's precision go through DecimalOp for Spark's error or NULL.
template <typename T>
constexpr bool FitsInt64(T value) {
  return value >= std::numeric_limits<int64_t>::min() && value <= std::numeric_limits<int64_t>::max();
}

template <typename Out, typename A, typename B>
void DecimalFastLoop(Op op, const Vector& left, const Vector& right, const DataType& result, bool ansi, Vector& out,
                     size_t rows) {
  int sa = left.type().scale(), sb = right.type().scale();
  int scale = std::max(sa, sb);
  DirectReader<A> a(left);
  DirectReader<B> b(right);
  int128_t ma = op == Op::kMultiply ? 1 : PowerOfTen128(scale - sa);
  int128_t mb = op == Op::kMultiply ? 1 : PowerOfTen128(scale - sb);
  int128_t limit = PowerOfTen128(result.precision());
  Out* values = out.values<Out>();
  bool nulls = left.may_have_nulls() || right.may_have_nulls();
  constexpr bool kNarrow = std::is_same_v<A, int64_t> && std::is_same_v<B, int64_t>;
  for (size_t row = 0; row < rows; ++row) {
    int128_t value;
    bool ok = true;
    if constexpr (kNarrow) {
      int128_t x = a[row] * ma, y = b[row] * mb;
      value = op == Op::kAdd ? x + y : (op == Op::kSubtract ? x - y : x * y);
    } else if (op == Op::kMultiply && FitsInt64(a[row]) && FitsInt64(b[row])) {
      // The usual values of a wide product type (q01's price * (1 - disc) * (1 + tax)
      // is decimal(38,6)) are small: one widening multiply, no overflow check.
      value = int128_t{static_cast<int64_t>(a[row])} * static_cast<int64_t>(b[row]);
    } else {
      int128_t x, y;
      ok = !__builtin_mul_overflow(int128_t{a[row]}, ma, &x) && !__builtin_mul_overflow(int128_t{b[row]}, mb, &y);
      if (ok) {
        ok = op == Op::kAdd ? !__builtin_add_overflow(x, y, &value)
                            : (op == Op::kSubtract ? !__builtin_sub_overflow(x, y, &value)
                                                   : !__builtin_mul_overflow(x, y, &value));
      }
    }
    if (ok && value < limit && value > -limit) [[likely]] {
      values[row] = static_cast<Out>(value);
    } else if (!(nulls && (left.IsNull(row) || right.IsNull(row)))) {
      auto checked = DecimalOp(op, a[row], sa, b[row], sb, result, ansi);  // raises, or NULL
      if (checked) values[row] = static_cast<Out>(*checked);
      else out.SetNull(row);
    }
  }
  if (nulls) {
    for (size_t row = 0; row < rows; ++row)
      if (left.IsNull(row) || right.IsNull(row)) out.SetNull(row);
  }
}

// Runs DecimalFastLoop for the operands' and the result's storage widths;
// false when the operation needs rounding (or is not +, -, *).
bool DecimalFastKernel(Op op, const Vector& left, const Vector& right, const DataType& result, bool ansi,
                       Vector& out, size_t rows) {
  int sa = left.type().scale(), sb = right.type().scale();
  if (op != Op::kAdd && op != Op::kSubtract && op != Op::kMultiply) return false;
  if (result.id() != TypeId::kDecimal || result.scale() != (op == Op::kMultiply ? sa + sb : std::max(sa, sb)))
    return false;
  bool narrow_out = result.precision() <= kMaxInt64DecimalPrecision;
  bool narrow_a = left.type().precision() <= kMaxInt64DecimalPrecision;
  bool narrow_b = right.type().precision() <= kMaxInt64DecimalPrecision;
  auto run = [&]<typename Out>(std::type_identity<Out>) {
    if (narrow_a && narrow_b) DecimalFastLoop<Out, int64_t, int64_t>(op, left, right, result, ansi, out, rows);
    else if (narrow_a) DecimalFastLoop<Out, int64_t, int128_t>(op, left, right, result, ansi, out, rows);
    else if (narrow_b) DecimalFastLoop<Out, int128_t, int64_t>(op, left, right, result, ansi, out, rows);
    else DecimalFastLoop<Out, int128_t, int128_t>(op, left, right, result, ansi, out, rows);
  };
  if (narrow_out) run(std::type_identity<int64_t>{});
  else run(std::type_identity<int128_t>{});
  return true;
}

VectorPtr DecimalKernel(Op op, std::span<const VectorPtr> args, size_t rows, const DataType& result, bool ansi) {
  const Vector& left = *args[0];
  const Vector& right = *args[1];
  int sa = left.type().scale(), sb = right.type().scale();
  VectorPtr out = Vector::Make(result, rows);
  if (DecimalFastKernel(op, left, right, result, ansi, *out, rows)) return out;
  bool nulls = left.may_have_nulls() || right.may_have_nulls();
  for (size_t row = 0; row < rows; ++row) {
    if (nulls && (left.IsNull(row) || right.IsNull(row))) {
      out->SetNull(row);
      continue;
    }
    auto value = DecimalOp(op, ReadDecimal(left, row), sa, ReadDecimal(right, row), sb, result, ansi);
    if (!value) {
      out->SetNull(row);
      continue;
    }
    if (result.id() == TypeId::kLong) out->values<int64_t>()[row] = static_cast<int64_t>(*value);
    else WriteDecimal(*out, row, *value);
  }
  return out;
}

// Binds a binary arithmetic operator: the operand type both sides are cast
// to, and the result type.
BoundScalar BindArithmetic(Op op, const std::vector<ArgType>& args) {
  ExpectArgCount(OpSymbol(op), args, 2);
  DataType a = args[0].type, b = args[1].type;
  // Strings take part as doubles (Spark's legacy promotion; ANSI accepts it too).
  if (a.id() == TypeId::kString) a = DataType::Double();
  if (b.id() == TypeId::kString) b = DataType::Double();
  if (a.id() == TypeId::kNull) a = b.id() == TypeId::kNull ? DataType::Double() : b;
  if (b.id() == TypeId::kNull) b = a;
  // Spark's BinaryOperator check order: operands of different types (after the
  // string promotion) are BINARY_OP_DIFF_TYPES before any input-type check.
  if (!a.is_numeric() || !b.is_numeric()) {
    // + and - with a date or an interval are Spark's DateAdd / interval
    // arithmetic, whose own input checks fail first.
    auto datetime_operand = [&](const DataType& t) {
      return t.id() == TypeId::kDate || t.id() == TypeId::kDayTimeInterval || t.id() == TypeId::kYearMonthInterval ||
             t.id() == TypeId::kCalendarInterval;
    };
    bool additive = op == Op::kAdd || op == Op::kSubtract;
    bool subtract_timestamp = op == Op::kSubtract && (a.is_timestamp() || b.is_timestamp());
    if ((additive && (datetime_operand(a) || datetime_operand(b))) || subtract_timestamp)
      ThrowUnexpectedInputType(a.is_numeric() ? 1 : 0, "\"NUMERIC\"", a.is_numeric() ? args[1].type : args[0].type);
    if (a.is_numeric() != b.is_numeric() || a != b) {
      throw FunctionBindError("the left and right operands of the binary operator have incompatible types (\"" +
                                  a.ToSql() + "\" and \"" + b.ToSql() + "\").",
                              "BINARY_OP_DIFF_TYPES");
    }
    ThrowUnexpectedInputType(0, "\"NUMERIC\"", args[0].type);
  }
  BoundScalar bound;
  DataType operand;
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    if (a.id() == TypeId::kFloat || a.id() == TypeId::kDouble || b.id() == TypeId::kFloat ||
        b.id() == TypeId::kDouble) {
      operand = DataType::Double();
    } else {
      DataType da = DecimalForIntegral(a), db = DecimalForIntegral(b);
      bound.arg_types = {da, db};
      switch (op) {
        case Op::kAdd:
        case Op::kSubtract: bound.result_type = DecimalAddType(da, db); break;
        case Op::kMultiply: bound.result_type = DecimalMultiplyType(da, db); break;
        case Op::kDivide: bound.result_type = DecimalDivideType(da, db); break;
        case Op::kRemainder: bound.result_type = DecimalRemainderType(da, db); break;
        case Op::kIntDivide: bound.result_type = DataType::Long(); break;
      }
      DataType result = bound.result_type;
      bound.kernel = [op, result](std::span<const VectorPtr> in, size_t rows, const FunctionContext& ctx) {
        return DecimalKernel(op, in, rows, result, ctx.ansi);
      };
      return bound;
    }
  } else {
    operand = *FindCommonType(a, b);
  }
  if (op == Op::kDivide) operand = DataType::Double();
  if (op == Op::kIntDivide) {
    if (operand.id() == TypeId::kFloat || operand.id() == TypeId::kDouble)
      ThrowUnexpectedInputType(0, "\"INTEGRAL\"", args[0].type);
    operand = DataType::Long();
  }
  bound.arg_types = {operand, operand};
  bound.result_type = operand;
  bound.kernel = [op, operand](std::span<const VectorPtr> in, size_t rows, const FunctionContext& ctx) -> VectorPtr {
    switch (operand.id()) {
      case TypeId::kByte: return NumericKernel<int8_t>(op, in, rows, operand, ctx.ansi);
      case TypeId::kShort: return NumericKernel<int16_t>(op, in, rows, operand, ctx.ansi);
      case TypeId::kInt: return NumericKernel<int32_t>(op, in, rows, operand, ctx.ansi);
      case TypeId::kLong: return NumericKernel<int64_t>(op, in, rows, operand, ctx.ansi);
      case TypeId::kFloat: return NumericKernel<float>(op, in, rows, operand, ctx.ansi);
      default: return NumericKernel<double>(op, in, rows, operand, ctx.ansi);
    }
  };
  return bound;
}

// --- Comparisons -------------------------------------------------------------

enum class Cmp { kEq, kNe, kLt, kLe, kGt, kGe, kNullSafeEq };

// Spark's order for floating point: NaN is the largest value and equals itself; -0.0 == 0.0.
template <typename T>
int CompareValue(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

// CompareValue as a function object, so that kernels inline it.
template <typename T>
struct ValueOrder {
  int operator()(T a, T b) const { return CompareValue<T>(a, b); }
};

int CompareInterval(const IntervalValue& a, const IntervalValue& b) {
  if (a.months != b.months) return a.months < b.months ? -1 : 1;
  if (a.days != b.days) return a.days < b.days ? -1 : 1;
  return a.micros < b.micros ? -1 : (a.micros > b.micros ? 1 : 0);
}

bool Holds(Cmp cmp, int c) {
  switch (cmp) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq: return c == 0;
    case Cmp::kNe: return c != 0;
    case Cmp::kLt: return c < 0;
    case Cmp::kLe: return c <= 0;
    case Cmp::kGt: return c > 0;
    case Cmp::kGe: return c >= 0;
  }
  return false;
}

// values[r] = holds(compare(a[r], b[r])) for every row: the comparison is
// chosen once per batch, not per row.
template <typename T, typename Compare>
void CompareDirect(Cmp cmp, const DirectReader<T>& a, const DirectReader<T>& b, size_t rows, uint8_t* values,
                   Compare compare) {
  auto loop = [&](auto holds) {
    for (size_t row = 0; row < rows; ++row) values[row] = holds(compare(a[row], b[row]));
  };
  switch (cmp) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq: return loop([](int c) { return c == 0; });
    case Cmp::kNe: return loop([](int c) { return c != 0; });
    case Cmp::kLt: return loop([](int c) { return c < 0; });
    case Cmp::kLe: return loop([](int c) { return c <= 0; });
    case Cmp::kGt: return loop([](int c) { return c > 0; });
    case Cmp::kGe: return loop([](int c) { return c >= 0; });
  }
}

template <typename T, typename Compare>
VectorPtr CompareKernel(Cmp cmp, std::span<const VectorPtr> args, size_t rows, Compare compare) {
  const Vector& a = *args[0];
  const Vector& b = *args[1];
  VectorPtr out = Vector::Make(DataType::Boolean(), rows);
  uint8_t* values = out->values<uint8_t>();
  bool nulls = a.may_have_nulls() || b.may_have_nulls();
  // Fast path: plain arrays. Strings only without NULLs (a NULL row's view
  // need not point anywhere); fixed-width values of NULL rows are just bits.
  constexpr bool kIsString = std::is_same_v<T, std::string_view>;
  if (!(kIsString && nulls)) {
    CompareDirect<T>(cmp, DirectReader<T>(a), DirectReader<T>(b), rows, values, compare);
    if (nulls) {
      for (size_t row = 0; row < rows; ++row) {
        bool na = a.IsNull(row), nb = b.IsNull(row);
        if (!na && !nb) continue;
        if (cmp == Cmp::kNullSafeEq) values[row] = na && nb;
        else out->SetNull(row);
      }
    }
    return out;
  }
  for (size_t row = 0; row < rows; ++row) {
    if (nulls) {
      bool na = a.IsNull(row), nb = b.IsNull(row);
      if (na || nb) {
        if (cmp == Cmp::kNullSafeEq) values[row] = na && nb;
        else out->SetNull(row);
        continue;
      }
    }
    values[row] = Holds(cmp, compare(ReadValue<T>(a, row), ReadValue<T>(b, row)));
  }
  return out;
}

VectorPtr CompareVectors(Cmp cmp, const DataType& type, std::span<const VectorPtr> args, size_t rows) {
  switch (type.physical_type()) {
    case PhysicalType::kBool: return CompareKernel<bool>(cmp, args, rows, ValueOrder<bool>{});
    case PhysicalType::kInt8: return CompareKernel<int8_t>(cmp, args, rows, ValueOrder<int8_t>{});
    case PhysicalType::kInt16: return CompareKernel<int16_t>(cmp, args, rows, ValueOrder<int16_t>{});
    case PhysicalType::kInt32: return CompareKernel<int32_t>(cmp, args, rows, ValueOrder<int32_t>{});
    case PhysicalType::kInt64: return CompareKernel<int64_t>(cmp, args, rows, ValueOrder<int64_t>{});
    case PhysicalType::kInt128: return CompareKernel<int128_t>(cmp, args, rows, ValueOrder<int128_t>{});
    case PhysicalType::kFloat: return CompareKernel<float>(cmp, args, rows, ValueOrder<float>{});
    case PhysicalType::kDouble: return CompareKernel<double>(cmp, args, rows, ValueOrder<double>{});
    case PhysicalType::kString:
      return CompareKernel<std::string_view>(cmp, args, rows, [](std::string_view x, std::string_view y) {
        // Unsigned bytes, as Spark compares UTF8String and binary.
        size_t n = std::min(x.size(), y.size());
        int m = n == 0 ? 0 : std::memcmp(x.data(), y.data(), n);
        if (m != 0) return m < 0 ? -1 : 1;
        return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
      });
    case PhysicalType::kInterval:
      return CompareKernel<IntervalValue>(cmp, args, rows, CompareInterval);
    case PhysicalType::kNone: {
      VectorPtr out = Vector::Make(DataType::Boolean(), rows);
      for (size_t row = 0; row < rows; ++row) {
        if (cmp == Cmp::kNullSafeEq) out->values<uint8_t>()[row] = 1;
        else out->SetNull(row);
      }
      return out;
    }
    default:
      // Arrays, structs and maps: Spark's ordering and equality of nested values.
      if (type.id() == TypeId::kArray || type.id() == TypeId::kStruct || type.id() == TypeId::kMap) {
        const Vector& a = *args[0];
        const Vector& b = *args[1];
        VectorPtr out = Vector::Make(DataType::Boolean(), rows);
        for (size_t row = 0; row < rows; ++row) {
          bool na = a.IsNull(row), nb = b.IsNull(row);
          if (na || nb) {
            if (cmp == Cmp::kNullSafeEq) out->values<uint8_t>()[row] = na && nb;
            else out->SetNull(row);
            continue;
          }
          bool equal_only = cmp == Cmp::kEq || cmp == Cmp::kNe || cmp == Cmp::kNullSafeEq;
          int c = equal_only ? (RowsEqual(a, row, b, row) ? 0 : 1) : CompareRows(a, row, b, row);
          out->values<uint8_t>()[row] = Holds(cmp, c);
        }
        return out;
      }
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "comparing values of type " + type.ToSql()}});
  }
}

BoundScalar BindComparison(Cmp cmp, const char* symbol, const std::vector<ArgType>& args) {
  ExpectArgCount(symbol, args, 2);
  auto common = FindCommonType(args[0].type, args[1].type);
  if (!common) {
    throw FunctionBindError("the left and right operands of the binary operator have incompatible types (\"" +
                                args[0].type.ToSql() + "\" and \"" + args[1].type.ToSql() + "\").",
                            "BINARY_OP_DIFF_TYPES");
  }
  if (cmp != Cmp::kEq && cmp != Cmp::kNe && cmp != Cmp::kNullSafeEq && !IsOrderable(*common))
    throw FunctionBindError("the binary operator requires orderable input types, not \"" + common->ToSql() + "\".");
  BoundScalar bound;
  bound.arg_types = {*common, *common};
  bound.result_type = DataType::Boolean();
  bound.result_nullable = cmp != Cmp::kNullSafeEq;
  DataType type = *common;
  bound.kernel = [cmp, type](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    return CompareVectors(cmp, type, in, rows);
  };
  return bound;
}

// --- Bitwise -----------------------------------------------------------------

enum class BitOp { kAnd, kOr, kXor };

template <typename T>
VectorPtr BitKernel(BitOp op, std::span<const VectorPtr> args, size_t rows, const DataType& type) {
  return MapRows<T, T, T>(args, rows, type, [op](T a, T b) -> T {
    switch (op) {
      case BitOp::kAnd: return static_cast<T>(a & b);
      case BitOp::kOr: return static_cast<T>(a | b);
      case BitOp::kXor: return static_cast<T>(a ^ b);
    }
    return 0;
  });
}

BoundScalar BindBitwise(BitOp op, const char* symbol, const std::vector<ArgType>& args) {
  ExpectArgCount(symbol, args, 2);
  DataType a = args[0].type.id() == TypeId::kNull ? DataType::Int() : args[0].type;
  DataType b = args[1].type.id() == TypeId::kNull ? a : args[1].type;
  for (size_t i = 0; i < 2; ++i)
    if (!(i == 0 ? a : b).is_integral()) ThrowUnexpectedInputType(i, "\"INTEGRAL\"", args[i].type);
  DataType type = *FindCommonType(a, b);
  BoundScalar bound;
  bound.arg_types = {type, type};
  bound.result_type = type;
  bound.kernel = [op, type](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) -> VectorPtr {
    switch (type.id()) {
      case TypeId::kByte: return BitKernel<int8_t>(op, in, rows, type);
      case TypeId::kShort: return BitKernel<int16_t>(op, in, rows, type);
      case TypeId::kInt: return BitKernel<int32_t>(op, in, rows, type);
      default: return BitKernel<int64_t>(op, in, rows, type);
    }
  };
  return bound;
}

template <typename T>
VectorPtr BitNotKernel(std::span<const VectorPtr> args, size_t rows, const DataType& type) {
  return MapRows<T, T>(args, rows, type, [](T a) -> T { return static_cast<T>(~a); });
}

FunctionInfo Operator(std::string name, std::string usage, ScalarBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.kind = FunctionKind::kScalar;
  info.group = "operator";
  info.usage = std::move(usage);
  info.scalar = std::move(binder);
  return info;
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry& registry) {
  struct ArithmeticOp {
    const char* name;
    Op op;
    const char* usage;
  };
  for (const ArithmeticOp& a : {ArithmeticOp{"+", Op::kAdd, "expr1 _FUNC_ expr2 - Returns `expr1`+`expr2`."},
                                ArithmeticOp{"-", Op::kSubtract, "expr1 _FUNC_ expr2 - Returns `expr1`-`expr2`."},
                                ArithmeticOp{"*", Op::kMultiply, "expr1 _FUNC_ expr2 - Returns `expr1`*`expr2`."},
                                ArithmeticOp{"/", Op::kDivide,
                                             "expr1 _FUNC_ expr2 - Returns `expr1`/`expr2`. It always performs "
                                             "floating point division."},
                                ArithmeticOp{"%", Op::kRemainder,
                                             "expr1 _FUNC_ expr2 - Returns the remainder after `expr1`/`expr2`."},
                                ArithmeticOp{"div", Op::kIntDivide,
                                             "expr1 _FUNC_ expr2 - Divide `expr1` by `expr2`. It returns NULL if an "
                                             "operand is NULL or `expr2` is 0. The result is casted to long."}}) {
    Op op = a.op;
    registry.Add(Operator(a.name, a.usage, [op](const std::vector<ArgType>& args, const FunctionContext&) {
      return BindArithmetic(op, args);
    }));
  }

  struct ComparisonOp {
    const char* name;
    Cmp cmp;
    const char* usage;
  };
  for (const ComparisonOp& c :
       {ComparisonOp{"=", Cmp::kEq, "expr1 _FUNC_ expr2 - Returns true if `expr1` equals `expr2`, or false otherwise."},
        ComparisonOp{"==", Cmp::kEq, "expr1 _FUNC_ expr2 - Returns true if `expr1` equals `expr2`, or false otherwise."},
        ComparisonOp{"!=", Cmp::kNe, "expr1 _FUNC_ expr2 - Returns true if `expr1` is not equal to `expr2`, or false otherwise."},
        ComparisonOp{"<>", Cmp::kNe, "expr1 _FUNC_ expr2 - Returns true if `expr1` is not equal to `expr2`, or false otherwise."},
        ComparisonOp{"<", Cmp::kLt, "expr1 _FUNC_ expr2 - Returns true if `expr1` is less than `expr2`."},
        ComparisonOp{"<=", Cmp::kLe, "expr1 _FUNC_ expr2 - Returns true if `expr1` is less than or equal to `expr2`."},
        ComparisonOp{">", Cmp::kGt, "expr1 _FUNC_ expr2 - Returns true if `expr1` is greater than `expr2`."},
        ComparisonOp{">=", Cmp::kGe, "expr1 _FUNC_ expr2 - Returns true if `expr1` is greater than or equal to `expr2`."},
        ComparisonOp{"<=>", Cmp::kNullSafeEq,
                     "expr1 _FUNC_ expr2 - Returns same result as the EQUAL(=) operator for non-null operands, but "
                     "returns true if both are null, false if one of the them is null."}}) {
    Cmp cmp = c.cmp;
    const char* symbol = c.name;
    registry.Add(Operator(c.name, c.usage, [cmp, symbol](const std::vector<ArgType>& args, const FunctionContext&) {
      return BindComparison(cmp, symbol, args);
    }));
  }
  registry.AddAlias("equal_null", "<=>");

  struct BitwiseOp {
    const char* name;
    BitOp op;
    const char* usage;
  };
  for (const BitwiseOp& b : {BitwiseOp{"&", BitOp::kAnd, "expr1 _FUNC_ expr2 - Returns the result of bitwise AND of `expr1` and `expr2`."},
                             BitwiseOp{"|", BitOp::kOr, "expr1 _FUNC_ expr2 - Returns the result of bitwise OR of `expr1` and `expr2`."},
                             BitwiseOp{"^", BitOp::kXor, "expr1 _FUNC_ expr2 - Returns the result of bitwise exclusive OR of `expr1` and `expr2`."}}) {
    BitOp op = b.op;
    const char* symbol = b.name;
    registry.Add(Operator(b.name, b.usage, [op, symbol](const std::vector<ArgType>& args, const FunctionContext&) {
      return BindBitwise(op, symbol, args);
    }));
  }
  registry.Add(Operator("~", "_FUNC_ expr - Returns the result of bitwise NOT of `expr`.",
                        [](const std::vector<ArgType>& args, const FunctionContext&) {
                          ExpectArgCount("~", args, 1);
                          DataType type = args[0].type.id() == TypeId::kNull ? DataType::Int() : args[0].type;
                          if (!type.is_integral()) ThrowUnexpectedInputType(0, "\"INTEGRAL\"", args[0].type);
                          BoundScalar bound;
                          bound.arg_types = {type};
                          bound.result_type = type;
                          bound.kernel = [type](std::span<const VectorPtr> in, size_t rows,
                                                const FunctionContext&) -> VectorPtr {
                            switch (type.id()) {
                              case TypeId::kByte: return BitNotKernel<int8_t>(in, rows, type);
                              case TypeId::kShort: return BitNotKernel<int16_t>(in, rows, type);
                              case TypeId::kInt: return BitNotKernel<int32_t>(in, rows, type);
                              default: return BitNotKernel<int64_t>(in, rows, type);
                            }
                          };
                          return bound;
                        }));
}

}  // namespace tarn
