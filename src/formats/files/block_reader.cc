#include "formats/files/block_reader.h"

#include <algorithm>

#include "common/error.h"

namespace tarn {

bool BlockReader::ReadMore(std::string* buffer, size_t max_bytes) {
  if (at_end() || max_bytes == 0) return false;
  uint64_t length = std::min<uint64_t>(max_bytes, file_->size() - offset_);
  size_t old = buffer->size();
  buffer->resize(old + length);
  Status status = file_->ReadAt(offset_, length, reinterpret_cast<uint8_t*>(buffer->data() + old));
  if (!status.ok()) {
    buffer->resize(old);
    ThrowError(ErrorClass::kFileReadError, {{"path", file_->path()}, {"message", status.ToString()}});
  }
  offset_ += length;
  return true;
}

std::unique_ptr<RandomAccessFile> OpenInputFile(FileSystem& fs, const std::string& path) {
  auto file = fs.OpenForRead(path);
  if (!file.ok()) {
    if (file.status().code() == StatusCode::kNotFound) ThrowError(ErrorClass::kPathNotFound, {{"path", path}});
    ThrowError(ErrorClass::kIoError, {{"path", path}, {"message", file.status().ToString()}});
  }
  return std::move(file).value();
}

}  // namespace tarn
