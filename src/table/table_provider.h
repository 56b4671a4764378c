// TableProvider: how the engine sees any table — a Parquet/CSV/JSON path, a
// Delta table, a system table. The planner asks for a scan of some columns
// with some filters; the provider answers with a stream of batches.
//
// A scan can also be split into ScanTasks (morsels: a file, a few Parquet row
// groups) that parallel workers take from a shared queue one at a time, so a
// skewed file does not leave a core idle.
//
// Thread safety: providers are shared and immutable; each Scan() call returns
// a stream owned by one thread. Scan tasks are immutable and may be opened
// from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "types/data_type.h"

namespace tarn {

/// A simple comparison of a column with a constant that a provider may use
/// to skip data (files, row groups, pages). Providers never filter rows
/// exactly: the engine keeps its own filter above the scan.
struct ScanFilter {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };
  int column = 0;  ///< index into the provider's schema
  Op op = Op::kEq;
  std::string literal;  ///< the constant as text in the column's type
};

struct ScanSpec {
  /// Indices into schema() of the columns to produce, in this order.
  std::vector<int> columns;
  std::vector<ScanFilter> filters;
  /// Stop after this many rows (-1: all). A hint: more rows may come.
  int64_t limit = -1;
  /// Threads the provider may use to decode ahead of the consumer.
  int threads = 1;
  size_t batch_size = 8192;
};

/// Statistics of one column (ANALYZE TABLE ... FOR COLUMNS; Spark's
/// CatalogColumnStat): values as Spark's text, absent when not known.
struct ColumnStatistics {
  std::optional<int64_t> distinct_count;
  std::optional<int64_t> null_count;
  std::optional<std::string> min, max;
  std::optional<int64_t> avg_len, max_len;
};

/// A stream of batches; Next returns false at the end.
class BatchStream {
 public:
  virtual ~BatchStream() = default;
  virtual bool Next(Batch* batch) = 0;
};

/// One independently readable part of a scan (a morsel).
class ScanTask {
 public:
  virtual ~ScanTask() = default;
  /// The task's batches: the columns of the spec it was planned with.
  virtual std::unique_ptr<BatchStream> Open() const = 0;
};

class TableProvider {
 public:
  virtual ~TableProvider() = default;
  virtual const Schema& schema() const = 0;
  /// How EXPLAIN names the source, e.g. "parquet [/data/lineitem]".
  virtual std::string description() const = 0;
  /// Exact row count when cheaply known (file footers, Delta stats).
  virtual std::optional<int64_t> row_count() const { return std::nullopt; }
  /// Statistics of column `i` of schema() when the table keeps them (ANALYZE TABLE).
  virtual std::optional<ColumnStatistics> column_statistics(size_t i) const { return std::nullopt; }
  /// What the files themselves record about column `i` (Parquet footers: min,
  /// max, null count over all row groups), for the planner's estimates; not
  /// Spark's ANALYZE statistics, so DESCRIBE does not show these.
  virtual std::optional<ColumnStatistics> file_column_statistics(size_t i) const { return std::nullopt; }
  /// Batches with the columns of `spec.columns`, in that order.
  virtual std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const = 0;
  /// The scan of `spec` split into tasks whose batches together are Scan's,
  /// for workers to read in any order. The default is one task wrapping
  /// Scan(spec) (keeping spec.threads); splittable providers override it and
  /// read each task single-threaded, the parallelism being the workers'.
  /// The provider must outlive the tasks.
  virtual std::vector<std::shared_ptr<ScanTask>> PlanScanTasks(const ScanSpec& spec) const;
};

/// A task that is a whole Scan(spec) of `table`.
class WholeScanTask : public ScanTask {
 public:
  WholeScanTask(const TableProvider& table, ScanSpec spec) : table_(table), spec_(std::move(spec)) {}
  std::unique_ptr<BatchStream> Open() const override { return table_.Scan(spec_); }

 private:
  const TableProvider& table_;
  ScanSpec spec_;
};

inline std::vector<std::shared_ptr<ScanTask>> TableProvider::PlanScanTasks(const ScanSpec& spec) const {
  return {std::make_shared<WholeScanTask>(*this, spec)};
}

}  // namespace tarn
