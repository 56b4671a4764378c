#include "formats/parquet/writer.h"

#include <algorithm>

#include "common/check.h"
#include "common/error.h"
#include "formats/parquet/column_shredder.h"
#include "formats/parquet/column_writer.h"
#include "formats/parquet/encoding/bit_util.h"
#include "formats/parquet/schema_writer.h"

namespace tarn::parquet {

namespace {

constexpr std::string_view kMagic = "PAR1";
// Rows are shredded a slice at a time; a row group is checked against
// row_group_bytes after each slice, so slices shrink as the group nears its
// limit (estimated from the group's bytes per row so far).
constexpr size_t kMaxSliceRows = 4096;
constexpr size_t kFirstSliceRows = 256;

void CheckPositive(int64_t value, const char* name) {
  if (value <= 0) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", name}, {"function", "ParquetWriter"}, {"message", "must be positive"}});
  }
}

void ValidateOptions(const ParquetWriteOptions& options) {
  CheckPositive(options.row_group_rows, "row_group_rows");
  CheckPositive(options.row_group_bytes, "row_group_bytes");
  CheckPositive(options.page_bytes, "page_bytes");
  CheckPositive(options.page_rows, "page_rows");
  CheckPositive(options.dictionary_page_bytes, "dictionary_page_bytes");
  if (options.page_rows > INT32_MAX) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "page_rows"}, {"function", "ParquetWriter"}, {"message", "must fit 32 bits"}});
  }
  if (options.value_encoding) {
    switch (*options.value_encoding) {
      case Encoding::kPlain:
      case Encoding::kRle:
      case Encoding::kDeltaBinaryPacked:
      case Encoding::kDeltaLengthByteArray:
      case Encoding::kDeltaByteArray:
      case Encoding::kByteStreamSplit: break;
      default:
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "value_encoding"},
                    {"function", "ParquetWriter"},
                    {"message", std::string(ToString(*options.value_encoding)) + " is not a value encoding"}});
    }
  }
  switch (options.codec) {
    case CompressionCodec::kUncompressed:
    case CompressionCodec::kSnappy:
    case CompressionCodec::kGzip:
    case CompressionCodec::kZstd:
    case CompressionCodec::kLz4Raw:
    case CompressionCodec::kBrotli: break;
    default:
      ThrowError(ErrorClass::kInvalidParameterValue,
                 {{"parameter", "codec"},
                  {"function", "ParquetWriter"},
                  {"message", std::string(ToString(options.codec)) + " cannot be written"}});
  }
}

ColumnWriterOptions ColumnOptions(const ParquetWriteOptions& options) {
  ColumnWriterOptions out;
  out.codec = options.codec;
  out.compression_level = options.compression_level;
  out.page_bytes = options.page_bytes;
  out.page_rows = options.page_rows;
  out.dictionary = options.dictionary;
  out.dictionary_page_bytes = options.dictionary_page_bytes;
  out.data_page_v2 = options.data_page_version == ParquetWriteOptions::DataPageVersion::kV2;
  out.value_encoding = options.value_encoding;
  out.write_statistics = options.write_statistics;
  out.write_page_index = options.write_page_index;
  out.statistics_truncate_length = options.statistics_truncate_length;
  out.page_checksums = options.page_checksums;
  return out;
}

// Gives the elements named in `ids` (by dotted path below the root) their field ids.
void SetFieldIds(const std::map<std::string, int32_t>& ids, WriteSchema* schema) {
  // The elements are depth-first: a stack of (path, children still to come).
  std::vector<std::pair<std::string, int32_t>> open;
  for (size_t e = 1; e < schema->elements.size(); ++e) {
    while (!open.empty() && open.back().second == 0) open.pop_back();
    SchemaElement& element = schema->elements[e];
    const std::string path = open.empty() ? element.name : open.back().first + "." + element.name;
    if (!open.empty()) --open.back().second;
    if (auto it = ids.find(path); it != ids.end()) element.field_id = it->second;
    if (element.num_children && *element.num_children > 0) open.emplace_back(path, *element.num_children);
  }
}

}  // namespace

class ParquetWriter::Impl {
 public:
  Impl(std::unique_ptr<WritableFile> file, std::string path, Schema schema, WriteSchema write_schema,
       ParquetWriteOptions options)
      : file_(std::move(file)),
        path_(std::move(path)),
        schema_(std::move(schema)),
        options_(std::move(options)),
        column_options_(ColumnOptions(options_)),
        write_schema_(std::move(write_schema)) {
    for (const WriteLeaf& leaf : write_schema_.leaves) {
      columns_.push_back(ColumnChunkWriter::Make(leaf, column_options_, path_));
    }
    slices_.resize(write_schema_.leaves.size());
    Append(kMagic);
  }

  const Schema& schema() const { return schema_; }
  int64_t num_rows() const { return metadata_.num_rows + group_rows_; }
  const FileMetaData& metadata() const { return metadata_; }
  uint64_t file_size() const { return offset_; }

  void Write(const Batch& batch) {
    CheckUsable();
    TARN_CHECK_EQ(batch.num_columns(), schema_.size());
    for (size_t c = 0; c < schema_.size(); ++c) {
      TARN_CHECK(batch.column(c).type() == schema_[c].type, "batch column type differs from the writer schema: " +
                                                                schema_[c].name);
    }
    try {
      size_t row = 0;
      while (row < batch.num_rows()) {
        const size_t n = std::min<size_t>(
            {batch.num_rows() - row, SliceRows(), static_cast<size_t>(options_.row_group_rows - group_rows_)});
        for (LeafSlice& slice : slices_) slice.Clear();
        for (size_t c = 0; c < schema_.size(); ++c) {
          ShredColumn(write_schema_.fields[c], write_schema_.leaves, batch.column(c), row, row + n, &slices_, path_);
        }
        for (size_t leaf = 0; leaf < columns_.size(); ++leaf) columns_[leaf]->Append(slices_[leaf]);
        group_rows_ += static_cast<int64_t>(n);
        row += n;
        if (group_rows_ >= options_.row_group_rows || BufferedBytes() >= options_.row_group_bytes) FlushRowGroup();
      }
    } catch (...) {
      broken_ = true;  // part of the batch may be in the row group
      throw;
    }
  }

  const FileMetaData& Close() {
    if (closed_) return metadata_;
    CheckUsable();
    try {
      FlushRowGroup();
      if (options_.write_page_index) WritePageIndex();
      metadata_.version = column_options_.data_page_v2 ? 2 : 1;
      metadata_.schema = write_schema_.elements;
      metadata_.key_value_metadata = options_.key_value_metadata;
      metadata_.created_by = options_.created_by;
      metadata_.column_orders.assign(write_schema_.leaves.size(), ColumnOrder{});
      const std::string footer = Serialize(metadata_);
      Append(footer);
      std::string tail;
      AppendLE32(static_cast<uint32_t>(footer.size()), &tail);
      tail += kMagic;
      Append(tail);
      ThrowIfError(file_->Close().WithContext("closing " + path_));
    } catch (...) {
      broken_ = true;
      throw;
    }
    closed_ = true;
    return metadata_;
  }

 private:
  void CheckUsable() const {
    if (broken_) {
      ThrowError(ErrorClass::kFileWriteError,
                 {{"path", path_}, {"message", "An earlier write to this file failed; the file is incomplete."}});
    }
    TARN_CHECK(!closed_, "write to a closed Parquet writer");
  }

  void Append(std::string_view bytes) {
    if (bytes.empty()) return;
    Status status = file_->Append(bytes);
    if (!status.ok()) {
      broken_ = true;
      ThrowIfError(status.WithContext("writing " + path_));
    }
    offset_ += bytes.size();
  }

  size_t SliceRows() const {
    if (group_rows_ == 0 && bytes_per_row_ == 0) return kFirstSliceRows;
    const int64_t buffered = group_rows_ == 0 ? 0 : BufferedBytes();
    const int64_t per_row = std::max<int64_t>(1, group_rows_ == 0 ? bytes_per_row_ : buffered / group_rows_);
    const int64_t remaining = std::max<int64_t>(0, options_.row_group_bytes - buffered);
    return static_cast<size_t>(std::clamp<int64_t>(remaining / per_row + 1, 1, kMaxSliceRows));
  }

  int64_t BufferedBytes() const {
    int64_t bytes = 0;
    for (const auto& column : columns_) bytes += column->EstimatedBytes();
    return bytes;
  }

  void FlushRowGroup() {
    if (group_rows_ == 0) return;
    RowGroup group;
    group.num_rows = group_rows_;
    group.file_offset = static_cast<int64_t>(offset_);
    if (metadata_.row_groups.size() <= INT16_MAX) group.ordinal = static_cast<int16_t>(metadata_.row_groups.size());
    int64_t compressed = 0;
    std::vector<std::optional<ColumnIndex>> column_indexes;
    std::vector<std::optional<OffsetIndex>> offset_indexes;
    for (auto& column : columns_) {
      ColumnChunkOutput out = column->Finish();
      const auto start = static_cast<int64_t>(offset_);
      Append(out.dictionary_page);
      Append(out.data_pages);
      ColumnChunk chunk;
      chunk.file_offset = start;
      chunk.meta_data = std::move(out.meta);
      ColumnMetaData& meta = *chunk.meta_data;
      meta.data_page_offset += start;
      if (meta.dictionary_page_offset) *meta.dictionary_page_offset += start;
      group.total_byte_size += meta.total_uncompressed_size;
      compressed += meta.total_compressed_size;
      if (out.offset_index) {
        for (PageLocation& location : out.offset_index->page_locations) location.offset += start;
      }
      column_indexes.push_back(std::move(out.column_index));
      offset_indexes.push_back(std::move(out.offset_index));
      group.columns.push_back(std::move(chunk));
    }
    group.total_compressed_size = compressed;
    bytes_per_row_ = std::max<int64_t>(1, compressed / group_rows_);
    metadata_.num_rows += group_rows_;
    metadata_.row_groups.push_back(std::move(group));
    column_indexes_.push_back(std::move(column_indexes));
    offset_indexes_.push_back(std::move(offset_indexes));
    group_rows_ = 0;
  }

  /// Every ColumnIndex, then every OffsetIndex (as parquet-mr lays them out).
  void WritePageIndex() {
    for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
      for (size_t c = 0; c < column_indexes_[g].size(); ++c) {
        if (!column_indexes_[g][c]) continue;
        ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
        const std::string bytes = Serialize(*column_indexes_[g][c]);
        chunk.column_index_offset = static_cast<int64_t>(offset_);
        chunk.column_index_length = static_cast<int32_t>(bytes.size());
        Append(bytes);
      }
    }
    for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
      for (size_t c = 0; c < offset_indexes_[g].size(); ++c) {
        if (!offset_indexes_[g][c]) continue;
        ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
        const std::string bytes = Serialize(*offset_indexes_[g][c]);
        chunk.offset_index_offset = static_cast<int64_t>(offset_);
        chunk.offset_index_length = static_cast<int32_t>(bytes.size());
        Append(bytes);
      }
    }
    column_indexes_.clear();
    offset_indexes_.clear();
  }

  std::unique_ptr<WritableFile> file_;
  const std::string path_;
  const Schema schema_;
  const ParquetWriteOptions options_;
  const ColumnWriterOptions column_options_;
  const WriteSchema write_schema_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;
  std::vector<LeafSlice> slices_;
  int64_t group_rows_ = 0;
  int64_t bytes_per_row_ = 0;  // of the last row group, to size the next one's first slice
  uint64_t offset_ = 0;
  FileMetaData metadata_;
  std::vector<std::vector<std::optional<ColumnIndex>>> column_indexes_;  // [row group][column]
  std::vector<std::vector<std::optional<OffsetIndex>>> offset_indexes_;
  bool broken_ = false;
  bool closed_ = false;
};

ParquetWriter::ParquetWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParquetWriter::~ParquetWriter() = default;

std::unique_ptr<ParquetWriter> ParquetWriter::Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                                   ParquetWriteOptions options) {
  ValidateOptions(options);
  WriteSchema write_schema = BuildWriteSchema(schema);  // rejects unwritable schemas before the file exists
  if (!options.field_ids.empty()) SetFieldIds(options.field_ids, &write_schema);
  Result<std::unique_ptr<WritableFile>> file = fs.OpenForWrite(path);
  ThrowIfError(file.status());
  return std::unique_ptr<ParquetWriter>(new ParquetWriter(std::make_unique<Impl>(
      std::move(file).value(), path, schema, std::move(write_schema), std::move(options))));
}

const Schema& ParquetWriter::schema() const { return impl_->schema(); }
void ParquetWriter::Write(const Batch& batch) { impl_->Write(batch); }
int64_t ParquetWriter::num_rows() const { return impl_->num_rows(); }
const FileMetaData& ParquetWriter::Close() { return impl_->Close(); }
const FileMetaData& ParquetWriter::metadata() const { return impl_->metadata(); }
uint64_t ParquetWriter::file_size() const { return impl_->file_size(); }

FileMetaData WriteParquetFile(FileSystem& fs, const std::string& path, const Batch& batch,
                              ParquetWriteOptions options) {
  std::unique_ptr<ParquetWriter> writer = ParquetWriter::Open(fs, path, batch.schema(), std::move(options));
  writer->Write(batch);
  return writer->Close();
}

}  // namespace tarn::parquet
