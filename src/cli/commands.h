// The tarn CLI's commands. Each Run* function takes the arguments after its
// command name, writes results to stdout and returns the exit code; it throws
// UsageError (exit 2) or tarn::Error (exit 1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tarn::cli {

/// `tarn parquet schema|meta|cat FILE …`
int RunParquet(const std::vector<std::string>& args);
extern const char* const kParquetUsage;

/// `tarn generate lineitem --out FILE …`
int RunGenerate(const std::vector<std::string>& args);
extern const char* const kGenerateUsage;

/// `tarn bench tpch generate --sf N --out DIR`
int RunBench(const std::vector<std::string>& args);
extern const char* const kBenchUsage;

/// `tarn bench tpch run --data DIR --queries DIR`
int RunTpchQueries(const std::vector<std::string>& args);

/// `tarn sql [-e SQL | -f FILE]`
int RunSql(const std::vector<std::string>& args);
extern const char* const kSqlUsage;

/// Writes text to stdout.
void Print(std::string_view text);

}  // namespace tarn::cli
