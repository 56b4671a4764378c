// Higher-order functions: a lambda body is evaluated once per batch over the
// flattened collection elements, with the outer row's columns (and outer
// lambda variables) repeated per element, then the results are folded back
// into one value per row.
#include <algorithm>
#include <numeric>

#include "columnar/row_compare.h"
#include "common/check.h"
#include "common/error.h"
#include "exec/eval_frame.h"
#include "exec/vector_util.h"

namespace tarn::exec::detail {
namespace {

using plan::Expr;
using plan::ExprKind;

// The elements of a list or map column, flattened.
struct Elements {
  SelectionVector parents;        // frame row of each element
  std::vector<uint32_t> starts;   // per frame row: first element (rows + 1 entries)
  std::vector<uint8_t> null_row;  // per frame row: the collection is NULL
  std::vector<VectorPtr> children;  // per child (list: element; map: key, value)
  std::vector<uint32_t> positions;  // index of each element inside its collection
  size_t size() const { return parents.size(); }
  uint32_t length(size_t row) const { return starts[row + 1] - starts[row]; }
};

Elements FlattenCollection(const Vector& collection, size_t rows) {
  Elements e;
  e.starts.resize(rows + 1, 0);
  e.null_row.resize(rows, 0);
  const Vector& base = collection.Base();
  std::vector<std::vector<uint32_t>> child_rows(base.num_children());
  for (size_t r = 0; r < rows; ++r) {
    e.starts[r] = static_cast<uint32_t>(e.parents.size());
    size_t i = collection.RowIndex(r);
    if (base.IsNull(i)) {
      e.null_row[r] = 1;
      continue;
    }
    int32_t begin = base.offsets()[i], end = base.offsets()[i + 1];
    for (int32_t k = begin; k < end; ++k) {
      e.parents.push_back(static_cast<uint32_t>(r));
      e.positions.push_back(static_cast<uint32_t>(k - begin));
      for (size_t c = 0; c < child_rows.size(); ++c) child_rows[c].push_back(static_cast<uint32_t>(k));
    }
  }
  e.starts[rows] = static_cast<uint32_t>(e.parents.size());
  for (size_t c = 0; c < child_rows.size(); ++c) e.children.push_back(SelectRows(base.child_ptr(c), child_rows[c]));
  return e;
}

// A frame over `parents` of `outer` with lambda variables set.
Frame LambdaFrame(const Frame& outer, const SelectionVector& parents, const Expr& lambda,
                  const std::vector<VectorPtr>& vars) {
  Frame frame = outer.Select(parents);
  size_t first = static_cast<size_t>(lambda.column);
  if (frame.lambdas.size() < first + vars.size()) frame.lambdas.resize(first + vars.size());
  for (size_t v = 0; v < vars.size(); ++v) frame.lambdas[first + v] = vars[v];
  return frame;
}

const Expr& LambdaArg(const Expr& expr, size_t i) {
  if (i >= expr.args.size() || expr.args[i]->kind != ExprKind::kLambda)
    ThrowInternal(expr.name + ": argument " + std::to_string(i) + " is not a lambda");
  return *expr.args[i];
}

VectorPtr Body(const Expr& lambda, const Frame& frame, EvalContext& ctx) { return Eval(*lambda.args[0], frame, ctx); }

VectorPtr IntVector(const std::vector<uint32_t>& values) {
  VectorPtr out = Vector::Make(DataType::Int(), values.size());
  for (size_t i = 0; i < values.size(); ++i) out->values<int32_t>()[i] = static_cast<int32_t>(values[i]);
  return out;
}

// A list (or map) vector of `type` with the given per-row element counts.
VectorPtr MakeCollection(const DataType& type, const std::vector<uint32_t>& counts, const std::vector<uint8_t>& null_row,
                         std::vector<VectorPtr> children) {
  size_t rows = counts.size();
  VectorPtr out = Vector::Make(type, rows);
  int32_t* offsets = out->offsets();
  offsets[0] = 0;
  for (size_t r = 0; r < rows; ++r) {
    offsets[r + 1] = offsets[r] + static_cast<int32_t>(counts[r]);
    if (null_row[r]) out->SetNull(r);
  }
  for (size_t c = 0; c < children.size(); ++c) out->set_child(c, Vector::Flatten(children[c]));
  return out;
}

std::vector<uint32_t> Counts(const Elements& e) {
  std::vector<uint32_t> counts(e.null_row.size());
  for (size_t r = 0; r < counts.size(); ++r) counts[r] = e.length(r);
  return counts;
}

VectorPtr Transform(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 1);
  VectorPtr result = Body(lambda, LambdaFrame(frame, e.parents, lambda, {e.children[0], IntVector(e.positions)}), ctx);
  return MakeCollection(expr.type, Counts(e), e.null_row, {result});
}

// Elements of `e` where `keep` is TRUE, as a new collection.
VectorPtr KeepElements(const DataType& type, const Elements& e, const Vector& keep) {
  SelectionVector kept = TrueRows(keep, e.size());
  std::vector<uint32_t> counts(e.null_row.size(), 0);
  for (uint32_t k : kept) counts[e.parents[k]]++;
  std::vector<VectorPtr> children;
  for (const VectorPtr& child : e.children) children.push_back(SelectRows(child, kept));
  return MakeCollection(type, counts, e.null_row, std::move(children));
}

VectorPtr Filter(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 1);
  VectorPtr keep = Body(lambda, LambdaFrame(frame, e.parents, lambda, {e.children[0], IntVector(e.positions)}), ctx);
  return KeepElements(expr.type, e, *keep);
}

VectorPtr MapFilter(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 1);
  VectorPtr keep = Body(lambda, LambdaFrame(frame, e.parents, lambda, {e.children[0], e.children[1]}), ctx);
  return KeepElements(expr.type, e, *keep);
}

// exists (any) / forall (all) with three-valued logic.
VectorPtr Quantifier(const Expr& expr, const Frame& frame, EvalContext& ctx, bool exists) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 1);
  VectorPtr result = Body(lambda, LambdaFrame(frame, e.parents, lambda, {e.children[0], IntVector(e.positions)}), ctx);
  VectorPtr out = Vector::Make(DataType::Boolean(), frame.rows);
  for (size_t r = 0; r < frame.rows; ++r) {
    if (e.null_row[r]) {
      out->SetNull(r);
      continue;
    }
    bool decided = false, saw_null = false;
    for (uint32_t k = e.starts[r]; k < e.starts[r + 1] && !decided; ++k) {
      if (result->IsNull(k)) saw_null = true;
      else if ((result->ValueAt<uint8_t>(k) != 0) == exists) decided = true;
    }
    if (decided) out->values<uint8_t>()[r] = exists ? 1 : 0;
    else if (saw_null) out->SetNull(r);
    else out->values<uint8_t>()[r] = exists ? 0 : 1;
  }
  return out;
}

VectorPtr Aggregate(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  VectorPtr acc = Eval(*expr.args[1], frame, ctx);
  const Expr& merge = LambdaArg(expr, 2);
  const DataType& acc_type = merge.args[0]->type;
  uint32_t longest = 0;
  for (size_t r = 0; r < frame.rows; ++r) longest = std::max(longest, e.length(r));
  // Fold element k of every row at once, k = 0, 1, ...
  for (uint32_t k = 0; k < longest; ++k) {
    SelectionVector active, rest, element;
    for (size_t r = 0; r < frame.rows; ++r) {
      if (e.length(r) > k) {
        active.push_back(static_cast<uint32_t>(r));
        element.push_back(e.starts[r] + k);
      } else {
        rest.push_back(static_cast<uint32_t>(r));
      }
    }
    VectorPtr next = Body(merge, LambdaFrame(frame, active, merge, {SelectRows(acc, active), SelectRows(e.children[0], element)}), ctx);
    std::vector<std::pair<SelectionVector, VectorPtr>> pieces;
    pieces.emplace_back(std::move(active), next);
    if (!rest.empty()) {
      VectorPtr kept = SelectRows(acc, rest);
      pieces.emplace_back(std::move(rest), kept);
    }
    acc = Interleave(acc_type, frame.rows, pieces);
  }
  VectorPtr result = acc;
  if (expr.args.size() > 3) {
    const Expr& finish = LambdaArg(expr, 3);
    std::vector<uint32_t> all(frame.rows);
    std::iota(all.begin(), all.end(), 0u);
    result = Body(finish, LambdaFrame(frame, all, finish, {acc}), ctx);
  }
  // A NULL array aggregates to NULL.
  bool any_null = false;
  for (uint8_t n : e.null_row) any_null |= n != 0;
  if (!any_null) return result;
  SelectionVector valid;
  for (size_t r = 0; r < frame.rows; ++r)
    if (!e.null_row[r]) valid.push_back(static_cast<uint32_t>(r));
  std::vector<std::pair<SelectionVector, VectorPtr>> pieces;
  VectorPtr selected = SelectRows(result, valid);
  pieces.emplace_back(std::move(valid), selected);
  return Interleave(expr.type, frame.rows, pieces);
}

VectorPtr ZipWith(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements a = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  Elements b = FlattenCollection(*Eval(*expr.args[1], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 2);
  SelectionVector parents;
  std::vector<int64_t> xa, xb;
  std::vector<uint32_t> counts(frame.rows, 0);
  std::vector<uint8_t> null_row(frame.rows, 0);
  for (size_t r = 0; r < frame.rows; ++r) {
    if (a.null_row[r] || b.null_row[r]) {
      null_row[r] = 1;
      continue;
    }
    uint32_t n = std::max(a.length(r), b.length(r));
    counts[r] = n;
    for (uint32_t k = 0; k < n; ++k) {
      parents.push_back(static_cast<uint32_t>(r));
      xa.push_back(k < a.length(r) ? static_cast<int64_t>(a.starts[r] + k) : -1);
      xb.push_back(k < b.length(r) ? static_cast<int64_t>(b.starts[r] + k) : -1);
    }
  }
  VectorPtr left = GatherRowsOrNull(a.children[0], xa.data(), xa.size());
  VectorPtr right = GatherRowsOrNull(b.children[0], xb.data(), xb.size());
  VectorPtr result = Body(lambda, LambdaFrame(frame, parents, lambda, {left, right}), ctx);
  return MakeCollection(expr.type, counts, null_row, {result});
}

// transform_keys / transform_values.
VectorPtr TransformMap(const Expr& expr, const Frame& frame, EvalContext& ctx, bool keys) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 1);
  VectorPtr result = Body(lambda, LambdaFrame(frame, e.parents, lambda, {e.children[0], e.children[1]}), ctx);
  if (keys) {
    for (size_t k = 0; k < e.size(); ++k)
      if (result->IsNull(k)) ThrowError(ErrorClass::kInvalidParameterValue,
                                        {{"parameter", "`function`"}, {"function", "`transform_keys`"},
                                         {"message", "Cannot use null as map key"}});
    return MakeCollection(expr.type, Counts(e), e.null_row, {result, e.children[1]});
  }
  return MakeCollection(expr.type, Counts(e), e.null_row, {e.children[0], result});
}

VectorPtr MapZipWith(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements a = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  Elements b = FlattenCollection(*Eval(*expr.args[1], frame, ctx), frame.rows);
  const Expr& lambda = LambdaArg(expr, 2);
  SelectionVector parents;
  std::vector<int64_t> key_a, key_b, va, vb;  // key from a (or b when -1 in a), values
  std::vector<uint32_t> counts(frame.rows, 0);
  std::vector<uint8_t> null_row(frame.rows, 0);
  const Vector& ka = *a.children[0];
  const Vector& kb = *b.children[0];
  for (size_t r = 0; r < frame.rows; ++r) {
    if (a.null_row[r] || b.null_row[r]) {
      null_row[r] = 1;
      continue;
    }
    std::vector<uint8_t> b_used(b.length(r), 0);
    for (uint32_t i = a.starts[r]; i < a.starts[r + 1]; ++i) {
      int64_t match = -1;
      for (uint32_t j = b.starts[r]; j < b.starts[r + 1] && match < 0; ++j)
        if (RowsEqual(ka, i, kb, j)) match = j;
      if (match >= 0) b_used[match - b.starts[r]] = 1;
      parents.push_back(static_cast<uint32_t>(r));
      key_a.push_back(i);
      key_b.push_back(-1);
      va.push_back(i);
      vb.push_back(match);
      counts[r]++;
    }
    for (uint32_t j = b.starts[r]; j < b.starts[r + 1]; ++j) {
      if (b_used[j - b.starts[r]]) continue;
      parents.push_back(static_cast<uint32_t>(r));
      key_a.push_back(-1);
      key_b.push_back(j);
      va.push_back(-1);
      vb.push_back(j);
      counts[r]++;
    }
  }
  // Keys: from a where present, else from b.
  auto keys = std::make_shared<Vector>(expr.type.key_type());
  for (size_t k = 0; k < parents.size(); ++k) {
    if (key_a[k] >= 0) keys->AppendFrom(ka, key_a[k]);
    else keys->AppendFrom(kb, key_b[k]);
  }
  VectorPtr v1 = GatherRowsOrNull(a.children[1], va.data(), va.size());
  VectorPtr v2 = GatherRowsOrNull(b.children[1], vb.data(), vb.size());
  VectorPtr result = Body(lambda, LambdaFrame(frame, parents, lambda, {keys, v1, v2}), ctx);
  return MakeCollection(expr.type, counts, null_row, {keys, result});
}

VectorPtr ArraySort(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  Elements e = FlattenCollection(*Eval(*expr.args[0], frame, ctx), frame.rows);
  const Vector& values = *e.children[0];
  SelectionVector order;
  order.reserve(e.size());
  const Expr* lambda = expr.args.size() > 1 ? &LambdaArg(expr, 1) : nullptr;
  for (size_t r = 0; r < frame.rows; ++r) {
    uint32_t begin = e.starts[r], n = e.length(r);
    std::vector<uint32_t> idx(n);
    std::iota(idx.begin(), idx.end(), begin);
    if (lambda == nullptr) {
      // Ascending, NULLs last.
      std::stable_sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) {
        bool nx = values.IsNull(x), ny = values.IsNull(y);
        if (nx || ny) return !nx && ny;
        return CompareRows(values, x, values, y) < 0;
      });
    } else if (n > 1) {
      // Every pair compared in one evaluation of the comparator.
      SelectionVector parents(size_t{n} * n, static_cast<uint32_t>(r)), lhs, rhs;
      lhs.reserve(parents.size());
      rhs.reserve(parents.size());
      for (uint32_t i = 0; i < n; ++i)
        for (uint32_t j = 0; j < n; ++j) {
          lhs.push_back(begin + i);
          rhs.push_back(begin + j);
        }
      VectorPtr cmp = Body(*lambda, LambdaFrame(frame, parents, *lambda,
                                                {SelectRows(e.children[0], lhs), SelectRows(e.children[0], rhs)}), ctx);
      for (size_t k = 0; k < parents.size(); ++k)
        if (cmp->IsNull(k))
          ThrowError(ErrorClass::kInvalidParameterValue, {{"parameter", "`comparator`"}, {"function", "`array_sort`"},
                                                          {"message", "The comparator returned NULL"}});
      std::stable_sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) {
        return cmp->ValueAt<int32_t>(size_t{x - begin} * n + (y - begin)) < 0;
      });
    }
    order.insert(order.end(), idx.begin(), idx.end());
  }
  return MakeCollection(expr.type, Counts(e), e.null_row, {SelectRows(e.children[0], order)});
}

}  // namespace

VectorPtr EvalHigherOrder(const Expr& expr, const Frame& frame, EvalContext& ctx) {
  const std::string& name = expr.name;
  if (name == "transform") return Transform(expr, frame, ctx);
  if (name == "filter") return Filter(expr, frame, ctx);
  if (name == "exists") return Quantifier(expr, frame, ctx, true);
  if (name == "forall") return Quantifier(expr, frame, ctx, false);
  if (name == "aggregate" || name == "reduce") return Aggregate(expr, frame, ctx);
  if (name == "zip_with") return ZipWith(expr, frame, ctx);
  if (name == "map_filter") return MapFilter(expr, frame, ctx);
  if (name == "transform_keys") return TransformMap(expr, frame, ctx, true);
  if (name == "transform_values") return TransformMap(expr, frame, ctx, false);
  if (name == "map_zip_with") return MapZipWith(expr, frame, ctx);
  if (name == "array_sort") return ArraySort(expr, frame, ctx);
  ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "the higher-order function " + name}});
}

}  // namespace tarn::exec::detail
