// Statistical aggregates over doubles with Spark's online (Welford-style)
// updates and parallel merges, so results match Spark's numerics:
// CentralMomentAgg (stddev*, var*, skewness, kurtosis), Covariance
// (covar_*, regr_sxy), PearsonCorrelation (corr, regr_r2) and the regr_*
// family. A zero divisor gives NULL (spark.sql.legacy.statisticalAggregate
// is false by default).
#include <cmath>
#include <memory>

#include "functions/aggregate_internal.h"
#include "functions/registry.h"

namespace tarn::agg {
namespace {

// --- central moments -------------------------------------------------------------

struct MomentState {
  double n = 0, avg = 0, m2 = 0, m3 = 0, m4 = 0;
};

// Adds x with moments up to `order` (2, 3 or 4).
inline void AddMoment(MomentState& s, double x, int order) {
  double new_n = s.n + 1.0;
  double delta = x - s.avg;
  double delta_n = delta / new_n;
  double new_avg = s.avg + delta_n;
  double new_m2 = s.m2 + delta * (delta - delta_n);
  double delta2 = delta * delta;
  double delta_n2 = delta_n * delta_n;
  double new_m3 = order >= 3 ? s.m3 - 3.0 * delta_n * new_m2 + delta * (delta2 - delta_n2) : 0.0;
  double new_m4 = order >= 4 ? s.m4 - 4.0 * delta_n * new_m3 - 6.0 * delta_n2 * new_m2 +
                                   delta * (delta * delta2 - delta_n * delta_n2)
                             : 0.0;
  s = {new_n, new_avg, new_m2, new_m3, new_m4};
}

inline void MergeMoments(MomentState& t, const MomentState& s, int order) {
  double n1 = t.n, n2 = s.n;
  double new_n = n1 + n2;
  double delta = s.avg - t.avg;
  double delta_n = new_n == 0.0 ? 0.0 : delta / new_n;
  double new_avg = t.avg + delta_n * n2;
  double new_m2 = t.m2 + s.m2 + delta * delta_n * n1 * n2;
  double new_m3 = order >= 3 ? t.m3 + s.m3 + delta_n * delta_n * delta * n1 * n2 * (n1 - n2) +
                                   3.0 * delta_n * (n1 * s.m2 - n2 * t.m2)
                             : 0.0;
  double new_m4 = order >= 4 ? t.m4 + s.m4 + delta_n * delta_n * delta_n * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) +
                                   6.0 * delta_n * delta_n * (n1 * n1 * s.m2 + n2 * n2 * t.m2) +
                                   4.0 * delta_n * (n1 * s.m3 - n2 * t.m3)
                             : 0.0;
  t = {new_n, new_avg, new_m2, new_m3, new_m4};
}

enum class Moment { kStddevPop, kStddevSamp, kVarPop, kVarSamp, kSkewness, kKurtosis, kSxx };

int OrderOf(Moment kind) {
  return kind == Moment::kSkewness ? 3 : kind == Moment::kKurtosis ? 4 : 2;
}

// nullopt = NULL.
std::optional<double> EvaluateMoment(Moment kind, const MomentState& s) {
  if (s.n == 0.0) return std::nullopt;
  switch (kind) {
    case Moment::kStddevPop: return std::sqrt(s.m2 / s.n);
    case Moment::kVarPop: return s.m2 / s.n;
    case Moment::kStddevSamp:
      if (s.n == 1.0) return std::nullopt;
      return std::sqrt(s.m2 / (s.n - 1.0));
    case Moment::kVarSamp:
      if (s.n == 1.0) return std::nullopt;
      return s.m2 / (s.n - 1.0);
    case Moment::kSkewness:
      if (s.m2 == 0.0) return std::nullopt;
      return std::sqrt(s.n) * s.m3 / std::sqrt(s.m2 * s.m2 * s.m2);
    case Moment::kKurtosis:
      if (s.m2 == 0.0) return std::nullopt;
      return s.n * s.m4 / (s.m2 * s.m2) - 3.0;
    case Moment::kSxx: return s.m2;
  }
  return std::nullopt;
}

// One double argument; regr_sxx / regr_syy take (y, x) and use one of them
// where both are non-null (`column`).
class CentralMoment final : public StateAggregate<MomentState> {
 public:
  CentralMoment(Moment kind, size_t arity, size_t column)
      : StateAggregate(DataType::Double(), std::vector<DataType>(arity, DataType::Double())),
        kind_(kind),
        order_(OrderOf(kind)),
        column_(column) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[column_];
    for (size_t i = 0; i < rows; ++i) {
      bool skip = false;
      for (const VectorPtr& a : args) skip = skip || a->IsNull(i);
      if (skip) continue;
      AddMoment(At(states[i]), arg.ValueAt<double>(i), order_);
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    MergeMoments(At(target), At(source), order_);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      auto value = EvaluateMoment(kind_, At(states[i]));
      if (value) out.values<double>()[i] = *value;
      else out.SetNull(i);
    }
  }

 private:
  Moment kind_;
  int order_;
  size_t column_;
};

// --- covariance and correlation ---------------------------------------------------

// Pairs (a, b) where both are non-null. Covariance uses n, averages and ck;
// correlation also the second moments of a and b.
struct PairState {
  double n = 0, a_avg = 0, b_avg = 0, ck = 0, a_mk = 0, b_mk = 0;
};

enum class Pair { kCovarPop, kCovarSamp, kCorr, kRegrR2, kRegrSxy, kRegrSlope, kRegrIntercept };

// Covariance (correlation false) tracks n, averages and ck; PearsonCorrelation
// also the second moments; regr_slope / regr_intercept add x's second moment
// as VariancePop does (delta * (delta - delta / n)).
enum class PairMoments { kNone, kCorrelation, kVariance };

inline void AddPair(PairState& s, double a, double b, PairMoments moments) {
  double new_n = s.n + 1.0;
  double da = a - s.a_avg;
  double db = b - s.b_avg;
  double da_n = da / new_n;
  double db_n = db / new_n;
  double new_a_avg = s.a_avg + da_n;
  double new_b_avg = s.b_avg + db_n;
  if (moments == PairMoments::kCorrelation) {
    s.a_mk += da * (a - new_a_avg);
    s.b_mk += db * (b - new_b_avg);
  } else if (moments == PairMoments::kVariance) {
    s.a_mk += da * (da - da_n);
  }
  s.ck += da * (b - new_b_avg);
  s.n = new_n;
  s.a_avg = new_a_avg;
  s.b_avg = new_b_avg;
}

inline void MergePairs(PairState& t, const PairState& s) {
  double n1 = t.n, n2 = s.n;
  double new_n = n1 + n2;
  double da = s.a_avg - t.a_avg;
  double da_n = new_n == 0.0 ? 0.0 : da / new_n;
  double db = s.b_avg - t.b_avg;
  double db_n = new_n == 0.0 ? 0.0 : db / new_n;
  t.ck = t.ck + s.ck + da * db_n * n1 * n2;
  t.a_mk = t.a_mk + s.a_mk + da * da_n * n1 * n2;
  t.b_mk = t.b_mk + s.b_mk + db * db_n * n1 * n2;
  t.a_avg += da_n * n2;
  t.b_avg += db_n * n2;
  t.n = new_n;
}

// Arguments as Spark passes them to the underlying class: covar_*(a, b),
// corr(a, b); regr_r2(y, x) is PearsonCorrelation(y, x); regr_sxy(y, x) is
// Covariance(y, x); regr_slope / regr_intercept(y, x) are
// CovPopulation(x, y) with VariancePop(x) over the same pairs.
class PairAggregate final : public StateAggregate<PairState> {
 public:
  explicit PairAggregate(Pair kind)
      : StateAggregate(DataType::Double(), {DataType::Double(), DataType::Double()}), kind_(kind) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& first = *args[0];
    const Vector& second = *args[1];
    bool swap = kind_ == Pair::kRegrSlope || kind_ == Pair::kRegrIntercept;
    PairMoments moments = swap ? PairMoments::kVariance
                          : kind_ == Pair::kCorr || kind_ == Pair::kRegrR2 ? PairMoments::kCorrelation
                                                                            : PairMoments::kNone;
    for (size_t i = 0; i < rows; ++i) {
      if (first.IsNull(i) || second.IsNull(i)) continue;
      double a = first.ValueAt<double>(i), b = second.ValueAt<double>(i);
      if (swap) std::swap(a, b);
      AddPair(At(states[i]), a, b, moments);
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override { MergePairs(At(target), At(source)); }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      auto value = Evaluate(At(states[i]));
      if (value) out.values<double>()[i] = *value;
      else out.SetNull(i);
    }
  }

 private:
  std::optional<double> Evaluate(const PairState& s) const {
    switch (kind_) {
      case Pair::kCovarPop:
        if (s.n == 0.0) return std::nullopt;
        return s.ck / s.n;
      case Pair::kCovarSamp:
        if (s.n == 0.0 || s.n == 1.0) return std::nullopt;
        return s.ck / (s.n - 1.0);
      case Pair::kCorr:
        if (s.n == 0.0 || s.n == 1.0) return std::nullopt;
        return s.ck / std::sqrt(s.a_mk * s.b_mk);
      case Pair::kRegrR2: {
        if (s.a_mk == 0.0) return std::nullopt;
        if (s.b_mk == 0.0) return 1.0;
        double corr = s.ck / std::sqrt(s.a_mk * s.b_mk);
        return corr * corr;
      }
      case Pair::kRegrSxy:
        if (s.n == 0.0) return std::nullopt;
        return s.ck;
      case Pair::kRegrSlope:
        if (s.a_mk == 0.0) return std::nullopt;  // var_pop(x) is 0 (or no pairs)
        return s.ck / s.a_mk;
      case Pair::kRegrIntercept:
        if (s.a_mk == 0.0) return std::nullopt;
        return s.b_avg - s.ck / s.a_mk * s.a_avg;
    }
    return std::nullopt;
  }
  Pair kind_;
};

// --- registration -----------------------------------------------------------------

AggregateBinder MomentBinder(std::string name, Moment kind, size_t arity = 1, size_t column = 0) {
  return [name, kind, arity, column](const std::vector<ArgType>& args,
                                     const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, arity);
    for (size_t i = 0; i < args.size(); ++i) ExpectDoubleArg(args[i], i);
    return std::make_shared<CentralMoment>(kind, arity, column);
  };
}

AggregateBinder PairBinder(std::string name, Pair kind) {
  return [name, kind](const std::vector<ArgType>& args,
                      const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 2);
    for (size_t i = 0; i < args.size(); ++i) ExpectDoubleArg(args[i], i);
    return std::make_shared<PairAggregate>(kind);
  };
}

}  // namespace

void RegisterStatAggregates(FunctionRegistry& registry) {
  auto moment = [&](const char* name, Moment kind, const char* usage, const char* examples) {
    registry.Add(MakeAggregateInfo(name, usage, examples, MomentBinder(name, kind)));
  };
  moment("stddev_pop", Moment::kStddevPop,
         "_FUNC_(expr) - Returns the population standard deviation calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 0.816496580927726");
  moment("stddev_samp", Moment::kStddevSamp,
         "_FUNC_(expr) - Returns the sample standard deviation calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 1.0");
  moment("stddev", Moment::kStddevSamp,
         "_FUNC_(expr) - Returns the sample standard deviation calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 1.0");
  registry.AddAlias("std", "stddev");
  moment("var_pop", Moment::kVarPop, "_FUNC_(expr) - Returns the population variance calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 0.6666666666666666");
  moment("var_samp", Moment::kVarSamp, "_FUNC_(expr) - Returns the sample variance calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 1.0");
  moment("variance", Moment::kVarSamp, "_FUNC_(expr) - Returns the sample variance calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (1), (2), (3) AS tab(col);\n 1.0");
  moment("skewness", Moment::kSkewness, "_FUNC_(expr) - Returns the skewness value calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (-10), (-20), (100), (1000) AS tab(col);\n 1.1135657469022013");
  moment("kurtosis", Moment::kKurtosis, "_FUNC_(expr) - Returns the kurtosis value calculated from values of a group.",
         "> SELECT _FUNC_(col) FROM VALUES (-10), (-20), (100), (1000) AS tab(col);\n -0.7014368047529618");

  auto pair = [&](const char* name, Pair kind, const char* usage, const char* examples) {
    registry.Add(MakeAggregateInfo(name, usage, examples, PairBinder(name, kind)));
  };
  pair("covar_pop", Pair::kCovarPop, "_FUNC_(expr1, expr2) - Returns the population covariance of a set of number pairs.",
       "> SELECT _FUNC_(c1, c2) FROM VALUES (1,1), (2,2), (3,3) AS tab(c1, c2);\n 0.6666666666666666");
  pair("covar_samp", Pair::kCovarSamp, "_FUNC_(expr1, expr2) - Returns the sample covariance of a set of number pairs.",
       "> SELECT _FUNC_(c1, c2) FROM VALUES (1,1), (2,2), (3,3) AS tab(c1, c2);\n 1.0");
  pair("corr", Pair::kCorr,
       "_FUNC_(expr1, expr2) - Returns Pearson coefficient of correlation between a set of number pairs.",
       "> SELECT _FUNC_(c1, c2) FROM VALUES (3, 2), (3, 3), (6, 4) as tab(c1, c2);\n 0.8660254037844387");
  pair("regr_r2", Pair::kRegrR2,
       "_FUNC_(y, x) - Returns the coefficient of determination for non-null pairs in a group, where `y` is the "
       "dependent variable and `x` is the independent variable.",
       "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 0.2727272727272727");
  pair("regr_sxy", Pair::kRegrSxy,
       "_FUNC_(y, x) - Returns REGR_COUNT(y, x) * COVAR_POP(y, x) for non-null pairs in a group, where `y` is the "
       "dependent variable and `x` is the independent variable.",
       "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 0.75");
  pair("regr_slope", Pair::kRegrSlope,
       "_FUNC_(y, x) - Returns the slope of the linear regression line for non-null pairs in a group, where `y` is "
       "the dependent variable and `x` is the independent variable.",
       "> SELECT _FUNC_(y, x) FROM VALUES (1,1), (2,2), (3,3) AS tab(y, x);\n 1.0");
  pair("regr_intercept", Pair::kRegrIntercept,
       "_FUNC_(y, x) - Returns the intercept of the univariate linear regression line for non-null pairs in a "
       "group, where `y` is the dependent variable and `x` is the independent variable.",
       "> SELECT _FUNC_(y, x) FROM VALUES (1,1), (2,2), (3,3) AS tab(y, x);\n 0.0");
  registry.Add(MakeAggregateInfo(
      "regr_sxx",
      "_FUNC_(y, x) - Returns REGR_COUNT(y, x) * VAR_POP(x) for non-null pairs in a group, where `y` is the "
      "dependent variable and `x` is the independent variable.",
      "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 2.75",
      MomentBinder("regr_sxx", Moment::kSxx, 2, 1)));
  registry.Add(MakeAggregateInfo(
      "regr_syy",
      "_FUNC_(y, x) - Returns REGR_COUNT(y, x) * VAR_POP(y) for non-null pairs in a group, where `y` is the "
      "dependent variable and `x` is the independent variable.",
      "> SELECT _FUNC_(y, x) FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x);\n 0.75",
      MomentBinder("regr_syy", Moment::kSxx, 2, 0)));
}

}  // namespace tarn::agg
