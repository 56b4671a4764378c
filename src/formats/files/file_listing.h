// Input-file listing for path-based reads (spark.read.csv(path), .json(path)),
// as Spark's DataSource + InMemoryFileIndex do it:
//  - a path names a file, a directory, or a Hadoop glob (* ? [abc] [a-z] [^a]
//    {a,b} \x in any path segment);
//  - directories are listed recursively (Spark's leaf-file listing), skipping
//    hidden entries: names starting with '.' or with '_' (unless they contain
//    '=': "_x=1" is a partition directory), and "*._COPYING_";
//  - Hive partition discovery: the `key=value` directories between the root
//    (or options.base_path) and a file give that file's partition values; a
//    file's chain of partition directories ends at the first directory that is
//    not `key=value` (walking up from the file). Values are URL-decoded (%XX);
//    __HIVE_DEFAULT_PARTITION__ is NULL. Files directly under the root of a
//    partitioned layout are ignored, as Spark ignores them.
//  - column types are inferred as Spark's PartitioningUtils does: int, bigint,
//    decimal(p,0), double, timestamp, date, else string (NULL-only: string),
//    and merged across directories (int+bigint → bigint, numbers+double →
//    double, date+timestamp → timestamp, anything else → string).
//  - different partition column names in different directories →
//    CONFLICTING_PARTITION_COLUMN_NAMES; several discovered roots →
//    CONFLICTING_DIRECTORY_STRUCTURES.
// Files come out sorted by path.
//
// Thread safety: pure functions over the given FileSystem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "types/data_type.h"

namespace tarn {

struct ListOptions {
  /// recursiveFileLookup: list every file below the path and do no partition discovery.
  bool recursive_file_lookup = false;
  /// spark.sql.sources.partitionColumnTypeInference.enabled; false: all partition columns are strings.
  bool infer_partition_column_types = true;
  /// basePath: the table root for partition discovery when the path names partition directories.
  std::string base_path;
  /// pathGlobFilter: only files whose name matches this glob ("*.csv"); empty = all.
  std::string path_glob_filter;
};

struct InputFile {
  std::string path;
  uint64_t size = 0;
  int64_t modification_time_ms = 0;
  /// One entry per partition column (FileListing::partition_schema); nullopt = NULL.
  std::vector<std::optional<std::string>> partition_values;
};

struct FileListing {
  std::vector<InputFile> files;
  /// The discovered partition columns, in directory order, with inferred types.
  Schema partition_schema;
};

/// Lists the input files of `path_or_glob`. Throws PATH_NOT_FOUND when nothing
/// exists or matches, CONFLICTING_* for inconsistent partition layouts, and
/// TARN_IO_ERROR when the file system fails.
FileListing ListInputFiles(FileSystem& fs, const std::string& path_or_glob, const ListOptions& options = {});

/// True when `text` has an unescaped glob metacharacter (* ? [ {).
bool HasGlobPattern(const std::string& text);
/// Hadoop glob match of one path segment (no '/').
bool GlobMatch(std::string_view pattern, std::string_view name);
/// Spark's hidden-path rule for one file or directory name.
bool IsHiddenName(std::string_view name);
/// Decodes %XX escapes as Spark's unescapePathName (invalid escapes stay as they are).
std::string UnescapePathName(std::string_view text);
/// The type Spark infers for one raw partition value (already unescaped);
/// Null for __HIVE_DEFAULT_PARTITION__.
DataType InferPartitionValueType(const std::string& value);
/// Merges two inferred partition column types.
DataType MergePartitionTypes(const DataType& a, const DataType& b);

}  // namespace tarn
