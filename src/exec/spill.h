// Spill files: where operators put rows that do not fit under the query's
// memory limit (spark.tarn.memory.limit), in tarn's own batch format — per
// column a null bitmap, the raw fixed-width values, string lengths + bytes,
// rebased list offsets and the children — so every type (decimals, intervals,
// nested types, NULLs) round-trips exactly and nothing is converted.
//
// A SpillFile is created in the spill directory (spark.local.dir, default the
// system temp dir) under a unique name and unlinked at once: the open
// descriptor is the only reference, so the bytes are gone when the file
// object is destroyed — also on error, cancellation or a crash.
//
// Thread safety: a SpillFile is written and read by one thread at a time.
// The process-wide counter is atomic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "common/memory_tracker.h"
#include "exec/operator.h"

namespace tarn::exec {

/// Serialises rows [offset, offset + length) of `batch` (any encodings) and
/// appends them to `out`.
void EncodeBatch(const Batch& batch, size_t offset, size_t length, std::string* out);
/// Decodes one EncodeBatch block (flat vectors) with `schema`'s types.
Batch DecodeBatch(const Schema& schema, const uint8_t* data, size_t size);

class SpillFile {
 public:
  /// Creates the file in `directory` (empty: $TMPDIR or /tmp). Bytes written
  /// are reported to `account` (its spilled() counter), which may be null.
  SpillFile(const std::string& directory, MemoryTracker* account);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  /// Appends `batch` as one block (nothing for an empty batch).
  void Append(const Batch& batch);
  /// Rows [offset, offset + length) of `batch` as one block.
  void Append(const Batch& batch, size_t offset, size_t length);

  size_t num_blocks() const { return blocks_.size(); }
  int64_t rows() const { return rows_; }
  int64_t bytes() const { return bytes_; }
  /// Block `index` with `schema`'s types.
  Batch Read(size_t index, const Schema& schema) const;

 private:
  struct Block {
    int64_t offset;
    int64_t size;
  };
  int fd_ = -1;
  std::string path_;  // for error messages only (the name is unlinked)
  MemoryTracker* account_;
  std::vector<Block> blocks_;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
  std::string scratch_;
};

/// Reads a SpillFile's blocks in order.
class SpillReader {
 public:
  SpillReader(const SpillFile* file, const Schema* schema) : file_(file), schema_(schema) {}
  bool Next(Batch* out) {
    if (next_ >= file_->num_blocks()) return false;
    *out = file_->Read(next_++, *schema_);
    return true;
  }

 private:
  const SpillFile* file_;
  const Schema* schema_;
  size_t next_ = 0;
};

using SpillFiles = std::vector<std::unique_ptr<SpillFile>>;

/// Operators that partition spilled rows use 4 bits of the key hash per
/// level of recursion, from the top (hash tables use the low bits).
constexpr size_t kSpillPartitions = 16;
inline size_t SpillPartition(uint64_t hash, int depth) {
  return (hash >> (60 - 4 * depth)) & (kSpillPartitions - 1);
}

/// Rows written to spill files, read back in order (as an operator's input).
class SpilledRows : public Operator {
 public:
  /// `node`: the operator reading them (for cancellation); `schema` must
  /// outlive this.
  SpilledRows(const plan::PlanNode& node, QueryContext* query, SpillFiles files, const Schema& schema);
  /// Files owned elsewhere (null entries are empty).
  SpilledRows(const plan::PlanNode& node, QueryContext* query, std::vector<const SpillFile*> files,
              const Schema& schema)
      : Operator(node, query), files_(std::move(files)), schema_(schema) {}
  bool Next(Batch* out) override;

 private:
  SpillFiles owned_;
  std::vector<const SpillFile*> files_;
  const Schema& schema_;
  size_t file_ = 0, block_ = 0;
};

/// Splits rows into kSpillPartitions spill files by the hash of their keys
/// (rows collected into blocks of about `block_rows`).
class HashPartitionWriter {
 public:
  HashPartitionWriter(const QueryContext& query, MemoryTracker* account, Schema schema, int depth);
  /// `keys`: the key columns of `batch`'s rows.
  void Add(const Batch& batch, const std::vector<VectorPtr>& keys);
  /// The files, one per partition (null where no row went).
  SpillFiles Finish();

 private:
  void Flush(size_t partition);

  std::string directory_;
  MemoryTracker* account_;
  Schema schema_;
  int depth_;
  size_t block_rows_;
  SpillFiles files_;
  std::vector<std::vector<Batch>> pending_;
  std::vector<size_t> pending_rows_;
};

/// Bytes written to spill files by this process so far (test runners report
/// it to show that spilling happened).
int64_t TotalSpilledBytes();

}  // namespace tarn::exec
