// FileSystem: every file access in tarn goes through this interface, so object
// stores (S3/ADLS/GCS with conditional put) and fault-injecting test systems
// slot in without touching formats/ or delta/ code.
//
// Contracts (as Delta needs them): List returns entries sorted by name;
// PutIfAbsent is atomic and fails with StatusCode::kAlreadyExists when the path
// exists. Thread safety: implementations are safe to use from many threads; a
// single open file object is not.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tarn {

struct FileInfo {
  std::string path;  ///< full path
  uint64_t size = 0;
  int64_t modification_time_ms = 0;
  bool is_directory = false;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual const std::string& path() const = 0;
  virtual uint64_t size() const = 0;
  /// Reads exactly `length` bytes at `offset` into `out`; a short file is Corruption.
  virtual Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  /// Flushes and makes the file durable, then closes it.
  virtual Status Close() = 0;
  virtual uint64_t bytes_written() const = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) = 0;
  /// Creates or truncates `path` (parent directories are created).
  virtual Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) = 0;
  /// Atomically creates `path` with `data`; kAlreadyExists if it exists.
  virtual Status PutIfAbsent(const std::string& path, std::string_view data) = 0;
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  /// Entries directly under `directory`, sorted by path.
  virtual Result<std::vector<FileInfo>> List(const std::string& directory) = 0;
  virtual Status Delete(const std::string& path) = 0;
  virtual Status CreateDirectories(const std::string& path) = 0;

  /// Reads a whole file.
  Result<std::string> ReadFile(const std::string& path);
  /// Writes a whole file (create or replace).
  Status WriteFile(const std::string& path, std::string_view data);
  bool Exists(const std::string& path);
};

/// The local POSIX file system (shared, stateless).
std::shared_ptr<FileSystem> LocalFileSystem();

/// A read-only file over bytes in memory (tests, fuzzing, small downloads).
std::unique_ptr<RandomAccessFile> MemoryFile(std::string path, std::string contents);

}  // namespace tarn
