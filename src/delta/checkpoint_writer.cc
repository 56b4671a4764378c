#include "delta/checkpoint_writer.h"

#include <cctype>
#include <cstdio>

#include "common/error.h"
#include "common/memory_file_system.h"
#include "common/strings.h"
#include "delta/write_util.h"
#include "formats/json/json_reader.h"
#include "formats/parquet/writer.h"

namespace tarn::delta {
namespace {

DataType StringMapType() { return DataType::Map(DataType::String(), DataType::String()); }

DataType DeletionVectorType() {
  return DataType::Struct({{"storageType", DataType::String()},
                           {"pathOrInlineDv", DataType::String()},
                           {"offset", DataType::Int()},
                           {"sizeInBytes", DataType::Int()},
                           {"cardinality", DataType::Long()}});
}

// Spark's classic checkpoint schema (Checkpoints.scala / SingleAction).
Schema CheckpointSchema() {
  Schema s;
  s.push_back({"txn", DataType::Struct({{"appId", DataType::String()},
                                        {"version", DataType::Long()},
                                        {"lastUpdated", DataType::Long()}})});
  s.push_back({"add", DataType::Struct({{"path", DataType::String()},
                                        {"partitionValues", StringMapType()},
                                        {"size", DataType::Long()},
                                        {"modificationTime", DataType::Long()},
                                        {"dataChange", DataType::Boolean()},
                                        {"stats", DataType::String()},
                                        {"tags", StringMapType()},
                                        {"deletionVector", DeletionVectorType()},
                                        {"baseRowId", DataType::Long()},
                                        {"defaultRowCommitVersion", DataType::Long()},
                                        {"clusteringProvider", DataType::String()}})});
  s.push_back({"remove", DataType::Struct({{"path", DataType::String()},
                                           {"deletionTimestamp", DataType::Long()},
                                           {"dataChange", DataType::Boolean()},
                                           {"extendedFileMetadata", DataType::Boolean()},
                                           {"partitionValues", StringMapType()},
                                           {"size", DataType::Long()},
                                           {"tags", StringMapType()},
                                           {"deletionVector", DeletionVectorType()},
                                           {"baseRowId", DataType::Long()},
                                           {"defaultRowCommitVersion", DataType::Long()}})});
  s.push_back({"metaData", DataType::Struct({{"id", DataType::String()},
                                             {"name", DataType::String()},
                                             {"description", DataType::String()},
                                             {"format", DataType::Struct({{"provider", DataType::String()},
                                                                          {"options", StringMapType()}})},
                                             {"schemaString", DataType::String()},
                                             {"partitionColumns", DataType::Array(DataType::String())},
                                             {"configuration", StringMapType()},
                                             {"createdTime", DataType::Long()}})});
  s.push_back({"protocol", DataType::Struct({{"minReaderVersion", DataType::Int()},
                                             {"minWriterVersion", DataType::Int()},
                                             {"readerFeatures", DataType::Array(DataType::String())},
                                             {"writerFeatures", DataType::Array(DataType::String())}})});
  s.push_back({"domainMetadata", DataType::Struct({{"domain", DataType::String()},
                                                   {"configuration", DataType::String()},
                                                   {"removed", DataType::Boolean()}})});
  return s;
}

std::string CheckpointPath(const std::string& log_path, int64_t version) {
  char name[48];
  std::snprintf(name, sizeof(name), "%020lld.checkpoint.parquet", static_cast<long long>(version));
  return log_path + "/" + name;
}

int64_t ConfigInterval(const Snapshot& snapshot, const char* key, int64_t fallback_ms) {
  const std::string text = snapshot.Config(key);
  if (text.empty()) return fallback_ms;
  return ParseIntervalMs(text).value_or(fallback_ms);
}

// The version of a log file name (commit, checkpoint, crc), or -1.
int64_t LogFileVersion(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  if (name.size() < 21 || name[20] != '.') return -1;
  for (size_t i = 0; i < 20; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return -1;
  }
  const std::string rest = name.substr(21);
  if (rest != "json" && rest != "crc" && rest.rfind("checkpoint.", 0) != 0) return -1;
  return std::stoll(name.substr(0, 20));
}

}  // namespace

std::optional<int64_t> ParseIntervalMs(std::string_view text) {
  std::string s = AsciiLower(std::string(text));
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  skip_spaces();
  if (s.compare(i, 8, "interval") == 0) i += 8;
  skip_spaces();
  size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (digits == i || i - digits > 12) return std::nullopt;
  const int64_t n = std::stoll(s.substr(digits, i - digits));
  skip_spaces();
  std::string unit = s.substr(i);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  if (!unit.empty() && unit.back() == 's') unit.pop_back();
  int64_t ms = 0;
  if (unit == "millisecond") ms = 1;
  else if (unit == "second") ms = 1000;
  else if (unit == "minute") ms = 60'000;
  else if (unit == "hour") ms = 3'600'000;
  else if (unit == "day") ms = 86'400'000;
  else if (unit == "week") ms = 7 * int64_t{86'400'000};
  else return std::nullopt;
  return n * ms;
}

int64_t CheckpointInterval(const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.checkpointInterval");
  if (it == metadata.configuration.end()) return 10;
  const std::string& text = it->second;
  try {
    const int64_t n = std::stoll(text);
    return n > 0 ? n : 10;
  } catch (...) {
    return 10;
  }
}

CheckpointResult WriteCheckpoint(const Snapshot& snapshot, int64_t now_ms) {
  CheckpointResult result;
  result.version = snapshot.version();
  const int64_t tombstone_cutoff =
      now_ms - ConfigInterval(snapshot, "delta.deletedFileRetentionDuration", 7 * int64_t{86'400'000});

  // The actions as JSON lines, read back with the checkpoint schema.
  std::string lines = ToJson(snapshot.protocol()) + "\n" + ToJson(snapshot.metadata()) + "\n";
  result.num_actions = 2;
  for (const auto& [app, txn] : snapshot.txns()) {
    lines += ToJson(txn) + "\n";
    ++result.num_actions;
  }
  for (const auto& [domain, metadata] : snapshot.domain_metadata()) {
    lines += ToJson(metadata) + "\n";
    ++result.num_actions;
  }
  for (const RemoveFile& r : snapshot.tombstones()) {
    if (r.deletion_timestamp.value_or(0) <= tombstone_cutoff) continue;
    lines += ToJson(r) + "\n";
    ++result.num_actions;
  }
  for (const AddFile& a : snapshot.files()) {
    AddFile add = a;
    if (!add.stats && add.stats_from_checkpoint) add.stats = add.stats_from_checkpoint;
    add.stats_from_checkpoint.reset();
    lines += ToJson(add) + "\n";
    ++result.num_actions;
    ++result.num_add_files;
  }

  MemoryFileSystem scratch;
  ThrowIfError(scratch.WriteFile("/actions.json", lines));
  JsonReadOptions read_options;
  read_options.mode = ParseMode::kFailFast;
  const Schema schema = CheckpointSchema();
  std::vector<Batch> batches = ReadJsonFiles(scratch, {"/actions.json"}, read_options, schema);
  {
    auto writer = parquet::ParquetWriter::Open(scratch, "/checkpoint.parquet", schema);
    for (const Batch& b : batches) writer->Write(b);
    writer->Close();
  }
  std::string bytes = ValueOrThrow(scratch.ReadFile("/checkpoint.parquet"));
  result.size_in_bytes = static_cast<int64_t>(bytes.size());

  const std::string log_path = snapshot.table_path() + "/_delta_log";
  Status put = snapshot.fs().PutIfAbsent(CheckpointPath(log_path, snapshot.version()), bytes);
  if (put.code() == StatusCode::kAlreadyExists) return result;
  ThrowIfError(put);
  result.written = true;

  std::string last = "{\"version\":" + std::to_string(result.version) +
                     ",\"size\":" + std::to_string(result.num_actions) +
                     ",\"sizeInBytes\":" + std::to_string(result.size_in_bytes) +
                     ",\"numOfAddFiles\":" + std::to_string(result.num_add_files) + "}";
  ThrowIfError(snapshot.fs().WriteFile(log_path + "/_last_checkpoint", last));
  return result;
}

int64_t CleanUpExpiredLogs(FileSystem& fs, const Snapshot& latest, int64_t now_ms) {
  if (AsciiLower(latest.Config("delta.enableExpiredLogCleanup", "true")) == "false") return 0;
  const int64_t cutoff = now_ms - ConfigInterval(latest, "delta.logRetentionDuration", 30 * int64_t{86'400'000});
  const std::string log_path = latest.table_path() + "/_delta_log";
  std::vector<FileInfo> files = ValueOrThrow(fs.List(log_path));
  const LogListing listing = ListDeltaLog(fs, latest.table_path());
  // The first version with a file that has not expired bounds the cleanup.
  int64_t first_live = INT64_MAX;
  for (const FileInfo& f : files) {
    const int64_t v = LogFileVersion(f.path);
    if (v >= 0 && f.modification_time_ms > cutoff) first_live = std::min(first_live, v);
  }
  int64_t keep_from = -1;  // newest checkpoint with every earlier file expired
  for (const CheckpointFiles& c : listing.checkpoints) {
    if (c.version <= first_live && c.version <= latest.version()) keep_from = std::max(keep_from, c.version);
  }
  if (keep_from <= 0) return 0;
  int64_t deleted = 0;
  for (const FileInfo& f : files) {
    const int64_t v = LogFileVersion(f.path);
    if (v < 0 || v >= keep_from || f.modification_time_ms > cutoff) continue;
    if (fs.Delete(f.path).ok()) ++deleted;
  }
  return deleted;
}

Status RunPostCommitHooks(const std::shared_ptr<FileSystem>& fs, const std::string& table_path, int64_t version,
                          const Metadata& metadata, int64_t now_ms) {
  const int64_t interval = CheckpointInterval(metadata);
  if (version == 0 || version % interval != 0) return Status::Ok();
  try {
    SnapshotOptions options;
    options.check_read_supported = false;
    auto snapshot = Snapshot::Load(fs, table_path, version, options);
    WriteCheckpoint(*snapshot, now_ms);
    CleanUpExpiredLogs(*fs, *snapshot, now_ms);
    return Status::Ok();
  } catch (const Error& e) {
    return Status::FromError(e);
  }
}

}  // namespace tarn::delta
