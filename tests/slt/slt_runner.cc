// tarn_slt: runs sqllogictest-style files against a tarn Session.
//
//   statement ok                      the statement must succeed
//   statement error [text]            it must fail; the error ("[CLASS] message") must contain text
//   query <types> [nosort|rowsort|valuesort]
//   <sql>
//   ----
//   <expected rows>                   one line per row, values separated by a tab (or a
//                                     single space when the line has no tab)
//   query error [text]                like statement error, for a query
//
// Values print as Spark's CAST(x AS STRING) (NULL as NULL, '' as (empty));
// timestamps in the session time zone.
// A row whose text has line breaks (EXPLAIN's plans) takes one result line
// per line of text, an empty line printing as (empty) since a blank line ends
// the record.
// Each file runs in a fresh session with a fresh, empty warehouse directory
// (spark.sql.warehouse.dir, removed afterwards); `__TMP__` in a statement
// stands for another fresh directory of the file (for LOCATION and
// delta.`path` tables). The environment variable TARN_SLT_THREADS sets
// spark.tarn.threads. `# ...` lines are comments. Records are separated by
// blank lines. Exit status 1 when any record fails.
//
// Modes: TARN_SLT_CONF="key=value;key=value" sets more config for every
// file, and TARN_SLT_MODE names the run (ctest's slt_spill.* runs with
// TARN_SLT_MODE=spill and a tiny spark.tarn.memory.limit). A line
// `skipif <mode>` before a record skips it in that mode (for records whose
// text depends on the mode); the runner prints how many it skipped and how
// many bytes operators spilled. In mode spill, EXPLAIN records are skipped
// too: their plan text shows the mode's settings (shuffled instead of
// broadcast joins), which is what the mode changes on purpose.
#include <strings.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"
#include "exec/spill.h"
#include "session/result_display.h"
#include "session/session.h"

namespace {

struct Record {
  int line = 0;
  std::string kind;       // statement | query
  bool expect_error = false;
  std::string error_text;
  std::string types;
  std::vector<std::string> skip_modes;
  std::string sort = "nosort";
  std::string sql;
  std::vector<std::string> expected;
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<Record> Parse(std::istream& in) {
  std::vector<Record> records;
  std::string line;
  int number = 0;
  std::vector<std::string> skip_modes;
  while (std::getline(in, line)) {
    ++number;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::istringstream header(t);
    std::string word;
    header >> word;
    if (word == "skipif") {
      std::string mode;
      header >> mode;
      skip_modes.push_back(mode);
      continue;
    }
    if (word != "statement" && word != "query") {
      std::cerr << "line " << number << ": expected 'statement' or 'query', got: " << t << "\n";
      std::exit(2);
    }
    Record r;
    r.line = number;
    r.kind = word;
    r.skip_modes = std::move(skip_modes);
    skip_modes.clear();
    std::string second;
    header >> second;
    if (second == "error") {
      r.expect_error = true;
      std::getline(header, r.error_text);
      r.error_text = Trim(r.error_text);
    } else if (word == "query") {
      r.types = second;
      std::string sort;
      if (header >> sort) r.sort = sort;
    }
    // SQL up to a blank line or ----.
    bool in_results = false;
    while (std::getline(in, line)) {
      ++number;
      if (!in_results && Trim(line) == "----") {
        in_results = true;
        continue;
      }
      if (in_results) {
        if (Trim(line).empty()) break;
        r.expected.push_back(line);
        continue;
      }
      if (Trim(line).empty()) break;
      r.sql += (r.sql.empty() ? "" : "\n") + line;
    }
    records.push_back(std::move(r));
  }
  return records;
}

// Appends a row's text, one line per line of multi-line text.
void AppendRowLines(const std::string& text, std::vector<std::string>* rows) {
  if (text.find('\n') == std::string::npos) {
    rows->push_back(text);
    return;
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) rows->push_back(line.empty() ? "(empty)" : line);
}

std::string ValueText(const tarn::Vector& v, size_t row) {
  if (v.IsNull(row)) return "NULL";
  std::string out;
  tarn::SparkTextOptions options;
  options.null_text = "null";
  tarn::AppendSparkText(v, row, &out, options);
  return out.empty() ? "(empty)" : out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tarn_slt FILE.slt...\n";
    return 2;
  }
  int failures = 0, total = 0, skipped = 0;
  const char* mode_env = std::getenv("TARN_SLT_MODE");
  const std::string mode = mode_env != nullptr ? mode_env : "";
  int64_t spilled_before = tarn::exec::TotalSpilledBytes();
  for (int f = 1; f < argc; ++f) {
    std::ifstream in(argv[f]);
    if (!in) {
      std::cerr << argv[f] << ": cannot open\n";
      return 2;
    }
    tarn::Session session;
    std::string scratch_template = (std::filesystem::temp_directory_path() / "tarn_slt_XXXXXX").string();
    if (!::mkdtemp(scratch_template.data())) {
      std::cerr << "cannot create a scratch directory\n";
      return 2;
    }
    const std::string scratch = scratch_template;
    std::filesystem::create_directories(scratch + "/warehouse");
    std::filesystem::create_directories(scratch + "/tmp");
    (void)session.config().Set("spark.sql.warehouse.dir", scratch + "/warehouse");
    // TARN_SLT_THREADS=n runs every file with spark.tarn.threads = n (ctest
    // runs the suite at 1 and at 4 threads: the results must not differ).
    if (const char* threads = std::getenv("TARN_SLT_THREADS"))
      (void)session.config().Set("spark.tarn.threads", threads);
    if (const char* conf = std::getenv("TARN_SLT_CONF")) {
      std::istringstream pairs(conf);
      std::string pair;
      while (std::getline(pairs, pair, ';')) {
        size_t eq = pair.find('=');
        if (eq == std::string::npos) continue;
        if (!session.config().Set(Trim(pair.substr(0, eq)), Trim(pair.substr(eq + 1))).ok()) {
          std::cerr << "TARN_SLT_CONF: cannot set '" << pair << "'\n";
          return 2;
        }
      }
    }
    int file_failures = 0;
    for (const Record& r : Parse(in)) {
      bool explain = r.sql.size() >= 7 && strncasecmp(r.sql.c_str(), "EXPLAIN", 7) == 0;
      if ((mode == "spill" && explain) ||
          (!mode.empty() && std::find(r.skip_modes.begin(), r.skip_modes.end(), mode) != r.skip_modes.end())) {
        ++skipped;
        continue;
      }
      ++total;
      std::string where = std::string(argv[f]) + ":" + std::to_string(r.line);
      std::string sql = r.sql;
      for (size_t at; (at = sql.find("__TMP__")) != std::string::npos;) sql.replace(at, 7, scratch + "/tmp");
      try {
        tarn::StatementResult result = session.Execute(sql);
        if (r.expect_error) {
          std::cerr << where << ": expected an error, the statement succeeded\n  " << r.sql << "\n";
          ++file_failures;
          continue;
        }
        if (r.kind != "query") continue;
        std::vector<std::string> rows;
        std::vector<std::string> values;
        // Timestamps as the shell shows them: in the session time zone.
        const tarn::StatementResult shown = tarn::InSessionTimeZone(result, session.config());
        for (const tarn::Batch& batch : shown.batches) {
          for (size_t row = 0; row < batch.num_rows(); ++row) {
            std::string text;
            for (size_t c = 0; c < batch.num_columns(); ++c) {
              std::string v = ValueText(batch.column(c), row);
              text += (c ? "\t" : "") + v;
              values.push_back(v);
            }
            AppendRowLines(text, &rows);
          }
        }
        if (!r.types.empty() && result.schema.size() != r.types.size()) {
          std::cerr << where << ": expected " << r.types.size() << " columns, got " << result.schema.size() << "\n  "
                    << r.sql << "\n";
          ++file_failures;
          continue;
        }
        std::vector<std::string> expected;
        for (const std::string& e : r.expected) {
          if (e.find('\t') != std::string::npos) {
            expected.push_back(e);
            continue;
          }
          expected.push_back(e);
        }
        // A line without tabs compares against the values joined by spaces.
        std::vector<std::string> actual = rows;
        for (size_t i = 0; i < actual.size() && i < expected.size(); ++i) {
          if (expected[i].find('\t') == std::string::npos) std::replace(actual[i].begin(), actual[i].end(), '\t', ' ');
        }
        if (r.sort == "rowsort") {
          std::sort(actual.begin(), actual.end());
          std::sort(expected.begin(), expected.end());
        } else if (r.sort == "valuesort") {
          actual = values;
          expected.clear();
          for (const std::string& e : r.expected) {
            std::istringstream split(e);
            std::string v;
            while (std::getline(split, v, e.find('\t') != std::string::npos ? '\t' : ' ')) expected.push_back(v);
          }
          std::sort(actual.begin(), actual.end());
          std::sort(expected.begin(), expected.end());
        }
        if (actual != expected) {
          std::cerr << where << ": wrong result\n  " << r.sql << "\n  expected:\n";
          for (const std::string& e : r.expected) std::cerr << "    " << e << "\n";
          std::cerr << "  actual:\n";
          for (const std::string& a : rows) std::cerr << "    " << a << "\n";
          ++file_failures;
        }
      } catch (const tarn::Error& e) {
        std::string message = e.info().ToString();
        if (e.info().IsInternal()) {
          std::cerr << where << ": internal error " << message << "\n  " << r.sql << "\n";
          ++file_failures;
        } else if (!r.expect_error) {
          std::cerr << where << ": unexpected error " << message << "\n  " << r.sql << "\n";
          ++file_failures;
        } else if (!r.error_text.empty() && message.find(r.error_text) == std::string::npos) {
          std::cerr << where << ": error does not contain '" << r.error_text << "': " << message << "\n  " << r.sql << "\n";
          ++file_failures;
        }
      } catch (const std::exception& e) {
        std::cerr << where << ": crash-class exception " << e.what() << "\n  " << r.sql << "\n";
        ++file_failures;
      }
    }
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
    failures += file_failures;
  }
  std::cout << (total - failures) << " passed, " << failures << " failed";
  if (!mode.empty()) {
    std::cout << ", " << skipped << " skipped in mode " << mode << ", "
              << (tarn::exec::TotalSpilledBytes() - spilled_before) << " bytes spilled";
  }
  std::cout << "\n";
  return failures == 0 ? 0 : 1;
}
