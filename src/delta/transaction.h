// An optimistic Delta transaction (PROTOCOL.md "Optimistic Concurrency
// Control"; Spark's OptimisticTransaction and ConflictChecker).
//
// A transaction starts from a snapshot (its read version; -1 for a table
// that does not exist yet), records what it read — the whole table, some
// files, or the files a predicate selects, and the app transactions it looked
// at — and stages actions. Commit() writes `_delta_log/<v>.json` through a
// Committer (put-if-absent) at read version + 1. When another writer won
// that version, the winning commits are read and checked against what this
// transaction read and wrote (WriteSerializable, Delta's default):
//
//   winning commit has protocol  → DELTA_PROTOCOL_CHANGED
//   winning commit has metaData  → DELTA_METADATA_CHANGED
//   it added data files (not a blind append, or this transaction changes the
//     metadata) matching what this transaction read → DELTA_CONCURRENT_APPEND
//   it removed files this transaction read         → DELTA_CONCURRENT_DELETE_READ
//   it removed files this transaction removes      → DELTA_CONCURRENT_DELETE_DELETE
//   it wrote a txn of an appId this transaction reads/writes → DELTA_CONCURRENT_TRANSACTION
//
// Otherwise the commit is retried at the next version, at most
// `max_attempts` times (DELTA_MAX_COMMIT_RETRIES_EXCEEDED). Two blind appends
// therefore both land. Idempotent writes: when the table (or a winning
// commit) already holds the staged txn's appId at a version >= the staged
// one, the commit is skipped (CommitResult::skipped).
//
// The commitInfo carries Spark's fields: timestamp, operation,
// operationParameters, readVersion, isolationLevel, isBlindAppend,
// operationMetrics, engineInfo ("tarn/<version>"), txnId.
//
// Crash safety: the only write is the atomic put of the commit file, so a
// crash leaves either the old or the new version; files written before it
// are unreferenced until a commit names them.
//
// Thread safety: a Transaction is used by one thread; any number of
// transactions (in one or many processes) may race on one table.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "delta/actions.h"
#include "delta/snapshot.h"

namespace tarn::delta {

/// Writes one commit file atomically; kAlreadyExists when the version is taken.
class Committer {
 public:
  virtual ~Committer() = default;
  virtual Status Commit(FileSystem& fs, const std::string& log_path, int64_t version, std::string_view actions) = 0;
};

/// The default: FileSystem::PutIfAbsent of `_delta_log/%020d.json`.
std::shared_ptr<Committer> PutIfAbsentCommitter();

/// `_delta_log/00000000000000000007.json` for version 7 under `log_path`.
std::string CommitFilePath(const std::string& log_path, int64_t version);

/// "tarn/<version>", the engineInfo of tarn's commits.
std::string EngineInfo();

struct TransactionOptions {
  std::shared_ptr<Committer> committer;  ///< null: PutIfAbsentCommitter()
  int max_attempts = 10;
  /// Clock for commitInfo.timestamp and txn.lastUpdated (ms since the epoch); null: system clock.
  std::function<int64_t()> clock;
};

struct CommitResult {
  int64_t version = -1;   ///< the committed version (the table's version when skipped)
  bool skipped = false;   ///< an idempotent write found its txn already committed
  int attempts = 0;
};

class Transaction {
 public:
  /// A transaction on the table as of `read_snapshot`.
  Transaction(std::shared_ptr<const Snapshot> read_snapshot, std::string operation, TransactionOptions options = {});
  /// A transaction that creates the table at `table_path` (read version -1).
  Transaction(std::shared_ptr<FileSystem> fs, std::string table_path, std::string operation,
              TransactionOptions options = {});

  int64_t read_version() const { return read_version_; }
  /// The snapshot read (null when creating the table).
  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }
  const std::string& table_path() const { return table_path_; }
  FileSystem& fs() const { return *fs_; }
  /// The metadata / protocol the commit will leave (staged or read).
  const Metadata& metadata() const;
  const Protocol& protocol() const;

  // --- what the transaction read (conflict detection) --------------------------
  /// Any concurrent data change conflicts (overwrites, DELETE without a predicate).
  void ReadWholeTable() { read_whole_table_ = true; }
  /// Files this transaction's result depends on.
  void ReadFiles(const std::vector<AddFile>& files);
  /// A partition predicate: files a concurrent commit adds that match it conflict.
  void ReadPredicate(std::string description, std::function<bool(const AddFile&)> matches);
  /// The latest version of `app_id`'s txn (and a dependency on it).
  std::optional<int64_t> TxnVersion(const std::string& app_id);

  // --- staged actions ----------------------------------------------------------
  void UpdateMetadata(Metadata metadata);
  void UpdateProtocol(Protocol protocol);
  void AddFile(AddFile add);
  void RemoveFile(RemoveFile remove);
  /// A change data file of this commit (change_data.h writes them).
  void AddCdcFile(AddCdcFile cdc);
  /// Removes every active file of the read snapshot (overwrite); records a whole-table read.
  void RemoveAllFiles();
  /// Removes the active files that `matches` (a partition overwrite, REPLACE WHERE) and
  /// records `matches` as a read predicate (ReadPredicate).
  void RemoveFilesWhere(std::string description, std::function<bool(const delta::AddFile&)> matches);
  /// An idempotent write: (appId, version).
  void SetTxn(const std::string& app_id, int64_t version);
  void SetDomainMetadata(DomainMetadata domain);
  /// operationParameters values are JSON text ("\"Append\"", "[]", "true").
  void SetOperationParameter(const std::string& key, const std::string& json_value);
  void SetOperationMetric(const std::string& key, int64_t value);
  void SetUserMetadata(const std::string& text) { user_metadata_ = text; }

  const std::vector<delta::AddFile>& added_files() const { return adds_; }
  const std::vector<delta::RemoveFile>& removed_files() const { return removes_; }
  const std::vector<delta::AddCdcFile>& cdc_files() const { return cdc_files_; }

  /// Commits (with retries). Throws the conflict errors above, DELTA_MAX_COMMIT_RETRIES_EXCEEDED,
  /// or the committer's I/O error. A transaction commits at most once.
  CommitResult Commit();

 private:
  struct ReadPredicateEntry {
    std::string description;
    std::function<bool(const delta::AddFile&)> matches;
  };
  int64_t Now() const;
  bool IsBlindAppend() const;
  std::string Serialize(int64_t attempt_version, int64_t now) const;
  /// Throws when the commit at `version` (its actions) conflicts with this transaction.
  void CheckConflicts(int64_t version, const std::vector<Action>& winning) const;
  /// DELTA_CANNOT_MODIFY_APPEND_ONLY when an append-only table would lose data.
  void CheckAppendOnly() const;
  /// True when `winning` already holds our txn (idempotent no-op).
  bool AlreadyCommitted(const std::vector<Action>& winning) const;

  std::shared_ptr<FileSystem> fs_;
  std::string table_path_;
  std::string log_path_;
  std::string operation_;
  TransactionOptions options_;
  std::shared_ptr<const Snapshot> snapshot_;
  int64_t read_version_ = -1;

  bool read_whole_table_ = false;
  std::set<std::string> read_paths_;
  std::vector<ReadPredicateEntry> read_predicates_;
  std::set<std::string> read_app_ids_;

  std::optional<Metadata> new_metadata_;
  std::optional<Protocol> new_protocol_;
  std::vector<delta::AddFile> adds_;
  std::vector<delta::RemoveFile> removes_;
  std::vector<delta::AddCdcFile> cdc_files_;
  std::optional<Txn> txn_;
  std::vector<DomainMetadata> domains_;
  StringMap operation_parameters_;
  std::map<std::string, int64_t> operation_metrics_;
  std::optional<std::string> user_metadata_;
  std::string txn_id_;
  bool committed_ = false;
};

}  // namespace tarn::delta
