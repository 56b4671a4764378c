// A simple generator of TPC-H lineitem-shaped data: the 16 columns with the
// specification's value ranges and distributions (sparse order keys, 1–7
// lines per order, prices from quantities and part keys, date offsets, fixed
// word lists, random comment text). Not dbgen: the TPC-H issue brings the
// full generator; this one feeds the Parquet scan benchmark and `tarn generate`.
#pragma once

#include <cstdint>

#include "columnar/batch.h"

namespace tarn::datagen {

/// The lineitem schema (../shared/bench/tpch/SCHEMA.md types).
Schema LineitemSchema();

class LineitemGenerator {
 public:
  /// `scale` 1 ≈ 6M rows (1.5M orders).
  LineitemGenerator(double scale, uint64_t seed = 42);
  /// Up to `max_rows` more rows (whole orders); false when done.
  bool Next(size_t max_rows, Batch* batch);

 private:
  int64_t num_orders_;
  int64_t next_order_ = 0;
  uint64_t state_;
};

}  // namespace tarn::datagen
