// Row-level changes to a Delta table's files — what DELETE, UPDATE and MERGE
// do to the rows they touch (PROTOCOL.md "Add File and Remove File",
// "Deletion Vectors").
//
// The statement marks rows of existing data files as removed (deleted, or
// replaced by an updated copy written elsewhere), addressed by (the add's
// path, physical row position). ApplyRowRemovals then stages the actions:
//
//  - copy-on-write: each touched file is read (its old DV applied), the rows
//    not removed are written to new files through the statement's
//    TableWriter, and the old file is removed;
//  - deletion vectors (delta.enableDeletionVectors): nothing is rewritten;
//    each touched file gets its old DV ∪ the removed rows, serialized as a
//    RoaringBitmapArray into one new `deletion_vector_<uuid>.bin` (version
//    byte, then per DV a big-endian size, the bitmap, a big-endian CRC-32),
//    and the commit removes the old add and adds the same file with the new
//    descriptor. A file left without rows is removed outright.
//
// The touched files are registered as read with the transaction, so a
// concurrent commit that removed one of them conflicts
// (DELTA_CONCURRENT_DELETE_READ / _DELETE_DELETE).
//
// Errors: I/O errors of the file system; nothing is referenced until the
// transaction commits.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "delta/actions.h"
#include "delta/delta_table.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"

namespace tarn::delta {

/// The removed rows of each touched file, by the add's path.
class RowRemovals {
 public:
  void Mark(const std::string& path, uint64_t row) { rows_[path].push_back(row); }
  /// Sorts the rows of each file and drops repeats; true when a row was
  /// marked more than once (MERGE: several source rows matched it).
  bool Seal();
  bool empty() const { return rows_.empty(); }
  /// Distinct rows (after Seal).
  int64_t num_rows() const;
  /// Sorted, distinct rows per path (after Seal).
  const std::map<std::string, std::vector<uint64_t>>& rows() const { return rows_; }

 private:
  std::map<std::string, std::vector<uint64_t>> rows_;
};

struct RowRemovalStats {
  int64_t removed_files = 0;   ///< files gone (rewritten, or every row deleted); not files that got a DV
  int64_t removed_bytes = 0;
  int64_t copied_rows = 0;     ///< copy-on-write: untouched rows rewritten
  int64_t dvs_added = 0;       ///< files that got their first DV
  int64_t dvs_updated = 0;     ///< files whose DV grew
  int64_t dvs_removed = 0;     ///< old DVs dropped with their file
  int64_t rewrite_time_ms = 0;
};

/// Stages the removals of `removals` on the files of `table` (opened with
/// row metadata or not) in `txn`; copied rows go to `writer`, whose adds the
/// caller commits. Copy-on-write rewrites up to `threads` files at once
/// (each thread writes through its own `writer.NewSibling()`, whose files
/// `writer` adopts); `writer` must not be used meanwhile.
RowRemovalStats ApplyRowRemovals(const DeltaTable& table, const RowRemovals& removals, bool use_deletion_vectors,
                                 TableWriter& writer, Transaction& txn, int64_t now_ms, int threads = 1);

/// A column of the table's old schema as `to`, the type schema evolution grew
/// it to (MERGE WITH SCHEMA EVOLUTION / mergeSchema add struct fields): the
/// struct fields it has, matched by name, and NULL for the new ones.
VectorPtr WidenStruct(const VectorPtr& column, const DataType& to);

/// delta.enableDeletionVectors = true.
bool DeletionVectorsEnabled(const Metadata& metadata);
/// Whether DML writes deletion vectors: enabled, and the protocol has the feature.
bool UsesDeletionVectors(const Metadata& metadata, const Protocol& protocol);

/// `protocol` upgraded to hold the deletionVectors reader and writer features
/// (readerVersion 3 / writerVersion 7; features implied by the legacy
/// versions are listed explicitly).
Protocol WithDeletionVectors(const Protocol& protocol);

/// Writes one DV file holding `bitmaps` (sorted row sets); returns their descriptors.
std::vector<DeletionVectorDescriptor> WriteDeletionVectors(FileSystem& fs, const std::string& table_path,
                                                           const std::vector<std::vector<uint64_t>>& bitmaps);

}  // namespace tarn::delta
