// Inputs the micro-benchmarks share: deterministic random columns (fixed
// seeds, so runs compare) and a VALUES plan over them.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "plan/logical_plan.h"

namespace tarn::bench {

/// `rows` values uniform in [0, distinct).
inline VectorPtr RandomLongs(size_t rows, int64_t distinct, uint32_t seed = 42) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> pick(0, distinct - 1);
  VectorPtr out = Vector::Make(DataType::Long(), rows);
  for (size_t i = 0; i < rows; ++i) out->values<int64_t>()[i] = pick(rng);
  return out;
}

/// TPC-H-comment-like text: 3 to 8 words from a small vocabulary, so some
/// strings are inline (<= 12 bytes) and most are not.
inline VectorPtr RandomText(size_t rows, uint32_t seed = 7) {
  static const char* const kWords[] = {"furiously", "special", "requests", "carefully", "final", "deposits",
                                       "quickly",   "ironic",  "packages", "blithely",  "regular", "accounts",
                                       "express",   "pending", "theodolites", "bold",   "even",    "slyly"};
  constexpr size_t kNumWords = sizeof(kWords) / sizeof(kWords[0]);
  std::mt19937 rng(seed);
  VectorPtr out = Vector::Make(DataType::String(), rows);
  std::string text;
  for (size_t i = 0; i < rows; ++i) {
    text.clear();
    size_t words = 3 + rng() % 6;
    for (size_t w = 0; w < words; ++w) {
      if (w) text += ' ';
      text += kWords[rng() % kNumWords];
    }
    out->SetString(i, text);
  }
  return out;
}

/// l_shipmode-like: one of seven short words.
inline VectorPtr RandomModes(size_t rows, uint32_t seed = 11) {
  static const char* const kModes[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  std::mt19937 rng(seed);
  VectorPtr out = Vector::Make(DataType::String(), rows);
  for (size_t i = 0; i < rows; ++i) out->SetString(i, kModes[rng() % 7]);
  return out;
}

/// `rows` values picked uniformly from `values`, dictionary-encoded over them
/// as a Parquet dictionary page arrives (l_returnflag, l_shipmode, ...).
inline VectorPtr RandomDictionary(const std::vector<std::string>& values, size_t rows, uint32_t seed = 13) {
  VectorPtr dictionary = Vector::Make(DataType::String(), values.size());
  for (size_t i = 0; i < values.size(); ++i) dictionary->SetString(i, values[i]);
  std::mt19937 rng(seed);
  Buffer indices(rows * sizeof(int32_t));
  for (size_t i = 0; i < rows; ++i) indices.as<int32_t>()[i] = static_cast<int32_t>(rng() % values.size());
  return Vector::MakeDictionary(std::move(dictionary), std::move(indices), rows);
}

/// decimal(15,2) values uniform in [low, high] (unscaled: cents).
inline VectorPtr RandomDecimals(size_t rows, int64_t low, int64_t high, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> pick(low, high);
  VectorPtr out = Vector::Make(DataType::Decimal(15, 2), rows);
  for (size_t i = 0; i < rows; ++i) out->values<int64_t>()[i] = pick(rng);
  return out;
}

/// l_extendedprice-like decimal(15,2) values (900.00 .. 104949.50).
inline VectorPtr RandomPrices(size_t rows, uint32_t seed = 5) { return RandomDecimals(rows, 90000, 10494950, seed); }

/// A VALUES node over `columns`, named `names`.
inline plan::PlanPtr ValuesPlan(std::vector<VectorPtr> columns, const std::vector<std::string>& names) {
  auto node = std::make_shared<plan::PlanNode>();
  node->kind = plan::PlanKind::kValues;
  node->num_values_rows = columns.empty() ? 0 : columns[0]->size();
  for (size_t i = 0; i < columns.size(); ++i) node->schema.push_back({names[i], columns[i]->type(), false, ""});
  node->values = std::move(columns);
  return node;
}

}  // namespace tarn::bench
