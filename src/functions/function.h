// Function interfaces: how a Spark function is described, bound to argument
// types, and evaluated over vectors. The analyzer binds a call once (types
// known, constant arguments visible), the executor then runs the bound kernel
// batch after batch.
//
//  - scalar:     ScalarBinder → BoundScalar (result type, argument casts, kernel)
//  - aggregate:  AggregateBinder → AggregateFunction (per-group state, update, merge, finalize)
//  - generator:  GeneratorBinder → BoundGenerator (explode & co: rows out per row in)
//  - window-only (row_number, rank, lag, ...) and higher-order functions with
//    lambdas are implemented by the executor; the registry only describes them.
//
// Thread safety: binders and bound functions are immutable and shared by all
// threads of a query; kernels keep no state between calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "types/data_type.h"

namespace tarn {

/// A session's settings as functions see them, frozen for one statement.
struct FunctionContext {
  bool ansi = true;               ///< spark.sql.ansi.enabled: overflow and bad input raise errors
  std::string time_zone = "UTC";  ///< spark.sql.session.timeZone (region id or offset)
  int64_t statement_micros = 0;   ///< current_timestamp() of the statement (UTC micros)
};

/// One argument of a call as the binder sees it.
struct ArgType {
  DataType type;
  bool nullable = true;
  /// The value when the argument is a constant (a 1-row vector), else null.
  /// Lets binders validate and precompile constant arguments (regex patterns,
  /// formats, JSON paths).
  VectorPtr constant;
};

/// Raised by binders when the arguments do not fit the function. The analyzer
/// turns it into DATATYPE_MISMATCH naming the call's SQL text.
class FunctionBindError : public std::runtime_error {
 public:
  /// `subclass`: Spark's DATATYPE_MISMATCH sub-class when one applies
  /// ("UNEXPECTED_INPUT_TYPE", "BINARY_OP_DIFF_TYPES", "DATA_DIFF_TYPES", "NON_FOLDABLE_INPUT").
  explicit FunctionBindError(const std::string& message, std::string subclass = "")
      : std::runtime_error(message), subclass_(std::move(subclass)) {}
  const std::string& subclass() const { return subclass_; }

 private:
  std::string subclass_;
};

/// Evaluates a scalar function over `rows` rows: args[i] has `rows` rows (any
/// encoding), casts already applied; returns `rows` rows of the result type.
/// User errors (ANSI overflow, malformed input) throw tarn::Error.
using ScalarKernel = std::function<VectorPtr(std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx)>;

struct BoundScalar {
  DataType result_type;
  bool result_nullable = true;
  /// The type each argument must be cast to before the kernel sees it
  /// (the analyzer inserts the casts). Same length as the call's arguments.
  std::vector<DataType> arg_types;
  ScalarKernel kernel;
  bool deterministic = true;  ///< false for rand(), uuid(), ...
};

using ScalarBinder = std::function<BoundScalar(const std::vector<ArgType>& args, const FunctionContext& ctx)>;

/// An aggregate bound to its argument types. The executor owns the state
/// memory (state_size bytes, aligned to state_align) and addresses states by
/// pointer, so one Update call serves a global aggregate (every pointer the
/// same) and a hash aggregate (one pointer per group) alike.
class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;

  const DataType& result_type() const { return result_type_; }
  /// Types the arguments must be cast to before Update sees them.
  const std::vector<DataType>& arg_types() const { return arg_types_; }
  virtual size_t state_size() const = 0;
  virtual size_t state_align() const { return 8; }
  /// True when states own memory that Destroy must release.
  virtual bool needs_destroy() const { return false; }

  virtual void Init(uint8_t* state) const = 0;
  virtual void Destroy(uint8_t* state) const {}
  /// Adds row i of `args` to states[i], for i in [0, rows).
  virtual void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const = 0;
  /// Folds `source` into `target` (partial aggregates from other threads).
  virtual void Merge(uint8_t* target, const uint8_t* source) const = 0;
  /// Writes the result of states[i] to row i of `out` (a flat vector of the
  /// result type already sized to `count` rows).
  virtual void Finalize(const uint8_t* const* states, size_t count, Vector& out) const = 0;

 protected:
  DataType result_type_;
  std::vector<DataType> arg_types_;
};

using AggregateBinder =
    std::function<std::shared_ptr<const AggregateFunction>(const std::vector<ArgType>& args, const FunctionContext& ctx)>;

/// The rows a generator produced for one batch of input rows.
struct GeneratorOutput {
  std::vector<VectorPtr> columns;  ///< one per output field, all of parent_rows.size() rows
  std::vector<uint32_t> parent_rows;  ///< input row of each output row (ascending)
};

struct BoundGenerator {
  std::vector<Field> output;  ///< e.g. explode(array): col; explode(map): key, value
  std::vector<DataType> arg_types;
  std::function<GeneratorOutput(std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx)> kernel;
};

using GeneratorBinder = std::function<BoundGenerator(const std::vector<ArgType>& args, const FunctionContext& ctx)>;

enum class FunctionKind : uint8_t {
  kScalar,
  kAggregate,
  kWindow,       ///< ranking and offset functions (row_number, rank, lag, ...)
  kGenerator,    ///< table-generating (explode, inline, stack, ...)
  kHigherOrder,  ///< takes lambdas (transform, filter, aggregate, ...)
};

/// A registered function: what DESCRIBE FUNCTION shows, and how to bind it.
struct FunctionInfo {
  std::string name;  ///< lower case
  FunctionKind kind = FunctionKind::kScalar;
  std::string group;  ///< Spark's group: "string_funcs", "math_funcs", "agg_funcs", ...
  std::string usage;  ///< "_FUNC_(str) - Returns ..." as in Spark's ExpressionDescription
  std::string examples;
  /// Operators' implementations the analyzer calls by name (date + interval,
  /// ...); SHOW FUNCTIONS does not list them.
  bool internal = false;
  ScalarBinder scalar;
  AggregateBinder aggregate;
  GeneratorBinder generator;
};

}  // namespace tarn
