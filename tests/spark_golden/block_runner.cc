#include "block_runner.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "common/error.h"
#include "hive_text.h"
#include "plan/logical_plan.h"
#include "sql/parser.h"
#include "sql/statement.h"

namespace tarn::golden {

class Watchdog {
 public:
  explicit Watchdog(Session& session) : session_(session), thread_([this] { Loop(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  void Arm(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = true;
    fired_ = false;
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
    changed_.notify_all();
  }
  /// Returns whether the deadline passed while armed.
  bool Disarm() {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = false;
    changed_.notify_all();
    return fired_;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      if (!armed_) {
        changed_.wait(lock);
        continue;
      }
      if (changed_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ &&
          std::chrono::steady_clock::now() >= deadline_) {
        fired_ = true;
        armed_ = false;
        session_.Cancel();
      }
    }
  }

  Session& session_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stop_ = false, armed_ = false, fired_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::thread thread_;  // last: starts after the fields above exist
};

namespace {

std::string OneLine(std::string s, size_t limit = 160) {
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  if (s.size() > limit) s = s.substr(0, limit) + "...";
  return s;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

std::string Param(const ErrorInfo& info, const std::string& key) {
  for (const auto& [k, v] : info.params)
    if (k == key) return v;
  return "";
}

// A grouping key for a tarn error: the class, plus the detail that tells
// which feature is missing where the class alone does not.
std::string ErrorCause(const ErrorInfo& info) {
  std::string name(ErrorClassName(info.error_class));
  std::string detail;
  if (name == "UNRESOLVED_ROUTINE") detail = Param(info, "routineName");
  else if (name.rfind("UNSUPPORTED_FEATURE", 0) == 0 || name == "INTERNAL_ERROR" || name == "NOT_IMPLEMENTED")
    detail = info.message;
  else if (name == "PARSE_SYNTAX_ERROR") detail = Param(info, "error");
  else if (name == "TABLE_OR_VIEW_NOT_FOUND") detail = Param(info, "relationName");
  else if (name == "INVALID_PARAMETER_VALUE") detail = Param(info, "function") + " " + Param(info, "parameter");
  return OneLine(detail.empty() ? name : name + " " + detail, 140);
}

// Spark's SQLQueryTestHelper.isSorted over the analyzed plan: Join, Aggregate,
// Generate, Sample and Distinct make a result unordered; a (global) sort makes
// it ordered; any other node is ordered when one of its children is.
bool IsOrdered(const plan::PlanNode& node) {
  switch (node.kind) {
    case plan::PlanKind::kJoin:
    case plan::PlanKind::kAggregate:
    case plan::PlanKind::kGenerate:
    case plan::PlanKind::kSample:
    case plan::PlanKind::kDistinct: return false;
    case plan::PlanKind::kSort: return true;
    case plan::PlanKind::kSetOperation:
      if (node.set_op == "UNION") return false;  // Spark: Distinct(Union)
      break;
    default: break;
  }
  for (const plan::PlanPtr& child : node.children)
    if (child && IsOrdered(*child)) return true;
  return false;
}

// Spark's catalogString with tarn's types: "struct<a:int,b:string>".
std::string SchemaLine(const Schema& schema) {
  std::string out = "struct<";
  for (size_t i = 0; i < schema.size(); ++i) {
    if (i > 0) out += ",";
    out += schema[i].name + ":" + schema[i].type.ToString();
  }
  return out + ">";
}

// Whether `expected` reads as struct<n1:T1,...,nk:Tk> with tarn's types Ti
// for some names ni (names may hold any text, so this backtracks).
bool TypesMatch(const std::string& expected, const Schema& schema, size_t field, size_t pos) {
  if (field == schema.size()) return pos == expected.size();
  std::string type = ":" + schema[field].type.ToString() + (field + 1 == schema.size() ? ">" : ",");
  for (size_t at = expected.find(type, pos); at != std::string::npos; at = expected.find(type, at + 1)) {
    if (TypesMatch(expected, schema, field + 1, at + type.size())) return true;
  }
  return false;
}

bool TypesMatch(const std::string& expected, const Schema& schema) {
  if (expected.rfind("struct<", 0) != 0) return false;
  if (schema.empty()) return expected == "struct<>";
  return TypesMatch(expected, schema, 0, std::string("struct<").size());
}

std::string JoinLines(const std::vector<std::string>& rows) {
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += '\n';
    out += rows[i];
  }
  return TrimRight(out);
}

std::string Excerpt(const std::string& text, size_t max_lines = 12) {
  std::string out;
  size_t lines = 0, pos = 0;
  while (pos < text.size() && lines < max_lines) {
    size_t nl = text.find('\n', pos);
    out += "    | " + text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) + "\n";
    ++lines;
    if (nl == std::string::npos) return out;
    pos = nl + 1;
  }
  if (pos < text.size()) out += "    | ...\n";
  return out;
}

std::vector<std::string> SortedCopy(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

std::string ScratchDirectory(long pid) {
  return (std::filesystem::temp_directory_path() / ("tarn_golden_" + std::to_string(pid))).string();
}

BlockRunner::BlockRunner(const FileSettings& settings)
    : settings_(settings), watchdog_(std::make_unique<Watchdog>(session_)) {}

BlockRunner::~BlockRunner() = default;

void BlockRunner::Exec(const std::string& sql) {
  try {
    session_.Execute(sql);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spark_golden: setup statement failed: %s\n  %s\n", OneLine(sql, 200).c_str(), e.what());
  }
}

void BlockRunner::Setup() {
  Config& config = session_.config();
  auto set = [&config](const std::string& key, const std::string& value) {
    Status status = config.Set(key, value);
    if (!status.ok()) std::fprintf(stderr, "spark_golden: cannot set %s=%s\n", key.c_str(), value.c_str());
  };
  set("spark.sql.ansi.enabled", settings_.postgres ? "true" : "false");
  if (settings_.postgres) set("spark.sql.legacy.interval.enabled", "true");
  set("spark.sql.session.timeZone", "America/Los_Angeles");
  set("spark.tarn.threads", "1");  // gentle on a shared machine; deterministic output order
  const std::string warehouse = ScratchDirectory(static_cast<long>(::getpid())) + "/warehouse";
  std::error_code ignored;
  std::filesystem::remove_all(warehouse, ignored);
  std::filesystem::create_directories(warehouse, ignored);
  set("spark.sql.warehouse.dir", warehouse);
  for (const auto& [key, value] : settings_.set_directives) set(key, value);
  zone_ = TimeZone::Find(config.GetString("spark.sql.session.timeZone"));
  if (!zone_) zone_ = TimeZone::Utc();

  // The harness's built-in tables (persistent Parquet tables in Spark; temp views here).
  Exec("CREATE TEMPORARY VIEW testdata AS SELECT CAST(id AS INT) AS key, CAST(id AS STRING) AS value "
       "FROM range(1, 101)");
  Exec("CREATE TEMPORARY VIEW arraydata AS SELECT * FROM VALUES "
       "(array(1, 2, 3), array(array(1, 2, 3))), (array(2, 3, 4), array(array(2, 3, 4))) "
       "AS t(arraycol, nestedarraycol)");
  Exec("CREATE TEMPORARY VIEW mapdata AS SELECT * FROM VALUES "
       "(map(1, 'a1', 2, 'b1', 3, 'c1', 4, 'd1', 5, 'e1')), (map(1, 'a2', 2, 'b2', 3, 'c2', 4, 'd2')), "
       "(map(1, 'a3', 2, 'b3', 3, 'c3')), (map(1, 'a4', 2, 'b4')), (map(1, 'a5')) AS t(mapcol)");
  const std::string data = settings_.data_dir + "/test-data/postgresql/";
  const std::string columns16 =
      "unique1 int, unique2 int, two int, four int, ten int, twenty int, hundred int, thousand int, "
      "twothousand int, fivethous int, tenthous int, odd int, even int, stringu1 string, stringu2 string, "
      "string4 string";
  auto csv_view = [&](const std::string& name, const std::string& schema, const std::string& file) {
    Exec("CREATE TEMPORARY VIEW " + name + " (" + schema + ") USING csv OPTIONS (path '" + data + file +
         "', sep '\\t', header 'false')");
  };
  csv_view("aggtest", "a int, b float", "agg.data");
  csv_view("onek", columns16, "onek.data");
  csv_view("tenk1", columns16, "tenk.data");
}

void BlockRunner::Replay(const std::string& statement) {
  watchdog_->Arm(settings_.block_timeout_seconds);
  try {
    session_.Execute(statement);
  } catch (const std::exception&) {
  }
  watchdog_->Disarm();
}

BlockOutcome BlockRunner::Run(const GoldenBlock& block, const GoldenBlock* java21) {
  watchdog_->Arm(settings_.block_timeout_seconds);
  BlockOutcome outcome;
  try {
    outcome = RunUnguarded(block, java21);
  } catch (const std::exception& e) {
    outcome = BlockOutcome{};
    outcome.cause = "runner exception: " + OneLine(e.what(), 100);
  }
  if (watchdog_->Disarm() && !outcome.passed) outcome.cause = "timeout";
  return outcome;
}

BlockOutcome BlockRunner::RunUnguarded(const GoldenBlock& block, const GoldenBlock* java21) {
  BlockOutcome outcome;
  const bool expects_error = block.expects_error();
  const std::optional<std::string> expected_class = block.error_class();
  StatementResult result;
  try {
    result = session_.Execute(block.statement);
  } catch (const Error& e) {
    std::string got(ErrorClassName(e.info().error_class));
    if (expects_error) {
      outcome.error_raised = true;
      if (!expected_class || *expected_class == got) {
        outcome.passed = outcome.names_match = true;
        return outcome;
      }
      outcome.cause = "wrong error class: expected " + *expected_class + ", got " + got;
    } else {
      outcome.cause = "error " + ErrorCause(e.info());
    }
    outcome.detail = "  tarn: " + OneLine(e.info().ToString(), 400) + "\n  expected:\n" + Excerpt(block.output);
    return outcome;
  } catch (const std::exception& e) {
    outcome.error_raised = expects_error;
    outcome.passed = outcome.names_match = expects_error && !expected_class;
    if (!outcome.passed) outcome.cause = "exception: " + OneLine(e.what(), 100);
    outcome.detail = std::string("  tarn threw: ") + e.what() + "\n";
    return outcome;
  }
  if (expects_error) {
    outcome.cause = "no error (expected " + expected_class.value_or(block.output.substr(0, block.output.find('\n'))) + ")";
    return outcome;
  }

  // How Spark's harness prints this statement's rows, and whether it sorts them.
  sql::StatementKind kind = sql::StatementKind::kQuery;
  try {
    kind = sql::Parser::ParseStatementText(block.statement)->kind;
  } catch (const std::exception&) {
  }
  const bool describe = kind == sql::StatementKind::kDescribeTable || kind == sql::StatementKind::kDescribeQuery;
  const bool show_names = kind == sql::StatementKind::kShowTables || kind == sql::StatementKind::kShowViews;
  std::optional<bool> ordered;
  if (describe) {
    ordered = true;
  } else if (kind == sql::StatementKind::kQuery) {
    try {
      plan::PlanPtr analyzed = session_.AnalyzeQueryText(block.statement, /*optimize=*/false);
      if (analyzed) ordered = IsOrdered(*analyzed);
    } catch (const std::exception&) {
    }
  } else {
    ordered = false;  // commands: Spark sorts their rows
  }

  std::vector<std::string> rows;
  for (const Batch& batch : result.batches) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string line;
      if (show_names && batch.num_columns() >= 2) {
        AppendHiveText(batch.column(1), r, *zone_, false, &line);
      } else {
        for (size_t c = 0; c < batch.num_columns(); ++c) {
          if (c > 0) line += '\t';
          if (describe) {
            std::string cell;
            if (!batch.column(c).IsNull(r)) AppendHiveText(batch.column(c), r, *zone_, false, &cell);
            if (cell.size() < 20) cell.append(20 - cell.size(), ' ');
            line += cell;
          } else {
            AppendHiveText(batch.column(c), r, *zone_, false, &line);
          }
        }
      }
      rows.push_back(std::move(line));
    }
  }
  const std::string engine_order = JoinLines(rows);
  const std::string sorted = JoinLines(SortedCopy(rows));
  std::string actual = ordered.value_or(true) ? engine_order : sorted;

  auto output_matches = [&](const GoldenBlock& golden) {
    if (!ordered) return golden.output == engine_order || golden.output == sorted;
    return golden.output == actual;
  };
  bool output_ok = output_matches(block) || (java21 && output_matches(*java21));
  bool types_ok = TypesMatch(block.schema, result.schema);
  outcome.names_match = block.schema == SchemaLine(result.schema);
  if (output_ok && types_ok) {
    outcome.passed = true;
    return outcome;
  }
  outcome.detail = "  expected schema: " + block.schema + "\n  tarn schema:     " + SchemaLine(result.schema) +
                   "\n  expected:\n" + Excerpt(block.output) + "  tarn" +
                   (ordered.value_or(true) ? "" : " (sorted)") + ":\n" + Excerpt(actual);
  if (!output_ok) {
    std::vector<std::string> expected_rows;
    size_t pos = 0;
    while (!block.output.empty() && pos <= block.output.size()) {
      size_t nl = block.output.find('\n', pos);
      expected_rows.push_back(block.output.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
    if (JoinLines(SortedCopy(expected_rows)) == sorted) outcome.cause = "wrong result: row order";
    else if (expected_rows.size() != rows.size()) outcome.cause = "wrong result: row count";
    else outcome.cause = "wrong result: values";
    if (!types_ok) outcome.cause += " (and schema types)";
  } else {
    outcome.cause = "schema types differ";
  }
  return outcome;
}

}  // namespace tarn::golden
