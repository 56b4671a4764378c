#include "common/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tarn {
namespace {

namespace fs = std::filesystem;

Status ErrnoStatus(const std::string& path, int error) {
  if (error == ENOENT) return Status::NotFound(path);
  if (error == EEXIST) return Status::AlreadyExists(path);
  return Status::IoError(path, std::strerror(error));
}

class LocalRandomAccessFile final : public RandomAccessFile {
 public:
  LocalRandomAccessFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  ~LocalRandomAccessFile() override { ::close(fd_); }

  const std::string& path() const override { return path_; }
  uint64_t size() const override { return size_; }

  Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const override {
    if (offset > size_ || length > size_ - offset) {
      return Status::Corruption(path_, "read of " + std::to_string(length) + " bytes at offset " +
                                           std::to_string(offset) + " is past the end of the file (" +
                                           std::to_string(size_) + " bytes)");
    }
    uint64_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(path_, errno);
      }
      if (n == 0) return Status::Corruption(path_, "unexpected end of file");
      done += static_cast<uint64_t>(n);
    }
    return Status::Ok();
  }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class LocalWritableFile final : public WritableFile {
 public:
  LocalWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LocalWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Append(std::string_view data) override {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(path_, errno);
      }
      done += static_cast<size_t>(n);
    }
    bytes_written_ += data.size();
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0 && errno != EINVAL) {
      int error = errno;
      ::close(fd);
      return ErrnoStatus(path_, error);
    }
    if (::close(fd) != 0) return ErrnoStatus(path_, errno);
    return Status::Ok();
  }

  uint64_t bytes_written() const override { return bytes_written_; }

 private:
  std::string path_;
  int fd_;
  uint64_t bytes_written_ = 0;
};

class LocalFileSystemImpl final : public FileSystem {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus(path, errno);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      int error = errno;
      ::close(fd);
      return ErrnoStatus(path, error);
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Status::IoError(path, "is a directory");
    }
    return std::unique_ptr<RandomAccessFile>(
        new LocalRandomAccessFile(path, fd, static_cast<uint64_t>(st.st_size)));
  }

  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override {
    TARN_RETURN_NOT_OK(CreateParent(path));
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus(path, errno);
    return std::unique_ptr<WritableFile>(new LocalWritableFile(path, fd));
  }

  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    // Write a private temporary file, then link() it into place: link fails
    // with EEXIST if the target exists, and readers never see a partial file.
    TARN_RETURN_NOT_OK(CreateParent(path));
    std::string temp = path + ".tmp." + std::to_string(::getpid()) + "." +
                       std::to_string(reinterpret_cast<uintptr_t>(&data));
    {
      int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0) return ErrnoStatus(temp, errno);
      LocalWritableFile file(temp, fd);
      Status status = file.Append(data);
      if (status.ok()) status = file.Close();
      if (!status.ok()) {
        ::unlink(temp.c_str());
        return status;
      }
    }
    int rc = ::link(temp.c_str(), path.c_str());
    int error = errno;
    ::unlink(temp.c_str());
    if (rc != 0) return ErrnoStatus(path, error);
    return Status::Ok();
  }

  Result<FileInfo> Stat(const std::string& path) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(path, errno);
    return ToInfo(path, st);
  }

  Result<std::vector<FileInfo>> List(const std::string& directory) override {
    std::error_code ec;
    fs::directory_iterator it(directory, ec);
    if (ec) return ErrnoStatus(directory, ec.value());
    std::vector<FileInfo> out;
    for (const auto& entry : it) {
      struct stat st;
      std::string path = entry.path().string();
      if (::stat(path.c_str(), &st) != 0) continue;  // vanished while listing
      out.push_back(ToInfo(path, st));
    }
    std::sort(out.begin(), out.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
    return out;
  }

  Status Delete(const std::string& path) override {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) return ErrnoStatus(path, ec.value());
    return Status::Ok();
  }

  Status CreateDirectories(const std::string& path) override {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return ErrnoStatus(path, ec.value());
    return Status::Ok();
  }

 private:
  static FileInfo ToInfo(const std::string& path, const struct stat& st) {
    FileInfo info;
    info.path = path;
    info.size = static_cast<uint64_t>(st.st_size);
    info.modification_time_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    info.is_directory = S_ISDIR(st.st_mode);
    return info;
  }

  Status CreateParent(const std::string& path) {
    fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) return Status::Ok();
    return CreateDirectories(parent.string());
  }
};

}  // namespace

Result<std::string> FileSystem::ReadFile(const std::string& path) {
  TARN_ASSIGN_OR_RETURN(auto file, OpenForRead(path));
  std::string data(file->size(), '\0');
  TARN_RETURN_NOT_OK(file->ReadAt(0, data.size(), reinterpret_cast<uint8_t*>(data.data())));
  return data;
}

Status FileSystem::WriteFile(const std::string& path, std::string_view data) {
  TARN_ASSIGN_OR_RETURN(auto file, OpenForWrite(path));
  TARN_RETURN_NOT_OK(file->Append(data));
  return file->Close();
}

bool FileSystem::Exists(const std::string& path) { return Stat(path).ok(); }

std::shared_ptr<FileSystem> LocalFileSystem() {
  static const std::shared_ptr<FileSystem> instance = std::make_shared<LocalFileSystemImpl>();
  return instance;
}

namespace {

class MemoryRandomAccessFile final : public RandomAccessFile {
 public:
  MemoryRandomAccessFile(std::string path, std::string contents)
      : path_(std::move(path)), contents_(std::move(contents)) {}
  const std::string& path() const override { return path_; }
  uint64_t size() const override { return contents_.size(); }
  Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const override {
    if (offset > contents_.size() || length > contents_.size() - offset) {
      return Status::IoError(path_, "read past the end of the file");
    }
    if (length > 0) std::memcpy(out, contents_.data() + offset, length);
    return Status::Ok();
  }

 private:
  std::string path_;
  std::string contents_;
};

}  // namespace

std::unique_ptr<RandomAccessFile> MemoryFile(std::string path, std::string contents) {
  return std::make_unique<MemoryRandomAccessFile>(std::move(path), std::move(contents));
}

}  // namespace tarn
