// The reader-feature gate (PROTOCOL.md "Protocol Evolution", "Table
// Features"): which protocols tarn can read, and the table features that
// change how a table is read.
//
// tarn reads reader versions 1–3 and, at version 3, the reader features
// columnMapping, deletionVectors, timestampNtz, v2Checkpoint, typeWidening
// (and its preview name), vacuumProtocolCheck. Anything else is refused with
// Spark's errors: DELTA_INVALID_PROTOCOL_VERSION for a reader version above 3,
// DELTA_UNSUPPORTED_FEATURES_FOR_READ naming the unknown features.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "delta/actions.h"
#include "delta/schema.h"
#include "types/data_type.h"

namespace tarn::delta {

inline constexpr int kMaxReaderVersion = 3;
inline constexpr int kMaxWriterVersion = 7;

/// Throws unless tarn can read a table with this protocol. `table` names the
/// table (its path) in the error.
void CheckReadSupported(const Protocol& protocol, const std::string& table);

/// True when the protocol lists `feature` among its reader features, or
/// implies it by its reader version (columnMapping at reader version 2).
bool HasReaderFeature(const Protocol& protocol, std::string_view feature);
/// True when the feature is in writerFeatures (or implied by the legacy writer version).
bool HasWriterFeature(const Protocol& protocol, std::string_view feature);

/// The protocol with `feature` supported (PROTOCOL.md "Table Features"):
/// unchanged when it already is; else a legacy protocol is raised to the
/// feature's legacy version when it has one (columnMapping 2/5,
/// checkConstraints 3, generatedColumns 4, identityColumns 6), and otherwise
/// becomes a table-features protocol (writer 7, reader 3 for reader-writer
/// features) listing the features its old versions implied plus `feature`.
Protocol WithFeature(const Protocol& protocol, std::string_view feature);

enum class ColumnMappingMode { kNone, kName, kId };

/// `delta.columnMapping.mode`, honoured only when the protocol supports
/// column mapping (PROTOCOL.md "Column Mapping").
ColumnMappingMode GetColumnMappingMode(const Protocol& protocol, const Metadata& metadata);

/// Whether PROTOCOL.md "Type Widening" allows changing `from` to `to`:
/// byte→short→int→long, byte/short/int/float→double, date→timestamp_ntz,
/// decimal(p,s)→decimal(p+k1,s+k2) with k1 >= k2 >= 0, byte/short/int→decimal(10+k1,k2),
/// long→decimal(20+k1,k2).
bool IsSupportedTypeWidening(const DataType& from, const DataType& to);

/// Throws DELTA_UNSUPPORTED_TYPE_CHANGE_IN_SCHEMA when a field's
/// delta.typeChanges records a change tarn cannot read.
void CheckTypeChanges(const DeltaSchema& schema);

}  // namespace tarn::delta
