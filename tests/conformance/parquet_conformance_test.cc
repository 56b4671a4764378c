// Reads every Parquet file of ../shared/testdata/parquet (MANIFEST.md) and
// compares with its oracle: rows rendered canonically and compared line by
// line (all rows, or the first 100 plus the order-independent FNV-1a-64
// checksums over every row), and a clear tarn::Error for files the oracle
// could not read. Mapping from tarn's Spark types to the oracle's DuckDB
// rendering is in RenderColumn; VARIANT columns are decoded with
// formats/parquet/variant.h and rendered with DuckDB's names for their types.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/file_system.h"
#include "common/hash.h"
#include "formats/json/row_json.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/variant.h"
#include "types/number_text.h"
#include "types/datetime.h"
#include "types/decimal.h"

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
const std::map<std::string, std::string> kKnownDifferences = {};

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

// --- VARIANT as DuckDB renders it: {"type":"<DuckDB type>","value":<value>} ---

using parquet::VariantValue;
using VariantKind = VariantValue::Kind;

void AppendHexBytes(std::string_view bytes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
}

/// DuckDB's type of a decoded variant value. Decimals decoded from binary
/// carry no precision: DuckDB takes the digit count (38 for decimal16).
std::string VariantTypeName(const VariantValue& v) {
  switch (v.kind) {
    case VariantKind::kNull: return "SQLNULL";
    case VariantKind::kBoolean: return "BOOLEAN";
    case VariantKind::kInt8: return "TINYINT";
    case VariantKind::kInt16: return "SMALLINT";
    case VariantKind::kInt32: return "INTEGER";
    case VariantKind::kInt64: return "BIGINT";
    case VariantKind::kFloat: return "FLOAT";
    case VariantKind::kDouble: return "DOUBLE";
    case VariantKind::kDecimal4:
    case VariantKind::kDecimal8:
    case VariantKind::kDecimal16: {
      int precision = v.precision > 0 ? v.precision
                      : v.kind == VariantKind::kDecimal16 ? 38
                                                          : NumDigits(v.unscaled);
      return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(v.scale) + ")";
    }
    case VariantKind::kDate: return "DATE";
    case VariantKind::kTimestamp:
    case VariantKind::kTimestampNanos: return "TIMESTAMP WITH TIME ZONE";  // DuckDB truncates nanos to micros
    case VariantKind::kTimestampNtz: return "TIMESTAMP";
    case VariantKind::kTimestampNtzNanos: return "TIMESTAMP_NS";
    case VariantKind::kTime: return "TIME";
    case VariantKind::kString: return "VARCHAR";
    case VariantKind::kBinary: return "BLOB";
    case VariantKind::kUuid: return "UUID";
    case VariantKind::kObject: {
      std::string name = "STRUCT(";
      for (size_t i = 0; i < v.fields.size(); ++i) {
        if (i > 0) name += ", ";
        name += '"' + v.fields[i].name + "\" " + VariantTypeName(v.fields[i].value);
      }
      return name + ")";
    }
    case VariantKind::kArray: {
      // One element type (nulls aside) → T[]; none → SQLNULL[]; several → VARIANT[].
      std::string element;
      for (const VariantValue& e : v.elements) {
        if (e.kind == VariantKind::kNull) continue;
        std::string type = VariantTypeName(e);
        if (element.empty()) {
          element = type;
        } else if (element != type) {
          return "VARIANT[]";
        }
      }
      return (element.empty() ? "SQLNULL" : element) + "[]";
    }
  }
  return "?";
}

void AppendVariantJson(const VariantValue& v, std::string* out);

/// The value rendered the way its DuckDB type is (MANIFEST.md).
void AppendVariantValue(const VariantValue& v, std::string* out) {
  auto quoted = [out](const std::string& text) { *out += '"' + text + '"'; };
  auto floating = [out](auto value) {
    size_t start = out->size();
    AppendEcmaNumber(value, out);
    if (out->back() == 'N' || out->back() == 'y') {  // NaN, ±Infinity are strings
      out->insert(out->begin() + start, '"');
      out->push_back('"');
    }
  };
  switch (v.kind) {
    case VariantKind::kNull: *out += "null"; return;
    case VariantKind::kBoolean: *out += v.boolean ? "true" : "false"; return;
    case VariantKind::kInt8:
    case VariantKind::kInt16:
    case VariantKind::kInt32:
    case VariantKind::kInt64: *out += std::to_string(v.integer); return;
    case VariantKind::kFloat: floating(static_cast<float>(v.floating)); return;
    case VariantKind::kDouble: floating(v.floating); return;
    case VariantKind::kDecimal4:
    case VariantKind::kDecimal8:
    case VariantKind::kDecimal16: quoted(DecimalToString(v.unscaled, v.scale)); return;
    case VariantKind::kDate: quoted(FormatDate(v.integer)); return;
    case VariantKind::kTimestamp: quoted(FormatTimestamp(v.integer, 'T') + "Z"); return;
    case VariantKind::kTimestampNanos: quoted(FormatTimestamp(v.integer / 1000, 'T') + "Z"); return;
    case VariantKind::kTimestampNtz: quoted(FormatTimestamp(v.integer, 'T')); return;
    case VariantKind::kTimestampNtzNanos: {
      std::string text = FormatTimestamp(FloorDiv(v.integer, 1000000000) * 1000000, 'T');
      if (int64_t nanos = FloorMod(v.integer, 1000000000); nanos != 0) {
        char fraction[16];
        std::snprintf(fraction, sizeof(fraction), ".%09lld", static_cast<long long>(nanos));
        text += fraction;
        while (text.back() == '0') text.pop_back();
      }
      quoted(text);
      return;
    }
    case VariantKind::kTime: quoted(FormatTimeOfDay(v.integer)); return;
    case VariantKind::kString: AppendJsonString(v.bytes, out); return;
    case VariantKind::kBinary:
      *out += '"';
      AppendHexBytes(v.bytes, out);
      *out += '"';
      return;
    case VariantKind::kUuid: {
      std::string hex;
      AppendHexBytes(v.bytes, &hex);
      quoted(hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
             hex.substr(20));
      return;
    }
    case VariantKind::kObject:
      *out += '{';
      for (size_t i = 0; i < v.fields.size(); ++i) {
        if (i > 0) *out += ',';
        AppendJsonString(v.fields[i].name, out);
        *out += ':';
        AppendVariantValue(v.fields[i].value, out);
      }
      *out += '}';
      return;
    case VariantKind::kArray: {
      const bool mixed = VariantTypeName(v) == "VARIANT[]";
      *out += '[';
      for (size_t i = 0; i < v.elements.size(); ++i) {
        if (i > 0) *out += ',';
        if (mixed) {
          AppendVariantJson(v.elements[i], out);
        } else {
          AppendVariantValue(v.elements[i], out);
        }
      }
      *out += ']';
      return;
    }
  }
}

/// {"type":…,"value":…}; a variant null is {"type":"NULL","value":null}.
void AppendVariantJson(const VariantValue& v, std::string* out) {
  *out += "{\"type\":";
  AppendJsonString(v.kind == VariantKind::kNull ? "NULL" : VariantTypeName(v), out);
  *out += ",\"value\":";
  AppendVariantValue(v, out);
  *out += '}';
}

/// One value the way the oracle renders a column of `duckdb_type`.
void RenderColumn(const Vector& column, size_t row, const std::string& duckdb_type, const std::string& path,
                  std::string* out) {
  if (duckdb_type == "VARIANT") {
    std::optional<VariantValue> value = parquet::ReadVariant(column, row, path);
    // DuckDB shows a top-level variant null as an SQL NULL.
    if (!value || value->kind == VariantKind::kNull) {
      *out += "null";
    } else {
      AppendVariantJson(*value, out);
    }
    return;
  }
  JsonRowOptions options;
  options.timestamp_utc_suffix = duckdb_type.find("WITH TIME ZONE") != std::string::npos;
  // tarn reads UINT64 as decimal(20,0) (as Spark does); DuckDB has UBIGINT.
  options.decimals_as_strings = duckdb_type.find("UBIGINT") == std::string::npos;
  std::string value;
  AppendValueJson(column, row, &value, options);
  if (duckdb_type.rfind("TIME WITH TIME ZONE", 0) == 0 && value.size() >= 2 && value.front() == '"') {
    value.insert(value.size() - 1, "Z");  // TIME(isAdjustedToUTC): tarn's TIME has no zone
  }
  if (duckdb_type == "BLOB" && column.type().id() == TypeId::kString && !column.IsNull(row)) {
    // A STRING logical type without the legacy UTF8 converted type (hyparquet/strings.parquet): DuckDB reads
    // it as BLOB, tarn as a string (as the spec and Spark do). Same bytes: compare them as DuckDB renders BLOBs.
    static const char kHex[] = "0123456789abcdef";
    value = "\"";
    const StringView bytes = column.StringAt(row);  // short strings live inside the view: keep it
    for (unsigned char c : bytes.view()) {
      value += kHex[c >> 4];
      value += kHex[c & 15];
    }
    value += '"';
  }
  *out += value;
}

struct FileResult {
  bool ok = true;
  std::string message;
  bool failed_cleanly = false;  ///< ok because tarn gave a clear error where that is expected
};

// Reads `entry`'s file and compares it with `expected`; throws tarn::Error
// when tarn cannot read it (VARIANT values are decoded while rendering).
FileResult CompareWithOracle(const nlohmann::json& entry, const nlohmann::json& expected) {
  const std::string path = kParquetDir + entry["file"].get<std::string>();
  auto fs = LocalFileSystem();
  parquet::ParquetReadOptions options;
  options.verify_checksums = true;  // the corrupt-CRC files must be caught
  Batch batch = parquet::ReadParquetFile(*fs, path, options);
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
      RenderColumn(batch.column(c), r, columns[c]["duckdb_type"], path, &line);
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

FileResult CheckFile(const nlohmann::json& entry) {
  const std::string file = entry["file"];
  const nlohmann::json expected = LoadJson(kParquetDir + entry["expected"].get<std::string>());
  try {
    return CompareWithOracle(entry, expected);
  } catch (const Error& error) {
    if (expected["status"] == "error" || kMalformedReadByOracle.count(file)) return {true, "", true};
    return {false, "tarn failed: " + error.info().ToString()};
  }
}

TEST(ParquetConformance, EveryFileMatchesItsOracle) {
  const nlohmann::json index = LoadJson(kParquetDir + "index.json");
  int matched = 0, failed_cleanly = 0, known = 0;
  std::vector<std::string> failures;
  for (const nlohmann::json& entry : index["files"]) {
    if (!entry.contains("expected") || entry["expected"].is_null()) continue;
    const std::string file = entry["file"];
    FileResult result = CheckFile(entry);
    auto known_it = kKnownDifferences.find(file);
    if (result.ok) {
      ++(result.failed_cleanly ? failed_cleanly : matched);
      if (known_it != kKnownDifferences.end()) failures.push_back(file + ": matches now; drop it from kKnownDifferences");
    } else if (known_it != kKnownDifferences.end()) {
      ++known;
    } else {
      failures.push_back(file + ": " + result.message);
    }
  }
  std::printf(
      "parquet conformance: %d files read as the oracle reads them, %d malformed files rejected with a clear error, "
      "%d known differences, %zu failures\n",
      matched, failed_cleanly, known, failures.size());
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

}  // namespace
}  // namespace tarn
