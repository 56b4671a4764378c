// `tarn bench tpch generate --sf N --out DIR [--threads T]`: the eight TPC-H
// tables as Parquet files DIR/<table>.parquet (src/datagen/tpch.h).
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/file_system.h"
#include "datagen/tpch.h"

namespace tarn::cli {

const char* const kBenchUsage =
    "Usage: tarn bench tpch generate --sf N --out DIR [options]\n"
    "       tarn bench tpch run --data DIR --queries DIR [--runs N] [--threads T] [--out results.json]\n"
    "                           [--profile DIR] [--conf K=V[,K2=V2]]\n"
    "\n"
    "Writes the eight TPC-H tables (dbgen's rules, deterministic for a scale factor)\n"
    "as DIR/<table>.parquet.\n"
    "\n"
    "Options:\n"
    "      --sf N           scale factor (1 = about 1 GB of raw data; 0.01 .. 100)\n"
    "  -o, --out DIR        the output directory (created if missing)\n"
    "      --threads T      tables written at once (default: the number of cores)\n"
    "  -h, --help           show this help\n"
    "\n"
    "'run' runs the qNN.sql files of --queries over the tables of --data (DIR/<table>.parquet\n"
    "or DIR/<table>/) once untimed and --runs times timed (default 3), prints one line per\n"
    "query and writes the answers in the peer harness's results.json format (--out), so\n"
    "'node run.mjs --check' can compare them with DuckDB's. --profile DIR writes each query's\n"
    "profile (EXPLAIN ANALYZE's text, from the untimed run) to DIR/qNN.txt. --conf sets session\n"
    "configuration, e.g. spark.tarn.memory.limit=2g for a run in bounded memory.\n";

namespace {

int RunBenchCommand(const std::vector<std::string>& args) {
  ParsedArgs parsed = ParseArgs(args, {{"sf", 0}, {"out", 'o'}, {"threads", 0}, {"data", 0}, {"queries", 0},
                                       {"runs", 0}, {"profile", 0}, {"conf", 'c', true, true}, {"help", 'h', false}});
  if (parsed.Has("help")) {
    Print(kBenchUsage);
    return 0;
  }
  if (parsed.positional.size() == 2 && parsed.positional[0] == "tpch" && parsed.positional[1] == "run") {
    return RunTpchQueries(args);
  }
  if (parsed.positional.size() != 2 || parsed.positional[0] != "tpch" || parsed.positional[1] != "generate") {
    throw UsageError("expected 'tarn bench tpch generate' or 'tarn bench tpch run'");
  }
  std::optional<std::string> out = parsed.Get("out");
  if (!out) throw UsageError("'bench tpch generate' needs --out DIR");
  std::string sf_text = parsed.Get("sf").value_or("");
  char* end = nullptr;
  double sf = std::strtod(sf_text.c_str(), &end);
  if (sf_text.empty() || *end != '\0' || !(sf >= 0.001) || sf > 1000) {
    throw UsageError("--sf must be a scale factor between 0.001 and 1000, got '" + sf_text + "'");
  }
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  if (auto t = parsed.Get("threads")) threads = static_cast<int>(ParseCount("threads", *t));
  auto fs = LocalFileSystem();
  ThrowIfError(fs->CreateDirectories(*out));
  datagen::WriteTpch(*fs, *out, sf, std::max(threads, 1));
  Print("wrote the TPC-H tables at scale factor " + sf_text + " to " + *out + "\n");
  return 0;
}

}  // namespace

int RunBench(const std::vector<std::string>& args) {
  try {
    return RunBenchCommand(args);
  } catch (const UsageError& e) {
    throw UsageError(e.what(), "tarn bench --help");
  }
}

}  // namespace tarn::cli
