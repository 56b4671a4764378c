#include "session/delta_statement_util.h"

#include <algorithm>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "delta/checkpoint_writer.h"
#include "delta/table_features.h"
#include "delta/write_util.h"

namespace tarn {

std::string QuoteName(std::string_view name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

std::string SqlString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + delta::JsonQuote(items[i]);
  return out + "]";
}

std::string JsonObject(const std::map<std::string, std::string>& items) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : items) {
    out += (first ? "" : ",") + delta::JsonQuote(k) + ":" + delta::JsonQuote(v);
    first = false;
  }
  return out + "}";
}


// The writer features tarn honours when it writes to a table.
void CheckWriteSupported(const delta::Snapshot& snapshot, const std::string& table, bool computes_generated_columns) {
  const delta::Protocol& p = snapshot.protocol();
  static const std::set<std::string> kSupported = {
      "appendOnly",   "invariants",   "checkConstraints",  "changeDataFeed", "columnMapping",
      "timestampNtz", "domainMetadata", "clustering", "vacuumProtocolCheck", "deletionVectors", "typeWidening",
      "typeWidening-preview", "generatedColumns", "identityColumns"};
  std::vector<std::string> unsupported;
  if (p.min_writer_version > delta::kMaxWriterVersion) unsupported.push_back("writerVersion" + std::to_string(p.min_writer_version));
  if (p.writer_features) {
    for (const std::string& f : *p.writer_features) {
      if (!kSupported.count(f)) unsupported.push_back(f);
    }
  }
  // Generated and identity columns need their values computed (the features
  // alone, implied by legacy writer versions 4 and 6, need nothing).
  const std::string& schema = snapshot.metadata().schema_string;
  if (!computes_generated_columns) {
    if (schema.find("delta.generationExpression") != std::string::npos) unsupported.push_back("generatedColumns");
    if (schema.find("delta.identity.") != std::string::npos) unsupported.push_back("identityColumns");
  }
  if (!unsupported.empty()) {
    std::string list;
    for (const std::string& f : unsupported) list += (list.empty() ? "" : ", ") + f;
    ThrowError(ErrorClass::kDeltaUnsupportedFeaturesForWrite,
               {{"tableNameOrPath", table}, {"deltaVersion", delta::EngineInfo()}, {"unsupported", list}});
  }
}


// The schema written to the log for a tarn schema (column comments kept as field metadata).
delta::DeltaSchema ToDeltaSchema(const Schema& schema) {
  delta::DeltaSchema out = delta::FromSchema(schema);
  for (size_t i = 0; i < schema.size(); ++i) {
    if (!schema[i].comment.empty()) out.fields[i].metadata_json = "{\"comment\":" + delta::JsonQuote(schema[i].comment) + "}";
  }
  return out;
}

SourceView::SourceView(std::map<std::string, plan::PlanPtr>& views, plan::PlanPtr source) : views_(views) {
  views_[kSourceView] = std::move(source);
}

SourceView::~SourceView() { views_.erase(kSourceView); }

int64_t CommitWithHooks(const std::shared_ptr<FileSystem>& fs, delta::Transaction& txn) {
  const delta::CommitResult result = txn.Commit();
  if (!result.skipped) {
    // The commit is durable; a failed checkpoint only costs read time later.
    (void)delta::RunPostCommitHooks(fs, txn.table_path(), result.version, txn.metadata(), delta::SystemNowMs());
  }
  return result.version;
}

int FindColumn(const Schema& schema, const std::string& name) {
  for (size_t i = 0; i < schema.size(); ++i) {
    if (EqualsIgnoreCase(schema[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

std::optional<DataType> MergeStructFields(const DataType& table, const DataType& source) {
  if (table.id() != TypeId::kStruct || source.id() != TypeId::kStruct) return std::nullopt;
  std::vector<Field> fields = table.fields();
  bool grew = false;
  for (const Field& s : source.fields()) {
    const int i = FindColumn(fields, s.name);
    if (i < 0) {
      fields.push_back({s.name, s.type, true, ""});
      grew = true;
    } else if (auto merged = MergeStructFields(fields[i].type, s.type)) {
      fields[i].type = *merged;
      grew = true;
    }
  }
  if (!grew) return std::nullopt;
  return DataType::Struct(std::move(fields));
}

void GrowDeltaField(delta::DeltaField& field, const DataType& merged) {
  if (merged.id() != TypeId::kStruct) return;
  std::vector<delta::DeltaField>& have = field.type.fields;
  for (const Field& f : merged.fields()) {
    auto it = std::find_if(have.begin(), have.end(),
                           [&](const delta::DeltaField& d) { return EqualsIgnoreCase(d.name, f.name); });
    if (it == have.end()) {
      have.push_back(delta::FromSchema({f}).fields[0]);
    } else {
      GrowDeltaField(*it, f.type);
    }
  }
  delta::RefreshType(field.type);
}

std::string StructByName(const std::string& expr, const DataType& from, const DataType& to) {
  if (from.id() != TypeId::kStruct || to.id() != TypeId::kStruct) return "CAST(" + expr + " AS " + to.ToSql() + ")";
  std::string args;
  for (const Field& f : to.fields()) {
    const int i = FindColumn(from.fields(), f.name);
    const std::string value = i < 0 ? "CAST(NULL AS " + f.type.ToSql() + ")"
                                    : StructByName("(" + expr + ")." + QuoteName(from.fields()[i].name),
                                                   from.fields()[i].type, f.type);
    args += (args.empty() ? "" : ", ") + SqlString(f.name) + ", " + value;
  }
  // The cast settles the fields' nullability to the target's.
  return "CAST(IF((" + expr + ") IS NULL, NULL, named_struct(" + args + ")) AS " + to.ToSql() + ")";
}

}  // namespace tarn
