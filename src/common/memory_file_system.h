// MemoryFileSystem: a FileSystem held in memory, for tests and fuzzing.
//
// Directories are implicit: a path "exists" as a directory when some file
// lies under it (CreateDirectories only records the directory so that List
// and Stat see it while still empty). Writes become visible at Close().
//
// Fault injection: `FailAfterWrites(n)` makes the (n+1)-th and every later
// mutating call (OpenForWrite's Close, PutIfAbsent, Delete) fail with an I/O
// error without changing anything — a crash at that point, as far as the
// caller can tell. This is how Delta commit paths are tested for "a crash at
// any point leaves the table readable".
//
// Thread safety: all calls may come from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "common/file_system.h"

namespace tarn {

class MemoryFileSystem : public FileSystem {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& directory) override;
  Status Delete(const std::string& path) override;
  Status CreateDirectories(const std::string& path) override;

  /// Lets `writes` more mutating calls succeed, then fails all later ones
  /// (-1: never fail, the default).
  void FailAfterWrites(int64_t writes);
  /// The clock used for modification times (ms since the epoch); tests set it.
  void SetClock(int64_t now_ms);

 private:
  friend class MemoryWritableFile;
  struct Entry {
    std::shared_ptr<const std::string> contents;
    int64_t modification_time_ms = 0;
  };
  // Consumes one write from the fault budget; false when this write must fail.
  bool TakeWrite();
  Status Store(const std::string& path, std::string contents, bool if_absent);

  std::mutex mutex_;
  std::map<std::string, Entry> files_;
  std::set<std::string> directories_;
  int64_t writes_left_ = -1;
  int64_t now_ms_ = 0;
};

}  // namespace tarn
