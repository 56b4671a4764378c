// Internals of the analyzer (analyzer.cc, expression_binder.cc): scopes of
// named columns and the binder that resolves AST expressions against them.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "plan/logical_plan.h"
#include "sql/analyzer.h"
#include "sql/query.h"

namespace tarn::sql::detail {

using ExprKind_AST = tarn::sql::ExprKind;

/// A column visible to expressions: its qualifier (table alias), name, type.
/// Hidden columns (extra group keys, sort keys, the right side of a USING
/// join) resolve by qualified name only and never appear in `*`.
struct Column {
  std::string qualifier;
  std::string name;
  DataType type;
  bool nullable = true;
  bool hidden = false;
};
using Columns = std::vector<Column>;

/// An analyzed relation: its plan and the names of its output columns.
struct Bound {
  plan::PlanPtr plan;
  Columns columns;
};

/// Where an expression is bound.
struct BindScope {
  const Columns* columns = nullptr;  ///< the operator's input
  const BindScope* outer = nullptr;  ///< the enclosing query (correlated references)
  /// AST text → input column: group keys, aggregate and window calls already computed below.
  const std::map<std::string, int>* substitutions = nullptr;
  /// In a grouped scope: input columns of the aggregate → its output columns
  /// (group keys that are plain columns); other columns must not be referenced.
  const std::map<int, int>* grouped_columns = nullptr;
  /// An aggregate without GROUP BY: an ungrouped column is MISSING_GROUP_BY.
  bool global_aggregate = false;
  const Columns* pre_aggregate = nullptr;
  /// GROUPING SETS / ROLLUP / CUBE: the group expressions (over the
  /// aggregate's input) and the grouping-id column of `columns`, for
  /// grouping() and grouping_id(); null elsewhere.
  const std::vector<plan::ExprPtr>* grouping_keys = nullptr;
  int grouping_id_column = -1;
  /// Lambda parameters in scope: name → (variable index, type).
  std::vector<std::pair<std::string, std::pair<int, DataType>>> lambdas;
};

struct GeneratorCall {
  std::string name;
  std::shared_ptr<const BoundGenerator> generator;
  std::vector<plan::ExprPtr> args;
  bool outer = false;  ///< an *_outer generator
};

bool SameName(std::string_view a, std::string_view b);
/// The visible column named `name` (any case), or -1.
int FindVisible(const Columns& columns, std::string_view name);
/// Throws a user error pointing at `pos`.
[[noreturn]] void ThrowAt(const SourcePos& pos, ErrorClass error_class, ErrorParams params);

class Analyzer;

class ExprBinder {
 public:
  ExprBinder(Analyzer& analyzer, const AnalyzerOptions& options) : analyzer_(analyzer), options_(options) {}

  plan::ExprPtr Bind(const Expr& ast, const BindScope& scope);
  /// A boolean condition (WHERE, HAVING, ON, ...).
  plan::ExprPtr BindPredicate(const Expr& ast, const BindScope& scope, std::string_view clause);
  /// name(args) through the function registry, with implicit casts.
  plan::ExprPtr CallFunction(const std::string& name, std::vector<plan::ExprPtr> args, const SourcePos& pos,
                             const Expr* ast = nullptr);
  plan::AggregateCall BindAggregate(const Expr& call, const BindScope& scope);
  plan::WindowCall BindWindow(const Expr& call, const BindScope& scope,
                              const std::vector<std::pair<std::string, std::shared_ptr<WindowSpec>>>& named);
  GeneratorCall BindGenerator(const Expr& call, const BindScope& scope);
  int64_t BindLimit(const Expr& ast, std::string_view what);

  /// The value of a constant expression, or null when it is not constant.
  VectorPtr FoldConstant(const plan::ExprPtr& expr);
  /// The arguments' types and constant values for a function's binder. A
  /// constant argument whose evaluation fails (1/0) is described as not
  /// constant: it may sit in a branch no row takes, so its error belongs to
  /// run time, as in Spark. The first such error is kept in `fold_error`,
  /// to be raised instead if the binder then insists on a constant.
  std::vector<ArgType> DescribeArgs(const std::vector<plan::ExprPtr>& args, std::optional<Error>* fold_error);

  std::vector<int> ExpandStar(const Expr& star, const Columns& columns);
  /// Spark's generated column name for an unaliased select item.
  std::string AutoName(const Expr& ast);
  const Column* TryResolveColumn(const std::vector<std::string>& names, const BindScope& scope);

  void CollectAggregates(const Expr& ast, std::vector<const Expr*>* out);
  void CollectWindows(const Expr& ast, std::vector<const Expr*>* out);
  bool ContainsWindow(const Expr& ast);
  void CollectScalarSubqueries(const Expr& ast, std::vector<const Expr*>* out);
  bool IsCountQuery(const Query& query);
  /// A call of a generator function (explode, inline, ...).
  bool IsGenerator(const Expr& ast);

 private:
  plan::ExprPtr BindColumn(const Expr& ast, const BindScope& scope);
  plan::ExprPtr BindLiteral(const Expr& ast);
  plan::ExprPtr BindFunction(const Expr& ast, const BindScope& scope);
  /// grouping(col) / grouping_id(cols...): bits of the grouping-id column.
  plan::ExprPtr BindGrouping(const Expr& ast, const std::string& name, const BindScope& scope);
  /// TRIM(BOTH|LEADING|TRAILING [x] FROM s) → trim / ltrim / rtrim.
  plan::ExprPtr BindTrim(const Expr& ast, const BindScope& scope);
  plan::ExprPtr BindBinary(const Expr& ast, const BindScope& scope);
  plan::ExprPtr BindArithmeticOperator(const std::string& op, plan::ExprPtr left, plan::ExprPtr right, const Expr& ast);
  plan::ExprPtr BindCase(const Expr& ast, const BindScope& scope);
  plan::ExprPtr BindInterval(const Expr& ast);
  plan::ExprPtr BindHigherOrder(const Expr& ast, const std::string& name, const BindScope& scope);
  plan::ExprPtr BindLambda(const Expr& lambda, const std::vector<DataType>& param_types, const BindScope& scope);
  plan::ExprPtr BindField(plan::ExprPtr base, const std::string& field, const SourcePos& pos);
  plan::ExprPtr BindSubscript(plan::ExprPtr base, plan::ExprPtr index, const SourcePos& pos);
  plan::ExprPtr ToBoolean(plan::ExprPtr e, const Expr& ast, std::string_view clause);
  void CheckFrame(const Expr& call, const WindowSpec& spec, const plan::WindowCall& w);
  /// Casts every expression to their common type (CASE branches, COALESCE, IN).
  std::vector<plan::ExprPtr> CoerceToCommon(std::vector<plan::ExprPtr> exprs, const Expr& ast);
  [[noreturn]] void ThrowUnresolved(const Expr& ast, const BindScope& scope);

  Analyzer& analyzer_;
  const AnalyzerOptions& options_;
  int next_lambda_ = 0;
};

class Analyzer {
 public:
  explicit Analyzer(const AnalyzerOptions& options) : options_(options), binder_(*this, options) {}

  Bound AnalyzeQueryBlock(const Query& query, const BindScope* outer, std::vector<plan::ExprPtr>* correlated);
  Bound DropHidden(Bound input);

 private:
  struct SelectContext {
    const Bound* input;               // what the projection reads
    const BindScope* scope;           // its scope
    const std::vector<plan::ExprPtr>* exprs;  // the projection
    size_t visible;                   // select-list items
  };

  Bound AnalyzeSelect(const Query& query, const BindScope* outer, std::vector<plan::ExprPtr>* correlated);
  Bound AnalyzeSetOperation(const Query& query, const BindScope* outer);
  Bound AnalyzeFrom(const Query& query, const BindScope* outer);
  Bound AnalyzeRelation(const Relation& relation, const BindScope* outer);
  Bound AnalyzeJoin(const Relation& relation, const BindScope* outer);
  Bound JoinLateral(Bound left, const Relation& right, plan::JoinType type, const Expr* on, const BindScope* outer);
  bool IsPlainProjection(const Query& query);
  bool IsScalarAggregate(const Query& query);
  /// The relation's alias and column aliases, applied to its columns.
  Bound ApplyAliases(const Relation& relation, Bound bound);
  Bound AnalyzeValues(const Relation& relation);
  Bound AnalyzeTableFunction(const Relation& relation);
  Bound AnalyzePivot(const Relation& relation, const BindScope* outer);
  Bound AnalyzeUnpivot(const Relation& relation, const BindScope* outer);
  Bound AnalyzeSample(const TableSample& sample, Bound input);
  Bound AnalyzeLateralView(const LateralView& view, Bound input, const BindScope* outer);
  Bound ResolveTable(const Relation& relation);
  Bound JoinUsing(Bound left, Bound right, plan::JoinType type, const std::vector<std::string>& names,
                  const SourcePos& pos);
  Bound AnalyzeWhere(const Expr& where, Bound input, const BindScope* outer, std::vector<plan::ExprPtr>* lifted);
  Bound JoinSubqueryPredicate(const Expr& predicate, bool negated, Bound input, const BindScope* outer);
  Bound AttachCorrelatedScalars(const Expr& ast, Bound input, const BindScope* outer,
                                std::map<std::string, int>* substitutions, const BindScope* base = nullptr);
  Bound AttachSubqueryPredicates(const Expr& ast, Bound input, const BindScope* outer,
                                 std::map<std::string, int>* substitutions, const BindScope* base);
  static bool IsEquiCorrelation(const std::vector<plan::ExprPtr>& correlated);
  Bound ApplyOrderAndLimit(const Query& query, Bound input, const SelectContext* select);
  Bound Project(Bound input, std::vector<plan::ExprPtr> exprs, Columns columns);
  Bound Filter(Bound input, plan::ExprPtr condition);
  Bound Join(Bound left, Bound right, plan::JoinType type, plan::ExprPtr condition);
  plan::ExprPtr RemapInner(const plan::ExprPtr& e, const std::vector<int>& mapping);
  int MapGrouped(int column, const std::map<int, int>& grouped, const Columns& pre, const SourcePos& pos,
                 bool global_aggregate);

  friend class ExprBinder;
  const AnalyzerOptions& options_;
  ExprBinder binder_;
  std::vector<std::map<std::string, Bound>> ctes_;
};

}  // namespace tarn::sql::detail
