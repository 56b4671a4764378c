// Liquid clustering metadata (PROTOCOL.md "Clustered Table"): the
// `delta.clustering` domain metadata {"clusteringColumns": [["phys", "path"], ...]}
// (physical names, one path per column), the `clustering` writer feature
// (which needs `domainMetadata`), and the protocol upgrade that enables them.
//
// Errors: DELTA_COLUMN_NOT_FOUND_IN_SCHEMA-style UNRESOLVED_COLUMN for unknown
// columns, DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS (more than 4),
// DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED (types without statistics).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "delta/actions.h"
#include "delta/schema.h"

namespace tarn::delta {

class Snapshot;

inline constexpr const char* kClusteringDomain = "delta.clustering";
inline constexpr const char* kClusteringProvider = "liquid";

/// The logical clustering columns recorded in `domains` (delta.clustering),
/// dotted for nested fields; nullopt when the table is not clustered (no
/// domain, or an empty column list after CLUSTER BY NONE).
std::optional<std::vector<std::string>> ClusteringColumnsOf(const std::map<std::string, DomainMetadata>& domains,
                                                            const DeltaSchema& schema);
std::optional<std::vector<std::string>> ClusteringColumns(const Snapshot& snapshot);

/// Checks `columns` against `schema` (existence, count, types) and returns
/// them in the schema's spelling. `partition_columns` must be empty.
std::vector<std::string> ValidateClusteringColumns(const std::vector<std::string>& columns, const DeltaSchema& schema);

/// The delta.clustering domain for `columns` (logical names; empty = CLUSTER BY NONE).
DomainMetadata ClusteringDomain(const std::vector<std::string>& columns, const DeltaSchema& schema);

/// `protocol` with the writer features `features` added (legacy writer
/// versions become their implied feature lists at writer version 7).
Protocol WithWriterFeatures(Protocol protocol, const std::vector<std::string>& features);

}  // namespace tarn::delta
