// Helpers shared by the SQL front-end tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace tarn::sql {

/// The error `parse(sql)` throws; a test failure when it throws none.
template <typename Parse>
ErrorInfo ErrorOf(std::string_view sql, Parse parse) {
  try {
    parse(sql);
  } catch (const Error& e) {
    return e.info();
  }
  ADD_FAILURE() << "no error for: " << sql;
  return {};
}

/// One query block of Spark's golden files: the statement and the whole
/// block (schema and output, which say whether Spark rejected it).
struct GoldenStatement {
  std::string file;
  std::string statement;
  std::string block;
};

/// Every query block of ../shared/testdata/spark-sql-tests/results/**/*.out
/// (empty when the directory is missing).
inline std::vector<GoldenStatement> GoldenStatements() {
  std::filesystem::path dir;
  if (const char* data = std::getenv("TARN_TESTDATA_DIR")) {
    dir = std::filesystem::path(data) / "spark-sql-tests/results";
  } else {  // src/sql/tests/ → <repo>/../shared/testdata
    dir = std::filesystem::path(__FILE__).parent_path() / "../../../../shared/testdata/spark-sql-tests/results";
  }
  std::vector<GoldenStatement> out;
  if (!std::filesystem::exists(dir)) return out;
  const std::string marker = "-- !query\n";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".out") continue;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    for (size_t pos = text.find(marker); pos != std::string::npos;) {
      const size_t start = pos + marker.size();
      const size_t schema = text.find("-- !query ", start);
      const size_t next = text.find(marker, start);
      out.push_back({entry.path().filename().string(),
                     text.substr(start, (schema == std::string::npos ? text.size() : schema) - start),
                     text.substr(start, (next == std::string::npos ? text.size() : next) - start)});
      pos = next;
    }
  }
  return out;
}

}  // namespace tarn::sql
