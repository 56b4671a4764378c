// Bound expressions: what the analyzer produces from the AST. Names are
// resolved to column positions of the operator's input, functions are bound
// to kernels, every node has its Spark type. The executor evaluates them over
// batches (exec/expression_evaluator.h).
//
// Column references are positions in the input row of the operator that owns
// the expression (for a join condition: left columns, then right columns).
//
// Thread safety: immutable once built; shared between plans and threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "functions/function.h"
#include "types/data_type.h"

namespace tarn::plan {

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

enum class ExprKind : uint8_t {
  kColumnRef,       ///< column = input position
  kLiteral,         ///< literal = 1-row vector of `type`
  kCall,            ///< scalar function: scalar(args)
  kCast,            ///< CAST(args[0] AS type); try_cast for TRY_CAST
  kAnd,             ///< args[0] AND args[1] (three-valued; args[1] evaluated only where needed)
  kOr,              ///< args[0] OR args[1]
  kNot,             ///< NOT args[0]
  kIsNull,          ///< args[0] IS NULL
  kIsNotNull,       ///< args[0] IS NOT NULL
  kCase,            ///< args = when1, then1, when2, then2, ..., [else] (has_else)
  kCoalesce,        ///< first non-null of args, evaluated lazily
  kIn,              ///< args[0] IN (args[1..]) with SQL NULL semantics; all of one type
  kHigherOrder,     ///< name(args), some args are kLambda (transform, filter, aggregate, ...)
  kLambda,          ///< args[0] = body; column = index of its first parameter among lambda variables
  kLambdaVariable,  ///< column = lambda variable index (innermost lambdas get the highest)
  kScalarSubquery,  ///< subquery (uncorrelated, one column): its single value or NULL
  kOuterRef,        ///< analysis only: column of an enclosing query (never reaches the executor)
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  DataType type;
  bool nullable = true;
  int column = -1;
  VectorPtr literal;
  /// Function name (kCall, kHigherOrder) — also how EXPLAIN prints the call.
  std::string name;
  std::shared_ptr<const BoundScalar> scalar;
  bool try_cast = false;
  bool has_else = false;
  std::vector<ExprPtr> args;
  PlanPtr subquery;

  bool deterministic() const;
  /// True when the value does not depend on the input row (literals and
  /// deterministic calls of literals).
  bool is_constant() const;
};

ExprPtr ColumnRef(int column, DataType type, bool nullable = true);
ExprPtr Literal(VectorPtr value);
ExprPtr NullLiteral(const DataType& type);
ExprPtr BoolLiteral(bool value);
ExprPtr Int64Literal(int64_t value);
ExprPtr MakeExpr(ExprKind kind, DataType type, std::vector<ExprPtr> args);
ExprPtr Cast(ExprPtr input, const DataType& to, bool try_cast = false);

/// SQL-like text for EXPLAIN, with column names from `input` when given
/// (else #position): "(l_quantity#4 < 24)".
std::string ToString(const Expr& expr, const Schema* input = nullptr);

/// Column positions an expression reads.
void CollectColumns(const Expr& expr, std::vector<int>* columns);
/// A copy of `expr` with column i replaced by mapping[i] (-1: a bug).
ExprPtr RemapColumns(const ExprPtr& expr, const std::vector<int>& mapping);

}  // namespace tarn::plan
