// Aggregates that keep their input: collect_list/array_agg, collect_set,
// mode, and the exact percentile / median.
#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "common/error.h"
#include "functions/aggregate_internal.h"
#include "functions/registry.h"
#include "types/coercion.h"

namespace tarn::agg {
namespace {

// The bytes that identify a value for hashing (NaN canonical; strings as is).
template <typename T>
std::string KeyOf(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return std::string(value);
  } else {
    T v = value;
    if constexpr (std::is_floating_point_v<T>)
      if (std::isnan(v)) v = std::numeric_limits<T>::quiet_NaN();
    std::string key(sizeof(T), '\0');
    std::memcpy(key.data(), &v, sizeof(T));
    return key;
  }
}

// --- collect_list / collect_set ----------------------------------------------------

template <typename T>
struct ListState {
  std::vector<Stored<T>> values;
  std::unordered_set<std::string> seen;  // collect_set only
};

template <typename T, bool kDistinct>
class CollectAtomic final : public StateAggregate<ListState<T>> {
  using Base = StateAggregate<ListState<T>>;
  using Base::At;

 public:
  explicit CollectAtomic(const DataType& type) : Base(DataType::Array(type, false), {type}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      Add(At(states[i]), ReadValue<T>(arg, i));
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    for (const Stored<T>& value : At(source).values) Add(At(target), T(value));
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) total += At(states[i]).values.size();
    Vector& child = out.child(0);
    child.Resize(total);
    size_t at = 0;
    out.offsets()[0] = 0;
    for (size_t i = 0; i < count; ++i) {
      for (const Stored<T>& value : At(states[i]).values) WriteValue<T>(child, at++, T(value));
      out.offsets()[i + 1] = static_cast<int32_t>(at);
    }
  }

 private:
  static void Add(ListState<T>& s, const T& value) {
    if (kDistinct && !s.seen.insert(KeyOf<T>(value)).second) return;
    s.values.push_back(Stored<T>(value));
  }
};

struct NestedListState {
  VectorPtr values;  // flat, of the element type; null until the first value
};

template <bool kDistinct>
class CollectNested final : public StateAggregate<NestedListState> {
 public:
  explicit CollectNested(const DataType& type) : StateAggregate(DataType::Array(type, false), {type}) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i)
      if (!arg.IsNull(i)) Add(At(states[i]), arg, i);
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    const VectorPtr& values = At(source).values;
    if (!values) return;
    for (size_t i = 0; i < values->size(); ++i) Add(At(target), *values, i);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    Vector& child = out.child(0);
    out.offsets()[0] = 0;
    for (size_t i = 0; i < count; ++i) {
      const VectorPtr& values = At(states[i]).values;
      if (values)
        for (size_t j = 0; j < values->size(); ++j) child.AppendFrom(*values, j);
      out.offsets()[i + 1] = static_cast<int32_t>(child.size());
    }
  }

 private:
  void Add(NestedListState& s, const Vector& vector, size_t row) const {
    if (!s.values) s.values = Vector::Make(arg_types_[0], 0);
    if (kDistinct) {
      // Nested sets are rare and small: a linear scan keeps them simple.
      for (size_t j = 0; j < s.values->size(); ++j)
        if (CompareRows(*s.values, j, vector, row) == 0) return;
    }
    s.values->AppendFrom(vector, row);
  }
};

template <bool kDistinct>
AggregateBinder CollectBinder(std::string name) {
  return [name](const std::vector<ArgType>& args,
                const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
    ExpectArgCount(name, args, 1);
    const DataType& type = args[0].type;
    if (kDistinct && !IsOrderable(type))
      throw FunctionBindError("The " + name + " does not support the map type \"" + type.ToSql() + "\".");
    std::shared_ptr<const AggregateFunction> bound;
    if (type.id() != TypeId::kNull)
      DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
        bound = std::make_shared<CollectAtomic<T, kDistinct>>(type);
      });
    if (!bound) bound = std::make_shared<CollectNested<kDistinct>>(type);
    return bound;
  };
}

// --- mode -------------------------------------------------------------------------

template <typename T>
struct ModeState {
  std::unordered_map<std::string, std::pair<Stored<T>, int64_t>> counts;
};

// The most frequent non-null value; among equally frequent ones the smallest
// (Spark 4's deterministic mode; Spark 3.5 returns any of them).
template <typename T>
class Mode final : public StateAggregate<ModeState<T>> {
  using Base = StateAggregate<ModeState<T>>;
  using Base::At;

 public:
  Mode(const DataType& type, std::vector<DataType> args) : Base(type, std::move(args)) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      T value = ReadValue<T>(arg, i);
      auto [it, inserted] = At(states[i]).counts.try_emplace(KeyOf<T>(value), Stored<T>(value), 0);
      ++it->second.second;
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    for (const auto& [key, entry] : At(source).counts) {
      auto [it, inserted] = At(target).counts.try_emplace(key, entry.first, 0);
      it->second.second += entry.second;
    }
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      const auto& counts = At(states[i]).counts;
      const std::pair<Stored<T>, int64_t>* best = nullptr;
      for (const auto& [key, entry] : counts) {
        if (best == nullptr || entry.second > best->second ||
            (entry.second == best->second && CompareValues<T>(T(entry.first), T(best->first)) < 0))
          best = &entry;
      }
      if (best == nullptr) out.SetNull(i);
      else WriteValue<T>(out, i, T(best->first));
    }
  }
};

// --- percentile / median -------------------------------------------------------

struct PercentileState {
  std::unordered_map<uint64_t, int64_t> counts;  // double bits → frequency
};

uint64_t BitsOf(double value) {
  if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

double DoubleOf(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Spark's Percentile: exact, with linear interpolation between the values at
// floor and ceil of (n - 1) * p; an optional positive frequency per row.
// percentile_cont (WITHIN GROUP) is the same over values sorted ascending or
// descending; percentile_disc takes the value at rank ceil(n * p) instead of
// interpolating.
class Percentile final : public StateAggregate<PercentileState> {
 public:
  Percentile(std::vector<double> percentages, bool array_result, std::vector<DataType> args, bool discrete = false,
             bool reverse = false, bool has_frequency = true)
      : StateAggregate(array_result ? DataType::Array(DataType::Double(), false) : DataType::Double(),
                       std::move(args)),
        percentages_(std::move(percentages)),
        array_result_(array_result),
        discrete_(discrete),
        reverse_(reverse),
        has_frequency_(has_frequency) {}
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& value = *args[0];
    const Vector* frequency = has_frequency_ && args.size() > 2 ? args[2].get() : nullptr;
    for (size_t i = 0; i < rows; ++i) {
      if (value.IsNull(i)) continue;
      int64_t weight = 1;
      if (frequency != nullptr) {
        if (frequency->IsNull(i)) continue;
        weight = frequency->ValueAt<int64_t>(i);
        if (weight < 0)
          ThrowError(ErrorClass::kInvalidParameterValue,
                     {{"parameter", "`frequency`"},
                      {"function", "`percentile`"},
                      {"message", "Negative values found in frequency: " + std::to_string(weight)}});
        if (weight == 0) continue;
      }
      At(states[i]).counts[BitsOf(value.ValueAt<double>(i))] += weight;
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    for (const auto& [bits, count] : At(source).counts) At(target).counts[bits] += count;
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    if (array_result_) out.offsets()[0] = 0;
    for (size_t i = 0; i < count; ++i) {
      const auto& counts = At(states[i]).counts;
      if (counts.empty()) {
        out.SetNull(i);
        if (array_result_) out.offsets()[i + 1] = out.offsets()[i];
        continue;
      }
      std::vector<std::pair<double, int64_t>> sorted;
      sorted.reserve(counts.size());
      for (const auto& [bits, n] : counts) sorted.emplace_back(DoubleOf(bits), n);
      std::sort(sorted.begin(), sorted.end(), [this](const auto& a, const auto& b) {
        int c = CompareValues<double>(a.first, b.first);
        return reverse_ ? c > 0 : c < 0;
      });
      std::vector<int64_t> accumulated(sorted.size());
      int64_t total = 0;
      for (size_t j = 0; j < sorted.size(); ++j) accumulated[j] = total += sorted[j].second;
      double max_position = static_cast<double>(total - 1);
      std::vector<double> results;
      for (double p : percentages_) {
        // percentile_disc: the first value whose cumulative share reaches p.
        if (discrete_) {
          double rank = std::max(1.0, std::ceil(static_cast<double>(total) * p));
          results.push_back(ValueAt(sorted, accumulated, static_cast<int64_t>(rank) - 1));
        } else {
          results.push_back(Interpolate(sorted, accumulated, max_position * p));
        }
      }
      if (!array_result_) {
        out.values<double>()[i] = results[0];
        continue;
      }
      Vector& child = out.child(0);
      size_t at = child.size();
      child.Resize(at + results.size());
      for (size_t j = 0; j < results.size(); ++j) child.values<double>()[at + j] = results[j];
      out.offsets()[i + 1] = static_cast<int32_t>(child.size());
    }
  }

 const std::vector<double>& percentages() const { return percentages_; }
  bool array_result() const { return array_result_; }

 private:
  // The value at 0-based position `position` of the expanded sorted input.
  static double ValueAt(const std::vector<std::pair<double, int64_t>>& sorted, const std::vector<int64_t>& accumulated,
                        int64_t position) {
    size_t index = std::upper_bound(accumulated.begin(), accumulated.end(), position) - accumulated.begin();
    return sorted[std::min(index, sorted.size() - 1)].first;
  }
  static double Interpolate(const std::vector<std::pair<double, int64_t>>& sorted, const std::vector<int64_t>& accumulated,
                   double position) {
    double lower = std::floor(position), higher = std::ceil(position);
    double lower_value = ValueAt(sorted, accumulated, static_cast<int64_t>(lower));
    if (higher == lower) return lower_value;
    double higher_value = ValueAt(sorted, accumulated, static_cast<int64_t>(higher));
    if (higher_value == lower_value) return lower_value;
    return (higher - position) * lower_value + (position - lower) * higher_value;
  }

  std::vector<double> percentages_;
  bool array_result_;
  bool discrete_;
  bool reverse_;
  bool has_frequency_;
};

void CheckPercentage(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    throw FunctionBindError("Percentage(s) must be between 0.0 and 1.0, but got " + std::to_string(p) + ".");
}

void ExpectPercentileValue(const ArgType& arg) {
  if (arg.type.is_numeric() || arg.type.id() == TypeId::kString || arg.type.id() == TypeId::kNull) return;
  ThrowUnexpectedInputType(0, "\"NUMERIC\"", arg.type);
}

std::shared_ptr<const AggregateFunction> BindPercentile(const std::vector<ArgType>& args);

// percentile_cont / percentile_disc: (value, percentage, descending) from
// f(percentage) WITHIN GROUP (ORDER BY value [DESC]).
std::shared_ptr<const AggregateFunction> BindOrderedPercentile(const char* name, bool discrete,
                                                               const std::vector<ArgType>& args) {
  if (args.size() != 3 || args[2].type.id() != TypeId::kBoolean || !args[2].constant) {
    throw FunctionBindError(std::string(name) + " needs WITHIN GROUP (ORDER BY ...)");
  }
  std::vector<ArgType> plain(args.begin(), args.begin() + 2);
  auto base = std::static_pointer_cast<const Percentile>(BindPercentile(plain));
  bool reverse = args[2].constant->ValueAt<uint8_t>(0) != 0;
  std::vector<DataType> types = base->arg_types();
  types.push_back(DataType::Boolean());
  return std::make_shared<Percentile>(base->percentages(), base->array_result(), std::move(types), discrete, reverse,
                                      false);
}

std::shared_ptr<const AggregateFunction> BindPercentile(const std::vector<ArgType>& args) {
  ExpectArgCount("percentile", args, 2, 3);
  ExpectPercentileValue(args[0]);
  const ArgType& percentage = args[1];
  if (!percentage.constant) throw FunctionBindError("The percentage(s) must be a constant literal.");
  if (percentage.constant->IsNull(0)) throw FunctionBindError("The percentage(s) must not be null.");
  std::vector<double> percentages;
  bool array_result = percentage.type.id() == TypeId::kArray;
  std::vector<DataType> types{DataType::Double()};
  if (array_result) {
    const Vector& array = percentage.constant->Base();
    size_t row = percentage.constant->RowIndex(0);
    const DataType& element = percentage.type.element_type();
    if (!element.is_numeric()) ThrowUnexpectedInputType(1, "\"ARRAY<DOUBLE>\"", percentage.type);
    int32_t begin = array.offsets()[row], end = array.offsets()[row + 1];
    for (int32_t j = begin; j < end; ++j) {
      const Vector& elements = array.child(0);
      if (elements.IsNull(j)) throw FunctionBindError("The percentage(s) must not be null.");
      double p;
      if (element.id() == TypeId::kDecimal) {
        p = static_cast<double>(ReadDecimal(elements, j)) / static_cast<double>(PowerOfTen128(element.scale()));
      } else {
        p = 0;
        DispatchAtomic(element, [&]<typename T>(std::type_identity<T>) {
          if constexpr (std::is_arithmetic_v<T>) p = static_cast<double>(ReadValue<T>(elements, j));
        });
      }
      CheckPercentage(p);
      percentages.push_back(p);
    }
    types.push_back(percentage.type);
  } else {
    if (!percentage.type.is_numeric()) ThrowUnexpectedInputType(1, "\"DOUBLE\"", percentage.type);
    double p = 0;
    if (percentage.type.id() == TypeId::kDecimal) {
      p = static_cast<double>(ReadDecimal(*percentage.constant, 0)) /
          static_cast<double>(PowerOfTen128(percentage.type.scale()));
    } else {
      DispatchAtomic(percentage.type, [&]<typename T>(std::type_identity<T>) {
        if constexpr (std::is_arithmetic_v<T>) p = static_cast<double>(ReadValue<T>(*percentage.constant, 0));
      });
    }
    CheckPercentage(p);
    percentages.push_back(p);
    types.push_back(percentage.type);
  }
  if (args.size() == 3) {
    if (!args[2].type.is_integral() && args[2].type.id() != TypeId::kNull)
      ThrowUnexpectedInputType(2, "\"INTEGRAL\"", args[2].type);
    types.push_back(DataType::Long());
  }
  return std::make_shared<Percentile>(std::move(percentages), array_result, std::move(types));
}

}  // namespace

void RegisterCollectAggregates(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "collect_list", "_FUNC_(expr) - Collects and returns a list of non-unique elements.",
      "> SELECT _FUNC_(col) FROM VALUES (1), (2), (1) AS tab(col);\n [1,2,1]", CollectBinder<false>("collect_list")));
  registry.AddAlias("array_agg", "collect_list");
  registry.Add(MakeAggregateInfo(
      "collect_set", "_FUNC_(expr) - Collects and returns a set of unique elements.",
      "> SELECT _FUNC_(col) FROM VALUES (1), (2), (1) AS tab(col);\n [1,2]", CollectBinder<true>("collect_set")));

  registry.Add(MakeAggregateInfo(
      "mode",
      "_FUNC_(col[, deterministic]) - Returns the most frequent value for the values within `col`. NULL values "
      "are ignored. If all the values are NULL, or there are 0 rows, returns NULL. When multiple values have the "
      "same greatest frequency then either any of values is returned if `deterministic` is false or is not "
      "defined, or the lowest value is returned if `deterministic` is true.",
      "> SELECT _FUNC_(col) FROM VALUES (0), (10), (10) AS tab(col);\n 10",
      [](const std::vector<ArgType>& args, const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
        ExpectArgCount("mode", args, 1, 2);
        const DataType& type = args[0].type;
        std::vector<DataType> types{type};
        if (args.size() == 2) {
          if (args[1].type.id() != TypeId::kBoolean || !args[1].constant)
            throw FunctionBindError("The deterministic argument of mode must be a boolean literal.");
          types.push_back(DataType::Boolean());
        }
        std::shared_ptr<const AggregateFunction> bound;
        DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
          bound = std::make_shared<Mode<T>>(type, types);
        });
        if (!bound) throw FunctionBindError("mode does not support the type \"" + type.ToSql() + "\".");
        return bound;
      }));

  registry.Add(MakeAggregateInfo(
      "percentile",
      "_FUNC_(col, percentage [, frequency]) - Returns the exact percentile value of numeric column `col` at the "
      "given percentage. The value of percentage must be between 0.0 and 1.0. The value of frequency should be "
      "positive integral\n\n"
      "_FUNC_(col, array(percentage1 [, percentage2]...) [, frequency]) - Returns the exact percentile value "
      "array of numeric column `col` at the given percentage(s). Each value of the percentage array must be "
      "between 0.0 and 1.0. The value of frequency should be positive integral",
      "> SELECT _FUNC_(col, 0.3) FROM VALUES (0), (10) AS tab(col);\n 3.0\n"
      "> SELECT _FUNC_(col, array(0.25, 0.75)) FROM VALUES (0), (10) AS tab(col);\n [2.5,7.5]",
      [](const std::vector<ArgType>& args, const FunctionContext&) { return BindPercentile(args); }));
  registry.Add(MakeAggregateInfo(
      "percentile_cont",
      "_FUNC_(percentage) WITHIN GROUP (ORDER BY col) - Returns a percentile value based on a continuous "
      "distribution of numeric column `col` at the given `percentage` (interpolating between values).",
      "> SELECT _FUNC_(0.25) WITHIN GROUP (ORDER BY col) FROM VALUES (0), (10) AS tab(col);\n 2.5",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        return BindOrderedPercentile("percentile_cont", false, args);
      }));
  registry.Add(MakeAggregateInfo(
      "percentile_disc",
      "_FUNC_(percentage) WITHIN GROUP (ORDER BY col) - Returns a percentile value based on a discrete "
      "distribution of numeric column `col` at the given `percentage` (a value of the column).",
      "> SELECT _FUNC_(0.25) WITHIN GROUP (ORDER BY col) FROM VALUES (0), (10) AS tab(col);\n 0.0",
      [](const std::vector<ArgType>& args, const FunctionContext&) {
        return BindOrderedPercentile("percentile_disc", true, args);
      }));
  registry.Add(MakeAggregateInfo(
      "median", "_FUNC_(col) - Returns the median of numeric column `col`.",
      "> SELECT _FUNC_(col) FROM VALUES (0), (10) AS tab(col);\n 5.0",
      [](const std::vector<ArgType>& args, const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
        ExpectArgCount("median", args, 1);
        ExpectPercentileValue(args[0]);
        return std::make_shared<Percentile>(std::vector<double>{0.5}, false, std::vector<DataType>{DataType::Double()});
      }));
}

}  // namespace tarn::agg
