// Spark's type coercion rules (ANSI mode, Spark 4's AnsiTypeCoercion and
// DecimalPrecision): which implicit casts the analyzer may insert, the common
// type of mixed operands, and the result types of decimal arithmetic.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "types/data_type.h"

namespace tarn {

/// May a value of type `from` be passed where `to` is expected without an
/// explicit CAST (function arguments, operators)? Numeric widening, date →
/// timestamp, NULL → anything, and (ANSI's string promotion) string ↔ atomic types.
bool CanImplicitCast(const DataType& from, const DataType& to);

/// The type two operands of a comparison, CASE/COALESCE branch, IN list or set
/// operation are both cast to; nullopt when they have none (e.g. int vs array).
std::optional<DataType> FindCommonType(const DataType& a, const DataType& b);
std::optional<DataType> FindCommonType(const std::vector<DataType>& types);

/// Numeric precedence for widening: byte < short < int < long < decimal < float < double.
/// The smallest decimal that holds every value of an integral type: byte → (3,0),
/// short → (5,0), int → (10,0), long → (20,0); decimals are returned unchanged.
DataType DecimalForIntegral(const DataType& type);

/// Spark's DecimalType.adjustPrecisionScale (allowPrecisionLoss = true): caps
/// precision at 38, keeping at least min(scale, 6) fraction digits.
DataType AdjustDecimal(int precision, int scale);
/// Result types of decimal arithmetic (both operands decimals).
DataType DecimalAddType(const DataType& a, const DataType& b);
DataType DecimalMultiplyType(const DataType& a, const DataType& b);
DataType DecimalDivideType(const DataType& a, const DataType& b);
DataType DecimalRemainderType(const DataType& a, const DataType& b);
/// The decimal both operands fit into: max(scale) and max(integer digits).
DataType WiderDecimal(const DataType& a, const DataType& b);

/// True for types with an order (comparisons, ORDER BY, min/max): everything
/// but maps (and structs/arrays containing maps).
bool IsOrderable(const DataType& type);

}  // namespace tarn
