#include "delta/table_features.h"

#include <algorithm>
#include <vector>

#include "common/error.h"
#include "common/version.h"

namespace tarn::delta {
namespace {

constexpr std::string_view kSupportedReaderFeatures[] = {
    "columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint",
    "typeWidening",  "typeWidening-preview", "vacuumProtocolCheck",
};

bool Contains(const std::optional<std::vector<std::string>>& list, std::string_view name) {
  return list && std::find(list->begin(), list->end(), name) != list->end();
}

/// Writer features implied by a legacy writer version (before table features).
int LegacyWriterVersionOf(std::string_view feature) {
  if (feature == "appendOnly" || feature == "invariants") return 2;
  if (feature == "checkConstraints") return 3;
  if (feature == "changeDataFeed" || feature == "generatedColumns") return 4;
  if (feature == "columnMapping") return 5;
  if (feature == "identityColumns") return 6;
  return 0;  // only as a table feature
}

}  // namespace

void CheckReadSupported(const Protocol& protocol, const std::string& table) {
  if (protocol.min_reader_version < 1 || protocol.min_reader_version > kMaxReaderVersion) {
    ThrowError(ErrorClass::kDeltaInvalidProtocolVersion,
               {{"tableNameOrPath", table},
                {"readerRequired", std::to_string(protocol.min_reader_version)},
                {"writerRequired", std::to_string(protocol.min_writer_version)},
                {"deltaVersion", std::string("tarn ") + kVersion},
                {"supportedReaders", "[1, 2, 3]"},
                {"supportedWriters", "[1, 2, 3, 4, 5, 6, 7]"}});
  }
  if (protocol.min_reader_version < 3 || !protocol.reader_features) return;
  std::string unsupported;
  for (const std::string& feature : *protocol.reader_features) {
    bool known = std::find(std::begin(kSupportedReaderFeatures), std::end(kSupportedReaderFeatures), feature) !=
                 std::end(kSupportedReaderFeatures);
    if (!known) unsupported += (unsupported.empty() ? "" : ", ") + feature;
  }
  if (!unsupported.empty()) {
    ThrowError(ErrorClass::kDeltaUnsupportedFeaturesForRead,
               {{"tableNameOrPath", table}, {"deltaVersion", std::string("tarn ") + kVersion}, {"unsupported", unsupported}});
  }
}

bool HasReaderFeature(const Protocol& protocol, std::string_view feature) {
  if (protocol.min_reader_version >= 3) return Contains(protocol.reader_features, feature);
  return feature == "columnMapping" && protocol.min_reader_version == 2;
}

bool HasWriterFeature(const Protocol& protocol, std::string_view feature) {
  if (protocol.min_writer_version >= 7) return Contains(protocol.writer_features, feature);
  int legacy = LegacyWriterVersionOf(feature);
  return legacy > 0 && protocol.min_writer_version >= legacy;
}

namespace {

bool IsReaderWriterFeature(std::string_view feature) {
  return std::find(std::begin(kSupportedReaderFeatures), std::end(kSupportedReaderFeatures), feature) !=
         std::end(kSupportedReaderFeatures);
}

void AddUnique(std::optional<std::vector<std::string>>& list, std::string_view name) {
  if (!list) list.emplace();
  if (std::find(list->begin(), list->end(), name) == list->end()) list->emplace_back(name);
}

}  // namespace

Protocol WithFeature(const Protocol& protocol, std::string_view feature) {
  const bool reader = IsReaderWriterFeature(feature);
  if (HasWriterFeature(protocol, feature) && (!reader || HasReaderFeature(protocol, feature))) return protocol;
  Protocol out = protocol;
  const int legacy = LegacyWriterVersionOf(feature);
  if (protocol.min_writer_version < 7 && legacy > 0) {
    out.min_writer_version = std::max(protocol.min_writer_version, legacy);
    if (feature == "columnMapping") out.min_reader_version = std::max(protocol.min_reader_version, 2);
    return out;
  }
  if (protocol.min_writer_version < 7) {
    // Legacy → table features: list what the old versions implied.
    out.min_writer_version = 7;
    out.writer_features.emplace();
    for (std::string_view f : {"appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns",
                               "columnMapping", "identityColumns"}) {
      if (LegacyWriterVersionOf(f) <= protocol.min_writer_version) AddUnique(out.writer_features, f);
    }
  }
  AddUnique(out.writer_features, feature);
  if (reader) {
    if (out.min_reader_version < 3) {
      const bool mapped = out.min_reader_version == 2;
      out.min_reader_version = 3;
      out.reader_features.emplace();
      if (mapped) AddUnique(out.reader_features, "columnMapping");
    }
    AddUnique(out.reader_features, feature);
  }
  return out;
}

ColumnMappingMode GetColumnMappingMode(const Protocol& protocol, const Metadata& metadata) {
  if (!HasReaderFeature(protocol, "columnMapping")) return ColumnMappingMode::kNone;
  auto it = metadata.configuration.find("delta.columnMapping.mode");
  if (it == metadata.configuration.end()) return ColumnMappingMode::kNone;
  if (it->second == "name") return ColumnMappingMode::kName;
  if (it->second == "id") return ColumnMappingMode::kId;
  return ColumnMappingMode::kNone;
}

namespace {

int IntegralRank(TypeId id) {
  switch (id) {
    case TypeId::kByte: return 1;
    case TypeId::kShort: return 2;
    case TypeId::kInt: return 3;
    case TypeId::kLong: return 4;
    default: return 0;
  }
}

void CheckFields(const std::vector<DeltaField>& fields, const std::string& prefix);

void CheckType(const DeltaType& type, const std::string& prefix) {
  CheckFields(type.fields, prefix);
  for (const DeltaType& child : type.children) CheckType(child, prefix);
}

void CheckFields(const std::vector<DeltaField>& fields, const std::string& prefix) {
  for (const DeltaField& field : fields) {
    std::string name = prefix.empty() ? field.name : prefix + "." + field.name;
    for (const TypeChange& change : field.type_changes) {
      auto from = ParsePrimitiveTypeName(change.from_type);
      auto to = ParsePrimitiveTypeName(change.to_type);
      if (!from || !to || !IsSupportedTypeWidening(*from, *to)) {
        ThrowError(ErrorClass::kDeltaUnsupportedTypeChangeInSchema,
                   {{"fieldName", name + (change.field_path.empty() ? "" : "." + change.field_path)},
                    {"fromType", change.from_type},
                    {"toType", change.to_type}});
      }
    }
    CheckType(field.type, name);
  }
}

}  // namespace

bool IsSupportedTypeWidening(const DataType& from, const DataType& to) {
  const int from_rank = IntegralRank(from.id());
  const int to_rank = IntegralRank(to.id());
  if (from_rank > 0 && to_rank > 0) return from_rank < to_rank;
  if (to.id() == TypeId::kDouble) return (from_rank > 0 && from_rank < 4) || from.id() == TypeId::kFloat;
  if (from.id() == TypeId::kDate) return to.id() == TypeId::kTimestampNtz;
  if (to.id() != TypeId::kDecimal) return false;
  if (from.id() == TypeId::kDecimal) {
    int k1 = to.precision() - from.precision();
    int k2 = to.scale() - from.scale();
    return k1 >= k2 && k2 >= 0;
  }
  if (from_rank > 0) return to.precision() - to.scale() >= (from_rank == 4 ? 20 : 10);
  return false;
}

void CheckTypeChanges(const DeltaSchema& schema) { CheckFields(schema.fields, ""); }

}  // namespace tarn::delta
