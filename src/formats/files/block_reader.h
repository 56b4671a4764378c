// BlockReader: reads a file front to back in blocks, appending to a buffer the
// caller owns and compacts — the input side of the line-oriented readers
// (CSV, JSON Lines), so their memory stays bounded by block and record size.
//
// Thread safety: one reader per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/file_system.h"

namespace tarn {

class BlockReader {
 public:
  explicit BlockReader(std::unique_ptr<RandomAccessFile> file) : file_(std::move(file)) {}

  const std::string& path() const { return file_->path(); }
  uint64_t size() const { return file_->size(); }
  bool at_end() const { return offset_ >= file_->size(); }

  /// Appends up to `max_bytes` more bytes to `*buffer`; false when nothing is
  /// left. Throws FAILED_READ_FILE when the file system fails.
  bool ReadMore(std::string* buffer, size_t max_bytes);

 private:
  std::unique_ptr<RandomAccessFile> file_;
  uint64_t offset_ = 0;
};

/// Opens `path` for reading; throws PATH_NOT_FOUND or TARN_IO_ERROR.
std::unique_ptr<RandomAccessFile> OpenInputFile(FileSystem& fs, const std::string& path);

}  // namespace tarn
