#include "delta/transaction.h"

#include <utility>

#include "common/check.h"
#include "common/error.h"
#include "common/strings.h"
#include "common/version.h"
#include "delta/write_util.h"

namespace tarn::delta {
namespace {

constexpr const char* kConcurrencyDocLink = "https://docs.delta.io/latest/concurrency-control.html";

class DefaultCommitter : public Committer {
 public:
  Status Commit(FileSystem& fs, const std::string& log_path, int64_t version, std::string_view actions) override {
    return fs.PutIfAbsent(CommitFilePath(log_path, version), actions);
  }
};

// What a winning commit did, as the conflict rules need it.
struct WinningCommit {
  int64_t version = 0;
  std::string operation = "WRITE";
  bool blind_append = false;
  bool has_protocol = false;
  bool has_metadata = false;
  std::vector<const AddFile*> data_adds;
  std::vector<const RemoveFile*> data_removes;
  std::vector<const Txn*> txns;
};

WinningCommit Summarize(int64_t version, const std::vector<Action>& actions) {
  WinningCommit w;
  w.version = version;
  for (const Action& action : actions) {
    if (std::holds_alternative<Protocol>(action)) w.has_protocol = true;
    if (std::holds_alternative<Metadata>(action)) w.has_metadata = true;
    if (const auto* add = std::get_if<AddFile>(&action); add && add->data_change) w.data_adds.push_back(add);
    if (const auto* remove = std::get_if<RemoveFile>(&action); remove && remove->data_change) {
      w.data_removes.push_back(remove);
    }
    if (const auto* txn = std::get_if<Txn>(&action)) w.txns.push_back(txn);
    if (const auto* info = std::get_if<CommitInfo>(&action)) {
      if (info->operation) w.operation = *info->operation;
      w.blind_append = info->is_blind_append.value_or(false);
    }
  }
  return w;
}

std::string ConflictingCommit(const WinningCommit& w) {
  return "\nConflicting commit: {\"version\":" + std::to_string(w.version) + ",\"operation\":" + JsonQuote(w.operation) +
         "}";
}

}  // namespace

std::shared_ptr<Committer> PutIfAbsentCommitter() { return std::make_shared<DefaultCommitter>(); }

std::string CommitFilePath(const std::string& log_path, int64_t version) {
  char name[32];
  std::snprintf(name, sizeof(name), "%020lld.json", static_cast<long long>(version));
  return log_path + "/" + name;
}

std::string EngineInfo() { return std::string("tarn/") + kVersion; }

Transaction::Transaction(std::shared_ptr<const Snapshot> read_snapshot, std::string operation,
                         TransactionOptions options)
    : fs_(read_snapshot->fs_ptr()),
      table_path_(read_snapshot->table_path()),
      log_path_(read_snapshot->table_path() + "/_delta_log"),
      operation_(std::move(operation)),
      options_(std::move(options)),
      snapshot_(std::move(read_snapshot)),
      read_version_(snapshot_->version()),
      txn_id_(RandomUuid()) {}

Transaction::Transaction(std::shared_ptr<FileSystem> fs, std::string table_path, std::string operation,
                         TransactionOptions options)
    : fs_(std::move(fs)),
      table_path_(std::move(table_path)),
      log_path_(table_path_ + "/_delta_log"),
      operation_(std::move(operation)),
      options_(std::move(options)),
      txn_id_(RandomUuid()) {}

const Metadata& Transaction::metadata() const {
  static const Metadata kNone;
  if (new_metadata_) return *new_metadata_;
  return snapshot_ ? snapshot_->metadata() : kNone;
}

const Protocol& Transaction::protocol() const {
  static const Protocol kNone;
  if (new_protocol_) return *new_protocol_;
  return snapshot_ ? snapshot_->protocol() : kNone;
}

void Transaction::ReadFiles(const std::vector<delta::AddFile>& files) {
  for (const delta::AddFile& f : files) read_paths_.insert(f.path);
}

void Transaction::ReadPredicate(std::string description, std::function<bool(const delta::AddFile&)> matches) {
  read_predicates_.push_back({std::move(description), std::move(matches)});
}

std::optional<int64_t> Transaction::TxnVersion(const std::string& app_id) {
  read_app_ids_.insert(app_id);
  if (!snapshot_) return std::nullopt;
  auto it = snapshot_->txns().find(app_id);
  if (it == snapshot_->txns().end()) return std::nullopt;
  return it->second.version;
}

void Transaction::UpdateMetadata(Metadata metadata) { new_metadata_ = std::move(metadata); }
void Transaction::UpdateProtocol(Protocol protocol) { new_protocol_ = std::move(protocol); }
void Transaction::AddFile(delta::AddFile add) { adds_.push_back(std::move(add)); }
void Transaction::RemoveFile(delta::RemoveFile remove) { removes_.push_back(std::move(remove)); }
void Transaction::AddCdcFile(delta::AddCdcFile cdc) { cdc_files_.push_back(std::move(cdc)); }

void Transaction::RemoveAllFiles() {
  ReadWholeTable();
  if (!snapshot_) return;
  const int64_t now = Now();
  for (const delta::AddFile& f : snapshot_->files()) removes_.push_back(RemovalOf(f, now));
}

void Transaction::RemoveFilesWhere(std::string description, std::function<bool(const delta::AddFile&)> matches) {
  if (snapshot_) {
    const int64_t now = Now();
    for (const delta::AddFile& f : snapshot_->files())
      if (matches(f)) removes_.push_back(RemovalOf(f, now));
  }
  ReadPredicate(std::move(description), std::move(matches));
}

void Transaction::SetTxn(const std::string& app_id, int64_t version) {
  txn_ = Txn{app_id, version, std::nullopt};
}

void Transaction::SetDomainMetadata(DomainMetadata domain) { domains_.push_back(std::move(domain)); }

void Transaction::SetOperationParameter(const std::string& key, const std::string& value) {
  operation_parameters_[key] = value;
}

void Transaction::SetOperationMetric(const std::string& key, int64_t value) { operation_metrics_[key] = value; }

int64_t Transaction::Now() const { return options_.clock ? options_.clock() : SystemNowMs(); }

bool Transaction::IsBlindAppend() const {
  if (read_whole_table_ || !read_paths_.empty() || !read_predicates_.empty()) return false;
  if (!removes_.empty()) return false;
  for (const delta::AddFile& a : adds_) {
    if (!a.data_change) return false;
  }
  return true;
}

std::string Transaction::Serialize(int64_t attempt_version, int64_t now) const {
  (void)attempt_version;
  CommitInfo info;
  info.timestamp = now;
  info.operation = operation_;
  info.operation_parameters = operation_parameters_;
  if (read_version_ >= 0) info.read_version = read_version_;
  bool data_change = false;
  for (const delta::AddFile& a : adds_) data_change |= a.data_change;
  for (const delta::RemoveFile& r : removes_) data_change |= r.data_change;
  // Spark: commits that change no data are Serializable, the others WriteSerializable.
  info.isolation_level = data_change ? "WriteSerializable" : "Serializable";
  info.is_blind_append = IsBlindAppend();
  for (const auto& [key, value] : operation_metrics_) info.operation_metrics[key] = std::to_string(value);
  info.engine_info = EngineInfo();
  info.txn_id = txn_id_;
  if (user_metadata_) info.extra.emplace_back("userMetadata", JsonQuote(*user_metadata_));

  std::string text = ToJson(info) + "\n";
  if (new_protocol_) text += ToJson(*new_protocol_) + "\n";
  if (new_metadata_) text += ToJson(*new_metadata_) + "\n";
  if (txn_) {
    Txn txn = *txn_;
    txn.last_updated = now;
    text += ToJson(txn) + "\n";
  }
  for (const DomainMetadata& d : domains_) text += ToJson(d) + "\n";
  for (const delta::RemoveFile& r : removes_) text += ToJson(r) + "\n";
  for (const delta::AddFile& a : adds_) text += ToJson(a) + "\n";
  for (const delta::AddCdcFile& c : cdc_files_) text += ToJson(c) + "\n";
  return text;
}

bool Transaction::AlreadyCommitted(const std::vector<Action>& winning) const {
  if (!txn_) return false;
  for (const Action& action : winning) {
    const auto* txn = std::get_if<Txn>(&action);
    if (txn && txn->app_id == txn_->app_id && txn->version >= txn_->version) return true;
  }
  return false;
}

void Transaction::CheckConflicts(int64_t version, const std::vector<Action>& actions) const {
  const WinningCommit w = Summarize(version, actions);
  const std::string table = "delta.`" + table_path_ + "`";
  const std::string conflicting = ConflictingCommit(w);
  if (w.has_protocol) {
    std::string info = read_version_ < 0 ? "This happens when multiple writers are writing to an empty directory. "
                                           "Creating the table ahead of time will avoid this conflict. "
                                         : "";
    ThrowError(ErrorClass::kDeltaProtocolChanged,
               {{"additionalInfo", info}, {"conflictingCommit", conflicting}, {"docLink", kConcurrencyDocLink}});
  }
  if (w.has_metadata) {
    ThrowError(ErrorClass::kDeltaMetadataChanged,
               {{"conflictingCommit", conflicting}, {"docLink", kConcurrencyDocLink}});
  }
  // WriteSerializable: a concurrent blind append never conflicts, unless this
  // transaction changes the metadata (its new schema must cover those rows).
  const bool check_adds = !w.blind_append || new_metadata_.has_value();
  if (check_adds && !w.data_adds.empty()) {
    bool conflict = read_whole_table_;
    for (const ReadPredicateEntry& p : read_predicates_) {
      for (const delta::AddFile* add : w.data_adds) conflict = conflict || p.matches(*add);
    }
    if (conflict) {
      ThrowError(ErrorClass::kDeltaConcurrentAppend,
                 {{"operation", w.operation}, {"tableName", table}, {"version", std::to_string(version)}});
    }
  }
  for (const delta::RemoveFile* r : w.data_removes) {
    if (read_whole_table_ || read_paths_.count(r->path)) {
      ThrowError(ErrorClass::kDeltaConcurrentDeleteRead,
                 {{"operation", w.operation}, {"tableName", table}, {"version", std::to_string(version)}});
    }
  }
  for (const delta::RemoveFile* r : w.data_removes) {
    for (const delta::RemoveFile& mine : removes_) {
      if (mine.path == r->path) {
        ThrowError(ErrorClass::kDeltaConcurrentDeleteDelete,
                   {{"operation", w.operation}, {"tableName", table}, {"version", std::to_string(version)}});
      }
    }
  }
  for (const Txn* t : w.txns) {
    if (read_app_ids_.count(t->app_id) || (txn_ && txn_->app_id == t->app_id)) {
      ThrowError(ErrorClass::kDeltaConcurrentTransaction,
                 {{"conflictingCommit", conflicting}, {"docLink", kConcurrencyDocLink}});
    }
  }
}

void Transaction::CheckAppendOnly() const {
  // delta.appendOnly: the table only grows. A transaction that turns the
  // property off (a REPLACE with other properties) may rewrite it.
  auto append_only = [](const Metadata& m) {
    auto it = m.configuration.find("delta.appendOnly");
    return it != m.configuration.end() && AsciiLower(it->second) == "true";
  };
  if (!snapshot_ || !append_only(snapshot_->metadata())) return;
  if (new_metadata_ && !append_only(*new_metadata_)) return;
  for (const delta::RemoveFile& remove : removes_) {
    if (!remove.data_change) continue;  // OPTIMIZE-style rewrites keep the data
    ThrowError(ErrorClass::kDeltaCannotModifyAppendOnly,
               {{"table_name", "delta.`" + snapshot_->table_path() + "`"}, {"config", "delta.appendOnly"}});
  }
}

CommitResult Transaction::Commit() {
  TARN_CHECK(!committed_, "a Delta transaction commits once");
  committed_ = true;
  TARN_CHECK(read_version_ >= 0 || new_metadata_, "the first commit of a table needs its metadata");
  if (txn_ && snapshot_) {
    auto it = snapshot_->txns().find(txn_->app_id);
    if (it != snapshot_->txns().end() && it->second.version >= txn_->version) {
      return CommitResult{read_version_, true, 0};
    }
  }
  CheckAppendOnly();
  std::shared_ptr<Committer> committer = options_.committer ? options_.committer : PutIfAbsentCommitter();
  const int64_t started = Now();
  int64_t version = read_version_ + 1;
  for (int attempt = 1;; ++attempt) {
    const std::string text = Serialize(version, Now());
    Status status = committer->Commit(*fs_, log_path_, version, text);
    if (status.ok()) return CommitResult{version, false, attempt};
    if (status.code() != StatusCode::kAlreadyExists) ThrowIfError(status);
    if (attempt >= options_.max_attempts) {
      ThrowError(ErrorClass::kDeltaMaxCommitRetriesExceeded,
                 {{"numAttempts", std::to_string(attempt)},
                  {"startVersion", std::to_string(read_version_ + 1)},
                  {"failVersion", std::to_string(version)},
                  {"numActions", std::to_string(adds_.size() + removes_.size() + cdc_files_.size() + (new_metadata_ ? 1 : 0) +
                                                (new_protocol_ ? 1 : 0) + (txn_ ? 1 : 0) + domains_.size() + 1)},
                  {"timeSpent", std::to_string(Now() - started)}});
    }
    // Check every commit that won since our last attempt, then try after them.
    for (;; ++version) {
      const std::string path = CommitFilePath(log_path_, version);
      Result<std::string> winning_text = fs_->ReadFile(path);
      if (!winning_text.ok()) {
        if (winning_text.status().code() == StatusCode::kNotFound) break;
        ThrowIfError(winning_text.status());
      }
      const std::vector<Action> winning = ParseActions(*winning_text, path);
      if (AlreadyCommitted(winning)) return CommitResult{version, true, attempt};
      CheckConflicts(version, winning);
    }
  }
}

}  // namespace tarn::delta
