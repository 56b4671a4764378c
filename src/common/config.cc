#include "common/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/check.h"

namespace tarn {
namespace {

std::vector<ConfigEntry> MakeEntries() {
  std::vector<ConfigEntry> entries = {
      {"spark.sql.ansi.enabled", ConfigType::kBool, "true",
       "ANSI SQL mode: overflow, invalid casts and division by zero raise errors instead of returning NULL."},
      {"spark.sql.session.timeZone", ConfigType::kString, "UTC", "The session-local time zone."},
      {"spark.sql.caseSensitive", ConfigType::kBool, "false", "Whether identifiers are case-sensitive."},
      {"spark.sql.shuffle.partitions", ConfigType::kInt, "200", "Partitions used by exchanges."},
      {"spark.databricks.delta.optimize.maxFileSize", ConfigType::kBytes, "1073741824",
       "OPTIMIZE: target size of the files it writes (delta.targetFileSize overrides it)."},
      {"spark.databricks.delta.optimize.minFileSize", ConfigType::kBytes, "1073741824",
       "OPTIMIZE: files smaller than this are compacted."},
      {"spark.databricks.delta.optimize.maxDeletedRowsRatio", ConfigType::kString, "0.05",
       "OPTIMIZE: files whose deletion vector deletes more than this share of rows are rewritten."},
      {"spark.databricks.delta.optimize.zorder.checkStatsCollection.enabled", ConfigType::kBool, "true",
       "OPTIMIZE ZORDER BY refuses columns without data-skipping statistics."},
      {"spark.databricks.delta.retentionDurationCheck.enabled", ConfigType::kBool, "true",
       "VACUUM refuses a retention shorter than delta.deletedFileRetentionDuration."},
      {"spark.databricks.delta.vacuum.logging.enabled", ConfigType::kBool, "true",
       "VACUUM records VACUUM START / VACUUM END commits (Delta's default on local and cloud file systems)."},
      {"spark.sql.autoBroadcastJoinThreshold", ConfigType::kBytes, "10485760",
       "Largest table size broadcast to all join tasks; -1 disables broadcasting."},
      {"spark.sql.adaptive.enabled", ConfigType::kBool, "true",
       "Adaptive query execution: joins are re-planned from the actual size of their build sides."},
      {"spark.sql.adaptive.autoBroadcastJoinThreshold", ConfigType::kBytes, "",
       "Actual build-side size up to which adaptive execution turns a shuffled hash join into a broadcast one; "
       "unset: spark.sql.autoBroadcastJoinThreshold; -1: never."},
      {"spark.sql.adaptive.coalescePartitions.enabled", ConfigType::kBool, "true",
       "Accepted for compatibility: tarn's exchanges have one partition, there is nothing to coalesce."},
      {"spark.sql.adaptive.advisoryPartitionSizeInBytes", ConfigType::kBytes, "64m",
       "Accepted for compatibility: tarn's exchanges have one partition."},
      {"spark.sql.adaptive.skewJoin.enabled", ConfigType::kBool, "true",
       "Accepted for compatibility: workers take morsels from a shared queue, so skew never idles a worker."},
      {"spark.sql.optimizer.runtime.bloomFilter.enabled", ConfigType::kBool, "true",
       "Runtime filters: a hash join's build keys (min/max, bloom filter) prune and filter its probe side's scans."},
      {"spark.sql.optimizer.runtime.bloomFilter.maxNumItems", ConfigType::kInt, "4000000",
       "Largest build side (rows) that gets a runtime bloom filter; larger ones get only min/max."},
      {"spark.sql.exchange.reuse", ConfigType::kBool, "true",
       "An aggregate subplan that appears more than once in a query (a CTE or view read twice) runs once; the "
       "other copies read its result (ReusedExchange)."},
      {"spark.sql.files.maxRecordsPerFile", ConfigType::kInt, "0", "Maximum rows per written file; 0 = no limit."},
      {"spark.sql.parquet.compression.codec", ConfigType::kString, "snappy",
       "Codec for written Parquet files: none, uncompressed, snappy, gzip, lz4, lz4_raw, zstd, brotli."},
      {"spark.sql.parquet.filterPushdown", ConfigType::kBool, "true",
       "Push filters into Parquet row-group and page pruning."},
      {"spark.sql.warehouse.dir", ConfigType::kString, "spark-warehouse", "Where managed tables live."},
      {"spark.tarn.memory.limit", ConfigType::kBytes, "0",
       "Per-query memory limit in bytes (or 512m, 2g ...); 0 = no limit. Hash aggregates, hash joins and sorts "
       "spill to spark.local.dir instead of going past it."},
      {"spark.local.dir", ConfigType::kString, "", "Directory for spill files; empty = $TMPDIR or /tmp."},
      {"spark.tarn.memory.forceSpillRows", ConfigType::kInt, "0",
       "Testing (like Spark's spark.shuffle.spill.numElementsForceSpillThreshold): hash aggregates, hash join "
       "builds and sorts spill once they hold more rows than this, even under the memory limit; 0 = off."},
      {"spark.tarn.threads", ConfigType::kInt, "0", "Worker threads; 0 = one per core."},
      {"spark.tarn.batchSize", ConfigType::kInt, "2048", "Rows per columnar batch."},
      {"spark.tarn.parquet.rowGroupSize", ConfigType::kBytes, "134217728", "Target row-group size of written Parquet."},
      {"spark.tarn.parquet.pageSize", ConfigType::kBytes, "1048576", "Target page size of written Parquet."},
  };
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return entries;
}

bool ValidValue(ConfigType type, std::string_view value) {
  switch (type) {
    case ConfigType::kBool:
      return ParseBool(value).has_value();
    case ConfigType::kInt: {
      int64_t out;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
      return ec == std::errc() && ptr == value.data() + value.size();
    }
    case ConfigType::kBytes:
      return ParseBytes(value).has_value();
    case ConfigType::kString:
      return true;
  }
  return false;
}

}  // namespace

const std::vector<ConfigEntry>& KnownConfigEntries() {
  static const std::vector<ConfigEntry> entries = MakeEntries();
  return entries;
}

const ConfigEntry* FindConfigEntry(std::string_view key) {
  const auto& entries = KnownConfigEntries();
  auto it = std::lower_bound(entries.begin(), entries.end(), key,
                             [](const ConfigEntry& e, std::string_view k) { return e.key < k; });
  if (it == entries.end() || it->key != key) return nullptr;
  return &*it;
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::nullopt;
}

std::optional<int64_t> ParseBytes(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  int64_t number = 0;
  bool negative = false;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (*begin == '-') {
    negative = true;
    ++begin;
  }
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  std::string suffix(ptr, end);
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
  int shift = 0;
  if (suffix.empty() || suffix == "b") shift = 0;
  else if (suffix == "k" || suffix == "kb") shift = 10;
  else if (suffix == "m" || suffix == "mb") shift = 20;
  else if (suffix == "g" || suffix == "gb") shift = 30;
  else if (suffix == "t" || suffix == "tb") shift = 40;
  else return std::nullopt;
  if (number > (INT64_MAX >> shift)) return std::nullopt;
  number <<= shift;
  return negative ? -number : number;
}

Status Config::Set(std::string_view key, std::string_view value) {
  if (const ConfigEntry* entry = FindConfigEntry(key); entry && !ValidValue(entry->type, value)) {
    const char* expected = entry->type == ConfigType::kBool  ? "expected true or false"
                           : entry->type == ConfigType::kInt ? "expected an integer"
                                                             : "expected a byte size such as 64m";
    return Status::User(ErrorClass::kInvalidConfValue,
                        {{"confValue", std::string(value)}, {"confName", std::string(key)}, {"message", expected}});
  }
  values_.insert_or_assign(std::string(key), std::string(value));
  return Status::Ok();
}

void Config::Unset(std::string_view key) {
  auto it = values_.find(key);
  if (it != values_.end()) values_.erase(it);
}

std::optional<std::string> Config::Get(std::string_view key) const {
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  if (const ConfigEntry* entry = FindConfigEntry(key)) return std::string(entry->default_value);
  return std::nullopt;
}

bool Config::GetBool(std::string_view key) const {
  auto value = Get(key);
  TARN_CHECK(value.has_value(), "unknown config key " + std::string(key));
  auto parsed = ParseBool(*value);
  TARN_CHECK(parsed.has_value(), "config " + std::string(key) + " is not a boolean");
  return *parsed;
}

int64_t Config::GetInt(std::string_view key) const {
  auto value = Get(key);
  TARN_CHECK(value.has_value(), "unknown config key " + std::string(key));
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  TARN_CHECK(ec == std::errc(), "config " + std::string(key) + " is not an integer");
  return out;
}

int64_t Config::GetBytes(std::string_view key) const {
  auto value = Get(key);
  TARN_CHECK(value.has_value(), "unknown config key " + std::string(key));
  auto parsed = ParseBytes(*value);
  TARN_CHECK(parsed.has_value(), "config " + std::string(key) + " is not a byte size");
  return *parsed;
}

std::string Config::GetString(std::string_view key) const {
  auto value = Get(key);
  TARN_CHECK(value.has_value(), "unknown config key " + std::string(key));
  return *value;
}

}  // namespace tarn
