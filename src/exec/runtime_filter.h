// RuntimeFilter: what a hash join's completed build side tells the scans on
// its probe side about one key (plan::RuntimeFilterTarget): the keys' min and
// max — pushed to the table provider as ScanFilters, so files, row groups and
// partitions outside the range are never read — and, when the build has at
// most spark.sql.optimizer.runtime.bloomFilter.maxNumItems rows, a blocked
// bloom filter over the keys' hashes that drops probe rows right after the
// scan. No build key at all (an empty build, or only NULL keys): nothing can
// match and the scan reads nothing.
//
// The filter may keep rows that have no match (bloom false positives, rows
// inside the range); it never drops one that has: NULL keys are dropped
// because the planner only targets keys that are not null-safe.
//
// Thread safety: immutable once built; shared by every worker's scan.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"
#include "table/table_provider.h"

namespace tarn::exec {

class RuntimeFilter {
 public:
  /// The filter of `keys` (the build key's values, `rows` rows), rows with
  /// skip[r] set left out (NULL keys); a bloom filter only when there are at
  /// most `bloom_max_items` such rows.
  static std::shared_ptr<const RuntimeFilter> Build(const Vector& keys, size_t rows, const std::vector<uint8_t>& skip,
                                                    int64_t bloom_max_items);

  /// No build key: no probe row can match.
  bool empty() const { return keys_ == 0; }
  bool has_bloom() const { return !bloom_.empty(); }
  int64_t keys() const { return keys_; }

  /// Appends `column >= min` and `column <= max` (column: the provider's
  /// column index) when the key type's statistics can be compared.
  void AppendScanFilters(int column, std::vector<ScanFilter>* out) const;

  /// Keeps in `rows` (positions in `column`) only those that may match:
  /// not NULL and passing the bloom filter. Needs has_bloom().
  void Select(const Vector& column, SelectionVector* rows) const;

 private:
  bool MayContain(uint64_t hash) const {
    uint64_t word = bloom_[(hash >> 40) & bloom_mask_];
    uint64_t bits = BitsOf(hash);
    return (word & bits) == bits;
  }
  static uint64_t BitsOf(uint64_t hash) {
    return (1ULL << (hash & 63)) | (1ULL << ((hash >> 6) & 63)) | (1ULL << ((hash >> 12) & 63)) |
           (1ULL << ((hash >> 18) & 63));
  }

  int64_t keys_ = 0;  ///< non-NULL build keys (rows, not distinct values)
  std::optional<std::string> min_, max_;  ///< as ScanFilter literals, when comparable
  std::vector<uint64_t> bloom_;           ///< one 64-bit block per key, 4 bits set
  uint64_t bloom_mask_ = 0;
};

}  // namespace tarn::exec

namespace tarn::exec {

/// A query's built runtime filters, by RuntimeFilterTarget::id. A join
/// publishes its filters once its build side is complete; a scan looks them
/// up when it starts reading — one not built yet is simply not applied.
class RuntimeFilterRegistry {
 public:
  void Publish(int id, std::shared_ptr<const RuntimeFilter> filter) {
    std::lock_guard lock(mutex_);
    filters_[id] = std::move(filter);
  }
  std::shared_ptr<const RuntimeFilter> Find(int id) const {
    std::lock_guard lock(mutex_);
    auto it = filters_.find(id);
    return it == filters_.end() ? nullptr : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<int, std::shared_ptr<const RuntimeFilter>> filters_;
};

}  // namespace tarn::exec
