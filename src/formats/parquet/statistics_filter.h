// Deciding from column statistics (a chunk's or a page's min/max/null_count)
// whether any row can satisfy a simple predicate — for skipping row groups.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "formats/parquet/metadata.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/schema.h"

namespace tarn::parquet {

/// False only when the statistics prove no value of the chunk satisfies
/// `predicate`; true when they might, or when the statistics can't tell.
bool StatisticsMayMatch(const LeafColumn& leaf, const Statistics& statistics, int64_t num_values,
                        const ColumnPredicate& predicate);

}  // namespace tarn::parquet
