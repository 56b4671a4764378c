// Helpers for writing vectorized function kernels without touching vector
// encodings, null bitmaps or string heaps by hand:
//
//   // upper(str): one string in, one string out, NULL in → NULL out
//   return MapRows<std::string, std::string_view>(args, rows, DataType::String(),
//       [](std::string_view s) { return ToUpper(s); });
//
// C++ types per Spark type: bool, int8_t, int16_t, int32_t (int, date,
// year-month interval), int64_t (bigint, timestamps, time, day-time interval,
// decimal p<=18), int128_t (decimal p>18), float, double, std::string_view in /
// std::string out (string, binary), IntervalValue (calendar interval).
// Nested values are read through the Vector API directly.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "columnar/vector.h"
#include "common/check.h"
#include "functions/function.h"
#include "types/decimal.h"

namespace tarn {

/// Row `row` of `vector` (any encoding) as the C++ type T.
template <typename T>
inline T ReadValue(const Vector& vector, size_t row) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return vector.StringAt(row).view();
  } else if constexpr (std::is_same_v<T, bool>) {
    return vector.ValueAt<uint8_t>(row) != 0;
  } else {
    return vector.ValueAt<T>(row);
  }
}

/// Reads a vector of any encoding through plain pointers — no encoding
/// switch per row, which is what makes the hot kernels (comparisons,
/// arithmetic) tight loops: row r is data[r * stride] (stride 0 for a
/// constant), or data[indices[r]] for a dictionary (whose base is flat).
template <typename T>
class DirectReader {
 public:
  using Stored = std::conditional_t<std::is_same_v<T, std::string_view>, StringView,
                                    std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>>;

  explicit DirectReader(const Vector& vector)
      : data_(vector.Base().values<Stored>() +
              (vector.encoding() == VectorEncoding::kConstant ? vector.RowIndex(0) : 0)),
        indices_(vector.encoding() == VectorEncoding::kDictionary ? vector.indices() : nullptr),
        stride_(vector.is_flat() ? 1 : 0) {}

  T operator[](size_t row) const {
    const Stored& value = indices_ != nullptr ? data_[indices_[row]] : data_[row * stride_];
    if constexpr (std::is_same_v<T, std::string_view>) return value.view();
    else if constexpr (std::is_same_v<T, bool>) return value != 0;
    else return value;
  }

 private:
  const Stored* data_;
  const int32_t* indices_;
  size_t stride_;
};

/// Writes `value` at `row` of the flat vector `out`.
template <typename T>
inline void WriteValue(Vector& out, size_t row, const T& value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
    out.SetString(row, value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out.values<uint8_t>()[row] = value ? 1 : 0;
  } else {
    out.values<T>()[row] = value;
  }
}

namespace detail {
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

inline bool AllConstant(std::span<const VectorPtr> args) {
  if (args.empty()) return false;
  for (const VectorPtr& arg : args)
    if (arg->encoding() != VectorEncoding::kConstant) return false;
  return true;
}
}  // namespace detail

/// out[row] = fn(args[0][row], args[1][row], ...) where no argument is NULL,
/// NULL elsewhere. `fn` returns Out, or std::optional<Out> (nullopt → NULL).
/// When every argument is constant, fn runs once and the result is constant.
template <typename Out, typename... In, typename Fn>
VectorPtr MapRows(std::span<const VectorPtr> args, size_t rows, const DataType& out_type, Fn&& fn) {
  constexpr size_t kArity = sizeof...(In);
  TARN_CHECK(args.size() == kArity, "kernel arity mismatch");
  size_t count = detail::AllConstant(args) ? 1 : rows;
  VectorPtr out = Vector::Make(out_type, count);
  bool may_have_nulls = false;
  for (const VectorPtr& arg : args) may_have_nulls |= arg->may_have_nulls();
  auto loop = [&](auto&& read) {
    for (size_t row = 0; row < count; ++row) {
      if (may_have_nulls && [&]<size_t... I>(std::index_sequence<I...>) {
            return (args[I]->IsNull(row) || ...);
          }(std::make_index_sequence<kArity>{})) {
        out->SetNull(row);
        continue;
      }
      auto result = read(row);
      if constexpr (detail::IsOptional<decltype(result)>::value) {
        if (!result) {
          out->SetNull(row);
          continue;
        }
        WriteValue<Out>(*out, row, *result);
      } else {
        WriteValue<Out>(*out, row, result);
      }
    }
  };
  [&]<size_t... I>(std::index_sequence<I...>) {
    std::tuple<DirectReader<In>...> readers{DirectReader<In>(*args[I])...};
    loop([&](size_t row) { return fn(std::get<I>(readers)[row]...); });
  }(std::make_index_sequence<kArity>{});
  if (count == 1 && rows != 1) return Vector::MakeConstant(out, 0, rows);
  return out;
}

/// Throws WRONG_NUM_ARGS unless min <= args.size() <= max.
void ExpectArgCount(std::string_view function, const std::vector<ArgType>& args, size_t min, size_t max);
inline void ExpectArgCount(std::string_view function, const std::vector<ArgType>& args, size_t count) {
  ExpectArgCount(function, args, count, count);
}

/// A fixed signature: argument types and the result type.
struct Signature {
  std::vector<DataType> args;
  DataType result;
};

/// The first signature every argument can be implicitly cast to (exact
/// matches preferred); throws WRONG_NUM_ARGS or FunctionBindError naming the
/// first argument that fits none.
const Signature& MatchSignature(std::string_view function, const std::vector<ArgType>& args,
                               const std::vector<Signature>& signatures);

/// "first", "second", ... as Spark names parameters in DATATYPE_MISMATCH messages.
std::string Ordinal(size_t index);
/// FunctionBindError: "The <ordinal> parameter requires the <expected> type, however <arg> has the type <actual>."
[[noreturn]] void ThrowUnexpectedInputType(size_t index, std::string_view expected, const DataType& actual);

/// The 1-row constant argument `arg` as T, or nullopt if it is not constant or is NULL.
template <typename T>
std::optional<T> ConstantArg(const ArgType& arg) {
  if (!arg.constant || arg.constant->IsNull(0)) return std::nullopt;
  // Text of a constant that is not a string (a DATE pattern, ...) does not
  // exist until the implicit cast runs: read nothing rather than the wrong bytes.
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (!arg.constant->type().is_string_like()) return std::nullopt;
  }
  return ReadValue<T>(*arg.constant, 0);
}

/// Registers a scalar function with a fixed list of signatures whose kernel
/// does not depend on which signature matched.
FunctionInfo MakeScalar(std::string name, std::string group, std::string usage, std::vector<Signature> signatures,
                        ScalarKernel kernel);

}  // namespace tarn
