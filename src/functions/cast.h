// Spark's CAST over vectors: which casts exist (Cast.canCast / canAnsiCast /
// canTryCast) and the value conversions themselves, in the three evaluation
// modes Spark has:
//   kAnsi    malformed input and overflow raise CAST_INVALID_INPUT,
//            CAST_OVERFLOW or NUMERIC_VALUE_OUT_OF_RANGE;
//   kLegacy  (spark.sql.ansi.enabled=false) they give NULL, and integral
//            narrowing wraps like Java;
//   kTry     try_cast: ANSI's semantics, but every failure gives NULL.
// Time-zone dependent casts (timestamp ↔ string/date/timestamp_ntz) use the
// session zone FunctionContext.time_zone.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>

#include "columnar/vector.h"
#include "functions/function.h"
#include "types/data_type.h"

namespace tarn {

enum class CastMode { kAnsi, kLegacy, kTry };

/// The cast mode of CAST under the session's spark.sql.ansi.enabled.
inline CastMode CastModeFor(const FunctionContext& ctx) { return ctx.ansi ? CastMode::kAnsi : CastMode::kLegacy; }

/// May CAST(from AS to) be written in this mode? kLegacy follows Cast.canCast,
/// kAnsi Cast.canAnsiCast (no numeric ↔ date, boolean → timestamp, ...), kTry
/// Cast.canTryCast.
bool CanCast(const DataType& from, const DataType& to, CastMode mode = CastMode::kLegacy);

/// Casts `rows` rows of `input` (any encoding) to `to`. Throws tarn::Error for
/// failures in kAnsi mode, and DATATYPE_MISMATCH when CanCast is false.
VectorPtr CastVector(const VectorPtr& input, size_t rows, const DataType& to, CastMode mode,
                     const FunctionContext& ctx);

}  // namespace tarn
