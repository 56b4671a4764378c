// Column mapping on the write side (PROTOCOL.md "Column Mapping"): giving
// fields their ids and physical names, for new tables, new columns and
// tables that turn column mapping on later.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "delta/actions.h"
#include "delta/table_features.h"
#include "delta/schema.h"

namespace tarn::delta {

inline constexpr const char* kColumnMappingModeKey = "delta.columnMapping.mode";
inline constexpr const char* kColumnMappingMaxIdKey = "delta.columnMapping.maxColumnId";

/// The `delta.columnMapping.mode` a table configuration asks for ("none" when unset), lower-case.
std::string ColumnMappingModeOf(const std::map<std::string, std::string>& configuration);

/// `delta.columnMapping.maxColumnId` of a configuration (0 when unset).
int64_t MaxColumnId(const std::map<std::string, std::string>& configuration);

/// Gives a new field and every field nested in it the next ids and a fresh
/// physical name `col-<uuid>` (new tables, added columns: a re-added name
/// never reads an old column's data).
void AssignColumnMapping(DeltaField& field, int64_t* max_id);

/// Turns column mapping on for an existing schema: every field (nested ones
/// too) gets the next id and keeps its current name as physical name, so
/// existing data files stay readable.
void EnableColumnMapping(DeltaSchema& schema, int64_t* max_id);

/// What a change of table properties from `before` to `after` implies
/// (ALTER TABLE SET / UNSET TBLPROPERTIES): turning delta.columnMapping.mode
/// from none to name assigns ids and physical names (= the current names) to
/// every field, sets maxColumnId and adds the columnMapping feature; any other
/// mode change throws DELTA_UNSUPPORTED_COLUMN_MAPPING_MODE_CHANGE.
/// delta.enableTypeWidening = true adds the typeWidening feature.
void ApplyPropertyChange(const Metadata& before, Metadata& after, Protocol& protocol);

/// True when any field of the schema carries column mapping metadata.
bool HasColumnMappingMetadata(const DeltaSchema& schema);

}  // namespace tarn::delta
