#include "delta/clustering.h"

#include <algorithm>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "delta/json_util.h"
#include "delta/snapshot.h"
#include "delta/write_util.h"

namespace tarn::delta {
namespace {

constexpr size_t kMaxClusteringColumns = 4;  // Delta's CLUSTER BY limit

std::vector<std::string> SplitDots(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot = text.find('.');; dot = text.find('.', start)) {
    parts.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::string SchemaText(const DeltaSchema& schema) {
  std::string out = "root";
  for (const DeltaField& f : schema.fields) out += "\n |-- " + f.name + ": " + f.type.type.ToString();
  return out;
}

// The field at a dotted logical path (case-insensitive), with the physical
// names along the way; null when absent.
const DeltaField* FindField(const DeltaSchema& schema, const std::string& dotted, std::vector<std::string>* physical,
                            std::string* spelled) {
  std::vector<std::string> parts = SplitDots(dotted);
  const std::vector<DeltaField>* fields = &schema.fields;
  const DeltaField* found = nullptr;
  for (const std::string& part : parts) {
    found = nullptr;
    for (const DeltaField& f : *fields) {
      if (EqualsIgnoreCase(f.name, part)) found = &f;
    }
    if (!found) return nullptr;
    physical->push_back(found->physical_name.empty() ? found->name : found->physical_name);
    *spelled += (spelled->empty() ? "" : ".") + found->name;
    fields = &found->type.fields;
  }
  return found;
}

// Types Delta collects min/max statistics for (data skipping), the only ones it clusters by.
bool SupportsSkipping(const DataType& type) {
  if (type.is_numeric()) return true;
  switch (type.id()) {
    case TypeId::kString:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: return true;
    default: return false;
  }
}

}  // namespace

std::optional<std::vector<std::string>> ClusteringColumnsOf(const std::map<std::string, DomainMetadata>& domains,
                                                            const DeltaSchema& schema) {
  auto it = domains.find(kClusteringDomain);
  if (it == domains.end()) return std::nullopt;
  simdjson::dom::parser parser;
  const std::string file = "domainMetadata delta.clustering";
  json::Where where{file, 0};
  json::Object config = json::AsObject(json::Parse(parser, it->second.configuration, where), "configuration", where);
  std::vector<std::string> out;
  if (auto columns = json::Member(config, "clusteringColumns")) {
    simdjson::dom::array list;
    if (columns->get(list) != simdjson::SUCCESS) json::Fail(where, "clusteringColumns is not an array");
    for (json::Element path : list) {
      simdjson::dom::array parts;
      if (path.get(parts) != simdjson::SUCCESS) json::Fail(where, "a clustering column is not an array");
      // Physical path → logical dotted name.
      const std::vector<DeltaField>* fields = &schema.fields;
      std::string logical;
      for (json::Element part : parts) {
        std::string_view name;
        if (part.get(name) != simdjson::SUCCESS) json::Fail(where, "a clustering column part is not a string");
        const DeltaField* match = nullptr;
        for (const DeltaField& f : *fields) {
          if (f.physical_name == name || (f.physical_name.empty() && f.name == name)) match = &f;
        }
        if (!match) {
          logical += (logical.empty() ? "" : ".") + std::string(name);
          continue;
        }
        logical += (logical.empty() ? "" : ".") + match->name;
        fields = &match->type.fields;
      }
      out.push_back(std::move(logical));
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> ClusteringColumns(const Snapshot& snapshot) {
  return ClusteringColumnsOf(snapshot.domain_metadata(), snapshot.schema());
}

std::vector<std::string> ValidateClusteringColumns(const std::vector<std::string>& columns, const DeltaSchema& schema) {
  if (columns.size() > kMaxClusteringColumns) {
    ThrowError(ErrorClass::kDeltaClusterByInvalidNumColumns,
               {{"numColumnsLimit", std::to_string(kMaxClusteringColumns)}, {"actualNumColumns", std::to_string(columns.size())}});
  }
  std::vector<std::string> out;
  std::string unsupported;
  std::set<std::string> seen;
  for (const std::string& c : columns) {
    std::vector<std::string> physical;
    std::string spelled;
    const DeltaField* field = FindField(schema, c, &physical, &spelled);
    if (!field) {
      ThrowError(ErrorClass::kDeltaColumnNotFoundInSchema, {{"columnName", c}, {"tableSchema", SchemaText(schema)}});
    }
    if (!seen.insert(AsciiLower(spelled)).second) {
      ThrowError(ErrorClass::kDeltaDuplicateColumnsFound, {{"duplicateCols", "`" + spelled + "`"}});
    }
    if (!SupportsSkipping(field->type.type)) {
      unsupported += (unsupported.empty() ? "" : ", ") + spelled + " : " + field->type.type.ToString();
    }
    out.push_back(spelled);
  }
  if (!unsupported.empty()) {
    ThrowError(ErrorClass::kDeltaClusteringColumnsDatatypeNotSupported, {{"columnsWithDataTypes", unsupported}});
  }
  return out;
}

DomainMetadata ClusteringDomain(const std::vector<std::string>& columns, const DeltaSchema& schema) {
  std::string list = "[";
  for (size_t i = 0; i < columns.size(); ++i) {
    std::vector<std::string> physical;
    std::string spelled;
    FindField(schema, columns[i], &physical, &spelled);
    list += i ? ",[" : "[";
    for (size_t p = 0; p < physical.size(); ++p) list += (p ? "," : "") + JsonQuote(physical[p]);
    list += "]";
  }
  list += "]";
  DomainMetadata domain;
  domain.domain = kClusteringDomain;
  domain.configuration = "{\"clusteringColumns\":" + list + "}";
  return domain;
}

Protocol WithWriterFeatures(Protocol protocol, const std::vector<std::string>& features) {
  if (protocol.min_writer_version < 7) {
    // The features a legacy writer version implies (PROTOCOL.md "Table Features").
    std::vector<std::string> implied;
    const int v = protocol.min_writer_version;
    if (v >= 2) implied = {"appendOnly", "invariants"};
    if (v >= 3) implied.push_back("checkConstraints");
    if (v >= 4) {
      implied.push_back("changeDataFeed");
      implied.push_back("generatedColumns");
    }
    if (v >= 5) implied.push_back("columnMapping");
    if (v >= 6) implied.push_back("identityColumns");
    protocol.min_writer_version = 7;
    protocol.writer_features = implied;
  }
  if (!protocol.writer_features) protocol.writer_features.emplace();
  for (const std::string& f : features) {
    if (std::find(protocol.writer_features->begin(), protocol.writer_features->end(), f) == protocol.writer_features->end()) {
      protocol.writer_features->push_back(f);
    }
  }
  return protocol;
}

}  // namespace tarn::delta
