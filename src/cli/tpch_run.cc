// `tarn bench tpch run`: the TPC-H queries on tarn, timed, with answers in
// the peer harness's results.json format (see result_checksum.h); with
// --profile DIR, each query's profile (EXPLAIN ANALYZE's text) from its
// untimed run.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/result_checksum.h"
#include "common/error.h"
#include "common/version.h"
#include "session/session.h"

namespace tarn::cli {
namespace {

constexpr const char* kTables[] = {"lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region"};

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) ThrowError(ErrorClass::kPathNotFound, {{"path", path}});
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6f", s);
  return buf;
}

}  // namespace

int RunTpchQueries(const std::vector<std::string>& args) {
  ParsedArgs parsed = ParseArgs(args, {{"sf", 0}, {"out", 'o'}, {"threads", 0}, {"data", 0}, {"queries", 0},
                                       {"runs", 0}, {"profile", 0}, {"conf", 'c', true, true}, {"help", 'h', false}});
  auto data = parsed.Get("data");
  auto queries = parsed.Get("queries");
  if (!data || !queries) throw UsageError("'bench tpch run' needs --data DIR and --queries DIR");
  int runs = parsed.Get("runs") ? static_cast<int>(ParseCount("runs", *parsed.Get("runs"))) : 3;
  std::string threads = parsed.Get("threads").value_or("0");

  Session session;
  ThrowIfError(session.config().Set("spark.tarn.threads", threads));
  // --conf K=V[,K2=V2]: e.g. spark.tarn.memory.limit=2g for a bounded-memory run.
  for (const auto& [key, value] : ConfSettings(parsed, "tarn bench tpch --help")) ThrowIfError(session.config().Set(key, value));
  namespace fs = std::filesystem;
  for (const char* table : kTables) {
    std::string path = *data + "/" + table + ".parquet";
    if (!fs::exists(path)) path = *data + "/" + table;
    session.CreateTempView(table, session.AnalyzeQueryText("SELECT * FROM parquet.`" + path + "`", false));
  }
  if (auto dir = parsed.Get("profile")) fs::create_directories(*dir);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(*queries)) {
    std::string name = entry.path().filename().string();
    if (name.size() == 7 && name[0] == 'q' && name.substr(3) == ".sql") files.push_back(name);
  }
  std::sort(files.begin(), files.end());

  std::string json = "{\n  \"engine\": \"tarn\",\n  \"version\": \"" + std::string(kVersion) + "\",\n  \"threads\": " +
                     (threads == "0" ? std::to_string(std::max(1u, std::thread::hardware_concurrency())) : threads) +
                     ",\n  \"runs\": " + std::to_string(runs) + ",\n  \"data\": \"" + fs::absolute(*data).string() +
                     "\",\n  \"queries\": {";
  double log_sum = 0, total = 0;
  int ok = 0;
  Print("query\tmedian_s\tmin_s\tmax_s\trows\tchecksum\n");
  for (size_t i = 0; i < files.size(); ++i) {
    std::string q = files[i].substr(0, 3);
    std::string sql = ReadText(*queries + "/" + files[i]);
    json += std::string(i ? "," : "") + "\n    \"" + q + "\": {";
    try {
      // The untimed run gives the answer (and, with --profile, the query profile).
      session.set_profiling(parsed.Has("profile"));
      StatementResult answer = session.Execute(sql);
      session.set_profiling(false);
      if (auto dir = parsed.Get("profile")) {
        std::ofstream profile(*dir + "/" + q + ".txt");
        for (const std::string& text : session.TakeProfiles()) profile << text;
      }
      std::vector<double> times;
      for (int r = 0; r < runs; ++r) {
        auto start = std::chrono::steady_clock::now();
        session.Execute(sql);
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      std::vector<double> sorted = times;
      std::sort(sorted.begin(), sorted.end());
      double median = sorted.empty() ? 0 : sorted[sorted.size() / 2];
      if (!sorted.empty() && sorted.size() % 2 == 0) median = (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
      std::string checksum = ResultChecksum(answer.batches);
      std::string times_json;
      for (double t : times) times_json += (times_json.empty() ? "" : ", ") + Seconds(t);
      json += "\"times\": [" + times_json + "], \"median\": " + Seconds(median) + ", \"min\": " +
              Seconds(sorted.empty() ? 0 : sorted.front()) + ", \"max\": " + Seconds(sorted.empty() ? 0 : sorted.back()) +
              ", \"row_count\": " + std::to_string(answer.num_rows()) + ", \"checksum\": \"" + checksum +
              "\", \"rows\": " + ResultRowsJson(answer.batches) + "}";
      Print(q + "\t" + Seconds(median) + "\t" + Seconds(sorted.empty() ? 0 : sorted.front()) + "\t" +
            Seconds(sorted.empty() ? 0 : sorted.back()) + "\t" + std::to_string(answer.num_rows()) + "\t" +
            checksum.substr(0, 12) + "\n");
      if (runs > 0 && median > 0) {
        log_sum += std::log(median);
        total += median;
        ++ok;
      }
    } catch (const Error& e) {
      std::string message = e.info().ToString();
      message = message.substr(0, message.find('\n'));
      std::string escaped;
      for (char c : message) {
        if (c == '"' || c == '\\') escaped.push_back('\\');
        escaped.push_back(c);
      }
      json += "\"times\": [], \"error\": \"" + escaped + "\"}";
      Print(q + "\terror\t" + message + "\n");
    }
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  double geomean = ok ? std::exp(log_sum / ok) : 0;
  json += "\n  },\n  \"geomean\": " + Seconds(geomean) + ",\n  \"total\": " + Seconds(total) +
          ",\n  \"checksum_format\": \"tarn-bench-1\",\n  \"peak_rss_mb\": " + std::to_string(usage.ru_maxrss / 1024) +
          "\n}\n";
  Print("geomean " + Seconds(geomean) + " s over " + std::to_string(ok) + " queries; total " + Seconds(total) + " s\n");
  if (auto out = parsed.Get("out")) {
    std::ofstream file(*out);
    file << json;
  }
  return 0;
}

}  // namespace tarn::cli
