// Spark's math_funcs: unary and binary double functions, rounding (round,
// bround, ceil, floor with scales, exact on decimals), abs/negative, mod/pmod,
// greatest/least, bit functions, conv/bin, width_bucket, factorial and the
// try_* arithmetic. rand/randn live in math_random.cc.
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/collection_util.h"
#include "functions/kernel_util.h"
#include "functions/math_util.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn {
namespace {

using collection::DecimalAt;
using collection::SetDecimal;

constexpr const char* kGroup = "math_funcs";
const char* const kAnsiConfig = "\"spark.sql.ansi.enabled\"";

[[noreturn]] void ThrowOverflow(const std::string& message) {
  ThrowError(ErrorClass::kArithmeticOverflow, {{"message", message}, {"config", kAnsiConfig}});
}

[[noreturn]] void ThrowDivideByZero() { ThrowError(ErrorClass::kDivideByZero, {{"config", kAnsiConfig}}); }

void AddDoubleFunction(FunctionRegistry& registry, const char* name, const char* usage,
                       std::optional<double> (*fn)(double)) {
  registry.Add(MakeScalar(name, kGroup, usage, {{{DataType::Double()}, DataType::Double()}},
                          [fn](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                            return MapRows<double, double>(args, rows, DataType::Double(), fn);
                          }));
}

void AddDouble2Function(FunctionRegistry& registry, const char* name, const char* usage,
                        std::optional<double> (*fn)(double, double)) {
  registry.Add(MakeScalar(name, kGroup, usage, {{{DataType::Double(), DataType::Double()}, DataType::Double()}},
                          [fn](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                            return MapRows<double, double, double>(args, rows, DataType::Double(), fn);
                          }));
}

// Spark's UnaryLogExpression: NULL at and below the asymptote.
std::optional<double> LogAbove(double x, double asymptote, double value) {
  if (x <= asymptote) return std::nullopt;
  return value;
}

void RegisterUnaryDoubles(FunctionRegistry& r) {
  AddDoubleFunction(r, "sqrt", "_FUNC_(expr) - Returns the square root of `expr`.",
                    [](double x) -> std::optional<double> { return std::sqrt(x); });
  AddDoubleFunction(r, "cbrt", "_FUNC_(expr) - Returns the cube root of `expr`.",
                    [](double x) -> std::optional<double> {
                      // glibc's cbrt is not correctly rounded (cbrt(27) = 3.0000000000000004); one
                      // Newton step in long double gives Java's (fdlibm) results for exact cubes.
                      double r = std::cbrt(x);
                      if (r == 0 || !std::isfinite(r)) return r;
                      long double lr = r;
                      lr -= (lr * lr * lr - x) / (3 * lr * lr);
                      return static_cast<double>(lr);
                    });
  AddDoubleFunction(r, "exp", "_FUNC_(expr) - Returns e to the power of `expr`.",
                    [](double x) -> std::optional<double> { return std::exp(x); });
  AddDoubleFunction(r, "expm1", "_FUNC_(expr) - Returns exp(`expr`) - 1.",
                    [](double x) -> std::optional<double> { return std::expm1(x); });
  AddDoubleFunction(r, "ln", "_FUNC_(expr) - Returns the natural logarithm (base e) of `expr`.",
                    [](double x) { return LogAbove(x, 0, std::log(x)); });
  AddDoubleFunction(r, "log10", "_FUNC_(expr) - Returns the logarithm of `expr` with base 10.",
                    [](double x) { return LogAbove(x, 0, std::log10(x)); });
  AddDoubleFunction(r, "log2", "_FUNC_(expr) - Returns the logarithm of `expr` with base 2.",
                    [](double x) { return LogAbove(x, 0, std::log2(x)); });
  AddDoubleFunction(r, "log1p", "_FUNC_(expr) - Returns log(1 + `expr`).",
                    [](double x) { return LogAbove(x, -1, std::log1p(x)); });
  AddDoubleFunction(r, "sin", "_FUNC_(expr) - Returns the sine of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::sin(x); });
  AddDoubleFunction(r, "cos", "_FUNC_(expr) - Returns the cosine of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::cos(x); });
  AddDoubleFunction(r, "tan", "_FUNC_(expr) - Returns the tangent of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::tan(x); });
  AddDoubleFunction(r, "asin", "_FUNC_(expr) - Returns the inverse sine (a.k.a. arc sine) the arc sin of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::asin(x); });
  AddDoubleFunction(r, "acos", "_FUNC_(expr) - Returns the inverse cosine (a.k.a. arc cosine) of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::acos(x); });
  AddDoubleFunction(r, "atan", "_FUNC_(expr) - Returns the inverse tangent (a.k.a. arc tangent) of `expr`, as if computed by `java.lang.Math._FUNC_`",
                    [](double x) -> std::optional<double> { return std::atan(x); });
  AddDoubleFunction(r, "sinh", "_FUNC_(expr) - Returns hyperbolic sine of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::sinh(x); });
  AddDoubleFunction(r, "cosh", "_FUNC_(expr) - Returns the hyperbolic cosine of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::cosh(x); });
  AddDoubleFunction(r, "tanh", "_FUNC_(expr) - Returns the hyperbolic tangent of `expr`, as if computed by `java.lang.Math._FUNC_`.",
                    [](double x) -> std::optional<double> { return std::tanh(x); });
  // Spark computes the inverse hyperbolic functions with these formulas, not the C library's.
  AddDoubleFunction(r, "asinh", "_FUNC_(expr) - Returns inverse hyperbolic sine of `expr`.",
                    [](double x) -> std::optional<double> {
                      if (x == -std::numeric_limits<double>::infinity()) return x;
                      return std::log(x + std::sqrt(x * x + 1.0));
                    });
  AddDoubleFunction(r, "acosh", "_FUNC_(expr) - Returns inverse hyperbolic cosine of `expr`.",
                    [](double x) -> std::optional<double> { return std::log(x + std::sqrt(x * x - 1.0)); });
  AddDoubleFunction(r, "atanh", "_FUNC_(expr) - Returns inverse hyperbolic tangent of `expr`.",
                    [](double x) -> std::optional<double> { return 0.5 * (std::log1p(x) - std::log1p(-x)); });
  AddDoubleFunction(r, "cot", "_FUNC_(expr) - Returns the cotangent of `expr`, as if computed by `1/java.lang.Math.tan`.",
                    [](double x) -> std::optional<double> { return 1.0 / std::tan(x); });
  AddDoubleFunction(r, "sec", "_FUNC_(expr) - Returns the secant of `expr`, as if computed by `1/java.lang.Math.cos`.",
                    [](double x) -> std::optional<double> { return 1.0 / std::cos(x); });
  AddDoubleFunction(r, "csc", "_FUNC_(expr) - Returns the cosecant of `expr`, as if computed by `1/java.lang.Math.sin`.",
                    [](double x) -> std::optional<double> { return 1.0 / std::sin(x); });
  // java.lang.Math.toDegrees / toRadians multiply by these constants.
  AddDoubleFunction(r, "degrees", "_FUNC_(expr) - Converts radians to degrees.",
                    [](double x) -> std::optional<double> { return x * 57.29577951308232; });
  AddDoubleFunction(r, "radians", "_FUNC_(expr) - Converts degrees to radians.",
                    [](double x) -> std::optional<double> { return x * 0.017453292519943295; });
  AddDoubleFunction(r, "signum", "_FUNC_(expr) - Returns -1.0, 0.0 or 1.0 as `expr` is negative, 0 or positive.",
                    [](double x) -> std::optional<double> {
                      if (std::isnan(x)) return x;
                      return x > 0 ? 1.0 : (x < 0 ? -1.0 : x);
                    });
  r.AddAlias("sign", "signum");
  AddDoubleFunction(r, "rint", "_FUNC_(expr) - Returns the double value that is closest in value to the argument and is equal to a mathematical integer.",
                    [](double x) -> std::optional<double> { return std::nearbyint(x); });

  AddDouble2Function(r, "atan2", "_FUNC_(exprY, exprX) - Returns the angle in radians between the positive x-axis of a plane and the point given by the coordinates (`exprX`, `exprY`), as if computed by `java.lang.Math._FUNC_`.",
                     [](double y, double x) -> std::optional<double> { return std::atan2(y, x); });
  AddDouble2Function(r, "pow", "_FUNC_(expr1, expr2) - Raises `expr1` to the power of `expr2`.",
                     [](double x, double y) -> std::optional<double> { return JavaPow(x, y); });
  r.AddAlias("power", "pow");
  AddDouble2Function(r, "hypot", "_FUNC_(expr1, expr2) - Returns sqrt(`expr1`**2 + `expr2`**2).",
                     [](double x, double y) -> std::optional<double> { return std::hypot(x, y); });

  // log(expr) is ln; log(base, expr) is NULL when either is <= 0.
  FunctionInfo log;
  log.name = "log";
  log.group = kGroup;
  log.usage = "_FUNC_(base, expr) - Returns the logarithm of `expr` with `base`.";
  log.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    static const std::vector<Signature> kSignatures = {{{DataType::Double()}, DataType::Double()},
                                                       {{DataType::Double(), DataType::Double()}, DataType::Double()}};
    const Signature& signature = MatchSignature("log", args, kSignatures);
    BoundScalar bound;
    bound.result_type = DataType::Double();
    bound.arg_types = signature.args;
    bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      if (args.size() == 1)
        return MapRows<double, double>(args, rows, DataType::Double(),
                                       [](double x) { return LogAbove(x, 0, std::log(x)); });
      return MapRows<double, double, double>(args, rows, DataType::Double(),
                                             [](double base, double x) -> std::optional<double> {
                                               if (base <= 0 || x <= 0) return std::nullopt;
                                               return std::log(x) / std::log(base);
                                             });
    };
    return bound;
  };
  r.Add(std::move(log));

  r.Add(MakeScalar("pi", kGroup, "_FUNC_() - Returns pi.", {{{}, DataType::Double()}},
                   [](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
                     VectorPtr one = Vector::Make(DataType::Double(), 1);
                     one->values<double>()[0] = M_PI;
                     return Vector::MakeConstant(one, 0, rows);
                   }));
  r.Add(MakeScalar("e", kGroup, "_FUNC_() - Returns Euler's number, e.", {{{}, DataType::Double()}},
                   [](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
                     VectorPtr one = Vector::Make(DataType::Double(), 1);
                     one->values<double>()[0] = M_E;
                     return Vector::MakeConstant(one, 0, rows);
                   }));
}

// --- abs / negative / positive ------------------------------------------------

template <typename T>
VectorPtr NegateOrAbs(std::span<const VectorPtr> args, size_t rows, const DataType& type, bool abs, bool ansi) {
  return MapRows<T, T>(args, rows, type, [abs, ansi](T x) -> std::optional<T> {
    if constexpr (std::is_integral_v<T>) {
      if (abs && x >= 0) return x;
      if (x == std::numeric_limits<T>::min()) {
        if (ansi) ThrowOverflow(sizeof(T) == 8 ? "long overflow" : "integer overflow");
        return x;  // Java's two's complement wrap
      }
      return static_cast<T>(-x);
    } else {
      return abs ? std::fabs(x) : -x;
    }
  });
}

FunctionInfo MakeSignFunction(const char* name, const char* usage, int mode /*0 abs,1 negative,2 positive*/) {
  FunctionInfo info;
  info.name = name;
  info.group = kGroup;
  info.usage = usage;
  std::string fname = name;
  info.scalar = [fname, mode](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount(fname, args, 1);
    DataType type = args[0].type;
    if (type.id() == TypeId::kNull) type = DataType::Double();
    bool interval = type.id() == TypeId::kYearMonthInterval || type.id() == TypeId::kDayTimeInterval;
    if (!type.is_numeric() && !interval) {
      if (type.is_string_like()) type = DataType::Double();
      else ThrowUnexpectedInputType(0, "(\"NUMERIC\" or \"INTERVAL\")", type);
    }
    BoundScalar bound;
    bound.result_type = type;
    bound.arg_types = {type};
    bound.kernel = [type, mode](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) -> VectorPtr {
      if (mode == 2) return args[0];
      bool abs = mode == 0;
      switch (type.physical_type()) {
        case PhysicalType::kInt8: return NegateOrAbs<int8_t>(args, rows, type, abs, ctx.ansi);
        case PhysicalType::kInt16: return NegateOrAbs<int16_t>(args, rows, type, abs, ctx.ansi);
        case PhysicalType::kInt32: return NegateOrAbs<int32_t>(args, rows, type, abs, ctx.ansi);
        case PhysicalType::kInt64: return NegateOrAbs<int64_t>(args, rows, type, abs, ctx.ansi);
        case PhysicalType::kFloat: return NegateOrAbs<float>(args, rows, type, abs, ctx.ansi);
        case PhysicalType::kDouble: return NegateOrAbs<double>(args, rows, type, abs, ctx.ansi);
        case PhysicalType::kInt128:
          return MapRows<int128_t, int128_t>(args, rows, type, [abs](int128_t x) { return abs && x >= 0 ? x : -x; });
        default: ThrowInternal("abs/negative: unexpected type " + type.ToString());
      }
    };
    return bound;
  };
  return info;
}

// --- rounding -------------------------------------------------------------------

// The scale argument of round/ceil/floor: a constant int (Spark requires a foldable one).
int ConstantScale(const char* name, const std::vector<ArgType>& args) {
  if (args.size() < 2) return 0;
  if (!args[1].type.is_integral() && args[1].type.id() != TypeId::kNull) ThrowUnexpectedInputType(1, "\"INT\"", args[1].type);
  if (!args[1].constant) throw FunctionBindError(std::string("The second argument of ") + name + " must be a constant integer.");
  if (args[1].constant->IsNull(0)) return 0;
  switch (args[1].type.physical_type()) {
    case PhysicalType::kInt8: return args[1].constant->ValueAt<int8_t>(0);
    case PhysicalType::kInt16: return args[1].constant->ValueAt<int16_t>(0);
    case PhysicalType::kInt32: return args[1].constant->ValueAt<int32_t>(0);
    case PhysicalType::kInt64: {
      int64_t v = args[1].constant->ValueAt<int64_t>(0);
      return static_cast<int>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
    }
    default: return 0;
  }
}

// RoundBase.dataType for decimals.
DataType RoundedDecimalType(const DataType& type, int scale) {
  int p = type.precision(), s = type.scale();
  int integral = p - s + 1;
  if (scale < 0) {
    int64_t precision = std::max<int64_t>(integral, -static_cast<int64_t>(scale) + 1);
    return DataType::Decimal(static_cast<int>(std::min<int64_t>(precision, kMaxDecimalPrecision)), 0);
  }
  int new_scale = std::min(s, scale);
  return DataType::Decimal(std::min(integral + new_scale, kMaxDecimalPrecision), new_scale);
}

template <typename T>
VectorPtr RoundIntegral(std::span<const VectorPtr> args, size_t rows, const DataType& type, int scale, RoundMode mode) {
  return MapRows<T, T>(args, rows, type, [scale, mode](T x) -> T {
    if (scale >= 0) return x;
    // Java's BigDecimal.setScale(...).toInt/toLong keeps the low bits on overflow.
    int64_t digits = -static_cast<int64_t>(scale);
    std::optional<int128_t> r = MultiplyPow10(RoundUnscaled(x, digits, mode), digits);
    return static_cast<T>(static_cast<int64_t>(r.value_or(0)));
  });
}

BoundScalar BindRound(const char* name, RoundMode mode, const std::vector<ArgType>& args, bool single_arg_ceil) {
  ExpectArgCount(name, args, 1, 2);
  DataType type = args[0].type;
  if (type.id() == TypeId::kNull || type.is_string_like()) type = DataType::Double();
  if (!type.is_numeric()) ThrowUnexpectedInputType(0, "\"NUMERIC\"", type);
  int scale = ConstantScale(name, args);
  // ceil/floor with a scale (RoundCeil/RoundFloor) take decimals: other numbers are cast.
  bool scaled_ceil = (mode == RoundMode::kCeiling || mode == RoundMode::kFloor) && args.size() == 2;
  if (scaled_ceil && type.id() != TypeId::kDecimal)
    type = type.is_integral() ? DecimalForIntegral(type) : DataType::Decimal(kMaxDecimalPrecision, 18);
  BoundScalar bound;
  bound.arg_types = {type};
  if (args.size() == 2) bound.arg_types.push_back(args[1].type.id() == TypeId::kNull ? DataType::Int() : args[1].type);
  bool null_scale = args.size() == 2 && args[1].constant && args[1].constant->IsNull(0);
  DataType result = type;
  if (single_arg_ceil) {
    // ceil(x) / floor(x): bigint for integral and floating input, decimal(p-s+1, 0) for decimals.
    if (type.id() == TypeId::kDecimal) {
      result = type.scale() == 0 ? type : RoundedDecimalType(type, 0);
    } else {
      result = DataType::Long();
      bound.arg_types[0] = type.is_integral() ? DataType::Long() : DataType::Double();
    }
  } else if (type.id() == TypeId::kDecimal) {
    result = RoundedDecimalType(type, scale);
  }
  bound.result_type = result;
  DataType in_type = bound.arg_types[0];
  bound.kernel = [in_type, result, scale, mode, single_arg_ceil, null_scale](
                     std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) -> VectorPtr {
    if (null_scale) return Vector::MakeNull(result, rows);
    std::span<const VectorPtr> value = args.subspan(0, 1);
    if (single_arg_ceil && in_type.id() == TypeId::kDouble) {
      return MapRows<int64_t, double>(value, rows, result, [mode](double x) {
        return JavaDoubleToLong(mode == RoundMode::kCeiling ? std::ceil(x) : std::floor(x));
      });
    }
    switch (in_type.id()) {
      case TypeId::kByte: return RoundIntegral<int8_t>(value, rows, result, scale, mode);
      case TypeId::kShort: return RoundIntegral<int16_t>(value, rows, result, scale, mode);
      case TypeId::kInt: return RoundIntegral<int32_t>(value, rows, result, scale, mode);
      case TypeId::kLong: return RoundIntegral<int64_t>(value, rows, result, scale, mode);
      case TypeId::kFloat:
        return MapRows<float, float>(value, rows, result, [scale, mode](float x) {
          return static_cast<float>(RoundDoubleAsDecimal(static_cast<double>(x), scale, mode));
        });
      case TypeId::kDouble:
        return MapRows<double, double>(value, rows, result,
                                       [scale, mode](double x) { return RoundDoubleAsDecimal(x, scale, mode); });
      case TypeId::kDecimal: {
        int in_scale = in_type.scale();
        int out_scale = result.scale(), out_precision = result.precision();
        VectorPtr out = Vector::Make(result, rows);
        const Vector& x = *value[0];
        for (size_t row = 0; row < rows; ++row) {
          if (x.IsNull(row)) {
            out->SetNull(row);
            continue;
          }
          int128_t v = DecimalAt(x, row);
          // Round at 10^-scale, then express at the result's scale.
          int64_t drop = static_cast<int64_t>(in_scale) - scale;
          std::optional<int128_t> q = drop > 0 ? RoundUnscaled(v, drop, mode) : std::optional<int128_t>(v);
          int64_t shift = static_cast<int64_t>(out_scale) - (drop > 0 ? scale : in_scale);
          if (q && shift > 0) q = MultiplyPow10(*q, shift);
          if (!q || NumDigits(*q) > out_precision) {
            if (ctx.ansi)
              ThrowError(ErrorClass::kNumericValueOutOfRange,
                         {{"value", DecimalToString(v, in_scale)},
                          {"precision", std::to_string(out_precision)},
                          {"scale", std::to_string(out_scale)},
                          {"config", kAnsiConfig}});
            out->SetNull(row);
            continue;
          }
          SetDecimal(*out, row, *q);
        }
        return out;
      }
      default: ThrowInternal("round: unexpected type " + in_type.ToString());
    }
  };
  return bound;
}

void RegisterRounding(FunctionRegistry& r) {
  struct Entry {
    const char* name;
    RoundMode mode;
    const char* usage;
  };
  const Entry kRounds[] = {
      {"round", RoundMode::kHalfUp, "_FUNC_(expr, d) - Returns `expr` rounded to `d` decimal places using HALF_UP rounding mode."},
      {"bround", RoundMode::kHalfEven, "_FUNC_(expr, d) - Returns `expr` rounded to `d` decimal places using HALF_EVEN rounding mode."},
      {"ceil", RoundMode::kCeiling, "_FUNC_(expr[, scale]) - Returns the smallest number after rounding up that is not smaller than `expr`. An optional `scale` parameter can be specified to control the rounding behavior."},
      {"floor", RoundMode::kFloor, "_FUNC_(expr[, scale]) - Returns the largest number after rounding down that is not greater than `expr`. An optional `scale` parameter can be specified to control the rounding behavior."},
  };
  for (const Entry& entry : kRounds) {
    FunctionInfo info;
    info.name = entry.name;
    info.group = kGroup;
    info.usage = entry.usage;
    const char* name = entry.name;
    RoundMode mode = entry.mode;
    bool ceil_floor = mode == RoundMode::kCeiling || mode == RoundMode::kFloor;
    info.scalar = [name, mode, ceil_floor](const std::vector<ArgType>& args, const FunctionContext&) {
      return BindRound(name, mode, args, ceil_floor && args.size() == 1);
    };
    r.Add(std::move(info));
  }
  r.AddAlias("ceiling", "ceil");
}

// --- mod / pmod -------------------------------------------------------------------

// The operand type of binary numeric functions: Spark's common numeric type,
// decimals kept separately (integral operands widened to decimals).
struct NumericOperands {
  DataType left, right;
  bool decimal = false;
};

NumericOperands NumericBinaryTypes(const char* name, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2);
  DataType a = args[0].type, b = args[1].type;
  for (size_t i = 0; i < 2; ++i) {
    DataType& t = i == 0 ? a : b;
    if (t.id() == TypeId::kNull) t = i == 0 ? args[1].type : args[0].type;
    if (t.id() == TypeId::kNull || t.is_string_like()) t = DataType::Double();
    if (!t.is_numeric()) ThrowUnexpectedInputType(i, "\"NUMERIC\"", args[i].type);
  }
  NumericOperands out;
  bool floating = a.id() == TypeId::kFloat || a.id() == TypeId::kDouble || b.id() == TypeId::kFloat ||
                  b.id() == TypeId::kDouble;
  if (!floating && (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal)) {
    out.left = DecimalForIntegral(a);
    out.right = DecimalForIntegral(b);
    out.decimal = true;
    return out;
  }
  std::optional<DataType> common = FindCommonType(a, b);
  if (!common) throw FunctionBindError(std::string(name) + ": no common numeric type");
  out.left = out.right = *common;
  return out;
}

template <typename T>
std::optional<T> Modulo(T a, T n, bool positive, bool ansi) {
  if (n == 0) {
    if (ansi) ThrowDivideByZero();
    return std::nullopt;
  }
  T r;
  if constexpr (std::is_integral_v<T> || std::is_same_v<T, int128_t>) {
    if (n == -1) return T(0);  // also avoids MIN % -1, which C++ leaves undefined
    r = static_cast<T>(a % n);
    if (positive && r < 0) r = static_cast<T>((r + n) % n);
  } else {
    r = std::fmod(a, n);
    if (positive && r < 0) r = std::fmod(r + n, n);
  }
  return r;
}

template <typename T>
VectorPtr ModuloRows(std::span<const VectorPtr> args, size_t rows, const DataType& type, bool positive, bool ansi) {
  return MapRows<T, T, T>(args, rows, type, [positive, ansi](T a, T n) { return Modulo<T>(a, n, positive, ansi); });
}

FunctionInfo MakeModulo(const char* name, bool positive, const char* usage) {
  FunctionInfo info;
  info.name = name;
  info.group = kGroup;
  info.usage = usage;
  info.scalar = [name, positive](const std::vector<ArgType>& args, const FunctionContext&) {
    NumericOperands operands = NumericBinaryTypes(name, args);
    BoundScalar bound;
    bound.arg_types = {operands.left, operands.right};
    if (operands.decimal) {
      DataType result = DecimalRemainderType(operands.left, operands.right);
      bound.result_type = result;
      int sa = operands.left.scale(), sb = operands.right.scale();
      bound.kernel = [result, sa, sb, positive](std::span<const VectorPtr> args, size_t rows,
                                                const FunctionContext& ctx) {
        VectorPtr out = Vector::Make(result, rows);
        int s = std::max(sa, sb);
        for (size_t row = 0; row < rows; ++row) {
          if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
            out->SetNull(row);
            continue;
          }
          // Both at the larger scale: the remainder has that scale, and |a % n| < |n| fits.
          std::optional<int128_t> a = MultiplyPow10(DecimalAt(*args[0], row), s - sa);
          std::optional<int128_t> n = MultiplyPow10(DecimalAt(*args[1], row), s - sb);
          if (!a || !n) {
            out->SetNull(row);
            continue;
          }
          std::optional<int128_t> m = Modulo<int128_t>(*a, *n, positive, ctx.ansi);
          if (!m) {
            out->SetNull(row);
            continue;
          }
          SetDecimal(*out, row, RescaleDown(*m, s - result.scale()));
        }
        return out;
      };
      return bound;
    }
    DataType type = operands.left;
    bound.result_type = type;
    bound.kernel = [type, positive](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
      switch (type.id()) {
        case TypeId::kByte: return ModuloRows<int8_t>(args, rows, type, positive, ctx.ansi);
        case TypeId::kShort: return ModuloRows<int16_t>(args, rows, type, positive, ctx.ansi);
        case TypeId::kInt: return ModuloRows<int32_t>(args, rows, type, positive, ctx.ansi);
        case TypeId::kLong: return ModuloRows<int64_t>(args, rows, type, positive, ctx.ansi);
        case TypeId::kFloat: return ModuloRows<float>(args, rows, type, positive, ctx.ansi);
        case TypeId::kDouble: return ModuloRows<double>(args, rows, type, positive, ctx.ansi);
        default: ThrowInternal("mod: unexpected type " + type.ToString());
      }
    };
    return bound;
  };
  return info;
}

// --- greatest / least ---------------------------------------------------------------

FunctionInfo MakeExtreme(const char* name, bool greatest, const char* usage) {
  FunctionInfo info;
  info.name = name;
  info.group = "comparison_funcs";
  info.usage = usage;
  info.scalar = [name, greatest](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount(name, args, 2, SIZE_MAX);
    std::vector<DataType> types;
    for (const ArgType& arg : args) types.push_back(arg.type);
    std::optional<DataType> common = FindCommonType(types);
    if (!common)
      throw FunctionBindError("The expressions should all have the same type, got " + std::string(name) + "(" +
                              [&] {
                                std::string s;
                                for (size_t i = 0; i < types.size(); ++i) s += (i ? ", " : "") + types[i].ToSql();
                                return s;
                              }() + ").");
    if (!IsOrderable(*common)) ThrowUnexpectedInputType(0, "orderable", *common);
    BoundScalar bound;
    bound.result_type = *common;
    bound.arg_types.assign(args.size(), *common);
    DataType type = *common;
    bound.kernel = [type, greatest](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(type, 0);
      out->Reserve(rows);
      for (size_t row = 0; row < rows; ++row) {
        int best = -1;
        for (size_t i = 0; i < args.size(); ++i) {
          if (args[i]->IsNull(row)) continue;
          if (best < 0) {
            best = static_cast<int>(i);
            continue;
          }
          int c = collection::CompareValues(*args[i], row, *args[best], row);
          if (greatest ? c > 0 : c < 0) best = static_cast<int>(i);
        }
        if (best < 0) collection::AppendNull(*out);
        else out->AppendFrom(*args[best], row);
      }
      return out;
    };
    return bound;
  };
  return info;
}

// --- bits ----------------------------------------------------------------------------

template <typename T>
int64_t AsLong(const Vector& v, size_t row) {
  return static_cast<int64_t>(v.ValueAt<T>(row));
}

int64_t IntegralAt(const Vector& v, size_t row) {
  switch (v.type().physical_type()) {
    case PhysicalType::kBool: return v.ValueAt<uint8_t>(row) != 0;
    case PhysicalType::kInt8: return AsLong<int8_t>(v, row);
    case PhysicalType::kInt16: return AsLong<int16_t>(v, row);
    case PhysicalType::kInt32: return AsLong<int32_t>(v, row);
    default: return AsLong<int64_t>(v, row);
  }
}

DataType IntegralArg(size_t index, const ArgType& arg, bool allow_bool) {
  if (arg.type.is_integral() || (allow_bool && arg.type.id() == TypeId::kBoolean)) return arg.type;
  if (arg.type.id() == TypeId::kNull) return DataType::Long();
  ThrowUnexpectedInputType(index, allow_bool ? "(\"INTEGRAL\" or \"BOOLEAN\")" : "\"INTEGRAL\"", arg.type);
}

void RegisterBits(FunctionRegistry& r) {
  FunctionInfo bit_count;
  bit_count.name = "bit_count";
  bit_count.group = "bitwise_funcs";
  bit_count.usage = "_FUNC_(expr) - Returns the number of bits that are set in the argument expr as an unsigned 64-bit integer, or NULL if the argument is NULL.";
  bit_count.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("bit_count", args, 1);
    BoundScalar bound;
    bound.arg_types = {IntegralArg(0, args[0], true)};
    bound.result_type = DataType::Int();
    bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(DataType::Int(), rows);
      for (size_t row = 0; row < rows; ++row) {
        if (args[0]->IsNull(row)) out->SetNull(row);
        // Spark counts the bits of the value widened to a long (sign-extended).
        else out->values<int32_t>()[row] = __builtin_popcountll(static_cast<uint64_t>(IntegralAt(*args[0], row)));
      }
      return out;
    };
    return bound;
  };
  r.Add(std::move(bit_count));

  FunctionInfo bit_get;
  bit_get.name = "bit_get";
  bit_get.group = "bitwise_funcs";
  bit_get.usage = "_FUNC_(expr, pos) - Returns the value of the bit (0 or 1) at the specified position. The positions are numbered from right to left, starting at zero. The position argument cannot be negative.";
  bit_get.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("bit_get", args, 2);
    BoundScalar bound;
    DataType type = IntegralArg(0, args[0], false);
    bound.arg_types = {type, DataType::Int()};
    if (!args[1].type.is_integral() && args[1].type.id() != TypeId::kNull) ThrowUnexpectedInputType(1, "\"INT\"", args[1].type);
    bound.result_type = DataType::Byte();
    int bits = type.fixed_width() * 8;
    bound.kernel = [bits](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(DataType::Byte(), rows);
      for (size_t row = 0; row < rows; ++row) {
        if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
          out->SetNull(row);
          continue;
        }
        int32_t pos = args[1]->ValueAt<int32_t>(row);
        if (pos < 0 || pos >= bits)
          ThrowError(ErrorClass::kInvalidParameterValue,
                     {{"parameter", "`pos`"},
                      {"function", "`bit_get`"},
                      {"message", "expects an integer value in [0, " + std::to_string(bits) + "), but got " +
                                      std::to_string(pos)}});
        out->values<int8_t>()[row] = static_cast<int8_t>((static_cast<uint64_t>(IntegralAt(*args[0], row)) >> pos) & 1);
      }
      return out;
    };
    return bound;
  };
  r.Add(std::move(bit_get));
  r.AddAlias("getbit", "bit_get");

  struct Shift {
    const char* name;
    int kind;  // 0 left, 1 right, 2 unsigned right
    const char* usage;
  };
  const Shift kShifts[] = {
      {"shiftleft", 0, "_FUNC_(base, expr) - Bitwise left shift."},
      {"shiftright", 1, "_FUNC_(base, expr) - Bitwise (signed) right shift."},
      {"shiftrightunsigned", 2, "_FUNC_(base, expr) - Bitwise unsigned right shift."},
  };
  for (const Shift& shift : kShifts) {
    int kind = shift.kind;
    r.Add(MakeScalar(shift.name, "bitwise_funcs", shift.usage,
                     {{{DataType::Int(), DataType::Int()}, DataType::Int()},
                      {{DataType::Long(), DataType::Int()}, DataType::Long()}},
                     [kind](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) -> VectorPtr {
                       // Java masks the shift distance to the width (& 31 / & 63).
                       if (args[0]->type().id() == TypeId::kInt)
                         return MapRows<int32_t, int32_t, int32_t>(args, rows, DataType::Int(), [kind](int32_t x, int32_t n) {
                           n &= 31;
                           if (kind == 0) return static_cast<int32_t>(static_cast<uint32_t>(x) << n);
                           if (kind == 1) return x >> n;
                           return static_cast<int32_t>(static_cast<uint32_t>(x) >> n);
                         });
                       return MapRows<int64_t, int64_t, int32_t>(args, rows, DataType::Long(), [kind](int64_t x, int32_t n) {
                         n &= 63;
                         if (kind == 0) return static_cast<int64_t>(static_cast<uint64_t>(x) << n);
                         if (kind == 1) return x >> n;
                         return static_cast<int64_t>(static_cast<uint64_t>(x) >> n);
                       });
                     }));
  }
}

// --- conv / bin / factorial / width_bucket -------------------------------------------------

int DigitValue(char c, int radix) {
  int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
  return d < radix ? d : -1;
}

// Spark's NumberConverter.convert: digits up to the first invalid one, through an unsigned 64-bit value.
std::optional<std::string> Conv(std::string_view text, int32_t from_base, int32_t to_base, bool ansi) {
  if (from_base < 2 || from_base > 36 || std::abs(static_cast<int64_t>(to_base)) < 2 ||
      std::abs(static_cast<int64_t>(to_base)) > 36 || text.empty())
    return std::nullopt;
  bool negative = text[0] == '-';
  uint64_t v = 0;
  uint64_t radix = static_cast<uint64_t>(from_base);
  uint64_t bound = (UINT64_MAX - radix) / radix;
  for (size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    int d = DigitValue(text[i], from_base);
    if (d < 0) break;
    if (v >= bound && (UINT64_MAX - static_cast<uint64_t>(d)) / radix < v) {
      if (ansi) ThrowOverflow("Overflow in function conv()");
      v = UINT64_MAX;
      break;
    }
    v = v * radix + static_cast<uint64_t>(d);
  }
  int64_t sv = static_cast<int64_t>(v);
  if (negative && to_base > 0) sv = sv < 0 ? -1 : -sv;
  if (to_base < 0 && sv < 0) {
    sv = -sv;
    negative = true;
  }
  uint64_t u = static_cast<uint64_t>(sv);
  uint64_t out_radix = static_cast<uint64_t>(std::abs(to_base));
  std::string digits;
  do {
    uint64_t d = u % out_radix;
    digits.push_back(static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10));
    u /= out_radix;
  } while (u != 0);
  if (negative && to_base < 0) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

void RegisterIntegerText(FunctionRegistry& r) {
  r.Add(MakeScalar("conv", kGroup,
                   "_FUNC_(num, from_base, to_base) - Convert `num` from `from_base` to `to_base`.",
                   {{{DataType::String(), DataType::Int(), DataType::Int()}, DataType::String()}},
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
                     bool ansi = ctx.ansi;
                     return MapRows<std::string, std::string_view, int32_t, int32_t>(
                         args, rows, DataType::String(),
                         [ansi](std::string_view s, int32_t from, int32_t to) { return Conv(s, from, to, ansi); });
                   }));
  r.Add(MakeScalar("bin", kGroup,
                   "_FUNC_(expr) - Returns the string representation of the long value `expr` represented in binary.",
                   {{{DataType::Long()}, DataType::String()}},
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                     return MapRows<std::string, int64_t>(args, rows, DataType::String(), [](int64_t x) {
                       uint64_t u = static_cast<uint64_t>(x);
                       std::string s;
                       do {
                         s.push_back(static_cast<char>('0' + (u & 1)));
                         u >>= 1;
                       } while (u != 0);
                       return std::string(s.rbegin(), s.rend());
                     });
                   }));
  r.Add(MakeScalar("factorial", kGroup,
                   "_FUNC_(expr) - Returns the factorial of `expr`. `expr` is [0..20]. Otherwise, null.",
                   {{{DataType::Int()}, DataType::Long()}},
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                     return MapRows<int64_t, int32_t>(args, rows, DataType::Long(), [](int32_t n) -> std::optional<int64_t> {
                       if (n < 0 || n > 20) return std::nullopt;
                       int64_t f = 1;
                       for (int i = 2; i <= n; ++i) f *= i;
                       return f;
                     });
                   }));
  r.Add(MakeScalar(
      "width_bucket", kGroup,
      "_FUNC_(value, min_value, max_value, num_bucket) - Returns the bucket number to which `value` would be assigned in an equiwidth histogram with `num_bucket` buckets, in the range `min_value` to `max_value`.",
      {{{DataType::Double(), DataType::Double(), DataType::Double(), DataType::Long()}, DataType::Long()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<int64_t, double, double, double, int64_t>(
            args, rows, DataType::Long(), [](double value, double min, double max, int64_t n) -> std::optional<int64_t> {
              if (n <= 0 || n == INT64_MAX || std::isnan(value) || min == max || !std::isfinite(min) ||
                  !std::isfinite(max))
                return std::nullopt;
              double lower = std::min(min, max), upper = std::max(min, max);
              if (min < max) {
                if (value < lower) return 0;
                if (value >= upper) return n + 1;
                return JavaDoubleToLong(static_cast<double>(n) * (value - lower) / (max - min)) + 1;
              }
              if (value > upper) return 0;
              if (value <= lower) return n + 1;
              return JavaDoubleToLong(static_cast<double>(n) * (upper - value) / (min - max)) + 1;
            });
      }));
}

// --- try_add / try_subtract / try_multiply / try_divide ---------------------------------------

enum class ArithOp { kAdd, kSubtract, kMultiply, kDivide };

template <typename T>
std::optional<T> TryIntegral(T a, T b, ArithOp op) {
  T r;
  bool overflow = false;
  switch (op) {
    case ArithOp::kAdd: overflow = __builtin_add_overflow(a, b, &r); break;
    case ArithOp::kSubtract: overflow = __builtin_sub_overflow(a, b, &r); break;
    default: overflow = __builtin_mul_overflow(a, b, &r); break;
  }
  if (overflow) return std::nullopt;
  return r;
}

template <typename T>
VectorPtr TryRows(std::span<const VectorPtr> args, size_t rows, const DataType& type, ArithOp op) {
  return MapRows<T, T, T>(args, rows, type, [op](T a, T b) -> std::optional<T> {
    if constexpr (std::is_integral_v<T>) {
      return TryIntegral<T>(a, b, op);
    } else {
      switch (op) {
        case ArithOp::kAdd: return a + b;
        case ArithOp::kSubtract: return a - b;
        case ArithOp::kMultiply: return a * b;
        case ArithOp::kDivide:
          if (b == 0) return std::nullopt;
          return a / b;
      }
      return std::nullopt;
    }
  });
}

// a (scale sa) op b (scale sb) as an unscaled value at the result scale; nullopt on overflow.
std::optional<int128_t> DecimalArith(int128_t a, int sa, int128_t b, int sb, ArithOp op, int result_scale,
                                     int result_precision) {
  std::optional<int128_t> r;
  switch (op) {
    case ArithOp::kAdd:
    case ArithOp::kSubtract: {
      int s = std::max(sa, sb);
      std::optional<int128_t> x = MultiplyPow10(a, s - sa), y = MultiplyPow10(b, s - sb);
      if (!x || !y) return std::nullopt;
      int128_t sum;
      if (op == ArithOp::kAdd ? __builtin_add_overflow(*x, *y, &sum) : __builtin_sub_overflow(*x, *y, &sum))
        return std::nullopt;
      r = s >= result_scale ? RoundUnscaled(sum, s - result_scale, RoundMode::kHalfUp)
                            : MultiplyPow10(sum, result_scale - s);
      break;
    }
    case ArithOp::kMultiply: {
      int128_t product;
      if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
      int s = sa + sb;
      r = s >= result_scale ? RoundUnscaled(product, s - result_scale, RoundMode::kHalfUp)
                            : MultiplyPow10(product, result_scale - s);
      break;
    }
    case ArithOp::kDivide: {
      if (b == 0) return std::nullopt;
      // a / b at result_scale: a * 10^(result_scale - sa + sb) / b, rounded half up.
      int shift = result_scale - sa + sb;
      std::optional<int128_t> x = shift >= 0 ? MultiplyPow10(a, shift) : std::optional<int128_t>(a);
      int128_t y = b;
      if (shift < 0) {
        std::optional<int128_t> scaled = MultiplyPow10(b, -shift);
        if (!scaled) return std::nullopt;
        y = *scaled;
      }
      if (!x) return std::nullopt;
      int128_t q = *x / y, rem = *x % y;
      int128_t abs_rem = rem < 0 ? -rem : rem, abs_y = y < 0 ? -y : y;
      if (abs_rem >= abs_y - abs_rem) q += ((*x < 0) != (y < 0)) ? -1 : 1;
      r = q;
      break;
    }
  }
  if (!r || NumDigits(*r) > result_precision) return std::nullopt;
  return r;
}

FunctionInfo MakeTryArith(const char* name, ArithOp op, const char* usage) {
  FunctionInfo info;
  info.name = name;
  info.group = kGroup;
  info.usage = usage;
  info.scalar = [name, op](const std::vector<ArgType>& args, const FunctionContext&) {
    NumericOperands operands = NumericBinaryTypes(name, args);
    BoundScalar bound;
    if (op == ArithOp::kDivide && !operands.decimal) {
      // Divide takes doubles (or decimals): integral operands become doubles.
      operands.left = operands.right = DataType::Double();
    }
    bound.arg_types = {operands.left, operands.right};
    if (operands.decimal) {
      const DataType& a = operands.left;
      const DataType& b = operands.right;
      DataType result = op == ArithOp::kMultiply ? DecimalMultiplyType(a, b)
                        : op == ArithOp::kDivide ? DecimalDivideType(a, b)
                                                 : DecimalAddType(a, b);
      bound.result_type = result;
      int sa = a.scale(), sb = b.scale();
      bound.kernel = [result, sa, sb, op](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        VectorPtr out = Vector::Make(result, rows);
        for (size_t row = 0; row < rows; ++row) {
          std::optional<int128_t> r;
          if (!args[0]->IsNull(row) && !args[1]->IsNull(row))
            r = DecimalArith(DecimalAt(*args[0], row), sa, DecimalAt(*args[1], row), sb, op, result.scale(),
                             result.precision());
          if (r) SetDecimal(*out, row, *r);
          else out->SetNull(row);
        }
        return out;
      };
      return bound;
    }
    DataType type = operands.left;
    bound.result_type = type;
    bound.kernel = [type, op](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      switch (type.id()) {
        case TypeId::kByte: return TryRows<int8_t>(args, rows, type, op);
        case TypeId::kShort: return TryRows<int16_t>(args, rows, type, op);
        case TypeId::kInt: return TryRows<int32_t>(args, rows, type, op);
        case TypeId::kLong: return TryRows<int64_t>(args, rows, type, op);
        case TypeId::kFloat: return TryRows<float>(args, rows, type, op);
        case TypeId::kDouble: return TryRows<double>(args, rows, type, op);
        default: ThrowInternal(std::string("try arithmetic: unexpected type ") + type.ToString());
      }
    };
    return bound;
  };
  return info;
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& registry) {
  RegisterUnaryDoubles(registry);
  registry.Add(MakeSignFunction("abs", "_FUNC_(expr) - Returns the absolute value of the numeric or interval value.", 0));
  registry.Add(MakeSignFunction("negative", "_FUNC_(expr) - Returns the negated value of `expr`.", 1));
  registry.Add(MakeSignFunction("positive", "_FUNC_(expr) - Returns the value of `expr`.", 2));
  RegisterRounding(registry);
  // mod is the % operator's alias (arithmetic_functions.cc); pmod is a function.
  registry.Add(MakeModulo("pmod", true, "_FUNC_(expr1, expr2) - Returns the positive value of `expr1` mod `expr2`."));
  registry.Add(MakeExtreme("greatest", true, "_FUNC_(expr, ...) - Returns the greatest value of all parameters, skipping null values."));
  registry.Add(MakeExtreme("least", false, "_FUNC_(expr, ...) - Returns the least value of all parameters, skipping null values."));
  RegisterBits(registry);
  RegisterIntegerText(registry);
  registry.Add(MakeTryArith("try_add", ArithOp::kAdd, "_FUNC_(expr1, expr2) - Returns the sum of `expr1`and `expr2` and the result is null on overflow."));
  registry.Add(MakeTryArith("try_subtract", ArithOp::kSubtract, "_FUNC_(expr1, expr2) - Returns `expr1`-`expr2` and the result is null on overflow."));
  registry.Add(MakeTryArith("try_multiply", ArithOp::kMultiply, "_FUNC_(expr1, expr2) - Returns `expr1`*`expr2` and the result is null on overflow."));
  registry.Add(MakeTryArith("try_divide", ArithOp::kDivide, "_FUNC_(dividend, divisor) - Returns `dividend`/`divisor`. It always performs floating point division. Its result is always null if `expr2` is 0."));
  RegisterRandomFunctions(registry);
}

}  // namespace tarn
