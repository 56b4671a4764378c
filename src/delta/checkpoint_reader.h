// Reads the actions of a Parquet checkpoint (classic, multi-part part, V2
// UUID-named) or a V2 sidecar: one action per row, stored as struct columns
// `add`, `remove`, `metaData`, `protocol`, `txn`, `domainMetadata`,
// `checkpointMetadata`, `sidecar` (absent columns are simply null).
//
// `add.stats_parsed` (checkpoints written with writeStatsAsStruct) is turned
// into the JSON stats form in AddFile::stats_from_checkpoint, so the same
// stats code serves JSON and struct statistics.
//
// Thread safety: pure functions over the given FileSystem.
#pragma once

#include <string>
#include <vector>

#include "common/file_system.h"
#include "delta/actions.h"

namespace tarn::delta {

/// Throws FAILED_READ_FILE.* naming `path` for unreadable files.
std::vector<Action> ReadParquetActions(FileSystem& fs, const std::string& path);

}  // namespace tarn::delta
