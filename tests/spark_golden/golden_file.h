// The golden files of Spark's SQLQueryTestSuite: a `.sql.out` split into
// query blocks (statement, schema, output) and the `--SET` directives of the
// matching `.sql` input.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tarn::golden {

struct GoldenBlock {
  std::string statement;  ///< trimmed
  std::string schema;     ///< trimmed, e.g. "struct<a:int>"
  std::string output;     ///< trailing whitespace of the whole section removed

  /// Schema `struct<>` and a first output line naming a JVM exception.
  bool expects_error() const;
  /// The `errorClass` of the JSON error body, if there is one.
  std::optional<std::string> error_class() const;
};

/// Splits a `.sql.out` text as Spark does (on `-- !query.*\n`), dropping the
/// header. Returns nullopt when the text is not a golden file.
std::optional<std::vector<GoldenBlock>> ParseGoldenOutput(const std::string& text);

/// The `--SET k=v[,k2=v2]` directives of a `.sql` input, in order.
std::vector<std::pair<std::string, std::string>> ParseSetDirectives(const std::string& sql_text);

/// Whole-file read; nullopt when the file cannot be read.
std::optional<std::string> ReadTextFile(const std::string& path);

}  // namespace tarn::golden
