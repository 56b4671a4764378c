// Runs the blocks of one golden file in one tarn Session and grades each
// against Spark's expected output.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "golden_file.h"
#include "session/session.h"
#include "types/time_zone.h"

namespace tarn::golden {

struct BlockOutcome {
  bool passed = false;
  /// The column names match too (passed means output and column types match).
  bool names_match = false;
  /// tarn raised an error (of any class) on a block that expects one.
  bool error_raised = false;
  /// Why it failed, as a short key to group by ("error UNRESOLVED_ROUTINE `foo`",
  /// "wrong result: values", ...); empty when passed.
  std::string cause;
  /// Expected and actual text, for --verbose.
  std::string detail;
};

struct FileSettings {
  bool postgres = false;  ///< postgreSQL/ files: ANSI on, legacy intervals
  std::vector<std::pair<std::string, std::string>> set_directives;
  std::string data_dir;  ///< the suite directory (test-data/ lives under it)
  double block_timeout_seconds = 20;
};

/// The scratch directory of the runner in process `pid`: its session's
/// warehouse (spark.sql.warehouse.dir), so that tables a file creates never
/// outlive it; the parent removes it when the child ends.
std::string ScratchDirectory(long pid);

/// Stops a statement that runs too long: Session::Cancel from a watchdog thread.
class Watchdog;

class BlockRunner {
 public:
  explicit BlockRunner(const FileSettings& settings);
  ~BlockRunner();

  /// Session settings and the built-in tables. Problems go to stderr.
  void Setup();
  /// Runs a statement only for its effect (replaying state after a crash).
  void Replay(const std::string& statement);
  /// Runs and grades one block. `java21` is an alternative expected output.
  BlockOutcome Run(const GoldenBlock& block, const GoldenBlock* java21);

 private:
  BlockOutcome RunUnguarded(const GoldenBlock& block, const GoldenBlock* java21);
  void Exec(const std::string& sql);

  FileSettings settings_;
  Session session_;
  std::shared_ptr<const TimeZone> zone_;
  std::unique_ptr<Watchdog> watchdog_;
};

}  // namespace tarn::golden
