#include "exec/join_hash_table.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "columnar/row_compare.h"
#include "common/check.h"

namespace tarn::exec {
namespace {

// Partitions of the parallel build: enough for two threads to balance, few
// enough that each partition's bucket range is long.
constexpr int kPartitionBits = 6;
constexpr size_t kPartitions = size_t{1} << kPartitionBits;
// Below this many rows one thread builds (starting threads costs more).
constexpr size_t kParallelRows = 1 << 16;

// Runs fn(t) for t in [0, threads): t = 0 on the calling thread, the others
// on threads of their own — not on the query pool, whose waiters would run
// pipeline workers that may wait for this very thread. Rethrows the first
// exception.
template <typename Fn>
void RunOnThreads(size_t threads, const Fn& fn) {
  if (threads <= 1) return fn(0);
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t)
    helpers.emplace_back([&, t] {
      try {
        fn(t);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  try {
    fn(0);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (std::thread& helper : helpers) helper.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

size_t IntWidth(const Vector& key) {
  if (!key.is_flat() || key.may_have_nulls()) return 0;
  switch (key.type().physical_type()) {
    case PhysicalType::kInt32: return 4;
    case PhysicalType::kInt64: return 8;
    default: return 0;
  }
}

}  // namespace

void JoinHashTable::HashKeys(const std::vector<VectorPtr>& keys, size_t rows, uint64_t* hashes) {
  for (size_t k = 0; k < keys.size(); ++k) HashColumn(*keys[k], rows, hashes, /*combine=*/k > 0);
}

bool JoinHashTable::KeysEqual(const std::vector<VectorPtr>& keys, size_t row, size_t build_row) const {
  if (int_width_ != 0) {
    const Vector& probe = *keys[0];
    if (probe.is_flat() && (!probe.may_have_nulls() || !probe.IsNull(row)))
      return int_width_ == 8 ? probe.values<int64_t>()[row] == keys_[0]->values<int64_t>()[build_row]
                             : probe.values<int32_t>()[row] == keys_[0]->values<int32_t>()[build_row];
  }
  for (size_t k = 0; k < keys.size(); ++k)
    if (!RowsEqual(*keys[k], row, *keys_[k], build_row)) return false;
  return true;
}

void JoinHashTable::LinkPartition(size_t begin, size_t end, const uint64_t* hashes) {
  // Pushing in reverse leaves every chain in ascending row order.
  for (size_t e = end; e-- > begin;) {
    uint32_t& head = heads_[hashes[e] >> shift_];
    next_[e] = head;
    head = static_cast<uint32_t>(e + 1);
    tags_[e] = static_cast<uint32_t>(hashes[e]);
  }
}

void JoinHashTable::Build(std::vector<VectorPtr> keys, size_t rows, const std::vector<uint8_t>& skip,
                          size_t threads) {
  TARN_CHECK(rows < UINT32_MAX, "a join build side of " + std::to_string(rows) + " rows");
  keys_ = std::move(keys);
  int_width_ = keys_.size() == 1 ? IntWidth(*keys_[0]) : 0;
  threads = rows < kParallelRows ? 1 : std::max<size_t>(threads, 1);
  int bits = kPartitionBits;
  while ((size_t{1} << bits) < rows) ++bits;  // a bucket per row or more
  shift_ = 64 - bits;
  heads_.assign(size_t{1} << bits, 0);
  std::vector<uint64_t> hashes(rows);  // by row, then by entry: only while building

  // 1. Hash and count each range's rows per partition.
  size_t range = (rows + threads - 1) / std::max<size_t>(threads, 1);
  std::vector<std::vector<size_t>> counts(threads, std::vector<size_t>(kPartitions, 0));
  int partition_shift = 64 - kPartitionBits;
  RunOnThreads(threads, [&](size_t t) {
    size_t begin = std::min(rows, t * range), end = std::min(rows, begin + range);
    if (begin == end) return;
    std::vector<VectorPtr> views;
    for (const VectorPtr& key : keys_) views.push_back(begin == 0 && end == rows ? key : Vector::View(key, begin, end - begin));
    HashKeys(views, end - begin, hashes.data() + begin);
    for (size_t r = begin; r < end; ++r)
      if (r >= skip.size() || !skip[r]) ++counts[t][hashes[r] >> partition_shift];
  });
  // 2. Each range's first position in every partition, then scatter.
  std::vector<size_t> partition_begin(kPartitions + 1, 0);
  std::vector<std::vector<size_t>> cursor(threads, std::vector<size_t>(kPartitions, 0));
  size_t total = 0;
  for (size_t p = 0; p < kPartitions; ++p) {
    partition_begin[p] = total;
    for (size_t t = 0; t < threads; ++t) {
      cursor[t][p] = total;
      total += counts[t][p];
    }
  }
  partition_begin[kPartitions] = total;
  rows_.assign(total, 0);
  next_.assign(total, 0);
  tags_.assign(total, 0);
  std::vector<uint64_t> entry_hashes(total);
  RunOnThreads(threads, [&](size_t t) {
    size_t begin = std::min(rows, t * range), end = std::min(rows, begin + range);
    std::vector<size_t>& at = cursor[t];
    for (size_t r = begin; r < end; ++r) {
      if (r < skip.size() && skip[r]) continue;
      size_t e = at[hashes[r] >> partition_shift]++;
      rows_[e] = static_cast<uint32_t>(r);
      entry_hashes[e] = hashes[r];
    }
  });
  hashes = std::vector<uint64_t>();
  // 3. Link the partitions; threads take them round-robin.
  RunOnThreads(threads, [&](size_t t) {
    for (size_t p = t; p < kPartitions; p += threads)
      LinkPartition(partition_begin[p], partition_begin[p + 1], entry_hashes.data());
  });
}

}  // namespace tarn::exec
