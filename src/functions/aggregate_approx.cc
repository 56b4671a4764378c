// percentile_approx / approx_percentile: Spark's ApproximatePercentile over
// its Greenwald-Khanna summary (QuantileSummaries) with the same head
// buffer, insertion deltas, compression, merge and query rules, so results
// (an actual input value, never an interpolation) equal Spark's. Values are
// summarized as doubles and converted back to the input type, as in Spark.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "common/error.h"
#include "functions/aggregate_internal.h"
#include "functions/registry.h"
#include "types/decimal.h"

namespace tarn::agg {

void RegisterStringAgg(FunctionRegistry& registry);  // string_agg.cc

namespace {

constexpr size_t kHeadSize = 50000;           // QuantileSummaries.defaultHeadSize
constexpr size_t kCompressThreshold = 10000;  // QuantileSummaries.defaultCompressThreshold
constexpr int64_t kDefaultAccuracy = 10000;   // ApproximatePercentile.DEFAULT_PERCENTILE_ACCURACY

struct Sample {
  double value;
  int64_t g;      // minimum rank jump from the previous sample
  int64_t delta;  // maximum span of the rank
};

// java.lang.Double.compare: -0.0 < 0.0, NaN above everything (Scala's sort of Array[Double]).
bool JavaDoubleLess(double a, double b) {
  if (a < b) return true;
  if (a > b) return false;
  bool a_nan = std::isnan(a), b_nan = std::isnan(b);
  if (a_nan || b_nan) return !a_nan && b_nan;
  return std::signbit(a) && !std::signbit(b);
}

// One group's GK summary: samples sorted by value, plus the unsorted head
// buffer of values not yet inserted.
struct SummaryState {
  std::vector<Sample> sampled;
  std::vector<double> head;
  int64_t count = 0;  // values in `sampled` (not the head)
  bool compressed = false;
};

class QuantileSummary {
 public:
  explicit QuantileSummary(double relative_error) : error_(relative_error) {}

  void Insert(SummaryState& s, double x) const {
    s.head.push_back(x);
    s.compressed = false;
    if (s.head.size() >= kHeadSize) {
      InsertHead(s);
      if (s.sampled.size() >= kCompressThreshold) Compress(s);
    }
  }

  void Compress(SummaryState& s) const {
    InsertHead(s);
    s.sampled = CompressSamples(s.sampled, 2 * error_ * static_cast<double>(s.count));
    s.compressed = true;
  }

  // PercentileDigest.merge: compress both sides, then QuantileSummaries.merge.
  void Merge(SummaryState& self, const SummaryState& source) const {
    if (!self.compressed) Compress(self);
    SummaryState other_copy;
    const SummaryState* other = &source;
    if (!source.compressed) {
      other_copy = source;
      Compress(other_copy);
      other = &other_copy;
    }
    if (other->count == 0) return;
    if (self.count == 0) {
      self.sampled = other->sampled;
      self.count = other->count;
      self.compressed = true;
      return;
    }
    int64_t self_extra = static_cast<int64_t>(std::floor(2 * error_ * static_cast<double>(other->count)));
    int64_t other_extra = static_cast<int64_t>(std::floor(2 * error_ * static_cast<double>(self.count)));
    std::vector<Sample> merged;
    merged.reserve(self.sampled.size() + other->sampled.size());
    size_t i = 0, j = 0;
    while (i < self.sampled.size() && j < other->sampled.size()) {
      if (self.sampled[i].value < other->sampled[j].value) {
        Sample s = self.sampled[i++];
        if (j > 0) s.delta += self_extra;
        merged.push_back(s);
      } else {
        Sample s = other->sampled[j++];
        if (i > 0) s.delta += other_extra;
        merged.push_back(s);
      }
    }
    for (; i < self.sampled.size(); ++i) merged.push_back(self.sampled[i]);
    for (; j < other->sampled.size(); ++j) merged.push_back(other->sampled[j]);
    int64_t count = self.count + other->count;
    self.sampled = CompressSamples(merged, 2 * error_ * static_cast<double>(count));
    self.count = count;
    self.compressed = true;
  }

  // QuantileSummaries.query on a compressed summary; false when empty.
  bool Query(const SummaryState& s, const std::vector<double>& percentiles, std::vector<double>& out) const {
    const std::vector<Sample>& sampled = s.sampled;
    if (sampled.empty()) return false;
    int64_t max_span = std::numeric_limits<int64_t>::min();
    for (const Sample& sample : sampled) max_span = std::max(max_span, sample.g + sample.delta);
    double target_error = static_cast<double>(max_span / 2);
    std::vector<size_t> order(percentiles.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return percentiles[a] < percentiles[b]; });
    out.assign(percentiles.size(), 0.0);
    size_t index = 0;
    int64_t min_rank = sampled[0].g;
    for (size_t k : order) {
      double p = percentiles[k];
      if (p <= error_) {
        out[k] = sampled.front().value;
      } else if (p >= 1 - error_) {
        out[k] = sampled.back().value;
      } else {
        out[k] = FindApproxQuantile(sampled, s.count, index, min_rank, target_error, p);
      }
    }
    return true;
  }

 private:
  // The head buffer sorted and merged into the samples (withHeadBufferInserted).
  void InsertHead(SummaryState& s) const {
    if (s.head.empty()) return;
    std::sort(s.head.begin(), s.head.end(), JavaDoubleLess);
    std::vector<Sample> samples;
    samples.reserve(s.sampled.size() + s.head.size());
    int64_t count = s.count;
    size_t sample_idx = 0;
    for (size_t op = 0; op < s.head.size(); ++op) {
      double x = s.head[op];
      while (sample_idx < s.sampled.size() && s.sampled[sample_idx].value <= x) samples.push_back(s.sampled[sample_idx++]);
      ++count;
      int64_t delta = 0;
      if (!samples.empty() && !(sample_idx == s.sampled.size() && op == s.head.size() - 1))
        delta = static_cast<int64_t>(std::floor(2 * error_ * static_cast<double>(count)));
      samples.push_back({x, 1, delta});
    }
    for (; sample_idx < s.sampled.size(); ++sample_idx) samples.push_back(s.sampled[sample_idx]);
    s.sampled = std::move(samples);
    s.head.clear();
    s.head.shrink_to_fit();
    s.count = count;
  }

  // compressImmut: merges samples from the back while g + g' + delta < threshold;
  // the first and last samples are always kept.
  static std::vector<Sample> CompressSamples(const std::vector<Sample>& samples, double threshold) {
    if (samples.empty()) return {};
    std::vector<Sample> reversed;
    Sample head = samples.back();
    for (size_t i = samples.size() - 1; i-- > 1;) {
      const Sample& current = samples[i];
      if (static_cast<double>(current.g + head.g + head.delta) < threshold) {
        head.g += current.g;
      } else {
        reversed.push_back(head);
        head = current;
      }
    }
    reversed.push_back(head);
    if (samples.front().value <= head.value && samples.size() > 1) reversed.push_back(samples.front());
    std::reverse(reversed.begin(), reversed.end());
    return reversed;
  }

  static double FindApproxQuantile(const std::vector<Sample>& sampled, int64_t count, size_t& index,
                                   int64_t& min_rank, double target_error, double p) {
    int64_t rank = static_cast<int64_t>(std::ceil(p * static_cast<double>(count)));
    size_t i = index;
    int64_t rank_at = min_rank;
    const Sample* current = &sampled[i];
    while (i < sampled.size() - 1) {
      double max_rank = static_cast<double>(rank_at + current->delta);
      if (max_rank - target_error <= static_cast<double>(rank) &&
          static_cast<double>(rank) <= static_cast<double>(rank_at) + target_error) {
        index = i;
        min_rank = rank_at;
        return current->value;
      }
      current = &sampled[++i];
      rank_at += current->g;
    }
    index = sampled.size() - 1;
    min_rank = 0;  // as Spark does once the end is reached
    return sampled.back().value;
  }

  double error_;
};

// The input value as the double Spark summarizes.
double ToDouble(const Vector& v, size_t row) {
  const DataType& type = v.type();
  switch (type.id()) {
    case TypeId::kByte: return v.ValueAt<int8_t>(row);
    case TypeId::kShort: return v.ValueAt<int16_t>(row);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: return v.ValueAt<int32_t>(row);
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kDayTimeInterval: return static_cast<double>(v.ValueAt<int64_t>(row));
    case TypeId::kFloat: return v.ValueAt<float>(row);
    case TypeId::kDouble: return v.ValueAt<double>(row);
    case TypeId::kDecimal:
      return static_cast<double>(static_cast<long double>(ReadDecimal(v, row)) /
                                 static_cast<long double>(PowerOfTen128(type.scale())));
    default: TARN_CHECK(false, "percentile_approx on " + type.ToString()); return 0;
  }
}

// Scala's Double.toLong / toInt: saturating, NaN → 0.
int64_t DoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9.223372036854775807e18) return std::numeric_limits<int64_t>::max();
  if (d <= -9.223372036854775808e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}
int32_t DoubleToInt(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return std::numeric_limits<int32_t>::max();
  if (d <= -2147483648.0) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(d);
}

// Writes the double result back as the input type at `row` of the flat `out`.
void WriteAs(Vector& out, size_t row, double d) {
  const DataType& type = out.type();
  switch (type.id()) {
    case TypeId::kByte: out.values<int8_t>()[row] = static_cast<int8_t>(DoubleToInt(d)); break;
    case TypeId::kShort: out.values<int16_t>()[row] = static_cast<int16_t>(DoubleToInt(d)); break;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: out.values<int32_t>()[row] = DoubleToInt(d); break;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kDayTimeInterval: out.values<int64_t>()[row] = DoubleToLong(d); break;
    case TypeId::kFloat: out.values<float>()[row] = static_cast<float>(d); break;
    case TypeId::kDouble: out.values<double>()[row] = d; break;
    case TypeId::kDecimal: {
      // Decimal(d) rounded HALF_UP to the column's scale.
      long double scaled = static_cast<long double>(d) * static_cast<long double>(PowerOfTen128(type.scale()));
      WriteDecimal(out, row, static_cast<int128_t>(std::round(scaled)));
      break;
    }
    default: TARN_CHECK(false, "percentile_approx result " + type.ToString());
  }
}

class PercentileApprox final : public StateAggregate<SummaryState> {
 public:
  PercentileApprox(DataType input, std::vector<double> percentages, bool array_result, double relative_error,
                   std::vector<DataType> args)
      : StateAggregate(array_result ? DataType::Array(input, false) : input, std::move(args)),
        percentages_(std::move(percentages)),
        array_result_(array_result),
        summary_(relative_error) {}

  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& value = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (value.IsNull(i)) continue;
      summary_.Insert(At(states[i]), ToDouble(value, i));
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override { summary_.Merge(At(target), At(source)); }

  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    if (array_result_) out.offsets()[0] = 0;
    std::vector<double> results;
    for (size_t i = 0; i < count; ++i) {
      // Finalize must not change the state: query a compressed copy when needed.
      const SummaryState& state = At(states[i]);
      SummaryState copy;
      const SummaryState* query = &state;
      if (!state.compressed) {
        copy = state;
        summary_.Compress(copy);
        query = &copy;
      }
      bool found = summary_.Query(*query, percentages_, results);
      if (!array_result_) {
        if (found) WriteAs(out, i, results[0]);
        else out.SetNull(i);
        continue;
      }
      Vector& child = out.child(0);
      size_t at = child.size();
      if (found) {
        child.Resize(at + results.size());
        for (size_t j = 0; j < results.size(); ++j) WriteAs(child, at + j, results[j]);
      } else {
        out.SetNull(i);
      }
      out.offsets()[i + 1] = static_cast<int32_t>(child.size());
    }
  }

 private:
  std::vector<double> percentages_;
  bool array_result_;
  QuantileSummary summary_;
};

bool IsSupportedInput(const DataType& type) {
  switch (type.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: return true;
    default: return false;
  }
}

// A numeric constant element as double (decimal literals such as 0.5 included).
double NumericAsDouble(const Vector& v, size_t row) {
  const DataType& type = v.type();
  if (type.id() == TypeId::kDecimal)
    return static_cast<double>(ReadDecimal(v, row)) / static_cast<double>(PowerOfTen128(type.scale()));
  double p = 0;
  DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
    if constexpr (std::is_arithmetic_v<T>) p = static_cast<double>(ReadValue<T>(v, row));
  });
  return p;
}

void CheckPercentage(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    throw FunctionBindError("All percentage values must be between 0.0 and 1.0 (current = " + std::to_string(p) +
                            ").");
}

std::shared_ptr<const AggregateFunction> BindPercentileApprox(const std::string& name,
                                                              const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2, 3);
  const DataType& input = args[0].type;
  if (!IsSupportedInput(input))
    ThrowUnexpectedInputType(0, "(\"NUMERIC\" or \"DATE\" or \"TIMESTAMP\" or \"TIMESTAMP_NTZ\" or \"INTERVAL\")",
                             input);
  const ArgType& percentage = args[1];
  if (!percentage.constant) throw FunctionBindError("The percentage(s) must be a constant literal.");
  if (percentage.constant->IsNull(0)) throw FunctionBindError("Percentage value must not be null");
  std::vector<double> percentages;
  bool array_result = percentage.type.id() == TypeId::kArray;
  std::vector<DataType> types{input};
  if (array_result) {
    const DataType& element = percentage.type.element_type();
    if (!element.is_numeric() && element.id() != TypeId::kNull)
      ThrowUnexpectedInputType(1, "(\"DOUBLE\" or \"ARRAY<DOUBLE>\")", percentage.type);
    const Vector& array = percentage.constant->Base();
    size_t row = percentage.constant->RowIndex(0);
    const Vector& elements = array.child(0);
    for (int32_t j = array.offsets()[row]; j < array.offsets()[row + 1]; ++j) {
      if (elements.IsNull(j)) throw FunctionBindError("Percentage value must not be null");
      double p = NumericAsDouble(elements, j);
      CheckPercentage(p);
      percentages.push_back(p);
    }
    types.push_back(DataType::Array(DataType::Double(), percentage.type.contains_null()));
  } else {
    if (!percentage.type.is_numeric()) ThrowUnexpectedInputType(1, "(\"DOUBLE\" or \"ARRAY<DOUBLE>\")", percentage.type);
    double p = NumericAsDouble(*percentage.constant, 0);
    CheckPercentage(p);
    percentages.push_back(p);
    types.push_back(DataType::Double());
  }
  int64_t accuracy = kDefaultAccuracy;
  if (args.size() == 3) {
    const ArgType& arg = args[2];
    if (!arg.type.is_integral()) ThrowUnexpectedInputType(2, "\"INTEGRAL\"", arg.type);
    if (!arg.constant) throw FunctionBindError("The accuracy must be a constant literal.");
    if (arg.constant->IsNull(0)) throw FunctionBindError("Accuracy value must not be null");
    accuracy = static_cast<int64_t>(NumericAsDouble(*arg.constant, 0));
    if (accuracy <= 0 || accuracy > std::numeric_limits<int32_t>::max())
      throw FunctionBindError("The accuracy provided must be a literal between (0, 2147483647] (current value = " +
                              std::to_string(accuracy) + ")");
    types.push_back(arg.type);
  }
  return std::make_shared<PercentileApprox>(input, std::move(percentages), array_result,
                                            1.0 / static_cast<double>(accuracy), std::move(types));
}

}  // namespace

void RegisterApproxAggregates(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "percentile_approx",
      "_FUNC_(col, percentage [, accuracy]) - Returns the approximate `percentile` of the numeric or ansi interval "
      "column `col` which is the smallest value in the ordered `col` values (sorted from least to greatest) such "
      "that no more than `percentage` of `col` values is less than the value or equal to that value. The value of "
      "percentage must be between 0.0 and 1.0. The `accuracy` parameter (default: 10000) is a positive numeric "
      "literal which controls approximation accuracy at the cost of memory. Higher value of `accuracy` yields "
      "better accuracy, `1.0/accuracy` is the relative error of the approximation. When `percentage` is an array, "
      "each value of the percentage array must be between 0.0 and 1.0. In this case, returns the approximate "
      "percentile array of column `col` at the given percentage array.",
      "> SELECT _FUNC_(col, array(0.5, 0.4, 0.1), 100) FROM VALUES (0), (1), (2), (10) AS tab(col);\n [1,1,0]\n"
      "> SELECT _FUNC_(col, 0.5, 100) FROM VALUES (0), (6), (7), (9), (10) AS tab(col);\n 7",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        return BindPercentileApprox("percentile_approx", args);
      }));
  registry.AddAlias("approx_percentile", "percentile_approx");
  RegisterStringAgg(registry);
}

}  // namespace tarn::agg
