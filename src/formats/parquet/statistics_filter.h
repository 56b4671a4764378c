// Deciding from column statistics (a chunk's or a page's min/max/null_count)
// whether any row can satisfy a simple predicate — for skipping row groups.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "formats/parquet/metadata.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/schema.h"
#include "table/table_provider.h"

namespace tarn::parquet {

/// False only when the statistics prove no value of the chunk satisfies
/// `predicate`; true when they might, or when the statistics can't tell.
bool StatisticsMayMatch(const LeafColumn& leaf, const Statistics& statistics, int64_t num_values,
                        const ColumnPredicate& predicate);

/// Min, max and null count of the top-level number and date columns over
/// every row group of one or more files, from the chunks' statistics — what
/// the planner's selectivity estimates read (FileTable::file_column_statistics).
class FileColumnRanges {
 public:
  /// Adds every row group of one file (`path` names it in schema errors).
  void AddFile(const FileMetaData& metadata, std::string_view path);
  /// Top-level column `name` (case-insensitive) over all added files: min and
  /// max as Spark's text of the value, when every row group has them, and the
  /// null count when every row group has one; nullopt when a file lacks the
  /// column or the files disagree on its type.
  std::optional<ColumnStatistics> Get(std::string_view name) const;

 private:
  struct Range;
  std::map<std::string, std::shared_ptr<Range>> ranges_;  // by lower-case name
  size_t files_ = 0;
};

}  // namespace tarn::parquet
