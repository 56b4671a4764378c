// Window: materialises the input, then per window call sorts row positions by
// (partition keys, order keys) — stable, so ties keep input order — and
// computes the call partition by partition. Output rows keep input order:
// input columns, then one column per call.
//
// Frames: ROWS offsets count rows; RANGE offsets are added to the (single,
// numeric/date/timestamp) order key; RANGE CURRENT ROW includes peers.
// Aggregates over frames: one state per partition when the frame is the whole
// partition, incremental (grow the state, finalize per row) for frames that
// start at UNBOUNDED PRECEDING, recomputed per row for sliding frames.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "columnar/row_compare.h"
#include "common/check.h"
#include "common/error.h"
#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"
#include "types/decimal.h"

namespace tarn::exec {
namespace {

using plan::FrameBound;
using Kind = FrameBound::Kind;

// A numeric view of an order key for RANGE offsets.
double KeyAsDouble(const Vector& v, size_t row) {
  const DataType& type = v.type();
  double value = 0;
  switch (type.physical_type()) {
    case PhysicalType::kInt8: value = v.ValueAt<int8_t>(row); break;
    case PhysicalType::kInt16: value = v.ValueAt<int16_t>(row); break;
    case PhysicalType::kInt32: value = v.ValueAt<int32_t>(row); break;
    case PhysicalType::kInt64: value = static_cast<double>(v.ValueAt<int64_t>(row)); break;
    case PhysicalType::kInt128: value = static_cast<double>(v.ValueAt<int128_t>(row)); break;
    case PhysicalType::kFloat: value = v.ValueAt<float>(row); break;
    case PhysicalType::kDouble: value = v.ValueAt<double>(row); break;
    default:
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "RANGE frame offsets over " + type.ToSql()}});
  }
  if (type.id() == TypeId::kDecimal) value /= std::pow(10.0, type.scale());
  return value;
}

double OffsetValue(const plan::ExprPtr& offset) {
  TARN_CHECK(offset && offset->kind == plan::ExprKind::kLiteral, "frame offset must be a literal");
  if (offset->type.id() == TypeId::kCalendarInterval) {
    IntervalValue iv = offset->literal->ValueAt<IntervalValue>(0);
    if (iv.months != 0)
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "RANGE frames with month intervals"}});
    return static_cast<double>(iv.days) * 86400e6 + static_cast<double>(iv.micros);
  }
  return KeyAsDouble(*offset->literal, 0);
}

int64_t IntLiteral(const plan::ExprPtr& expr, int64_t fallback) {
  if (!expr) return fallback;
  TARN_CHECK(expr->kind == plan::ExprKind::kLiteral, "expected a literal argument");
  const Vector& v = *expr->literal;
  if (v.IsNull(0)) return fallback;
  switch (v.type().physical_type()) {
    case PhysicalType::kInt8: return v.ValueAt<int8_t>(0);
    case PhysicalType::kInt16: return v.ValueAt<int16_t>(0);
    case PhysicalType::kInt32: return v.ValueAt<int32_t>(0);
    case PhysicalType::kInt64: return v.ValueAt<int64_t>(0);
    default: return static_cast<int64_t>(KeyAsDouble(v, 0));
  }
}

class WindowOperator : public Operator {
 public:
  WindowOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), eval_(query) {}

  ~WindowOperator() override { memory().Release(accounted_); }

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!done_) Compute();
    size_t rows = data_.num_rows();
    if (emitted_ >= rows) return false;
    size_t n = std::min(query_->batch_size(), rows - emitted_);
    std::vector<VectorPtr> columns;
    for (const VectorPtr& c : data_.columns()) columns.push_back(Vector::View(c, emitted_, n));
    for (const VectorPtr& c : results_) columns.push_back(Vector::View(c, emitted_, n));
    emitted_ += n;
    *out = Batch(node_.schema, std::move(columns), n);
    return true;
  }

 private:
  void Compute() {
    done_ = true;
    const Schema& schema = node_.children.at(0)->schema;
    std::vector<Batch> batches;
    Batch batch;
    while (child_->Next(&batch)) {
      query_->CheckCancel();
      int64_t bytes = EstimateBytes(batch);
      ReserveUnspillable(accounted_, bytes, "Window");  // windows do not spill yet
      accounted_ += bytes;
      batches.push_back(batch);
    }
    data_ = ConcatAndReleaseBatches(schema, &batches);
    for (const plan::WindowCall& call : node_.windows) {
      query_->CheckCancel();
      results_.push_back(ComputeCall(call));
    }
  }

  VectorPtr ComputeCall(const plan::WindowCall& call) {
    size_t n = data_.num_rows();
    std::vector<VectorPtr> parts, orders, args;
    for (const auto& p : call.partition_by) parts.push_back(Evaluate(*p, data_, eval_));
    for (const auto& o : call.order_by) orders.push_back(Evaluate(*o.expr, data_, eval_));
    for (const auto& a : call.args) args.push_back(Evaluate(*a, data_, eval_));
    // Sort positions by partition, then order keys.
    std::vector<uint32_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0u);
    auto compare_keys = [&](uint32_t a, uint32_t b) {
      for (const VectorPtr& p : parts)
        if (int c = CompareRows(*p, a, *p, b)) return c < 0;
      for (size_t k = 0; k < orders.size(); ++k) {
        const Vector& v = *orders[k];
        bool na = v.IsNull(a), nb = v.IsNull(b);
        if (na || nb) {
          if (na && nb) continue;
          bool a_first = na == call.order_by[k].nulls_first;
          return a_first;
        }
        int c = CompareRows(v, a, v, b);
        if (c == 0) continue;
        return call.order_by[k].ascending ? c < 0 : c > 0;
      }
      return false;
    };
    std::stable_sort(perm.begin(), perm.end(), compare_keys);
    // Values in sorted order.
    std::vector<VectorPtr> sorted_args;
    for (const VectorPtr& a : args) sorted_args.push_back(SelectRows(a, perm));
    auto same_partition = [&](uint32_t a, uint32_t b) {
      for (const VectorPtr& p : parts)
        if (!RowsEqual(*p, a, *p, b)) return false;
      return true;
    };
    auto peers = [&](uint32_t a, uint32_t b) {
      for (const VectorPtr& o : orders)
        if (!RowsEqual(*o, a, *o, b)) return false;
      return true;
    };
    auto out = std::make_shared<Vector>(call.type);
    out->Reserve(n);
    for (size_t ps = 0; ps < n;) {
      size_t pe = ps + 1;
      while (pe < n && same_partition(perm[ps], perm[pe])) ++pe;
      // Peer group of each position: [peer_start, peer_end).
      std::vector<size_t> peer_start(pe - ps), peer_end(pe - ps);
      for (size_t i = ps; i < pe;) {
        size_t j = i + 1;
        while (j < pe && peers(perm[i], perm[j])) ++j;
        for (size_t k = i; k < j; ++k) {
          peer_start[k - ps] = i;
          peer_end[k - ps] = j;
        }
        i = j;
      }
      ComputePartition(call, perm, orders, args, sorted_args, ps, pe, peer_start, peer_end, *out);
      ps = pe;
    }
    // out is in sorted order: put rows back in input order.
    std::vector<uint32_t> inverse(n);
    for (size_t i = 0; i < n; ++i) inverse[perm[i]] = static_cast<uint32_t>(i);
    return Vector::Flatten(SelectRows(out, inverse));
  }

  static void AppendNull(Vector& out) {
    size_t at = out.size();
    out.Resize(at + 1);
    out.SetNull(at);
    if (out.type().id() == TypeId::kStruct)
      for (size_t c = 0; c < out.num_children(); ++c) out.child(c).SetNull(at);
  }

  // Frame [lo, hi) of sorted position i.
  std::pair<size_t, size_t> Frame(const plan::WindowCall& call, const std::vector<uint32_t>& perm,
                                  const std::vector<VectorPtr>& orders, size_t ps, size_t pe, size_t i,
                                  const std::vector<size_t>& peer_start, const std::vector<size_t>& peer_end) const {
    const plan::WindowFrame& f = call.frame;
    auto bound = [&](const FrameBound& b, bool is_start) -> size_t {
      switch (b.kind) {
        case Kind::kUnboundedPreceding: return ps;
        case Kind::kUnboundedFollowing: return pe;
        case Kind::kCurrentRow:
          if (f.rows || orders.empty()) return f.rows ? (is_start ? i : i + 1) : (is_start ? ps : pe);
          return is_start ? peer_start[i - ps] : peer_end[i - ps];
        case Kind::kPreceding:
        case Kind::kFollowing: break;
      }
      bool preceding = b.kind == Kind::kPreceding;
      if (f.rows) {
        int64_t off = IntLiteral(b.offset, 0);
        int64_t pos = static_cast<int64_t>(i) + (preceding ? -off : off) + (is_start ? 0 : 1);
        return static_cast<size_t>(std::clamp<int64_t>(pos, ps, pe));
      }
      // RANGE with an offset over the single order key.
      TARN_CHECK(orders.size() == 1, "RANGE frame with an offset needs one order key");
      const Vector& key = *orders[0];
      if (key.IsNull(perm[i])) return is_start ? peer_start[i - ps] : peer_end[i - ps];
      bool asc = call.order_by[0].ascending;
      double off = OffsetValue(b.offset);
      auto s = [&](size_t j) { double v = KeyAsDouble(key, perm[j]); return asc ? v : -v; };
      double target = s(i) + (preceding ? -off : off);
      // Non-null keys of the partition: [lo, hi).
      size_t lo = ps, hi = pe;
      while (lo < hi && key.IsNull(perm[lo])) ++lo;
      while (hi > lo && key.IsNull(perm[hi - 1])) --hi;
      size_t pos = lo, count = hi - lo;
      // First j with s(j) >= target (start) or s(j) > target (end, exclusive).
      while (count > 0) {
        size_t step = count / 2, mid = pos + step;
        bool before = is_start ? s(mid) < target : s(mid) <= target;
        if (before) {
          pos = mid + 1;
          count -= step + 1;
        } else {
          count = step;
        }
      }
      return pos;
    };
    size_t lo = bound(f.start, true), hi = bound(f.end, false);
    if (hi < lo) hi = lo;
    return {lo, hi};
  }

  void ComputePartition(const plan::WindowCall& call, const std::vector<uint32_t>& perm,
                        const std::vector<VectorPtr>& orders, const std::vector<VectorPtr>& args,
                        const std::vector<VectorPtr>& sorted_args, size_t ps, size_t pe,
                        const std::vector<size_t>& peer_start, const std::vector<size_t>& peer_end, Vector& out) {
    const std::string& fn = call.function;
    size_t count = pe - ps;
    if (fn.empty()) return AggregatePartition(call, perm, orders, sorted_args, ps, pe, peer_start, peer_end, out);
    if (fn == "row_number" || fn == "rank" || fn == "dense_rank" || fn == "ntile") {
      int64_t dense = 0, ntile_n = fn == "ntile" ? IntLiteral(call.args.empty() ? nullptr : call.args[0], 1) : 1;
      if (ntile_n <= 0)
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`buckets`"}, {"function", "`ntile`"}, {"message", "expects a positive value"}});
      for (size_t i = ps; i < pe; ++i) {
        if (peer_start[i - ps] == i) ++dense;
        int64_t value = 0;
        if (fn == "row_number") value = static_cast<int64_t>(i - ps + 1);
        else if (fn == "rank") value = static_cast<int64_t>(peer_start[i - ps] - ps + 1);
        else if (fn == "dense_rank") value = dense;
        else {
          // Spark: the first (count % n) buckets hold one extra row.
          int64_t base = static_cast<int64_t>(count) / ntile_n, extra = static_cast<int64_t>(count) % ntile_n;
          int64_t r = static_cast<int64_t>(i - ps);
          int64_t big = extra * (base + 1);
          value = r < big ? r / (base + 1) + 1 : (base == 0 ? r + 1 : extra + (r - big) / base + 1);
        }
        AppendInteger(out, value);
      }
      return;
    }
    if (fn == "percent_rank" || fn == "cume_dist") {
      for (size_t i = ps; i < pe; ++i) {
        double value;
        if (fn == "percent_rank") value = count <= 1 ? 0.0 : double(peer_start[i - ps] - ps) / double(count - 1);
        else value = double(peer_end[i - ps] - ps) / double(count);
        size_t at = out.size();
        out.Resize(at + 1);
        out.values<double>()[at] = value;
      }
      return;
    }
    if (fn == "lag" || fn == "lead") {
      int64_t offset = IntLiteral(call.args.size() > 1 ? call.args[1] : nullptr, 1);
      if (fn == "lag") offset = -offset;
      const Vector& values = *sorted_args.at(0);
      const VectorPtr def = args.size() > 2 ? args[2] : nullptr;
      for (size_t i = ps; i < pe; ++i) {
        int64_t target = -1;
        if (!call.ignore_nulls) {
          int64_t t = static_cast<int64_t>(i) + offset;
          if (t >= static_cast<int64_t>(ps) && t < static_cast<int64_t>(pe)) target = t;
        } else if (offset == 0) {
          target = static_cast<int64_t>(i);
        } else {
          // The |offset|-th non-null value in the direction of travel.
          int64_t step = offset > 0 ? 1 : -1, need = offset > 0 ? offset : -offset;
          for (int64_t t = static_cast<int64_t>(i) + step; t >= static_cast<int64_t>(ps) && t < static_cast<int64_t>(pe); t += step)
            if (!values.IsNull(t) && --need == 0) {
              target = t;
              break;
            }
        }
        if (target >= 0) out.AppendFrom(values, static_cast<size_t>(target));
        else if (def) out.AppendFrom(*def, perm[i]);
        else AppendNull(out);
      }
      return;
    }
    if (fn == "first_value" || fn == "last_value" || fn == "nth_value" || fn == "first" || fn == "last") {
      const Vector& values = *sorted_args.at(0);
      int64_t nth = fn == "nth_value" ? IntLiteral(call.args.size() > 1 ? call.args[1] : nullptr, 1) : 1;
      if (nth <= 0)
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`offset`"}, {"function", "`nth_value`"}, {"message", "expects a positive value"}});
      bool last = fn == "last_value" || fn == "last";
      for (size_t i = ps; i < pe; ++i) {
        auto [lo, hi] = Frame(call, perm, orders, ps, pe, i, peer_start, peer_end);
        int64_t found = -1, seen = 0;
        if (last) {
          for (size_t j = hi; j-- > lo;)
            if (!call.ignore_nulls || !values.IsNull(j)) {
              found = static_cast<int64_t>(j);
              break;
            }
        } else {
          for (size_t j = lo; j < hi; ++j)
            if ((!call.ignore_nulls || !values.IsNull(j)) && ++seen == nth) {
              found = static_cast<int64_t>(j);
              break;
            }
        }
        if (found >= 0) out.AppendFrom(values, static_cast<size_t>(found));
        else AppendNull(out);
      }
      return;
    }
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "the window function " + fn}});
  }

  static void AppendInteger(Vector& out, int64_t value) {
    size_t at = out.size();
    out.Resize(at + 1);
    if (out.type().id() == TypeId::kInt) out.values<int32_t>()[at] = static_cast<int32_t>(value);
    else out.values<int64_t>()[at] = value;
  }

  void AggregatePartition(const plan::WindowCall& call, const std::vector<uint32_t>& perm,
                          const std::vector<VectorPtr>& orders, const std::vector<VectorPtr>& sorted_args, size_t ps,
                          size_t pe, const std::vector<size_t>& peer_start, const std::vector<size_t>& peer_end,
                          Vector& out) {
    TARN_CHECK(call.aggregate != nullptr, "window aggregate is not bound");
    const AggregateFunction& fn = *call.aggregate;
    std::vector<std::max_align_t> storage((fn.state_size() + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t) + 1);
    uint8_t* state = reinterpret_cast<uint8_t*>(storage.data());
    std::vector<uint8_t*> pointers;
    VectorPtr one = Vector::Make(fn.result_type(), 1);
    auto update = [&](size_t lo, size_t hi) {
      if (hi <= lo) return;
      pointers.assign(hi - lo, state);
      std::vector<VectorPtr> slice;
      for (const VectorPtr& a : sorted_args) slice.push_back(Vector::View(a, lo, hi - lo));
      fn.Update(pointers.data(), std::span<const VectorPtr>(slice), hi - lo);
    };
    auto finalize = [&]() {
      one = Vector::Make(fn.result_type(), 1);
      const uint8_t* s = state;
      fn.Finalize(&s, 1, *one);
      return one;
    };
    bool whole = call.frame.start.kind == Kind::kUnboundedPreceding && call.frame.end.kind == Kind::kUnboundedFollowing;
    bool running = call.frame.start.kind == Kind::kUnboundedPreceding;
    if (whole || running) {
      fn.Init(state);
      size_t done = ps;
      VectorPtr value;
      if (whole) {
        update(ps, pe);
        value = finalize();
      }
      for (size_t i = ps; i < pe; ++i) {
        if (!whole) {
          auto [lo, hi] = Frame(call, perm, orders, ps, pe, i, peer_start, peer_end);
          (void)lo;
          if (hi > done) {
            update(done, hi);
            done = hi;
            value = nullptr;
          }
          if (!value) value = finalize();
        }
        out.AppendFrom(*value, 0);
      }
      if (fn.needs_destroy()) fn.Destroy(state);
      return;
    }
    for (size_t i = ps; i < pe; ++i) {
      auto [lo, hi] = Frame(call, perm, orders, ps, pe, i, peer_start, peer_end);
      fn.Init(state);
      update(lo, hi);
      out.AppendFrom(*finalize(), 0);
      if (fn.needs_destroy()) fn.Destroy(state);
    }
  }

  OperatorPtr child_;
  EvalContext eval_;
  bool done_ = false;
  Batch data_;
  std::vector<VectorPtr> results_;
  size_t emitted_ = 0;
  int64_t accounted_ = 0;
};

}  // namespace

OperatorPtr MakeWindow(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<WindowOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
