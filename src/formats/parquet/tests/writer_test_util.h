// Helpers for the Parquet writer tests: a scratch directory, small vector
// builders, an exact row rendering (floats by bit pattern, so -0.0 and NaN
// payloads count) and footer / page-index access.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"
#include "common/file_system.h"
#include "formats/json/row_json.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/reader.h"

namespace tarn::parquet::testing {

/// A fresh directory under the system temp directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("tarn_parquet_writer_" + std::to_string(getpid()) + "_" + std::to_string(counter++)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Files in memory: the property tests write thousands of small files, and a
/// local Close() syncs each to disk.
class MemoryFileSystem final : public FileSystem {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(path);
    if (it == files_.end()) return Status::NotFound(path);
    return std::unique_ptr<RandomAccessFile>(new Reader(path, it->second));
  }
  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override {
    return std::unique_ptr<WritableFile>(new Writer(this, path));
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (files_.count(path)) return Status::AlreadyExists(path);
    files_[path] = std::make_shared<const std::string>(data);
    return Status::Ok();
  }
  Result<FileInfo> Stat(const std::string& path) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(path);
    if (it == files_.end()) return Status::NotFound(path);
    return FileInfo{path, it->second->size(), 0, false};
  }
  Result<std::vector<FileInfo>> List(const std::string& directory) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<FileInfo> out;
    for (const auto& [path, data] : files_) {
      if (path.rfind(directory + "/", 0) == 0) out.push_back(FileInfo{path, data->size(), 0, false});
    }
    return out;
  }
  Status Delete(const std::string& path) override {
    std::lock_guard<std::mutex> lock(mutex_);
    files_.erase(path);
    return Status::Ok();
  }
  Status CreateDirectories(const std::string&) override { return Status::Ok(); }

 private:
  using Data = std::shared_ptr<const std::string>;

  class Reader final : public RandomAccessFile {
   public:
    Reader(std::string path, Data data) : path_(std::move(path)), data_(std::move(data)) {}
    const std::string& path() const override { return path_; }
    uint64_t size() const override { return data_->size(); }
    Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const override {
      if (offset > data_->size() || length > data_->size() - offset) return Status::Corruption(path_, "short read");
      std::memcpy(out, data_->data() + offset, length);
      return Status::Ok();
    }

   private:
    std::string path_;
    Data data_;
  };

  class Writer final : public WritableFile {
   public:
    Writer(MemoryFileSystem* fs, std::string path) : fs_(fs), path_(std::move(path)) {}
    Status Append(std::string_view data) override {
      data_.append(data);
      return Status::Ok();
    }
    Status Close() override {
      std::lock_guard<std::mutex> lock(fs_->mutex_);
      fs_->files_[path_] = std::make_shared<const std::string>(std::move(data_));
      return Status::Ok();
    }
    uint64_t bytes_written() const override { return data_.size(); }

   private:
    MemoryFileSystem* fs_;
    std::string path_;
    std::string data_;
  };

  std::mutex mutex_;
  std::map<std::string, Data> files_;
};

inline Field MakeField(std::string name, DataType type, bool nullable = true) {
  Field field;
  field.name = std::move(name);
  field.type = std::move(type);
  field.nullable = nullable;
  return field;
}

/// A flat vector of a fixed-width type from values (nullopt = null).
template <typename T>
VectorPtr MakeFixed(const DataType& type, const std::vector<std::optional<T>>& values) {
  VectorPtr v = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) {
      v->values<T>()[i] = *values[i];
    } else {
      v->SetNull(i);
    }
  }
  return v;
}

inline VectorPtr MakeStrings(const DataType& type, const std::vector<std::optional<std::string>>& values) {
  VectorPtr v = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) {
      v->SetString(i, *values[i]);
    } else {
      v->SetNull(i);
    }
  }
  return v;
}

/// A list (or map) vector: lengths[i] < 0 marks a null row.
inline VectorPtr MakeList(const DataType& type, const std::vector<int>& lengths, std::vector<VectorPtr> children) {
  VectorPtr v = Vector::Make(type, lengths.size());
  int32_t offset = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    if (lengths[i] < 0) v->SetNull(i);
    offset += std::max(lengths[i], 0);
    v->offsets()[i + 1] = offset;
  }
  for (size_t c = 0; c < children.size(); ++c) v->set_child(c, std::move(children[c]));
  return v;
}

/// A struct vector; `nulls` lists the null rows.
inline VectorPtr MakeStruct(const DataType& type, size_t size, std::vector<VectorPtr> children,
                            const std::vector<size_t>& nulls = {}) {
  VectorPtr v = Vector::Make(type, size);
  for (size_t row : nulls) v->SetNull(row);
  for (size_t c = 0; c < children.size(); ++c) v->set_child(c, std::move(children[c]));
  return v;
}

inline Batch MakeBatch(Schema schema, std::vector<VectorPtr> columns) {
  const size_t rows = columns.empty() ? 0 : columns[0]->size();
  return Batch(std::move(schema), std::move(columns), rows);
}

/// One value rendered exactly: JSON for most types, floats by bit pattern.
inline void RenderValue(const Vector& v, size_t row, std::string* out) {
  if (v.IsNull(row)) {
    out->append("null");
    return;
  }
  const Vector& base = v.Base();
  const size_t at = v.RowIndex(row);
  switch (v.type().id()) {
    case TypeId::kFloat:
    case TypeId::kDouble: {
      uint64_t bits = 0;
      if (v.type().id() == TypeId::kFloat) {
        float f = base.values<float>()[at];
        std::memcpy(&bits, &f, 4);
      } else {
        double d = base.values<double>()[at];
        std::memcpy(&bits, &d, 8);
      }
      char text[24];
      std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(bits));
      out->append(text);
      return;
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      out->push_back('[');
      for (int32_t i = base.offsets()[at]; i < base.offsets()[at + 1]; ++i) {
        if (i != base.offsets()[at]) out->push_back(',');
        RenderValue(base.child(0), i, out);
        if (v.type().id() == TypeId::kMap) {
          out->push_back(':');
          RenderValue(base.child(1), i, out);
        }
      }
      out->push_back(']');
      return;
    }
    case TypeId::kStruct:
      out->push_back('{');
      for (size_t c = 0; c < base.num_children(); ++c) {
        if (c != 0) out->push_back(',');
        RenderValue(base.child(c), at, out);
      }
      out->push_back('}');
      return;
    default: AppendValueJson(v, row, out); return;
  }
}

inline std::vector<std::string> RenderRows(const Batch& batch) {
  std::vector<std::string> rows(batch.num_rows());
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      if (c != 0) rows[r].push_back('|');
      RenderValue(batch.column(c), r, &rows[r]);
    }
  }
  return rows;
}

inline FileMetaData ReadMetadata(FileSystem& fs, const std::string& path) {
  return ParquetReader::Open(fs, path)->metadata();
}

inline std::string ReadBytes(FileSystem& fs, const std::string& path, int64_t offset, int32_t length) {
  std::string file = ValueOrThrow(fs.ReadFile(path));
  EXPECT_LE(static_cast<size_t>(offset + length), file.size());
  return file.substr(offset, length);
}

inline ColumnIndex ReadColumnIndex(FileSystem& fs, const std::string& path, const ColumnChunk& chunk) {
  EXPECT_TRUE(chunk.column_index_offset && chunk.column_index_length);
  std::string bytes = ReadBytes(fs, path, *chunk.column_index_offset, *chunk.column_index_length);
  return ParseColumnIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

inline OffsetIndex ReadOffsetIndex(FileSystem& fs, const std::string& path, const ColumnChunk& chunk) {
  EXPECT_TRUE(chunk.offset_index_offset && chunk.offset_index_length);
  std::string bytes = ReadBytes(fs, path, *chunk.offset_index_offset, *chunk.offset_index_length);
  return ParseOffsetIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

template <typename T>
std::string LE(T value) {
  return std::string(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace tarn::parquet::testing
