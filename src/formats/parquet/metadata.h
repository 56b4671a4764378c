// The Parquet file metadata (apache/parquet-format src/main/thrift/parquet.thrift)
// as plain C++ structs, with compact-protocol readers and writers.
//
// Optional Thrift fields are std::optional; optional lists are plain vectors
// (absent and empty mean the same). Enums keep the raw wire value, so a value
// newer than this code survives a read and ToString names it "UNKNOWN".
// Parts tarn does not use (geospatial statistics, encryption parameters) are
// skipped on read and kept only as presence flags.
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::parquet {

class ThriftReader;
class ThriftWriter;

// --- enums --------------------------------------------------------------------

enum class Type : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class FieldRepetitionType : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
  kAlp = 10,
};

enum class CompressionCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,  ///< deprecated: Hadoop-framed or raw LZ4 blocks, see compression.h
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

enum class BoundaryOrder : int32_t { kUnordered = 0, kAscending = 1, kDescending = 2 };

/// The parquet.thrift names ("INT32", "PLAIN_DICTIONARY", ...); "UNKNOWN" for
/// a value outside the enum.
const char* ToString(Type value);
const char* ToString(ConvertedType value);
const char* ToString(FieldRepetitionType value);
const char* ToString(Encoding value);
const char* ToString(CompressionCodec value);
const char* ToString(PageType value);
const char* ToString(BoundaryOrder value);

// --- statistics and logical types -----------------------------------------------

struct Statistics {
  std::optional<std::string> max;  ///< deprecated: signed-order max
  std::optional<std::string> min;  ///< deprecated: signed-order min
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;
  std::optional<int64_t> nan_count;
};

struct SizeStatistics {
  std::optional<int64_t> unencoded_byte_array_data_bytes;
  std::vector<int64_t> repetition_level_histogram;
  std::vector<int64_t> definition_level_histogram;
};

enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

/// The LogicalType union, flattened: `kind` says which member is set, and only
/// that member's fields below are meaningful.
struct LogicalType {
  enum class Kind : uint8_t {
    kString,
    kMap,
    kList,
    kEnum,
    kDecimal,
    kDate,
    kTime,
    kTimestamp,
    kInteger,
    kUnknown,  ///< parquet.thrift's NullType: only nulls stored
    kJson,
    kBson,
    kUuid,
    kFloat16,
    kVariant,
    kGeometry,
    kGeography,
    kFile,
    kUnrecognized,  ///< a union member newer than this code (see unrecognized_id)
  };
  Kind kind = Kind::kUnrecognized;
  int32_t scale = 0;      ///< kDecimal
  int32_t precision = 0;  ///< kDecimal
  bool is_adjusted_to_utc = false;  ///< kTime, kTimestamp
  TimeUnit unit = TimeUnit::kMillis;  ///< kTime, kTimestamp
  int8_t bit_width = 0;   ///< kInteger
  bool is_signed = false;  ///< kInteger
  std::optional<int8_t> variant_specification_version;  ///< kVariant
  std::optional<std::string> crs;  ///< kGeometry, kGeography
  std::optional<int32_t> edge_interpolation_algorithm;  ///< kGeography
  int16_t unrecognized_id = 0;  ///< kUnrecognized: the Thrift field id

  /// "STRING", "DECIMAL(4,2)", "TIMESTAMP(MICROS,utc=true)", "INTEGER(8,signed)",
  /// "LOGICAL_2555" for an unrecognized member.
  std::string ToString() const;
};

// --- schema -------------------------------------------------------------------

struct SchemaElement {
  std::optional<Type> type;  ///< set for leaves only
  std::optional<int32_t> type_length;
  std::optional<FieldRepetitionType> repetition_type;
  std::string name;
  std::optional<int32_t> num_children;  ///< set for groups only
  std::optional<ConvertedType> converted_type;
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<int32_t> field_id;
  std::optional<LogicalType> logical_type;
};

// --- pages --------------------------------------------------------------------

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
  std::optional<Statistics> statistics;
};

struct IndexPageHeader {};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  std::optional<bool> is_sorted;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;  ///< Thrift default when absent
  std::optional<Statistics> statistics;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<int32_t> crc;  ///< CRC-32 of the page bytes after the header
  std::optional<DataPageHeader> data_page_header;
  std::optional<IndexPageHeader> index_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;
};

// --- column chunks, row groups, file --------------------------------------------

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
};

struct SortingColumn {
  int32_t column_idx = 0;
  bool descending = false;
  bool nulls_first = false;
};

struct PageEncodingStats {
  PageType page_type = PageType::kDataPage;
  Encoding encoding = Encoding::kPlain;
  int32_t count = 0;
};

struct ColumnMetaData {
  Type type = Type::kBoolean;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  CompressionCodec codec = CompressionCodec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  std::vector<KeyValue> key_value_metadata;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  std::vector<PageEncodingStats> encoding_stats;
  std::optional<int64_t> bloom_filter_offset;
  std::optional<int32_t> bloom_filter_length;
  std::optional<SizeStatistics> size_statistics;
  bool has_geospatial_statistics = false;  ///< skipped on read, not written
};

struct ColumnChunk {
  std::optional<std::string> file_path;  ///< data in another file (unsupported)
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;  ///< absent when encrypted
  std::optional<int64_t> offset_index_offset;
  std::optional<int32_t> offset_index_length;
  std::optional<int64_t> column_index_offset;
  std::optional<int32_t> column_index_length;
  bool has_crypto_metadata = false;  ///< the column is encrypted
  bool has_encrypted_column_metadata = false;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::vector<SortingColumn> sorting_columns;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;
};

/// The ColumnOrder union.
struct ColumnOrder {
  enum class Kind : uint8_t { kTypeDefinedOrder, kIeee754TotalOrder, kInt96TimestampOrder, kUnrecognized };
  Kind kind = Kind::kTypeDefinedOrder;
};

struct FileMetaData {
  int32_t version = 0;
  std::vector<SchemaElement> schema;  ///< depth-first; schema[0] is the root
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  std::vector<ColumnOrder> column_orders;
  bool has_encryption_algorithm = false;  ///< plaintext footer of an encrypted file
  bool has_footer_signing_key_metadata = false;
};

// --- page index -----------------------------------------------------------------

struct PageLocation {
  int64_t offset = 0;
  int32_t compressed_page_size = 0;
  int64_t first_row_index = 0;
};

struct OffsetIndex {
  std::vector<PageLocation> page_locations;
  std::vector<int64_t> unencoded_byte_array_data_bytes;
};

struct ColumnIndex {
  std::vector<bool> null_pages;
  std::vector<std::string> min_values;
  std::vector<std::string> max_values;
  BoundaryOrder boundary_order = BoundaryOrder::kUnordered;
  std::vector<int64_t> null_counts;
  std::vector<int64_t> repetition_level_histograms;
  std::vector<int64_t> definition_level_histograms;
  std::vector<int64_t> nan_counts;
};

// --- reading and writing ----------------------------------------------------------
// Read throws FAILED_READ_FILE.FILE_CORRUPTED when the bytes are malformed or a
// required field is missing.

void Read(ThriftReader& reader, Statistics* out);
void Read(ThriftReader& reader, SizeStatistics* out);
void Read(ThriftReader& reader, LogicalType* out);
void Read(ThriftReader& reader, SchemaElement* out);
void Read(ThriftReader& reader, DataPageHeader* out);
void Read(ThriftReader& reader, IndexPageHeader* out);
void Read(ThriftReader& reader, DictionaryPageHeader* out);
void Read(ThriftReader& reader, DataPageHeaderV2* out);
void Read(ThriftReader& reader, PageHeader* out);
void Read(ThriftReader& reader, KeyValue* out);
void Read(ThriftReader& reader, SortingColumn* out);
void Read(ThriftReader& reader, PageEncodingStats* out);
void Read(ThriftReader& reader, ColumnMetaData* out);
void Read(ThriftReader& reader, ColumnChunk* out);
void Read(ThriftReader& reader, RowGroup* out);
void Read(ThriftReader& reader, ColumnOrder* out);
void Read(ThriftReader& reader, FileMetaData* out);
void Read(ThriftReader& reader, PageLocation* out);
void Read(ThriftReader& reader, OffsetIndex* out);
void Read(ThriftReader& reader, ColumnIndex* out);

void Write(ThriftWriter& writer, const Statistics& value);
void Write(ThriftWriter& writer, const SizeStatistics& value);
void Write(ThriftWriter& writer, const LogicalType& value);
void Write(ThriftWriter& writer, const SchemaElement& value);
void Write(ThriftWriter& writer, const DataPageHeader& value);
void Write(ThriftWriter& writer, const IndexPageHeader& value);
void Write(ThriftWriter& writer, const DictionaryPageHeader& value);
void Write(ThriftWriter& writer, const DataPageHeaderV2& value);
void Write(ThriftWriter& writer, const PageHeader& value);
void Write(ThriftWriter& writer, const KeyValue& value);
void Write(ThriftWriter& writer, const SortingColumn& value);
void Write(ThriftWriter& writer, const PageEncodingStats& value);
void Write(ThriftWriter& writer, const ColumnMetaData& value);
void Write(ThriftWriter& writer, const ColumnChunk& value);
void Write(ThriftWriter& writer, const RowGroup& value);
void Write(ThriftWriter& writer, const ColumnOrder& value);
void Write(ThriftWriter& writer, const FileMetaData& value);
void Write(ThriftWriter& writer, const PageLocation& value);
void Write(ThriftWriter& writer, const OffsetIndex& value);
void Write(ThriftWriter& writer, const ColumnIndex& value);

/// Parses a page header at the start of `data`; `*header_len` receives its
/// encoded size (the page body follows it). `path` names the file in errors.
PageHeader ParsePageHeader(const uint8_t* data, size_t size, size_t* header_len, std::string_view path = {});
/// Parses exactly `size` bytes of footer metadata (no structural validation:
/// see footer.h).
FileMetaData ParseFileMetaData(const uint8_t* data, size_t size, std::string_view path = {});
ColumnIndex ParseColumnIndex(const uint8_t* data, size_t size, std::string_view path = {});
OffsetIndex ParseOffsetIndex(const uint8_t* data, size_t size, std::string_view path = {});

std::string Serialize(const FileMetaData& value);
std::string Serialize(const PageHeader& value);
std::string Serialize(const ColumnIndex& value);
std::string Serialize(const OffsetIndex& value);

}  // namespace tarn::parquet
