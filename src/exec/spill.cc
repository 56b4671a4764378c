#include "exec/spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "columnar/bitmap.h"
#include "columnar/row_compare.h"
#include "exec/vector_util.h"
#include "common/check.h"
#include "common/error.h"

namespace tarn::exec {
namespace {

std::atomic<int64_t> total_spilled{0};

// --- Encoding ----------------------------------------------------------------
// Block: u64 rows, then each column. Column (rows [begin, begin+count) of a
// flat vector): u8 has_nulls [+ bitmap of count bits], then by physical type:
// fixed width → count * width bytes; string → u32 lengths, then the bytes;
// list/map → count+1 int32 offsets rebased to 0, then the child rows
// [offsets[begin], offsets[begin+count]) (map: keys, then values); struct →
// each field's column over the same rows.

template <typename T>
void Put(std::string* out, T value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

void EncodeVector(const VectorPtr& input, size_t begin, size_t count, std::string* out) {
  // Encoded vectors: only the rows written are flattened.
  VectorPtr flat = input;
  if (!input->is_flat()) {
    flat = Vector::Flatten(Vector::View(input, begin, count));
    begin = 0;
  }
  const Vector& v = *flat;
  const DataType& type = v.type();
  bool has_nulls = false;
  if (type.id() != TypeId::kNull && v.may_have_nulls()) {
    for (size_t i = 0; i < count && !has_nulls; ++i) has_nulls = v.IsNull(begin + i);
  }
  Put<uint8_t>(out, has_nulls ? 1 : 0);
  if (has_nulls) {
    size_t at = out->size();
    out->resize(at + bitmap::BytesFor(count), '\0');
    auto* bits = reinterpret_cast<uint8_t*>(out->data() + at);
    for (size_t i = 0; i < count; ++i)
      if (!v.IsNull(begin + i)) bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  switch (type.physical_type()) {
    case PhysicalType::kNone: return;
    case PhysicalType::kString: {
      const StringView* views = v.values<StringView>() + begin;
      // A NULL row's view may be garbage: it is written as empty.
      auto length = [&](size_t i) -> uint32_t { return has_nulls && v.IsNull(begin + i) ? 0 : views[i].size(); };
      for (size_t i = 0; i < count; ++i) Put<uint32_t>(out, length(i));
      for (size_t i = 0; i < count; ++i) out->append(views[i].data(), length(i));
      return;
    }
    case PhysicalType::kList:
    case PhysicalType::kMap: {
      const int32_t* offsets = v.offsets() + begin;
      for (size_t i = 0; i <= count; ++i) Put<int32_t>(out, offsets[i] - offsets[0]);
      size_t child_begin = static_cast<size_t>(offsets[0]);
      size_t child_count = static_cast<size_t>(offsets[count] - offsets[0]);
      for (size_t c = 0; c < v.num_children(); ++c) EncodeVector(v.child_ptr(c), child_begin, child_count, out);
      return;
    }
    case PhysicalType::kStruct:
      for (size_t c = 0; c < v.num_children(); ++c) EncodeVector(v.child_ptr(c), begin, count, out);
      return;
    default: {
      size_t width = static_cast<size_t>(type.fixed_width());
      out->append(reinterpret_cast<const char*>(v.values<uint8_t>() + begin * width), count * width);
      return;
    }
  }
}

struct Cursor {
  const uint8_t* data;
  size_t size;
  size_t at = 0;

  const uint8_t* Take(size_t n) {
    TARN_CHECK(n <= size - at, "a spill block is truncated");
    const uint8_t* p = data + at;
    at += n;
    return p;
  }
  template <typename T>
  T Get() {
    T value;
    std::memcpy(&value, Take(sizeof(T)), sizeof(T));
    return value;
  }
};

VectorPtr DecodeVector(const DataType& type, size_t count, Cursor* in) {
  VectorPtr out = Vector::Make(type, 0);
  if (type.physical_type() != PhysicalType::kStruct) out->Resize(count, false);
  bool has_nulls = in->Get<uint8_t>() != 0;
  const uint8_t* bits = has_nulls ? in->Take(bitmap::BytesFor(count)) : nullptr;
  switch (type.physical_type()) {
    case PhysicalType::kNone: break;
    case PhysicalType::kString: {
      const uint8_t* lengths = in->Take(count * sizeof(uint32_t));
      for (size_t i = 0; i < count; ++i) {
        uint32_t length;
        std::memcpy(&length, lengths + i * sizeof(uint32_t), sizeof(uint32_t));
        const uint8_t* bytes = in->Take(length);
        out->SetString(i, std::string_view(reinterpret_cast<const char*>(bytes), length));
      }
      break;
    }
    case PhysicalType::kList:
    case PhysicalType::kMap: {
      std::memcpy(out->offsets(), in->Take((count + 1) * sizeof(int32_t)), (count + 1) * sizeof(int32_t));
      size_t child_count = static_cast<size_t>(out->offsets()[count]);
      if (type.id() == TypeId::kArray) {
        out->set_child(0, DecodeVector(type.element_type(), child_count, in));
      } else {
        out->set_child(0, DecodeVector(type.key_type(), child_count, in));
        out->set_child(1, DecodeVector(type.value_type(), child_count, in));
      }
      break;
    }
    case PhysicalType::kStruct: {
      // Children are decoded first, then the struct takes their row count.
      for (size_t c = 0; c < type.fields().size(); ++c)
        out->set_child(c, DecodeVector(type.fields()[c].type, count, in));
      break;
    }
    default: {
      size_t width = static_cast<size_t>(type.fixed_width());
      std::memcpy(out->values<uint8_t>(), in->Take(count * width), count * width);
      break;
    }
  }
  if (type.physical_type() == PhysicalType::kStruct) out->Resize(count, false);
  if (has_nulls)
    for (size_t i = 0; i < count; ++i)
      if (!(bits[i / 8] & (1u << (i % 8)))) out->SetNull(i);
  return out;
}

std::string SpillDirectory(const std::string& configured) {
  if (!configured.empty()) return configured;
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

[[noreturn]] void ThrowIo(const std::string& path, const std::string& what) {
  ThrowError(ErrorClass::kIoError, {{"path", path}, {"message", what + ": " + std::strerror(errno)}});
}

}  // namespace

void EncodeBatch(const Batch& batch, size_t offset, size_t length, std::string* out) {
  TARN_CHECK(offset + length <= batch.num_rows(), "spill range beyond the batch");
  Put<uint64_t>(out, length);
  for (const VectorPtr& column : batch.columns()) EncodeVector(column, offset, length, out);
}

Batch DecodeBatch(const Schema& schema, const uint8_t* data, size_t size) {
  Cursor in{data, size};
  size_t rows = static_cast<size_t>(in.Get<uint64_t>());
  std::vector<VectorPtr> columns;
  for (const Field& field : schema) columns.push_back(DecodeVector(field.type, rows, &in));
  TARN_CHECK(in.at == size, "a spill block has trailing bytes");
  return Batch(schema, std::move(columns), rows);
}

SpillFile::SpillFile(const std::string& directory, MemoryTracker* account) : account_(account) {
  std::string name = SpillDirectory(directory) + "/tarn-spill-XXXXXX";
  std::vector<char> buffer(name.begin(), name.end());
  buffer.push_back('\0');
  fd_ = mkstemp(buffer.data());
  path_ = buffer.data();
  if (fd_ < 0) ThrowIo(path_, "cannot create a spill file (spark.local.dir)");
  // Unlinked at once: the descriptor keeps the bytes, nothing outlives us.
  unlink(path_.c_str());
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) close(fd_);
}

void SpillFile::Append(const Batch& batch) { Append(batch, 0, batch.num_rows()); }

void SpillFile::Append(const Batch& batch, size_t offset, size_t length) {
  if (length == 0) return;
  scratch_.clear();
  EncodeBatch(batch, offset, length, &scratch_);
  size_t done = 0;
  while (done < scratch_.size()) {
    ssize_t n = pwrite(fd_, scratch_.data() + done, scratch_.size() - done, bytes_ + static_cast<int64_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowIo(path_, "cannot write a spill file");
    done += static_cast<size_t>(n);
  }
  blocks_.push_back({bytes_, static_cast<int64_t>(scratch_.size())});
  bytes_ += static_cast<int64_t>(scratch_.size());
  rows_ += static_cast<int64_t>(length);
  total_spilled.fetch_add(static_cast<int64_t>(scratch_.size()), std::memory_order_relaxed);
  if (account_ != nullptr) account_->AddSpilled(static_cast<int64_t>(scratch_.size()));
}

Batch SpillFile::Read(size_t index, const Schema& schema) const {
  TARN_CHECK(index < blocks_.size(), "spill block out of range");
  const Block& block = blocks_[index];
  std::string bytes(static_cast<size_t>(block.size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = pread(fd_, bytes.data() + done, bytes.size() - done, block.offset + static_cast<int64_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowIo(path_, "cannot read a spill file");
    done += static_cast<size_t>(n);
  }
  return DecodeBatch(schema, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

SpilledRows::SpilledRows(const plan::PlanNode& node, QueryContext* query, SpillFiles files, const Schema& schema)
    : Operator(node, query), owned_(std::move(files)), schema_(schema) {
  for (const auto& file : owned_) files_.push_back(file.get());
}

bool SpilledRows::Next(Batch* out) {
  while (file_ < files_.size()) {
    query_->CheckCancel();
    if (files_[file_] != nullptr && block_ < files_[file_]->num_blocks()) {
      *out = files_[file_]->Read(block_++, schema_);
      return true;
    }
    if (file_ < owned_.size()) owned_[file_].reset();  // read: its bytes go at once
    ++file_;
    block_ = 0;
  }
  return false;
}

HashPartitionWriter::HashPartitionWriter(const QueryContext& query, MemoryTracker* account, Schema schema, int depth)
    : directory_(query.options.spill_directory),
      account_(account),
      schema_(std::move(schema)),
      depth_(depth),
      block_rows_(query.batch_size()),
      files_(kSpillPartitions),
      pending_(kSpillPartitions),
      pending_rows_(kSpillPartitions, 0) {}

void HashPartitionWriter::Add(const Batch& batch, const std::vector<VectorPtr>& keys) {
  size_t rows = batch.num_rows();
  if (rows == 0) return;
  std::vector<uint64_t> hashes(rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], rows, hashes.data(), c > 0);
  std::vector<SelectionVector> parts(kSpillPartitions);
  for (size_t r = 0; r < rows; ++r) parts[SpillPartition(hashes[r], depth_)].push_back(static_cast<uint32_t>(r));
  for (size_t p = 0; p < kSpillPartitions; ++p) {
    if (parts[p].empty()) continue;
    pending_[p].push_back(parts[p].size() == rows ? batch : batch.Select(parts[p]));
    pending_rows_[p] += parts[p].size();
    if (pending_rows_[p] >= block_rows_) Flush(p);
  }
}

void HashPartitionWriter::Flush(size_t p) {
  if (pending_rows_[p] == 0) return;
  if (files_[p] == nullptr) files_[p] = std::make_unique<SpillFile>(directory_, account_);
  files_[p]->Append(pending_[p].size() == 1 ? pending_[p][0] : ConcatBatches(schema_, pending_[p]));
  pending_[p].clear();
  pending_rows_[p] = 0;
}

SpillFiles HashPartitionWriter::Finish() {
  for (size_t p = 0; p < kSpillPartitions; ++p) Flush(p);
  return std::move(files_);
}

int64_t TotalSpilledBytes() { return total_spilled.load(std::memory_order_relaxed); }

}  // namespace tarn::exec
