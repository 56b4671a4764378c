#include "exec/expression_evaluator.h"

#include <unordered_map>

#include "columnar/row_compare.h"
#include "common/check.h"
#include "common/error.h"
#include "exec/eval_frame.h"
#include "exec/operator.h"
#include "exec/vector_util.h"
#include "functions/cast.h"

namespace tarn::exec {
namespace detail {
namespace {

using plan::Expr;
using plan::ExprKind;

SelectionVector AllRows(size_t rows) {
  SelectionVector sel(rows);
  for (size_t i = 0; i < rows; ++i) sel[i] = static_cast<uint32_t>(i);
  return sel;
}

// Boolean reads without the encoding switch in the loop body.
struct BoolReader {
  explicit BoolReader(const Vector& v)
      : vector(v), base(v.Base()), values(base.values<uint8_t>()), validity(base.validity()),
        is_null_type(v.type().id() == TypeId::kNull) {}
  size_t Index(size_t r) const { return vector.is_flat() ? r : vector.RowIndex(r); }
  bool IsNull(size_t r) const { return is_null_type || (validity && !bitmap::Get(validity, Index(r))); }
  bool Value(size_t r) const { return values[Index(r)] != 0; }
  const Vector& vector;
  const Vector& base;
  const uint8_t* values;
  const uint8_t* validity;
  bool is_null_type;
};

VectorPtr EvalAndOr(const Expr& expr, const Frame& frame, EvalContext& ctx, bool is_and) {
  VectorPtr left = Eval(*expr.args[0], frame, ctx);
  BoolReader l(*left);
  // The right side matters only where the left does not decide alone.
  SelectionVector need;
  need.reserve(frame.rows);
  for (size_t r = 0; r < frame.rows; ++r) {
    if (l.IsNull(r) || l.Value(r) == is_and) need.push_back(static_cast<uint32_t>(r));
  }
  VectorPtr out = Vector::Make(DataType::Boolean(), frame.rows);
  uint8_t* values = out->values<uint8_t>();
  for (size_t r = 0; r < frame.rows; ++r) values[r] = is_and ? 0 : 1;
  if (need.empty()) return out;
  VectorPtr right = need.size() == frame.rows ? Eval(*expr.args[1], frame, ctx)
                                              : Eval(*expr.args[1], frame.Select(need), ctx);
  BoolReader rv(*right);
  for (size_t k = 0; k < need.size(); ++k) {
    size_t r = need[k];
    bool ln = l.IsNull(r), rn = rv.IsNull(k);
    bool rval = !rn && rv.Value(k);
    if (is_and) {
      // left is TRUE or NULL here.
      if (!rn && !rval) values[r] = 0;
      else if (ln || rn) out->SetNull(r);
      else values[r] = 1;
    } else {
      // left is FALSE or NULL here.
      if (!rn && rval) values[r] = 1;
      else if (ln || rn) out->SetNull(r);
      else values[r] = 0;
    }
  }
  return out;
}

VectorPtr EvalNot(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  VectorPtr in = Eval(*expr.args[0], frame, ctx);
  BoolReader b(*in);
  VectorPtr out = Vector::Make(DataType::Boolean(), frame.rows);
  uint8_t* values = out->values<uint8_t>();
  for (size_t r = 0; r < frame.rows; ++r) {
    if (b.IsNull(r)) out->SetNull(r);
    else values[r] = b.Value(r) ? 0 : 1;
  }
  return out;
}

VectorPtr EvalIsNull(const Expr& expr, const Frame& frame, EvalContext& ctx, bool want_null) {
  VectorPtr in = Eval(*expr.args[0], frame, ctx);
  VectorPtr out = Vector::Make(DataType::Boolean(), frame.rows);
  uint8_t* values = out->values<uint8_t>();
  if (!in->may_have_nulls() && in->type().id() != TypeId::kNull) {
    std::memset(values, want_null ? 0 : 1, frame.rows);
    return out;
  }
  for (size_t r = 0; r < frame.rows; ++r) values[r] = in->IsNull(r) == want_null ? 1 : 0;
  return out;
}

VectorPtr EvalCase(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  size_t pairs = (expr.args.size() - (expr.has_else ? 1 : 0)) / 2;
  std::vector<std::pair<SelectionVector, VectorPtr>> pieces;
  SelectionVector remaining = AllRows(frame.rows);
  for (size_t p = 0; p < pairs && !remaining.empty(); ++p) {
    Frame sub = remaining.size() == frame.rows ? frame : frame.Select(remaining);
    VectorPtr when = Eval(*expr.args[2 * p], sub, ctx);
    BoolReader w(*when);
    SelectionVector take_local, take, rest;
    for (size_t k = 0; k < remaining.size(); ++k) {
      if (!w.IsNull(k) && w.Value(k)) {
        take_local.push_back(static_cast<uint32_t>(k));
        take.push_back(remaining[k]);
      } else {
        rest.push_back(remaining[k]);
      }
    }
    if (!take.empty()) {
      Frame then_frame = take_local.size() == sub.rows ? sub : sub.Select(take_local);
      pieces.emplace_back(std::move(take), Eval(*expr.args[2 * p + 1], then_frame, ctx));
    }
    remaining = std::move(rest);
  }
  if (expr.has_else && !remaining.empty()) {
    Frame sub = remaining.size() == frame.rows ? frame : frame.Select(remaining);
    pieces.emplace_back(std::move(remaining), Eval(*expr.args.back(), sub, ctx));
  }
  return Interleave(expr.type, frame.rows, pieces);
}

VectorPtr EvalCoalesce(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  std::vector<std::pair<SelectionVector, VectorPtr>> pieces;
  SelectionVector remaining = AllRows(frame.rows);
  for (const auto& arg : expr.args) {
    if (remaining.empty()) break;
    Frame sub = remaining.size() == frame.rows ? frame : frame.Select(remaining);
    VectorPtr value = Eval(*arg, sub, ctx);
    if (!value->may_have_nulls() && value->type().id() != TypeId::kNull) {
      pieces.emplace_back(std::move(remaining), value);
      remaining.clear();
      break;
    }
    SelectionVector take_local, take, rest;
    for (size_t k = 0; k < remaining.size(); ++k) {
      if (value->IsNull(k)) {
        rest.push_back(remaining[k]);
      } else {
        take_local.push_back(static_cast<uint32_t>(k));
        take.push_back(remaining[k]);
      }
    }
    if (!take.empty()) {
      pieces.emplace_back(std::move(take), take_local.size() == value->size() ? value : SelectRows(value, take_local));
    }
    remaining = std::move(rest);
  }
  return Interleave(expr.type, frame.rows, pieces);
}

VectorPtr EvalIn(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  VectorPtr value = Eval(*expr.args[0], frame, ctx);
  VectorPtr out = Vector::Make(DataType::Boolean(), frame.rows);
  uint8_t* values = out->values<uint8_t>();
  size_t items = expr.args.size() - 1;
  bool all_literal = true;
  for (size_t i = 1; i < expr.args.size(); ++i) all_literal &= expr.args[i]->kind == ExprKind::kLiteral;
  if (all_literal && items >= 8) {
    // A hash set over the literals: hash -> item positions.
    std::unordered_multimap<uint64_t, size_t> set;
    bool list_has_null = false;
    for (size_t i = 1; i < expr.args.size(); ++i) {
      const Vector& lit = *expr.args[i]->literal;
      if (lit.IsNull(0)) list_has_null = true;
      else set.emplace(HashRow(lit, 0), i);
    }
    for (size_t r = 0; r < frame.rows; ++r) {
      if (value->IsNull(r)) {
        out->SetNull(r);
        continue;
      }
      bool found = false;
      auto [begin, end] = set.equal_range(HashRow(*value, r));
      for (auto it = begin; it != end && !found; ++it) found = RowsEqual(*value, r, *expr.args[it->second]->literal, 0);
      if (found) values[r] = 1;
      else if (list_has_null) out->SetNull(r);
    }
    return out;
  }
  std::vector<uint8_t> found(frame.rows, 0), saw_null(frame.rows, 0);
  for (size_t r = 0; r < frame.rows; ++r) saw_null[r] = value->IsNull(r);
  for (size_t i = 1; i < expr.args.size(); ++i) {
    VectorPtr item = Eval(*expr.args[i], frame, ctx);
    for (size_t r = 0; r < frame.rows; ++r) {
      if (found[r] || value->IsNull(r)) continue;
      if (item->IsNull(r)) saw_null[r] = 1;
      else if (RowsEqual(*value, r, *item, r)) found[r] = 1;
    }
  }
  for (size_t r = 0; r < frame.rows; ++r) {
    if (found[r]) values[r] = 1;
    else if (saw_null[r]) out->SetNull(r);
  }
  return out;
}

VectorPtr EvalCall(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  if (!expr.scalar || !expr.scalar->kernel) ThrowInternal("function " + expr.name + " has no bound kernel");
  std::vector<VectorPtr> args;
  args.reserve(expr.args.size());
  for (const auto& arg : expr.args) args.push_back(Eval(*arg, frame, ctx));
  VectorPtr result = expr.scalar->kernel(std::span<const VectorPtr>(args), frame.rows, ctx.query->functions());
  TARN_CHECK(result && result->size() == frame.rows, "kernel of " + expr.name + " returned a wrong row count");
  return result;
}

VectorPtr EvalSubquery(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  return Vector::MakeConstant(ScalarSubqueryValue(expr, ctx.query), 0, frame.rows);
}

}  // namespace
}  // namespace detail

VectorPtr ScalarSubqueryValue(const plan::Expr& expr, QueryContext* query) {
  VectorPtr value;
  {
    std::lock_guard<std::mutex> lock(query->subquery_mutex);
    auto it = query->subquery_results.find(&expr);
    if (it != query->subquery_results.end()) value = it->second;
  }
  if (!value) {
    TARN_CHECK(expr.subquery != nullptr, "scalar subquery without a plan");
    // Planned with the query; a subquery built outside a planned query is planned here.
    plan::PhysicalPlan own;
    auto planned = query->subquery_plans.find(&expr);
    const plan::PhysicalNode* physical = planned != query->subquery_plans.end() ? planned->second : nullptr;
    if (!physical) {
      own = plan::PlanPhysical(expr.subquery, query->options.planner);
      physical = own.root.get();
    }
    OperatorPtr op = BuildOperator(*physical, query);
    auto result = std::make_shared<Vector>(expr.type);
    Batch batch;
    size_t rows = 0;
    while (op->Next(&batch)) {
      rows += batch.num_rows();
      if (rows > 1) ThrowError(ErrorClass::kScalarSubqueryTooManyRows);
      if (batch.num_rows() == 1) result->AppendFrom(batch.column(0), 0);
    }
    if (rows == 0) value = Vector::MakeNull(expr.type, 1);
    else value = result;
    std::lock_guard<std::mutex> lock(query->subquery_mutex);
    query->subquery_results[&expr] = value;
  }
  return value;
}

namespace detail {

Frame Frame::Select(const SelectionVector& sel) const {
  Frame out;
  out.rows = sel.size();
  out.columns.reserve(columns.size());
  for (const VectorPtr& c : columns) out.columns.push_back(SelectRows(c, sel));
  out.lambdas.reserve(lambdas.size());
  for (const VectorPtr& v : lambdas) out.lambdas.push_back(v ? SelectRows(v, sel) : nullptr);
  return out;
}

VectorPtr Eval(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      TARN_CHECK(expr.column >= 0 && static_cast<size_t>(expr.column) < frame.columns.size(), "column out of range");
      return frame.columns[expr.column];
    case ExprKind::kLiteral: return Vector::MakeConstant(expr.literal, 0, frame.rows);
    case ExprKind::kLambdaVariable:
      TARN_CHECK(expr.column >= 0 && static_cast<size_t>(expr.column) < frame.lambdas.size() &&
                     frame.lambdas[expr.column] != nullptr,
                 "lambda variable out of scope");
      return frame.lambdas[expr.column];
    default: break;
  }
  if (frame.rows == 0 && expr.kind != ExprKind::kScalarSubquery) return Vector::Make(expr.type, 0);
  switch (expr.kind) {
    case ExprKind::kCall: return EvalCall(expr, frame, ctx);
    case ExprKind::kCast: {
      VectorPtr input = Eval(*expr.args[0], frame, ctx);
      const FunctionContext& fc = ctx.query->functions();
      return CastVector(input, frame.rows, expr.type, expr.try_cast ? CastMode::kTry : CastModeFor(fc), fc);
    }
    case ExprKind::kAnd: return EvalAndOr(expr, frame, ctx, true);
    case ExprKind::kOr: return EvalAndOr(expr, frame, ctx, false);
    case ExprKind::kNot: return EvalNot(expr, frame, ctx);
    case ExprKind::kIsNull: return EvalIsNull(expr, frame, ctx, true);
    case ExprKind::kIsNotNull: return EvalIsNull(expr, frame, ctx, false);
    case ExprKind::kCase: return EvalCase(expr, frame, ctx);
    case ExprKind::kCoalesce: return EvalCoalesce(expr, frame, ctx);
    case ExprKind::kIn: return EvalIn(expr, frame, ctx);
    case ExprKind::kHigherOrder: return EvalHigherOrder(expr, frame, ctx);
    case ExprKind::kScalarSubquery: return EvalSubquery(expr, frame, ctx);
    case ExprKind::kLambda: ThrowInternal("a lambda evaluated outside a higher-order function");
    default: break;
  }
  TARN_UNREACHABLE();
}

}  // namespace detail

VectorPtr Evaluate(const plan::Expr& expr, const Batch& input, EvalContext& ctx) {
  detail::Frame frame;
  frame.columns = input.columns();
  frame.rows = input.num_rows();
  return detail::Eval(expr, frame, ctx);
}

namespace {

void SplitConjuncts(const plan::Expr& e, std::vector<const plan::Expr*>* out) {
  if (e.kind == plan::ExprKind::kAnd) {
    SplitConjuncts(*e.args[0], out);
    SplitConjuncts(*e.args[1], out);
  } else {
    out->push_back(&e);
  }
}

// Rows `rows` of the columns `expr` reads; the other columns stay empty.
detail::Frame SelectColumnsOf(const detail::Frame& frame, const SelectionVector& rows, const plan::Expr& expr) {
  std::vector<int> used;
  plan::CollectColumns(expr, &used);
  detail::Frame out;
  out.rows = rows.size();
  out.columns.resize(frame.columns.size());
  for (int c : used)
    if (!out.columns[c]) out.columns[c] = SelectRows(frame.columns[c], rows);
  return out;
}

}  // namespace

// A WHERE is a conjunction: each conjunct runs only on the rows every
// earlier one kept (as And short-circuits), over just the columns it reads,
// and the selection shrinks as it goes — no boolean vector per AND level.
SelectionVector EvaluateFilter(const plan::Expr& condition, const Batch& input, EvalContext& ctx) {
  std::vector<const plan::Expr*> conjuncts;
  SplitConjuncts(condition, &conjuncts);
  detail::Frame frame;
  frame.columns = input.columns();
  frame.rows = input.num_rows();
  SelectionVector selected = TrueRows(*detail::Eval(*conjuncts[0], frame, ctx), frame.rows);
  for (size_t i = 1; i < conjuncts.size() && !selected.empty(); ++i) {
    if (selected.size() == frame.rows) {
      selected = TrueRows(*detail::Eval(*conjuncts[i], frame, ctx), frame.rows);
      continue;
    }
    detail::Frame subset = SelectColumnsOf(frame, selected, *conjuncts[i]);
    SelectionVector kept = TrueRows(*detail::Eval(*conjuncts[i], subset, ctx), subset.rows);
    for (uint32_t& row : kept) row = selected[row];
    selected = std::move(kept);
  }
  return selected;
}

}  // namespace tarn::exec
