// Helpers for the Delta unit tests: a scratch table directory and commit files
// written from actions (the same ToJson a writer uses).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "delta/actions.h"

namespace tarn::delta::testing {

/// A fresh directory per test, removed at the end.
class ScratchTable {
 public:
  ScratchTable() {
    std::string temp = ::testing::TempDir();
    if (!temp.empty() && temp.back() == '/') temp.pop_back();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = temp + "/tarn_delta_" + info->test_suite_name() + "_" + info->name();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_ + "/_delta_log");
  }
  ~ScratchTable() { std::filesystem::remove_all(path_); }

  const std::string& path() const { return path_; }
  std::string log() const { return path_ + "/_delta_log"; }

  static std::string VersionName(int64_t version) {
    char name[32];
    std::snprintf(name, sizeof(name), "%020lld", static_cast<long long>(version));
    return name;
  }

  /// Writes `_delta_log/<version>.json` (or any log file name) from actions.
  void WriteLogFile(const std::string& name, const std::vector<Action>& actions) const {
    std::string text;
    for (const Action& a : actions) text += ToJson(a) + "\n";
    ThrowIfError(LocalFileSystem()->WriteFile(log() + "/" + name, text));
  }
  void Commit(int64_t version, const std::vector<Action>& actions) const {
    WriteLogFile(VersionName(version) + ".json", actions);
  }
  /// Sets a log file's modification time (ms since the epoch).
  void SetModificationTime(const std::string& name, int64_t ms) const {
    auto path = std::filesystem::path(log() + "/" + name);
    auto tp = std::filesystem::file_time_type::clock::now() +
              std::chrono::milliseconds(ms - std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count());
    std::filesystem::last_write_time(path, tp);
  }

 private:
  std::string path_;
};

inline Protocol SimpleProtocol() { return Protocol{1, 2, std::nullopt, std::nullopt}; }

inline Metadata SimpleMetadata(const std::string& schema_json = R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]})",
                               std::vector<std::string> partition_columns = {}) {
  Metadata m;
  m.id = "test-table";
  m.schema_string = schema_json;
  m.partition_columns = std::move(partition_columns);
  return m;
}

inline AddFile Add(const std::string& path, int64_t size = 1, std::optional<std::string> stats = std::nullopt) {
  AddFile a;
  a.path = path;
  a.size = size;
  a.stats = std::move(stats);
  return a;
}

inline RemoveFile Remove(const std::string& path) {
  RemoveFile r;
  r.path = path;
  r.deletion_timestamp = 1;
  return r;
}

}  // namespace tarn::delta::testing
