// Reads every Parquet file of ../shared/testdata/parquet (MANIFEST.md) and
// compares with its oracle: rows rendered canonically and compared line by
// line (all rows, or the first 100 plus the order-independent FNV-1a-64
// checksums over every row), and a clear tarn::Error for files the oracle
// could not read. Mapping from tarn's Spark types to the oracle's DuckDB
// rendering is in RenderColumn.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/file_system.h"
#include "common/hash.h"
#include "formats/json/row_json.h"
#include "formats/parquet/reader.h"

namespace tarn {
namespace {

const std::string kParquetDir = std::string(TARN_TESTDATA_DIR) + "/parquet/";

/// Malformed files the oracle reads anyway (MANIFEST.md "Known oracle
/// caveats"): tarn must either match the oracle or fail with a clear error.
const std::set<std::string> kMalformedReadByOracle = {
    "parquet-testing/data/datapage_v1-corrupt-checksum.parquet",   // tarn verifies page CRCs
    "parquet-testing/data/rle-dict-uncompressed-corrupt-checksum.parquet",
    "parquet-testing/data/nation.dict-malformed.parquet",
    "parquet-testing/bad_data/ARROW-GH-43605.parquet",
    "parquet-testing/bad_data/ARROW-GH-45185.parquet",
    "parquet-testing/bad_data/ARROW-RS-GH-6229-LEVELS.parquet",
    "parquet-testing/shredded_variant/case-043-INVALID.parquet",
    "duckdb/parquet_column_num_values_mismatch.parquet",
    "duckdb/bloom_filter_short_numbytes.parquet",
};

/// Files whose oracle tarn does not match yet, with the reason.
const std::map<std::string, std::string> kKnownDifferences = {
    {"parquet-testing/shredded_variant/case-001.parquet", "VARIANT is read as its physical struct"},
    {"parquet-testing/shredded_variant/case-002.parquet", "VARIANT is read as its physical struct"},
    {"parquet-testing/shredded_variant/case-004.parquet", "VARIANT is read as its physical struct"},
    {"parquet-testing/shredded_variant/case-044.parquet", "VARIANT is read as its physical struct"},
    {"parquet-testing/shredded_variant/case-045.parquet", "VARIANT is read as its physical struct"},
    {"parquet-testing/shredded_variant/case-083.parquet", "VARIANT is read as its physical struct"},
    {"duckdb/snowflake_variant.parquet", "VARIANT is read as its physical struct"},
    {"duckdb/variant_object_primitives.parquet", "VARIANT is read as its physical struct"},
    {"duckdb/variant_partial_shredded1.parquet", "VARIANT is read as its physical struct"},
    {"hyparquet/shredded-object.parquet", "VARIANT is read as its physical struct"},
    {"parquet-testing/shredded_variant/case-043-INVALID.parquet", "VARIANT is read as its physical struct"},
    {"hyparquet/strings.parquet",
     "column l_utf8 has the STRING logical type without the legacy UTF8 converted type: DuckDB reads it as BLOB, "
     "tarn as a string, as the Parquet spec and Spark say"},
};

nlohmann::json LoadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::vector<std::string> ExpectedRowLines(const std::string& path) {
  // Rows are one per line after the "rows": [ line (see MANIFEST.md).
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> rows;
  bool in_rows = false;
  while (std::getline(in, line)) {
    if (!in_rows) {
      in_rows = line.find("\"rows\": [") != std::string::npos;
      continue;
    }
    if (line == "]" || line == "]}" || line.rfind("]", 0) == 0) break;
    if (!line.empty() && line.back() == ',') line.pop_back();
    rows.push_back(line);
  }
  return rows;
}

/// One value the way the oracle renders a column of `duckdb_type`.
void RenderColumn(const Vector& column, size_t row, const std::string& duckdb_type, std::string* out) {
  JsonRowOptions options;
  options.timestamp_utc_suffix = duckdb_type.find("WITH TIME ZONE") != std::string::npos;
  // tarn reads UINT64 as decimal(20,0) (as Spark does); DuckDB has UBIGINT.
  options.decimals_as_strings = duckdb_type.find("UBIGINT") == std::string::npos;
  std::string value;
  AppendValueJson(column, row, &value, options);
  if (duckdb_type.rfind("TIME WITH TIME ZONE", 0) == 0 && value.size() >= 2 && value.front() == '"') {
    value.insert(value.size() - 1, "Z");  // TIME(isAdjustedToUTC): tarn's TIME has no zone
  }
  *out += value;
}

struct FileResult {
  bool ok = true;
  std::string message;
};

FileResult CheckFile(const nlohmann::json& entry) {
  const std::string file = entry["file"];
  const nlohmann::json expected = LoadJson(kParquetDir + entry["expected"].get<std::string>());
  const std::string path = kParquetDir + file;
  auto fs = LocalFileSystem();
  Batch batch;
  try {
    parquet::ParquetReadOptions options;
    options.verify_checksums = true;  // the corrupt-CRC files must be caught
    batch = parquet::ReadParquetFile(*fs, path, options);
  } catch (const Error& error) {
    if (expected["status"] == "error" || kMalformedReadByOracle.count(file)) return {};
    return {false, "tarn failed: " + error.info().ToString()};
  }
  if (expected["status"] == "error") {
    return {false, "tarn read " + std::to_string(batch.num_rows()) + " rows; the oracle failed: " +
                       expected.value("error", std::string())};
  }
  const nlohmann::json& columns = expected["columns"];
  if (columns.size() != batch.num_columns()) {
    return {false, "column count " + std::to_string(batch.num_columns()) + " != " + std::to_string(columns.size())};
  }
  int64_t row_count = expected["row_count"];
  if (static_cast<int64_t>(batch.num_rows()) != row_count) {
    return {false, "row count " + std::to_string(batch.num_rows()) + " != " + std::to_string(row_count)};
  }
  std::vector<std::string> expected_rows = ExpectedRowLines(kParquetDir + entry["expected"].get<std::string>());
  uint64_t row_sum = 0;
  std::vector<uint64_t> column_sums(columns.size(), 0);
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    std::string line = "{";
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) line += ',';
      AppendJsonString(columns[c]["name"].get<std::string>(), &line);
      line += ':';
      size_t before = line.size();
      RenderColumn(batch.column(c), r, columns[c]["duckdb_type"], &line);
      column_sums[c] += Fnv1a64(std::string_view(line).substr(before));
    }
    line += '}';
    row_sum += Fnv1a64(line);
    if (r < expected_rows.size() && line != expected_rows[r]) {
      const std::string& want = expected_rows[r];
      size_t at = 0;
      while (at < line.size() && at < want.size() && line[at] == want[at]) ++at;
      size_t from = at > 200 ? at - 200 : 0;
      return {false, "row " + std::to_string(r) + " differs at byte " + std::to_string(at) + "\n  tarn:   …" +
                         line.substr(from, 400) + "\n  oracle: …" + want.substr(from, 400)};
    }
  }
  if (!expected.value("rows_complete", true)) {
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(row_sum));
    std::string want = expected["checksum"]["row_sum_hex"];
    if (want != hex) {
      std::string detail;
      const nlohmann::json& sums = expected["checksum"]["column_sums_hex"];
      for (size_t c = 0; c < columns.size() && sums.is_array(); ++c) {
        std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(column_sums[c]));
        if (sums[c] != hex) detail += " " + columns[c]["name"].get<std::string>();
      }
      return {false, "row checksum differs; columns:" + detail};
    }
  } else if (expected_rows.size() != batch.num_rows()) {
    return {false, "oracle lists " + std::to_string(expected_rows.size()) + " rows"};
  }
  return {};
}

TEST(ParquetConformance, EveryFileMatchesItsOracle) {
  const nlohmann::json index = LoadJson(kParquetDir + "index.json");
  int matched = 0, known = 0;
  std::vector<std::string> failures;
  for (const nlohmann::json& entry : index["files"]) {
    if (!entry.contains("expected") || entry["expected"].is_null()) continue;
    const std::string file = entry["file"];
    FileResult result = CheckFile(entry);
    auto known_it = kKnownDifferences.find(file);
    if (result.ok) {
      ++matched;
      if (known_it != kKnownDifferences.end()) failures.push_back(file + ": matches now; drop it from kKnownDifferences");
    } else if (known_it != kKnownDifferences.end()) {
      ++known;
    } else {
      failures.push_back(file + ": " + result.message);
    }
  }
  std::printf("parquet conformance: %d files match their oracle, %d known differences, %zu failures\n", matched, known,
              failures.size());
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

}  // namespace
}  // namespace tarn
