// Reads every Delta table of ../shared/testdata/delta (MANIFEST.md) at every
// version its oracle lists and compares with the oracle: the column names and
// Delta types, the active files (path, size, deletion vector cardinality),
// the row count, and the rows rendered canonically (formats/json/row_json,
// the same renderer the Parquet conformance test uses) and sorted by their
// bytes — or the order-independent checksum when the oracle lists only part
// of them. Tables and versions the oracle marks `expect_error` must fail with
// a clear tarn::Error (a user error class, not an internal one); `log_only`
// versions (no data files shipped) compare the file list only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/file_system.h"
#include "common/hash.h"
#include "delta/delta_table.h"
#include "delta/schema.h"
#include "formats/json/row_json.h"

namespace tarn {
namespace {

const std::string kDeltaDir = std::string(TARN_TESTDATA_DIR) + "/delta/";

/// The canonical row lines of each snapshot, in file order: the lines after
/// each `"rows": [` up to its closing `]` (MANIFEST.md).
std::vector<std::vector<std::string>> RowBlocks(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> blocks;
  std::string line;
  bool in_rows = false;
  while (std::getline(in, line)) {
    if (!in_rows) {
      if (line.find("\"rows\":") == std::string::npos) continue;
      blocks.emplace_back();
      in_rows = line.find("\"rows\": [") != std::string::npos && line.find(']') == std::string::npos;
      continue;
    }
    if (line.rfind("]", 0) == 0) {
      in_rows = false;
      continue;
    }
    if (!line.empty() && line.back() == ',') line.pop_back();
    blocks.back().push_back(line);
  }
  return blocks;
}

/// The Delta type of a column as the oracle writes it: a name or a JSON object.
nlohmann::json DeltaTypeJson(const delta::DeltaField& field) {
  return nlohmann::json::parse(delta::TypeToJson(field.type));
}

struct Outcome {
  bool ok = true;
  std::string message;
};

Outcome Fail(std::string message) { return {false, std::move(message)}; }

std::vector<std::string> ReadAllRows(const delta::DeltaTable& table) {
  ScanSpec spec;
  for (size_t i = 0; i < table.schema().size(); ++i) spec.columns.push_back(static_cast<int>(i));
  spec.threads = 4;  // as the engine scans: files read ahead in parallel
  auto stream = table.Scan(spec);
  std::vector<std::string> lines;
  Batch batch;
  JsonRowOptions options;  // timestamps with "Z", timestamp_ntz without; decimals as strings
  while (stream->Next(&batch)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string line;
      AppendRowJson(batch, r, &line, options);
      lines.push_back(std::move(line));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

Outcome CompareFiles(const delta::Snapshot& snapshot, const nlohmann::json& expected) {
  const auto& files = snapshot.files();
  if (files.size() != expected.size()) {
    return Fail(std::to_string(files.size()) + " active files, the oracle has " + std::to_string(expected.size()));
  }
  std::vector<const delta::AddFile*> sorted;
  for (const auto& f : files) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->path < b->path; });
  for (size_t i = 0; i < sorted.size(); ++i) {
    const nlohmann::json& want = expected[i];
    const delta::AddFile& have = *sorted[i];
    if (have.path != want["path"].get<std::string>()) return Fail("file " + std::to_string(i) + ": " + have.path + " != " + want["path"].get<std::string>());
    if (have.size != want["size"].get<int64_t>()) return Fail("file " + have.path + ": size differs");
    int64_t cardinality = want["deletionVector"].is_null() ? -1 : want["deletionVector"]["cardinality"].get<int64_t>();
    if ((have.deletion_vector ? have.deletion_vector->cardinality : -1) != cardinality) {
      return Fail("file " + have.path + ": deletion vector differs");
    }
  }
  return {};
}

Outcome CheckSnapshot(const std::string& table_dir, const nlohmann::json& snap, const std::vector<std::string>& rows) {
  auto fs = LocalFileSystem();
  const int64_t version = snap["version"];
  if (snap.contains("expect_error")) {
    try {
      auto table = delta::DeltaTable::Open(fs, table_dir, delta::TimeTravel{version, std::nullopt});
      auto lines = ReadAllRows(*table);
      return Fail("read " + std::to_string(lines.size()) + " rows; expected an error: " + snap["expect_error"].get<std::string>());
    } catch (const Error& e) {
      if (e.info().IsInternal()) return Fail("internal error instead of a clear one: " + e.info().ToString());
      return {};
    }
  }
  try {
    auto snapshot = delta::Snapshot::Load(fs, table_dir, version);
    if (snapshot->version() != version) return Fail("loaded version " + std::to_string(snapshot->version()));
    if (Outcome files = CompareFiles(*snapshot, snap["files"]); !files.ok) return files;
    if (snap.contains("log_only") && !snap["log_only"].is_null()) return {};
    auto table = delta::DeltaTable::Open(snapshot);
    const nlohmann::json& columns = snap["columns"];
    const auto& fields = snapshot->schema().fields;
    if (fields.size() != columns.size()) return Fail("column count " + std::to_string(fields.size()));
    for (size_t c = 0; c < fields.size(); ++c) {
      if (fields[c].name != columns[c]["name"].get<std::string>()) return Fail("column " + std::to_string(c) + " is " + fields[c].name);
      if (DeltaTypeJson(fields[c]) != columns[c]["delta_type"]) {
        return Fail("column " + fields[c].name + " has type " + delta::TypeToJson(fields[c].type));
      }
    }
    std::vector<std::string> lines = ReadAllRows(*table);
    const int64_t row_count = snap["row_count"];
    if (static_cast<int64_t>(lines.size()) != row_count) {
      return Fail("read " + std::to_string(lines.size()) + " rows, the oracle has " + std::to_string(row_count));
    }
    if (table->row_count() && *table->row_count() != row_count) {
      return Fail("row_count() from stats is " + std::to_string(*table->row_count()));
    }
    for (size_t i = 0; i < rows.size() && i < lines.size(); ++i) {
      if (lines[i] != rows[i]) return Fail("row " + std::to_string(i) + " differs\n  tarn:   " + lines[i] + "\n  oracle: " + rows[i]);
    }
    if (snap.value("rows_complete", true)) {
      if (rows.size() != lines.size()) return Fail("the oracle lists " + std::to_string(rows.size()) + " rows");
    } else {
      uint64_t sum = 0;
      for (const std::string& line : lines) sum += Fnv1a64(line);
      char hex[17];
      std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(sum));
      const nlohmann::json& checksum = snap["checksum"];
      std::string want = checksum.is_object() ? checksum.value("row_sum_hex", std::string()) : checksum.get<std::string>();
      if (want != hex) return Fail(std::string("row checksum ") + hex + " != " + want);
    }
    return {};
  } catch (const Error& e) {
    return Fail("tarn failed: " + e.info().ToString());
  }
}

TEST(DeltaConformance, EveryTableMatchesItsOracle) {
  std::vector<std::filesystem::path> oracles;
  for (const auto& entry : std::filesystem::directory_iterator(kDeltaDir + "expected")) {
    if (entry.path().extension() == ".json") oracles.push_back(entry.path());
  }
  std::sort(oracles.begin(), oracles.end());
  ASSERT_FALSE(oracles.empty()) << "no oracles under " << kDeltaDir;
  int tables = 0, passed = 0, failed = 0;
  std::vector<std::string> failures;
  for (const auto& oracle : oracles) {
    std::ifstream in(oracle);
    const nlohmann::json expected = nlohmann::json::parse(in);
    const std::string name = expected["table"];
    const std::string table_dir = kDeltaDir + expected["table_dir"].get<std::string>();
    ++tables;
    if (expected.contains("expect_error")) {
      // The latest snapshot must be refused, with a reason that says why.
      try {
        auto table = delta::DeltaTable::Open(LocalFileSystem(), table_dir);
        ReadAllRows(*table);
        ++failed;
        failures.push_back(name + ": read it; expected an error: " + expected["expect_error"].get<std::string>());
      } catch (const Error& e) {
        if (e.info().IsInternal()) {
          ++failed;
          failures.push_back(name + ": internal error: " + e.info().ToString());
        } else {
          ++passed;
        }
      }
      continue;
    }
    if (std::getenv("TARN_DELTA_VERBOSE")) std::fprintf(stderr, "table %s\n", name.c_str());
    std::vector<std::vector<std::string>> blocks = RowBlocks(oracle.string());
    const nlohmann::json& snapshots = expected["snapshots"];
    if (blocks.size() != snapshots.size()) {
      ++failed;
      failures.push_back(name + ": could not find the rows of every snapshot in the oracle");
      continue;
    }
    for (size_t i = 0; i < snapshots.size(); ++i) {
      Outcome outcome = CheckSnapshot(table_dir, snapshots[i], blocks[i]);
      if (outcome.ok) {
        ++passed;
      } else {
        ++failed;
        failures.push_back(name + " v" + std::to_string(snapshots[i]["version"].get<int64_t>()) + ": " + outcome.message);
      }
    }
  }
  std::printf("delta conformance: %d tables, %d snapshots passed, %d failed\n", tables, passed, failed);
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

}  // namespace
}  // namespace tarn
