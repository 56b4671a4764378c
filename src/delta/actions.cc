#include "delta/actions.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "delta/json_util.h"
#include "formats/files/file_listing.h"

namespace tarn::delta {

using json::Where;

std::string DeletionVectorDescriptor::UniqueId() const {
  std::string id(1, storage_type);
  id += path_or_inline_dv;
  if (offset) id += "@" + std::to_string(*offset);
  return id;
}

std::string DecodePath(std::string_view uri) { return UnescapePathName(uri); }

RemoveFile RemovalOf(const AddFile& file, int64_t deletion_timestamp) {
  RemoveFile r;
  r.path = file.path;
  r.deletion_timestamp = deletion_timestamp;
  r.data_change = true;
  r.extended_file_metadata = true;
  r.partition_values = file.partition_values;
  r.size = file.size;
  r.stats = file.stats;
  r.tags = file.tags;
  r.deletion_vector = file.deletion_vector;
  r.base_row_id = file.base_row_id;
  r.default_row_commit_version = file.default_row_commit_version;
  return r;
}

std::string EncodePath(std::string_view path) {
  // What java.net.URI leaves unescaped in a path: unreserved characters and
  // the sub-delimiters that Hadoop paths use (/ : = @ etc.).
  static constexpr std::string_view kKeep = "-_.!~*'()/:@&=+$,;";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || kKeep.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

namespace {

using json::Object;

std::optional<DeletionVectorDescriptor> ParseDeletionVector(Object action, const Where& where) {
  auto value = json::Member(action, "deletionVector");
  if (!value) return std::nullopt;
  Object dv = json::AsObject(*value, "deletionVector", where);
  DeletionVectorDescriptor d;
  std::string storage = json::RequiredString(dv, "storageType", where);
  if (storage != "u" && storage != "i" && storage != "p") json::Fail(where, "unknown deletion vector storageType \"" + storage + "\"");
  d.storage_type = storage[0];
  d.path_or_inline_dv = json::RequiredString(dv, "pathOrInlineDv", where);
  if (auto offset = json::OptLong(dv, "offset", where)) d.offset = static_cast<int32_t>(*offset);
  d.size_in_bytes = static_cast<int32_t>(json::RequiredLong(dv, "sizeInBytes", where));
  d.cardinality = json::RequiredLong(dv, "cardinality", where);
  return d;
}

AddFile ParseAdd(Object o, const Where& where) {
  AddFile a;
  a.path = DecodePath(json::RequiredString(o, "path", where));
  a.partition_values = json::NullableStringMapOf(o, "partitionValues", where);
  a.size = json::OptLong(o, "size", where).value_or(0);
  a.modification_time = json::OptLong(o, "modificationTime", where).value_or(0);
  a.data_change = json::OptBool(o, "dataChange", where).value_or(true);
  a.stats = json::OptString(o, "stats", where);
  a.tags = json::StringMapOf(o, "tags", where);
  a.deletion_vector = ParseDeletionVector(o, where);
  a.base_row_id = json::OptLong(o, "baseRowId", where);
  a.default_row_commit_version = json::OptLong(o, "defaultRowCommitVersion", where);
  a.clustering_provider = json::OptString(o, "clusteringProvider", where);
  return a;
}

RemoveFile ParseRemove(Object o, const Where& where) {
  RemoveFile r;
  r.path = DecodePath(json::RequiredString(o, "path", where));
  r.deletion_timestamp = json::OptLong(o, "deletionTimestamp", where);
  r.data_change = json::OptBool(o, "dataChange", where).value_or(true);
  r.extended_file_metadata = json::OptBool(o, "extendedFileMetadata", where);
  if (json::Member(o, "partitionValues")) r.partition_values = json::NullableStringMapOf(o, "partitionValues", where);
  r.size = json::OptLong(o, "size", where);
  r.stats = json::OptString(o, "stats", where);
  r.tags = json::StringMapOf(o, "tags", where);
  r.deletion_vector = ParseDeletionVector(o, where);
  r.base_row_id = json::OptLong(o, "baseRowId", where);
  r.default_row_commit_version = json::OptLong(o, "defaultRowCommitVersion", where);
  return r;
}

Protocol ParseProtocol(Object o, const Where& where) {
  Protocol p;
  p.min_reader_version = static_cast<int32_t>(json::RequiredLong(o, "minReaderVersion", where));
  p.min_writer_version = static_cast<int32_t>(json::RequiredLong(o, "minWriterVersion", where));
  if (json::Member(o, "readerFeatures")) p.reader_features = json::StringListOf(o, "readerFeatures", where);
  if (json::Member(o, "writerFeatures")) p.writer_features = json::StringListOf(o, "writerFeatures", where);
  return p;
}

Metadata ParseMetadata(Object o, const Where& where) {
  Metadata m;
  m.id = json::RequiredString(o, "id", where);
  m.name = json::OptString(o, "name", where);
  m.description = json::OptString(o, "description", where);
  if (auto format = json::Member(o, "format")) {
    Object f = json::AsObject(*format, "format", where);
    m.format.provider = json::OptString(f, "provider", where).value_or("parquet");
    m.format.options = json::StringMapOf(f, "options", where);
  }
  m.schema_string = json::RequiredString(o, "schemaString", where);
  m.partition_columns = json::StringListOf(o, "partitionColumns", where);
  m.created_time = json::OptLong(o, "createdTime", where);
  m.configuration = json::StringMapOf(o, "configuration", where);
  return m;
}

CommitInfo ParseCommitInfo(Object o, const Where& where) {
  CommitInfo c;
  for (auto [key, value] : o) {
    if (key == "timestamp") {
      c.timestamp = json::OptLong(o, key, where);
    } else if (key == "inCommitTimestamp") {
      c.in_commit_timestamp = json::OptLong(o, key, where);
    } else if (key == "operation") {
      c.operation = json::OptString(o, key, where);
    } else if (key == "operationParameters") {
      c.operation_parameters = json::StringMapOf(o, key, where);
    } else if (key == "operationMetrics") {
      c.operation_metrics = json::StringMapOf(o, key, where);
    } else if (key == "readVersion") {
      c.read_version = json::OptLong(o, key, where);
    } else if (key == "isolationLevel") {
      c.isolation_level = json::OptString(o, key, where);
    } else if (key == "isBlindAppend") {
      c.is_blind_append = json::OptBool(o, key, where);
    } else if (key == "engineInfo") {
      c.engine_info = json::OptString(o, key, where);
    } else if (key == "txnId") {
      c.txn_id = json::OptString(o, key, where);
    } else {
      c.extra.emplace_back(std::string(key), json::RawText(value));
    }
  }
  return c;
}

AddCdcFile ParseCdc(Object o, const Where& where) {
  AddCdcFile c;
  c.path = DecodePath(json::RequiredString(o, "path", where));
  c.partition_values = json::NullableStringMapOf(o, "partitionValues", where);
  c.size = json::OptLong(o, "size", where).value_or(0);
  c.data_change = json::OptBool(o, "dataChange", where).value_or(false);
  c.tags = json::StringMapOf(o, "tags", where);
  return c;
}

Txn ParseTxn(Object o, const Where& where) {
  Txn t;
  t.app_id = json::RequiredString(o, "appId", where);
  t.version = json::RequiredLong(o, "version", where);
  t.last_updated = json::OptLong(o, "lastUpdated", where);
  return t;
}

DomainMetadata ParseDomainMetadata(Object o, const Where& where) {
  DomainMetadata d;
  d.domain = json::RequiredString(o, "domain", where);
  d.configuration = json::OptString(o, "configuration", where).value_or("");
  d.removed = json::OptBool(o, "removed", where).value_or(false);
  return d;
}

CheckpointMetadata ParseCheckpointMetadata(Object o, const Where& where) {
  CheckpointMetadata c;
  c.version = json::RequiredLong(o, "version", where);
  c.tags = json::StringMapOf(o, "tags", where);
  return c;
}

Sidecar ParseSidecar(Object o, const Where& where) {
  Sidecar s;
  s.path = DecodePath(json::RequiredString(o, "path", where));
  s.size_in_bytes = json::OptLong(o, "sizeInBytes", where).value_or(0);
  s.modification_time = json::OptLong(o, "modificationTime", where).value_or(0);
  s.tags = json::StringMapOf(o, "tags", where);
  return s;
}

std::optional<Action> ParseActionElement(json::Element element, const Where& where) {
  Object line = json::AsObject(element, "a log line", where);
  for (auto field : line) {
    // (Not a structured binding: clang 14, which builds the fuzzers, cannot capture one in a lambda.)
    auto key = field.key;
    auto value = field.value;
    if (value.is_null()) continue;  // checkpoint-style rows: {"add":null,"remove":{...}}
    auto object = [&] { return json::AsObject(value, key, where); };
    if (key == "add") return ParseAdd(object(), where);
    if (key == "remove") return ParseRemove(object(), where);
    if (key == "metaData") return ParseMetadata(object(), where);
    if (key == "protocol") return ParseProtocol(object(), where);
    if (key == "commitInfo") return ParseCommitInfo(object(), where);
    if (key == "cdc") return ParseCdc(object(), where);
    if (key == "txn") return ParseTxn(object(), where);
    if (key == "domainMetadata") return ParseDomainMetadata(object(), where);
    if (key == "checkpointMetadata") return ParseCheckpointMetadata(object(), where);
    if (key == "sidecar") return ParseSidecar(object(), where);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Action> ParseAction(std::string_view text, const std::string& file, int64_t line) {
  simdjson::dom::parser parser;
  Where where{file, line};
  return ParseActionElement(json::Parse(parser, text, where), where);
}

std::vector<Action> ParseActions(std::string_view text, const std::string& file) {
  std::vector<Action> actions;
  simdjson::dom::parser parser;
  int64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    Where where{file, line_number};
    if (auto action = ParseActionElement(json::Parse(parser, line, where), where)) actions.push_back(std::move(*action));
  }
  return actions;
}

// --- writing ---------------------------------------------------------------------

namespace {

void WriteDeletionVector(json::ObjectWriter& w, const std::optional<DeletionVectorDescriptor>& dv) {
  if (!dv) return;
  std::string text;
  json::ObjectWriter d(&text);
  d.String("storageType", std::string(1, dv->storage_type));
  d.String("pathOrInlineDv", dv->path_or_inline_dv);
  if (dv->offset) d.Long("offset", *dv->offset);
  d.Long("sizeInBytes", dv->size_in_bytes);
  d.Long("cardinality", dv->cardinality);
  d.End();
  w.Raw("deletionVector", text);
}

template <typename Body>
std::string Wrap(std::string_view name, Body body) {
  std::string out;
  json::ObjectWriter outer(&out);
  outer.Key(name);
  json::ObjectWriter inner(&out);
  body(inner);
  inner.End();
  outer.End();
  return out;
}

}  // namespace

std::string ToJson(const Protocol& p) {
  return Wrap("protocol", [&](json::ObjectWriter& w) {
    w.Long("minReaderVersion", p.min_reader_version);
    w.Long("minWriterVersion", p.min_writer_version);
    if (p.reader_features) w.StringList("readerFeatures", *p.reader_features);
    if (p.writer_features) w.StringList("writerFeatures", *p.writer_features);
  });
}

std::string ToJson(const Metadata& m) {
  return Wrap("metaData", [&](json::ObjectWriter& w) {
    w.String("id", m.id);
    if (m.name) w.String("name", *m.name);
    if (m.description) w.String("description", *m.description);
    std::string format;
    json::ObjectWriter f(&format);
    f.String("provider", m.format.provider);
    f.Map("options", m.format.options);
    f.End();
    w.Raw("format", format);
    w.String("schemaString", m.schema_string);
    w.StringList("partitionColumns", m.partition_columns);
    w.Map("configuration", m.configuration);
    if (m.created_time) w.Long("createdTime", *m.created_time);
  });
}

std::string ToJson(const AddFile& a) {
  return Wrap("add", [&](json::ObjectWriter& w) {
    w.String("path", EncodePath(a.path));
    w.NullableMap("partitionValues", a.partition_values);
    w.Long("size", a.size);
    w.Long("modificationTime", a.modification_time);
    w.Bool("dataChange", a.data_change);
    if (a.stats) w.String("stats", *a.stats);
    if (!a.tags.empty()) w.Map("tags", a.tags);
    WriteDeletionVector(w, a.deletion_vector);
    if (a.base_row_id) w.Long("baseRowId", *a.base_row_id);
    if (a.default_row_commit_version) w.Long("defaultRowCommitVersion", *a.default_row_commit_version);
    if (a.clustering_provider) w.String("clusteringProvider", *a.clustering_provider);
  });
}

std::string ToJson(const RemoveFile& r) {
  return Wrap("remove", [&](json::ObjectWriter& w) {
    w.String("path", EncodePath(r.path));
    if (r.deletion_timestamp) w.Long("deletionTimestamp", *r.deletion_timestamp);
    w.Bool("dataChange", r.data_change);
    if (r.extended_file_metadata) w.Bool("extendedFileMetadata", *r.extended_file_metadata);
    if (r.partition_values) w.NullableMap("partitionValues", *r.partition_values);
    if (r.size) w.Long("size", *r.size);
    if (r.stats) w.String("stats", *r.stats);
    if (!r.tags.empty()) w.Map("tags", r.tags);
    WriteDeletionVector(w, r.deletion_vector);
    if (r.base_row_id) w.Long("baseRowId", *r.base_row_id);
    if (r.default_row_commit_version) w.Long("defaultRowCommitVersion", *r.default_row_commit_version);
  });
}

std::string ToJson(const AddCdcFile& c) {
  return Wrap("cdc", [&](json::ObjectWriter& w) {
    w.String("path", EncodePath(c.path));
    w.NullableMap("partitionValues", c.partition_values);
    w.Long("size", c.size);
    w.Bool("dataChange", c.data_change);
    if (!c.tags.empty()) w.Map("tags", c.tags);
  });
}

std::string ToJson(const CommitInfo& c) {
  return Wrap("commitInfo", [&](json::ObjectWriter& w) {
    // inCommitTimestamp first: the protocol wants commitInfo first in the file,
    // and readers looking for it read as little as possible.
    if (c.in_commit_timestamp) w.Long("inCommitTimestamp", *c.in_commit_timestamp);
    if (c.timestamp) w.Long("timestamp", *c.timestamp);
    if (c.operation) w.String("operation", *c.operation);
    if (c.operation || !c.operation_parameters.empty()) w.Map("operationParameters", c.operation_parameters);
    if (c.read_version) w.Long("readVersion", *c.read_version);
    if (c.isolation_level) w.String("isolationLevel", *c.isolation_level);
    if (c.is_blind_append) w.Bool("isBlindAppend", *c.is_blind_append);
    if (!c.operation_metrics.empty()) w.Map("operationMetrics", c.operation_metrics);
    if (c.engine_info) w.String("engineInfo", *c.engine_info);
    if (c.txn_id) w.String("txnId", *c.txn_id);
    for (const auto& [key, raw] : c.extra) w.Raw(key, raw);
  });
}

std::string ToJson(const Txn& t) {
  return Wrap("txn", [&](json::ObjectWriter& w) {
    w.String("appId", t.app_id);
    w.Long("version", t.version);
    if (t.last_updated) w.Long("lastUpdated", *t.last_updated);
  });
}

std::string ToJson(const DomainMetadata& d) {
  return Wrap("domainMetadata", [&](json::ObjectWriter& w) {
    w.String("domain", d.domain);
    w.String("configuration", d.configuration);
    w.Bool("removed", d.removed);
  });
}

std::string ToJson(const CheckpointMetadata& c) {
  return Wrap("checkpointMetadata", [&](json::ObjectWriter& w) {
    w.Long("version", c.version);
    if (!c.tags.empty()) w.Map("tags", c.tags);
  });
}

std::string ToJson(const Sidecar& s) {
  return Wrap("sidecar", [&](json::ObjectWriter& w) {
    w.String("path", EncodePath(s.path));
    w.Long("sizeInBytes", s.size_in_bytes);
    w.Long("modificationTime", s.modification_time);
    if (!s.tags.empty()) w.Map("tags", s.tags);
  });
}

std::string ToJson(const Action& action) {
  return std::visit([](const auto& a) { return ToJson(a); }, action);
}

}  // namespace tarn::delta
