// A TPC-H data generator following dbgen's rules (TPC-H specification clause
// 4.2): cardinalities, sparse order keys, the partsupp supplier formula, the
// p_retailprice formula, o_totalprice and o_orderstatus from the line items,
// no orders for customers whose key is divisible by 3, the date offsets, the
// word lists and the text grammar for comments. Types are those of
// ../shared/bench/tpch/SCHEMA.md.
//
// Not byte-identical with dbgen (different random streams): every row is
// generated from a random stream seeded by (seed, table, key), so any key
// range can be produced on its own — tables and chunks generate in parallel
// and in bounded memory, and the output depends only on (scale, seed).
#pragma once

#include <cstdint>
#include <string>

#include "columnar/batch.h"

namespace tarn {
class FileSystem;
}

namespace tarn::datagen {

enum class TpchTable { kRegion, kNation, kSupplier, kCustomer, kPart, kPartSupp, kOrders, kLineitem };
inline constexpr int kNumTpchTables = 8;

/// "region", "nation", ..., "lineitem".
const char* TpchTableName(TpchTable table);
Schema TpchSchema(TpchTable table);

class TpchGenerator {
 public:
  TpchGenerator(double scale_factor, uint64_t seed = 42);

  /// Units a table is generated in: rows, except for lineitem whose unit is
  /// an order (1–7 rows each) and partsupp whose unit is a part (4 rows).
  int64_t NumUnits(TpchTable table) const;
  /// The rows of units [begin, end) (clamped to NumUnits).
  Batch Generate(TpchTable table, int64_t begin, int64_t end) const;
  /// Sequential cursor per table: the next whole units, at most `max_rows`
  /// rows (at least one unit); false when the table is done.
  bool NextBatch(TpchTable table, size_t max_rows, Batch* out);

  double scale_factor() const { return scale_factor_; }
  int64_t num_suppliers() const { return suppliers_; }
  int64_t num_customers() const { return customers_; }
  int64_t num_parts() const { return parts_; }
  int64_t num_orders() const { return orders_; }

 private:
  double scale_factor_;
  uint64_t seed_;
  int64_t suppliers_, customers_, parts_, orders_, clerks_;
  int64_t cursor_[kNumTpchTables] = {};
};

/// TPC-H 4.2.3: the n-th (0..3) supplier of a part.
int64_t TpchPartSupplier(int64_t partkey, int n, int64_t num_suppliers);
/// TPC-H 4.2.3: P_RETAILPRICE in cents.
int64_t TpchRetailPriceCents(int64_t partkey);
/// The sparse order key of the i-th (0-based) order: 8 of every 32 keys.
int64_t TpchOrderKey(int64_t index);

/// Writes dir/<table>.parquet for the eight tables, `threads` tables at a time.
void WriteTpch(FileSystem& fs, const std::string& dir, double scale_factor, int threads, uint64_t seed = 42);

}  // namespace tarn::datagen
