// The peer harness's canonical answer format (../shared/bench/peers/README.md,
// "tarn-bench-1"): value texts, the SHA-256 checksum of a result, and the
// tolerant JSON rows that `run.mjs --check` compares.
#pragma once

#include <string>
#include <vector>

#include "columnar/batch.h"

namespace tarn::cli {

/// The text of row `row` of `vector` as the checksum defines it.
std::string ChecksumText(const Vector& vector, size_t row);
/// Lower-case hex SHA-256 of the sorted row texts of `batches`.
std::string ResultChecksum(const std::vector<Batch>& batches);
/// The rows as a JSON array of arrays (numbers as numbers, dates as text).
std::string ResultRowsJson(const std::vector<Batch>& batches);

}  // namespace tarn::cli
