// Delta log actions (PROTOCOL.md "Actions"): the records of a commit file
// (`_delta_log/<v>.json`, one JSON object per line) and of a checkpoint.
//
// The structs hold what the protocol defines, typed, with optional fields as
// std::optional so that a writer can build them and ToJson() writes back only
// what is set. Paths (add/remove/cdc/sidecar) are kept URI-decoded; ToJson
// encodes them again. Unknown actions and unknown fields are ignored when
// reading, as the protocol requires.
//
// Parsing throws tarn::Error: FAILED_READ_FILE.FILE_CORRUPTED naming the log
// file and line for malformed JSON or actions missing required fields.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tarn::delta {

using StringMap = std::map<std::string, std::string>;
/// Partition values: a JSON null (or a missing key) is a NULL partition value.
using PartitionValues = std::map<std::string, std::optional<std::string>>;

struct Protocol {
  int32_t min_reader_version = 1;
  int32_t min_writer_version = 2;
  /// Present only with reader version 3 / writer version 7.
  std::optional<std::vector<std::string>> reader_features;
  std::optional<std::vector<std::string>> writer_features;
};

struct Format {
  std::string provider = "parquet";
  StringMap options;
};

struct Metadata {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  Format format;
  std::string schema_string;  ///< the Delta JSON schema (see schema.h)
  std::vector<std::string> partition_columns;
  std::optional<int64_t> created_time;
  StringMap configuration;
};

/// PROTOCOL.md "Deletion Vector Descriptor Schema".
struct DeletionVectorDescriptor {
  char storage_type = 'u';  ///< 'u' relative uuid, 'i' inline, 'p' absolute path
  std::string path_or_inline_dv;
  std::optional<int32_t> offset;
  int32_t size_in_bytes = 0;
  int64_t cardinality = 0;

  /// `<storageType><pathOrInlineDv>[@<offset>]`: tells DVs of one data file apart.
  std::string UniqueId() const;
  bool operator==(const DeletionVectorDescriptor&) const = default;
};

struct AddFile {
  std::string path;  ///< URI-decoded
  PartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;
  bool data_change = true;
  std::optional<std::string> stats;  ///< JSON text (see stats.h)
  StringMap tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;
  std::optional<std::string> clustering_provider;
  /// Checkpoints only: the `stats_parsed` struct, already converted to the
  /// JSON stats form (so one stats parser serves both; see stats.h).
  std::optional<std::string> stats_from_checkpoint;
};

struct RemoveFile {
  std::string path;  ///< URI-decoded
  std::optional<int64_t> deletion_timestamp;
  bool data_change = true;
  std::optional<bool> extended_file_metadata = {};
  std::optional<PartitionValues> partition_values = {};
  std::optional<int64_t> size = {};
  std::optional<std::string> stats = {};
  StringMap tags = {};
  std::optional<DeletionVectorDescriptor> deletion_vector = {};
  std::optional<int64_t> base_row_id = {};
  std::optional<int64_t> default_row_commit_version = {};
};

/// `cdc`: a change data file of this version.
struct AddCdcFile {
  std::string path;  ///< URI-decoded
  PartitionValues partition_values;
  int64_t size = 0;
  bool data_change = false;
  StringMap tags;
};

/// `commitInfo`: free-form provenance. The fields tarn reads or writes are
/// typed; `extra` keeps the other members as raw JSON (name → value text) so
/// a read-modify-write keeps them.
struct CommitInfo {
  std::optional<int64_t> timestamp;
  std::optional<int64_t> in_commit_timestamp;
  std::optional<std::string> operation;
  StringMap operation_parameters;  ///< values are JSON-encoded strings in Spark's logs
  StringMap operation_metrics;
  std::optional<int64_t> read_version;
  std::optional<std::string> isolation_level;
  std::optional<bool> is_blind_append;
  std::optional<std::string> engine_info;
  std::optional<std::string> txn_id;
  std::vector<std::pair<std::string, std::string>> extra;
};

/// `txn`: an application's transaction version (idempotent writes).
struct Txn {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;
};

struct DomainMetadata {
  std::string domain;
  std::string configuration;
  bool removed = false;
};

/// V2 checkpoints only.
struct CheckpointMetadata {
  int64_t version = 0;
  StringMap tags;
};

/// V2 checkpoints only: a file of add/remove actions in `_delta_log/_sidecars/`.
struct Sidecar {
  std::string path;  ///< URI-decoded; usually a bare file name
  int64_t size_in_bytes = 0;
  int64_t modification_time = 0;
  StringMap tags;
};

using Action = std::variant<Protocol, Metadata, AddFile, RemoveFile, AddCdcFile, CommitInfo, Txn, DomainMetadata,
                            CheckpointMetadata, Sidecar>;

/// Parses one log line. Returns nullopt for an action type this reader does
/// not know (the protocol says to ignore them). `file` and `line` name the
/// place in errors.
std::optional<Action> ParseAction(std::string_view json, const std::string& file, int64_t line);

/// Parses a whole newline-delimited JSON log file (commit, compaction or
/// JSON checkpoint); blank lines are skipped.
std::vector<Action> ParseActions(std::string_view text, const std::string& file);

/// One line of JSON (no newline): {"add":{...}}.
std::string ToJson(const Action& action);
std::string ToJson(const Protocol& protocol);
std::string ToJson(const Metadata& metadata);
std::string ToJson(const AddFile& add);
std::string ToJson(const RemoveFile& remove);
std::string ToJson(const AddCdcFile& cdc);
std::string ToJson(const CommitInfo& commit_info);
std::string ToJson(const Txn& txn);
std::string ToJson(const DomainMetadata& domain_metadata);
std::string ToJson(const CheckpointMetadata& checkpoint_metadata);
std::string ToJson(const Sidecar& sidecar);

/// Percent-decoding of an action path (RFC 2396 escapes). Malformed escapes
/// are kept as written.
std::string DecodePath(std::string_view uri);

/// The remove action that retires `file` as a logical delete (dataChange),
/// carrying its partition values, size, stats, DV and row ids.
RemoveFile RemovalOf(const AddFile& file, int64_t deletion_timestamp);
/// The inverse for writing: escapes characters a URI path may not hold.
std::string EncodePath(std::string_view path);

}  // namespace tarn::delta
