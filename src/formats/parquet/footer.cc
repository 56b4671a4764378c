#include "formats/parquet/footer.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "formats/parquet/thrift_compact.h"

namespace tarn::parquet {
namespace {

constexpr size_t kMagicLength = 4;
constexpr size_t kTailLength = 8;  // u32 footer length + magic
// Read this much of the tail at once: most footers fit, saving a second read.
constexpr uint64_t kSpeculativeTail = 64 * 1024;

[[noreturn]] void FailFooter(const std::string& path, const std::string& message) {
  ThrowError(ErrorClass::kCannotReadFooter, {{"path", path}, {"message", message}});
}

void ReadOrThrow(const RandomAccessFile& file, uint64_t offset, uint64_t length, uint8_t* out) {
  ThrowIfError(file.ReadAt(offset, length, out));
}

// A schema element is a group when it declares children; num_children = 0
// without a type is an empty group (Arrow reads it so too).
bool IsGroup(const SchemaElement& element) {
  return element.num_children.has_value() && (*element.num_children > 0 || !element.type.has_value());
}

// Walks the depth-first schema without recursion (a corrupt file may nest
// arbitrarily deep) and returns the schema index of every leaf.
std::vector<size_t> LeafIndices(const std::vector<SchemaElement>& schema, std::string_view path) {
  if (schema.empty()) ThrowCorrupt(path, "The schema is empty.");
  auto fail = [&](size_t i, const std::string& what) {
    ThrowCorrupt(path, "Schema element " + std::to_string(i) + " ('" + schema[i].name + "') " + what + ".");
  };
  const SchemaElement& root = schema[0];
  if (!root.num_children || *root.num_children < 0) fail(0, "is the root but not a group");
  std::vector<int32_t> open_groups{*root.num_children};  // children still to come, per open group
  std::vector<size_t> leaves;
  for (size_t i = 1; i < schema.size(); ++i) {
    while (!open_groups.empty() && open_groups.back() == 0) open_groups.pop_back();
    if (open_groups.empty()) fail(i, "lies outside the tree the root's num_children describe");
    --open_groups.back();
    const SchemaElement& element = schema[i];
    // Some writers (hyparquet) omit repetition_type; readers take it as REQUIRED.
    if (element.repetition_type && static_cast<uint32_t>(*element.repetition_type) > 2) {
      fail(i, "has an invalid repetition type");
    }
    if (element.num_children && *element.num_children < 0) fail(i, "has a negative num_children");
    if (IsGroup(element)) {
      open_groups.push_back(*element.num_children);
      continue;
    }
    if (!element.type || static_cast<uint32_t>(*element.type) > static_cast<uint32_t>(Type::kFixedLenByteArray)) {
      fail(i, "is a leaf without a valid physical type");
    }
    if (*element.type == Type::kFixedLenByteArray && (!element.type_length || *element.type_length < 0)) {
      fail(i, "is a FIXED_LEN_BYTE_ARRAY without a valid type_length");
    }
    leaves.push_back(i);
  }
  while (!open_groups.empty() && open_groups.back() == 0) open_groups.pop_back();
  if (!open_groups.empty()) {
    ThrowCorrupt(path, "The schema ends before a group has all the children its num_children declares.");
  }
  return leaves;
}

void ValidateColumnChunk(const ColumnChunk& chunk, const SchemaElement& leaf, uint64_t file_size,
                         const std::string& where, std::string_view path) {
  auto fail = [&](const std::string& what) { ThrowCorrupt(path, where + " " + what + "."); };
  auto check_range = [&](const char* name, std::optional<int64_t> offset, std::optional<int32_t> length) {
    if (!offset && !length) return;
    if (!offset || !length) fail(std::string("has only one of ") + name + " offset and length");
    if (*offset < 0 || *length < 0 || static_cast<uint64_t>(*offset) + static_cast<uint64_t>(*length) > file_size) {
      fail(std::string("has a ") + name + " outside the file");
    }
  };
  if (chunk.file_offset < 0) fail("has a negative file_offset");
  check_range("column index", chunk.column_index_offset, chunk.column_index_length);
  check_range("offset index", chunk.offset_index_offset, chunk.offset_index_length);
  if (!chunk.meta_data) {
    if (chunk.has_crypto_metadata) return;  // encrypted: checked by whoever decrypts it
    fail("has no column metadata");
  }
  const ColumnMetaData& meta = *chunk.meta_data;
  if (meta.type != *leaf.type) {
    fail(std::string("has type ") + ToString(meta.type) + " but its schema leaf has " + ToString(*leaf.type));
  }
  if (meta.num_values < 0) fail("has a negative num_values");
  if (meta.total_compressed_size < 0 || meta.total_uncompressed_size < 0) fail("has a negative size");
  auto in_file = [&](int64_t offset) { return offset >= 0 && static_cast<uint64_t>(offset) < file_size; };
  if (!in_file(meta.data_page_offset)) fail("has a data_page_offset outside the file");
  // Some writers put 0 in dictionary_page_offset for "none" (readers ignore it).
  if (meta.dictionary_page_offset && !in_file(*meta.dictionary_page_offset)) {
    fail("has a dictionary_page_offset outside the file");
  }
  if (meta.bloom_filter_offset && !in_file(*meta.bloom_filter_offset)) {
    fail("has a bloom_filter_offset outside the file");
  }
}

}  // namespace

void ValidateFileMetaData(const FileMetaData& metadata, uint64_t file_size, std::string_view path) {
  if (metadata.num_rows < 0) ThrowCorrupt(path, "The footer has a negative num_rows.");
  std::vector<size_t> leaves = LeafIndices(metadata.schema, path);
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const RowGroup& group = metadata.row_groups[g];
    std::string where = "Row group " + std::to_string(g);
    if (group.num_rows < 0 || group.total_byte_size < 0) ThrowCorrupt(path, where + " has a negative size.");
    if (group.columns.size() != leaves.size()) {
      ThrowCorrupt(path, where + " has " + std::to_string(group.columns.size()) + " column chunks but the schema has " +
                             std::to_string(leaves.size()) + " leaf columns.");
    }
    for (size_t c = 0; c < leaves.size(); ++c) {
      ValidateColumnChunk(group.columns[c], metadata.schema[leaves[c]], file_size,
                          where + " column " + std::to_string(c), path);
    }
  }
}

int CountLeaves(const FileMetaData& metadata) {
  int leaves = 0;
  for (size_t i = 1; i < metadata.schema.size(); ++i) leaves += IsGroup(metadata.schema[i]) ? 0 : 1;
  return leaves;
}

FileMetaData ReadFooter(const RandomAccessFile& file, const std::string& path) {
  uint64_t size = file.size();
  if (size < 2 * kMagicLength + 4) {
    FailFooter(path, "It is too small to be a Parquet file (" + std::to_string(size) + " bytes).");
  }
  uint64_t tail_length = std::min(size, kSpeculativeTail);
  std::vector<uint8_t> tail(tail_length);
  ReadOrThrow(file, size - tail_length, tail_length, tail.data());
  const uint8_t* end = tail.data() + tail_length;
  if (std::memcmp(end - kMagicLength, "PARE", kMagicLength) == 0) {
    ThrowError(ErrorClass::kUnsupportedParquet,
               {{"path", path}, {"feature", "Parquet modular encryption with an encrypted footer"}});
  }
  if (std::memcmp(end - kMagicLength, "PAR1", kMagicLength) != 0) {
    FailFooter(path, "It is not a Parquet file: expected the magic number PAR1 at its end.");
  }
  uint8_t head[kMagicLength];
  ReadOrThrow(file, 0, kMagicLength, head);
  if (std::memcmp(head, "PAR1", kMagicLength) != 0) {
    FailFooter(path, "It is not a Parquet file: expected the magic number PAR1 at its start.");
  }
  const uint8_t* length_bytes = end - kTailLength;
  uint64_t footer_length = uint64_t{length_bytes[0]} | uint64_t{length_bytes[1]} << 8 |
                           uint64_t{length_bytes[2]} << 16 | uint64_t{length_bytes[3]} << 24;
  if (footer_length > size - kMagicLength - kTailLength) {
    FailFooter(path, "The footer length " + std::to_string(footer_length) + " exceeds the file size " +
                         std::to_string(size) + ".");
  }
  const uint8_t* footer;
  std::vector<uint8_t> whole_footer;
  if (footer_length + kTailLength <= tail_length) {
    footer = end - kTailLength - footer_length;
  } else {
    whole_footer.resize(footer_length);
    ReadOrThrow(file, size - kTailLength - footer_length, footer_length, whole_footer.data());
    footer = whole_footer.data();
  }
  FileMetaData metadata = ParseFileMetaData(footer, footer_length, path);
  ValidateFileMetaData(metadata, size, path);
  return metadata;
}

}  // namespace tarn::parquet
