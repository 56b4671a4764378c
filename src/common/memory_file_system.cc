#include "common/memory_file_system.h"

#include <cstring>
#include <utility>

namespace tarn {

namespace {

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// Shares the bytes of a file as they were when it was opened.
class MemorySnapshotFile final : public RandomAccessFile {
 public:
  MemorySnapshotFile(std::string path, std::shared_ptr<const std::string> contents)
      : path_(std::move(path)), contents_(std::move(contents)) {}
  const std::string& path() const override { return path_; }
  uint64_t size() const override { return contents_->size(); }
  Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const override {
    if (offset > contents_->size() || length > contents_->size() - offset) {
      return Status::IoError(path_, "read past the end of the file");
    }
    if (length > 0) std::memcpy(out, contents_->data() + offset, length);
    return Status::Ok();
  }

 private:
  std::string path_;
  std::shared_ptr<const std::string> contents_;
};

}  // namespace

class MemoryWritableFile final : public WritableFile {
 public:
  MemoryWritableFile(MemoryFileSystem* fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  Status Append(std::string_view data) override {
    if (closed_) return Status::IoError(path_, "append after close");
    buffer_.append(data);
    return Status::Ok();
  }
  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    return fs_->Store(path_, std::move(buffer_), /*if_absent=*/false);
  }
  uint64_t bytes_written() const override { return buffer_.size(); }

 private:
  MemoryFileSystem* fs_;
  std::string path_;
  std::string buffer_;
  bool closed_ = false;
};

bool MemoryFileSystem::TakeWrite() {
  if (writes_left_ < 0) return true;
  if (writes_left_ == 0) return false;
  --writes_left_;
  return true;
}

Status MemoryFileSystem::Store(const std::string& path, std::string contents, bool if_absent) {
  std::lock_guard lock(mutex_);
  if (!TakeWrite()) return Status::IoError(path, "injected write failure");
  if (if_absent && files_.count(path) > 0) return Status::AlreadyExists(path);
  files_[path] = Entry{std::make_shared<const std::string>(std::move(contents)), now_ms_};
  return Status::Ok();
}

Result<std::unique_ptr<RandomAccessFile>> MemoryFileSystem::OpenForRead(const std::string& path) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound(path);
  return std::unique_ptr<RandomAccessFile>(std::make_unique<MemorySnapshotFile>(path, it->second.contents));
}

Result<std::unique_ptr<WritableFile>> MemoryFileSystem::OpenForWrite(const std::string& path) {
  return std::unique_ptr<WritableFile>(std::make_unique<MemoryWritableFile>(this, path));
}

Status MemoryFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  return Store(path, std::string(data), /*if_absent=*/true);
}

Result<FileInfo> MemoryFileSystem::Stat(const std::string& path) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it != files_.end()) return FileInfo{path, it->second.contents->size(), it->second.modification_time_ms, false};
  const std::string directory = WithoutTrailingSlash(path);
  if (directories_.count(directory) > 0) return FileInfo{directory, 0, 0, true};
  auto below = files_.lower_bound(directory + "/");
  if (below != files_.end() && below->first.compare(0, directory.size() + 1, directory + "/") == 0) {
    return FileInfo{directory, 0, 0, true};
  }
  return Status::NotFound(path);
}

Result<std::vector<FileInfo>> MemoryFileSystem::List(const std::string& directory) {
  std::lock_guard lock(mutex_);
  const std::string prefix = WithoutTrailingSlash(directory) + "/";
  // Entry name → info; a name seen deeper down is a directory.
  std::map<std::string, FileInfo> entries;
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    const std::string rest = it->first.substr(prefix.size());
    const size_t slash = rest.find('/');
    if (slash == std::string::npos) {
      entries[it->first] = FileInfo{it->first, it->second.contents->size(), it->second.modification_time_ms, false};
    } else {
      const std::string child = prefix + rest.substr(0, slash);
      entries.emplace(child, FileInfo{child, 0, 0, true});
    }
  }
  for (auto it = directories_.lower_bound(prefix); it != directories_.end() && it->compare(0, prefix.size(), prefix) == 0;
       ++it) {
    const std::string rest = it->substr(prefix.size());
    const std::string child = prefix + rest.substr(0, rest.find('/'));
    entries.emplace(child, FileInfo{child, 0, 0, true});
  }
  bool exists = !entries.empty() || directories_.count(WithoutTrailingSlash(directory)) > 0;
  if (!exists) return Status::NotFound(directory);
  std::vector<FileInfo> out;
  out.reserve(entries.size());
  for (auto& [name, info] : entries) out.push_back(std::move(info));
  return out;
}

Status MemoryFileSystem::Delete(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (!TakeWrite()) return Status::IoError(path, "injected write failure");
  if (files_.erase(path) == 0 && directories_.erase(WithoutTrailingSlash(path)) == 0) return Status::NotFound(path);
  return Status::Ok();
}

Status MemoryFileSystem::CreateDirectories(const std::string& path) {
  std::lock_guard lock(mutex_);
  std::string directory = WithoutTrailingSlash(path);
  // Record every ancestor so List on a parent sees the chain.
  while (!directory.empty() && directory != "/") {
    directories_.insert(directory);
    const size_t slash = directory.rfind('/');
    if (slash == std::string::npos || slash == 0) break;
    directory.resize(slash);
  }
  return Status::Ok();
}

void MemoryFileSystem::FailAfterWrites(int64_t writes) {
  std::lock_guard lock(mutex_);
  writes_left_ = writes;
}

void MemoryFileSystem::SetClock(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  now_ms_ = now_ms;
}

}  // namespace tarn
