// Metadata structs and the footer: round trips through the compact protocol,
// tolerance of unknown fields, rejection of corrupt input, and a conformance
// pass over the real files in ../shared/testdata/parquet against their oracles.
#include "formats/parquet/metadata.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/file_system.h"
#include "formats/parquet/footer.h"
#include "formats/parquet/thrift_compact.h"

namespace tarn::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

template <typename F>
ErrorClass ErrorOf(F&& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;  // stands for "no error"
}

template <typename F>
std::string MessageOf(F&& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

SchemaElement Leaf(const std::string& name, Type type, FieldRepetitionType repetition) {
  SchemaElement e;
  e.name = name;
  e.type = type;
  e.repetition_type = repetition;
  return e;
}

SchemaElement Group(const std::string& name, int children, std::optional<FieldRepetitionType> repetition) {
  SchemaElement e;
  e.name = name;
  e.num_children = children;
  e.repetition_type = repetition;
  return e;
}

LogicalType Logical(LogicalType::Kind kind) {
  LogicalType t;
  t.kind = kind;
  return t;
}

ColumnChunk Chunk(Type type, const std::string& name, int64_t offset) {
  ColumnChunk chunk;
  chunk.file_offset = offset;
  ColumnMetaData& meta = chunk.meta_data.emplace();
  meta.type = type;
  meta.encodings = {Encoding::kPlain, Encoding::kRle};
  meta.path_in_schema = {name};
  meta.codec = CompressionCodec::kZstd;
  meta.num_values = 3;
  meta.total_uncompressed_size = 30;
  meta.total_compressed_size = 20;
  meta.data_page_offset = offset;
  return chunk;
}

// root { a: int16, s: optional group { b: string, c: uuid }, d: timestamp }
FileMetaData SampleMetadata() {
  FileMetaData m;
  m.version = 2;
  m.num_rows = 3;
  m.created_by = "tarn test";
  m.schema.push_back(Group("root", 3, std::nullopt));
  m.schema.push_back(Leaf("a", Type::kInt32, FieldRepetitionType::kRequired));
  m.schema.back().logical_type = Logical(LogicalType::Kind::kInteger);
  m.schema.back().logical_type->bit_width = 16;
  m.schema.back().logical_type->is_signed = true;
  m.schema.back().converted_type = ConvertedType::kInt16;
  m.schema.back().field_id = 7;
  m.schema.push_back(Group("s", 2, FieldRepetitionType::kOptional));
  m.schema.push_back(Leaf("b", Type::kByteArray, FieldRepetitionType::kOptional));
  m.schema.back().logical_type = Logical(LogicalType::Kind::kString);
  m.schema.back().converted_type = ConvertedType::kUtf8;
  m.schema.push_back(Leaf("c", Type::kFixedLenByteArray, FieldRepetitionType::kRepeated));
  m.schema.back().type_length = 16;
  m.schema.back().logical_type = Logical(LogicalType::Kind::kUuid);
  m.schema.push_back(Leaf("d", Type::kInt64, FieldRepetitionType::kOptional));
  m.schema.back().logical_type = Logical(LogicalType::Kind::kTimestamp);
  m.schema.back().logical_type->is_adjusted_to_utc = true;
  m.schema.back().logical_type->unit = TimeUnit::kMicros;

  RowGroup& group = m.row_groups.emplace_back();
  group.num_rows = 3;
  group.total_byte_size = 120;
  group.file_offset = 4;
  group.total_compressed_size = 80;
  group.ordinal = 0;
  group.columns = {Chunk(Type::kInt32, "a", 4), Chunk(Type::kByteArray, "b", 24),
                   Chunk(Type::kFixedLenByteArray, "c", 44), Chunk(Type::kInt64, "d", 64)};
  ColumnMetaData& meta = *group.columns[0].meta_data;
  meta.key_value_metadata = {{"k", "v"}, {"novalue", std::nullopt}};
  meta.dictionary_page_offset = 4;
  meta.statistics.emplace();
  meta.statistics->min_value = std::string("\x01\x00\x00\x00", 4);
  meta.statistics->max_value = std::string("\x09\x00\x00\x00", 4);
  meta.statistics->null_count = 0;
  meta.statistics->is_max_value_exact = true;
  meta.statistics->is_min_value_exact = false;
  meta.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1},
                         {PageType::kDataPage, Encoding::kRleDictionary, 2}};
  meta.bloom_filter_offset = 90;
  meta.bloom_filter_length = 10;
  meta.size_statistics.emplace();
  meta.size_statistics->definition_level_histogram = {0, 3};
  group.columns[1].column_index_offset = 84;
  group.columns[1].column_index_length = 6;
  group.columns[1].offset_index_offset = 90;
  group.columns[1].offset_index_length = 4;
  group.sorting_columns = {{0, true, false}};
  m.key_value_metadata = {{"org.apache.spark.version", "4.0.0"}};
  m.column_orders = {{ColumnOrder::Kind::kTypeDefinedOrder}, {ColumnOrder::Kind::kIeee754TotalOrder},
                     {ColumnOrder::Kind::kTypeDefinedOrder}, {ColumnOrder::Kind::kInt96TimestampOrder}};
  return m;
}

TEST(MetadataTest, FileMetaDataRoundTrips) {
  FileMetaData original = SampleMetadata();
  std::string bytes = Serialize(original);
  FileMetaData parsed = ParseFileMetaData(Bytes(bytes), bytes.size());
  EXPECT_EQ(Serialize(parsed), bytes);  // every written field came back

  EXPECT_EQ(parsed.version, 2);
  EXPECT_EQ(parsed.num_rows, 3);
  EXPECT_EQ(parsed.created_by, "tarn test");
  ASSERT_EQ(parsed.schema.size(), 6u);
  EXPECT_FALSE(parsed.schema[0].repetition_type.has_value());
  EXPECT_EQ(parsed.schema[1].logical_type->ToString(), "INTEGER(16,signed)");
  EXPECT_EQ(parsed.schema[1].field_id, 7);
  EXPECT_EQ(parsed.schema[4].type_length, 16);
  EXPECT_EQ(parsed.schema[5].logical_type->ToString(), "TIMESTAMP(MICROS,utc=true)");
  const ColumnMetaData& meta = *parsed.row_groups[0].columns[0].meta_data;
  EXPECT_EQ(meta.key_value_metadata[1].key, "novalue");
  EXPECT_FALSE(meta.key_value_metadata[1].value.has_value());
  EXPECT_EQ(meta.statistics->min_value, std::string("\x01\x00\x00\x00", 4));
  EXPECT_EQ(meta.statistics->is_min_value_exact, false);
  EXPECT_EQ(meta.encoding_stats[1].encoding, Encoding::kRleDictionary);
  EXPECT_EQ(meta.size_statistics->definition_level_histogram, (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(parsed.row_groups[0].sorting_columns[0].descending, true);
  EXPECT_EQ(parsed.column_orders[3].kind, ColumnOrder::Kind::kInt96TimestampOrder);
  EXPECT_EQ(parsed.row_groups[0].ordinal, 0);
}

TEST(MetadataTest, EveryLogicalTypeRoundTrips) {
  using Kind = LogicalType::Kind;
  std::vector<LogicalType> types;
  for (int k = 0; k < static_cast<int>(Kind::kUnrecognized); ++k) types.push_back(Logical(static_cast<Kind>(k)));
  types[static_cast<int>(Kind::kDecimal)].precision = 38;
  types[static_cast<int>(Kind::kDecimal)].scale = 9;
  types[static_cast<int>(Kind::kTime)].unit = TimeUnit::kNanos;
  types[static_cast<int>(Kind::kInteger)].bit_width = 8;
  types[static_cast<int>(Kind::kVariant)].variant_specification_version = 1;
  types[static_cast<int>(Kind::kGeography)].crs = "OGC:CRS84";
  types[static_cast<int>(Kind::kGeography)].edge_interpolation_algorithm = 2;
  const char* expected[] = {"STRING", "MAP", "LIST", "ENUM", "DECIMAL(38,9)", "DATE", "TIME(NANOS,utc=false)",
                            "TIMESTAMP(MILLIS,utc=false)", "INTEGER(8,unsigned)", "UNKNOWN", "JSON", "BSON", "UUID",
                            "FLOAT16", "VARIANT", "GEOMETRY", "GEOGRAPHY", "FILE"};
  for (size_t i = 0; i < types.size(); ++i) {
    std::string bytes;
    ThriftWriter writer(&bytes);
    Write(writer, types[i]);
    ThriftReader reader(Bytes(bytes), bytes.size());
    LogicalType parsed;
    Read(reader, &parsed);
    EXPECT_EQ(parsed.kind, types[i].kind);
    EXPECT_EQ(parsed.ToString(), expected[i]);
    std::string again;
    ThriftWriter writer2(&again);
    Write(writer2, parsed);
    EXPECT_EQ(again, bytes) << expected[i];
  }
}

TEST(MetadataTest, PageHeadersAndPageIndexRoundTrip) {
  PageHeader header;
  header.type = PageType::kDataPageV2;
  header.uncompressed_page_size = 1000;
  header.compressed_page_size = 400;
  header.crc = -12345;
  DataPageHeaderV2& v2 = header.data_page_header_v2.emplace();
  v2.num_values = 10, v2.num_nulls = 2, v2.num_rows = 5;
  v2.encoding = Encoding::kDeltaBinaryPacked;
  v2.definition_levels_byte_length = 3;
  v2.repetition_levels_byte_length = 4;
  v2.is_compressed = false;
  v2.statistics.emplace().null_count = 2;
  std::string bytes = Serialize(header) + "page body";
  size_t header_len = 0;
  PageHeader parsed = ParsePageHeader(Bytes(bytes), bytes.size(), &header_len);
  EXPECT_EQ(header_len, bytes.size() - 9);
  EXPECT_EQ(Serialize(parsed), bytes.substr(0, header_len));
  EXPECT_EQ(parsed.crc, -12345);
  EXPECT_FALSE(parsed.data_page_header_v2->is_compressed);
  EXPECT_EQ(parsed.data_page_header_v2->encoding, Encoding::kDeltaBinaryPacked);

  ColumnIndex index;
  index.null_pages = {false, true, false};
  index.min_values = {"a", "", "m"};
  index.max_values = {"k", "", "z"};
  index.boundary_order = BoundaryOrder::kAscending;
  index.null_counts = {0, 7, 1};
  std::string index_bytes = Serialize(index);
  ColumnIndex index2 = ParseColumnIndex(Bytes(index_bytes), index_bytes.size());
  EXPECT_EQ(index2.null_pages, index.null_pages);
  EXPECT_EQ(index2.max_values, index.max_values);
  EXPECT_EQ(Serialize(index2), index_bytes);

  OffsetIndex offsets;
  for (int i = 0; i < 40; ++i) offsets.page_locations.push_back({4 + i * 100LL, 100, i * 1000LL});
  std::string offset_bytes = Serialize(offsets);
  OffsetIndex offsets2 = ParseOffsetIndex(Bytes(offset_bytes), offset_bytes.size());
  ASSERT_EQ(offsets2.page_locations.size(), 40u);
  EXPECT_EQ(offsets2.page_locations[39].first_row_index, 39000);
  EXPECT_EQ(Serialize(offsets2), offset_bytes);
}

TEST(MetadataTest, SkipsUnknownFieldsOfAnyType) {
  std::string bytes;
  ThriftWriter w(&bytes);
  w.StructBegin();
  w.FieldI32(1, 0);  // DATA_PAGE
  w.FieldI32(2, 50);
  w.FieldI32(3, 40);
  w.FieldBegin(5, ThriftType::kStruct);
  w.StructBegin();
  w.FieldI32(1, 9);
  w.FieldI32(2, 0);
  w.FieldI32(3, 3);
  w.FieldI32(4, 3);
  w.FieldBegin(99, ThriftType::kMap);  // a future map<string, list<struct>>
  w.MapBegin(ThriftType::kBinary, ThriftType::kList, 1);
  w.WriteBinary("x");
  w.ListBegin(ThriftType::kStruct, 1);
  w.StructBegin();
  w.FieldDouble(1, 3.5);
  w.FieldBool(2, true);
  w.StructEnd();
  w.StructEnd();
  w.FieldBegin(100, ThriftType::kList);
  w.ListBegin(ThriftType::kBoolTrue, 2);
  w.WriteBool(true), w.WriteBool(false);
  w.FieldBinary(200, "future");
  w.StructEnd();
  size_t len = 0;
  PageHeader header = ParsePageHeader(Bytes(bytes), bytes.size(), &len);
  EXPECT_EQ(len, bytes.size());
  EXPECT_EQ(header.compressed_page_size, 40);
  ASSERT_TRUE(header.data_page_header.has_value());
  EXPECT_EQ(header.data_page_header->num_values, 9);
  EXPECT_EQ(header.data_page_header->definition_level_encoding, Encoding::kRle);
}

TEST(MetadataTest, UnrecognizedUnionMembers) {
  std::string bytes;
  ThriftWriter w(&bytes);
  w.StructBegin();
  w.FieldBinary(4, "x");
  w.FieldBegin(10, ThriftType::kStruct);  // logicalType
  w.StructBegin();
  w.FieldBegin(2555, ThriftType::kStruct);
  w.StructBegin();
  w.FieldI32(1, 5);
  w.StructEnd();
  w.StructEnd();
  w.StructEnd();
  ThriftReader r(Bytes(bytes), bytes.size());
  SchemaElement element;
  Read(r, &element);
  EXPECT_EQ(element.logical_type->kind, LogicalType::Kind::kUnrecognized);
  EXPECT_EQ(element.logical_type->ToString(), "LOGICAL_2555");

  // A TIMESTAMP with a time unit newer than this code is unrecognized too.
  bytes.clear();
  w.StructBegin();
  w.FieldBegin(8, ThriftType::kStruct);
  w.StructBegin();
  w.FieldBool(1, true);
  w.FieldBegin(2, ThriftType::kStruct);
  w.StructBegin();
  w.FieldEmptyStruct(4);
  w.StructEnd();
  w.StructEnd();
  w.StructEnd();
  ThriftReader r2(Bytes(bytes), bytes.size());
  LogicalType logical;
  Read(r2, &logical);
  EXPECT_EQ(logical.ToString(), "LOGICAL_8");
}

TEST(MetadataTest, MissingRequiredFieldsAndWrongWireTypesAreCorrupt) {
  std::string bytes;
  ThriftWriter w(&bytes);
  w.StructBegin();
  w.FieldI32(1, 0);
  w.FieldI32(2, 10);
  w.StructEnd();
  size_t len;
  std::string message = MessageOf([&] { ParsePageHeader(Bytes(bytes), bytes.size(), &len, "f.parquet"); });
  EXPECT_NE(message.find("PageHeader is missing its required field compressed_page_size"), std::string::npos)
      << message;

  bytes.clear();
  w.StructBegin();
  w.FieldI32(1, 0);
  w.FieldBinary(2, "ten");
  w.FieldI32(3, 10);
  w.StructEnd();
  // A field of the wrong wire type is skipped, as Thrift's generated code does.
  message = MessageOf([&] { ParsePageHeader(Bytes(bytes), bytes.size(), &len); });
  EXPECT_NE(message.find("missing its required field uncompressed_page_size"), std::string::npos) << message;

  bytes.clear();
  w.StructBegin();
  w.FieldBegin(2, ThriftType::kList);  // schema: a list of i32 instead of structs
  w.ListBegin(ThriftType::kI32, 1);
  w.WriteI32(1);
  w.StructEnd();
  EXPECT_EQ(ErrorOf([&] { ParseFileMetaData(Bytes(bytes), bytes.size()); }), ErrorClass::kCorruptFile);
}

TEST(MetadataTest, CorruptFooterBytesNeverCrash) {
  std::string bytes = Serialize(SampleMetadata());
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(ErrorOf([&] { ParseFileMetaData(Bytes(bytes), n); }), ErrorClass::kCorruptFile) << n;
  }
  std::mt19937 rng(12345);
  int parsed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string mutated = bytes;
    for (int k = 0; k < 1 + trial % 4; ++k) mutated[rng() % mutated.size()] = static_cast<char>(rng());
    ErrorClass error = ErrorOf([&] { ParseFileMetaData(Bytes(mutated), mutated.size()); });
    EXPECT_TRUE(error == ErrorClass::kCorruptFile || error == ErrorClass::kInternalError);
    parsed += error == ErrorClass::kInternalError;
  }
  EXPECT_GT(parsed, 0);  // some mutations only change values
}

TEST(MetadataTest, EnumNames) {
  EXPECT_STREQ(ToString(Type::kFixedLenByteArray), "FIXED_LEN_BYTE_ARRAY");
  EXPECT_STREQ(ToString(Encoding::kPlainDictionary), "PLAIN_DICTIONARY");
  EXPECT_STREQ(ToString(Encoding::kByteStreamSplit), "BYTE_STREAM_SPLIT");
  EXPECT_STREQ(ToString(static_cast<Encoding>(1)), "UNKNOWN");  // GROUP_VAR_INT, never used
  EXPECT_STREQ(ToString(CompressionCodec::kSnappy), "SNAPPY");
  EXPECT_STREQ(ToString(CompressionCodec::kLz4Raw), "LZ4_RAW");
  EXPECT_STREQ(ToString(PageType::kDataPageV2), "DATA_PAGE_V2");
  EXPECT_STREQ(ToString(ConvertedType::kTimestampMicros), "TIMESTAMP_MICROS");
  EXPECT_STREQ(ToString(ConvertedType::kUint8), "UINT_8");
  EXPECT_STREQ(ToString(FieldRepetitionType::kRepeated), "REPEATED");
  EXPECT_STREQ(ToString(BoundaryOrder::kDescending), "DESCENDING");
}

// --- footer ---------------------------------------------------------------------

class MemoryFile : public RandomAccessFile {
 public:
  explicit MemoryFile(std::string data) : data_(std::move(data)) {}
  const std::string& path() const override { return path_; }
  uint64_t size() const override { return data_.size(); }
  Status ReadAt(uint64_t offset, uint64_t length, uint8_t* out) const override {
    if (offset > data_.size() || length > data_.size() - offset) return Status::Corruption(path_, "short read");
    std::memcpy(out, data_.data() + offset, length);
    return Status::Ok();
  }

 private:
  std::string path_ = "mem.parquet";
  std::string data_;
};

std::string LittleEndian32(uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}

// "PAR1", 96 bytes of pages, the footer, its length, "PAR1".
std::string FileWith(const FileMetaData& metadata) {
  std::string footer = Serialize(metadata);
  return "PAR1" + std::string(96, 'p') + footer + LittleEndian32(footer.size()) + "PAR1";
}

ErrorClass FooterError(const std::string& file) {
  return ErrorOf([&] { ReadFooter(MemoryFile(file), "mem.parquet"); });
}

TEST(FooterTest, ReadsAValidFooter) {
  FileMetaData metadata = ReadFooter(MemoryFile(FileWith(SampleMetadata())), "mem.parquet");
  EXPECT_EQ(metadata.num_rows, 3);
  EXPECT_EQ(CountLeaves(metadata), 4);
  // A footer beyond the speculative first read needs a second one.
  FileMetaData big = SampleMetadata();
  big.key_value_metadata.push_back({"big", std::string(200000, 'x')});
  std::string file = FileWith(big);
  EXPECT_EQ(ReadFooter(MemoryFile(file), "mem.parquet").key_value_metadata[1].value->size(), 200000u);
}

TEST(FooterTest, RejectsFilesThatAreNotParquet) {
  std::string good = FileWith(SampleMetadata());
  EXPECT_EQ(FooterError("PAR1PAR1"), ErrorClass::kCannotReadFooter);
  EXPECT_EQ(FooterError("XXXX" + good.substr(4)), ErrorClass::kCannotReadFooter);
  EXPECT_EQ(FooterError(good.substr(0, good.size() - 1) + "X"), ErrorClass::kCannotReadFooter);
  std::string too_long = good.substr(0, good.size() - 8) + LittleEndian32(good.size()) + "PAR1";
  EXPECT_EQ(FooterError(too_long), ErrorClass::kCannotReadFooter);
  std::string huge = good.substr(0, good.size() - 8) + LittleEndian32(0xffffffffu) + "PAR1";
  EXPECT_EQ(FooterError(huge), ErrorClass::kCannotReadFooter);
  std::string encrypted = "PARE" + std::string(100, 'e') + LittleEndian32(50) + "PARE";
  EXPECT_EQ(FooterError(encrypted), ErrorClass::kUnsupportedParquet);
  EXPECT_NE(MessageOf([&] { ReadFooter(MemoryFile(encrypted), "mem.parquet"); }).find("encrypt"), std::string::npos);
  // The footer length is right but its bytes are not Thrift.
  std::string garbage = "PAR1" + std::string(20, '\x1d') + LittleEndian32(20) + "PAR1";
  EXPECT_EQ(FooterError(garbage), ErrorClass::kCorruptFile);
}

TEST(FooterTest, ValidatesStructure) {
  auto error_after = [](auto mutate) {
    FileMetaData metadata = SampleMetadata();
    mutate(metadata);
    return FooterError(FileWith(metadata));
  };
  EXPECT_EQ(error_after([](FileMetaData& m) { m.num_rows = -1; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[0].num_children = 4; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[0].num_children = 2; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[2].num_children = 1000000; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[2].num_children = -1; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[0].num_children.reset(); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[1].type.reset(); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[1].type = static_cast<Type>(8); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[1].repetition_type = static_cast<FieldRepetitionType>(3); }),
            ErrorClass::kCorruptFile);
  // A missing repetition (hyparquet writes none) is accepted as REQUIRED.
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[1].repetition_type.reset(); }), ErrorClass::kInternalError);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema[4].type_length.reset(); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.schema.clear(); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.row_groups[0].columns.pop_back(); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.row_groups[0].num_rows = -5; }), ErrorClass::kCorruptFile);
  auto meta = [](FileMetaData& m) -> ColumnMetaData& { return *m.row_groups[0].columns[1].meta_data; };
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).type = Type::kInt32; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).num_values = -1; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).total_compressed_size = -1; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).data_page_offset = -4; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).data_page_offset = 1 << 30; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).dictionary_page_offset = -1; }), ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.row_groups[0].columns[1].column_index_length = 1 << 30; }),
            ErrorClass::kCorruptFile);
  EXPECT_EQ(error_after([](FileMetaData& m) { m.row_groups[0].columns[2].meta_data.reset(); }),
            ErrorClass::kCorruptFile);
  // dictionary_page_offset = 0 means "none" for some writers and is accepted.
  EXPECT_EQ(error_after([&](FileMetaData& m) { meta(m).dictionary_page_offset = 0; }), ErrorClass::kInternalError);
}

TEST(FooterTest, DeeplyNestedSchemaIsNotRecursive) {
  FileMetaData metadata = SampleMetadata();
  metadata.schema.clear();
  metadata.row_groups.clear();
  metadata.schema.push_back(Group("root", 1, std::nullopt));
  for (int i = 0; i < 100000; ++i) metadata.schema.push_back(Group("g", 1, FieldRepetitionType::kOptional));
  metadata.schema.push_back(Leaf("x", Type::kInt32, FieldRepetitionType::kOptional));
  FileMetaData read = ReadFooter(MemoryFile(FileWith(metadata)), "mem.parquet");
  EXPECT_EQ(CountLeaves(read), 1);
}

// --- conformance over real files --------------------------------------------------

std::filesystem::path TestDataDir() {
  if (const char* env = std::getenv("TARN_PARQUET_TESTDATA")) return env;
  // This file is <root>/main/src/formats/parquet/tests/metadata_test.cc; the
  // shared test data lives next to the repository, in <root>/shared.
  std::filesystem::path here = std::filesystem::absolute(__FILE__);
  for (int i = 0; i < 6; ++i) here = here.parent_path();
  return here / "shared" / "testdata" / "parquet";
}

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Names as the oracle writes them: unknown enum values as CONV_<n>.
nlohmann::json ConvertedName(const std::optional<ConvertedType>& type) {
  if (!type) return nullptr;
  std::string name = ToString(*type);
  return name == "UNKNOWN" ? "CONV_" + std::to_string(static_cast<int>(*type)) : name;
}

// Reads page headers from the chunk's first page until they cover its values;
// counts them by "PAGE_TYPE:encoding".
void WalkPages(const std::string& file, const ColumnMetaData& meta, const std::string& path,
               std::map<std::string, int>* counts, int* pages_with_crc) {
  int64_t pos = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 &&
      *meta.dictionary_page_offset < meta.data_page_offset) {
    pos = *meta.dictionary_page_offset;
  }
  int64_t covered = 0;
  while (covered < meta.num_values) {
    if (pos < 0 || static_cast<uint64_t>(pos) >= file.size()) ThrowCorrupt(path, "page walk left the file");
    size_t header_len = 0;
    PageHeader header = ParsePageHeader(Bytes(file) + pos, file.size() - pos, &header_len, path);
    std::string encoding = "undefined";
    if (header.data_page_header) {
      encoding = ToString(header.data_page_header->encoding);
      covered += header.data_page_header->num_values;
    } else if (header.data_page_header_v2) {
      encoding = ToString(header.data_page_header_v2->encoding);
      covered += header.data_page_header_v2->num_values;
    } else if (header.dictionary_page_header) {
      encoding = ToString(header.dictionary_page_header->encoding);
    }
    ++(*counts)[std::string(ToString(header.type)) + ":" + encoding];
    *pages_with_crc += header.crc.has_value();
    if (header.compressed_page_size < 0) ThrowCorrupt(path, "negative compressed_page_size");
    pos += header_len + header.compressed_page_size;
  }
}

// Compares one file with its oracle; returns the differences (empty = match).
std::vector<std::string> CompareWithOracle(const std::filesystem::path& file_path, const nlohmann::json& oracle) {
  std::vector<std::string> diffs;
  auto expect = [&](const std::string& what, const nlohmann::json& actual, const nlohmann::json& expected) {
    if (actual != expected) diffs.push_back(what + ": got " + actual.dump() + ", oracle " + expected.dump());
  };
  std::string path = file_path.string();
  auto file = ValueOrThrow(LocalFileSystem()->OpenForRead(path));
  FileMetaData m = ReadFooter(*file, path);
  expect("format_version", m.version, oracle["format_version"]);
  expect("num_rows", m.num_rows, oracle["num_rows"]);
  expect("created_by", OrNull(m.created_by), oracle["created_by"]);
  expect("num_row_groups", m.row_groups.size(), oracle["num_row_groups"]);
  nlohmann::json kv_keys = nlohmann::json::array();
  for (const KeyValue& kv : m.key_value_metadata) kv_keys.push_back(kv.key);
  expect("kv_keys", kv_keys, oracle["kv_keys"]);
  expect("column_orders", m.column_orders.size(), oracle["column_orders"]);

  const nlohmann::json& schema = oracle["schema"];
  expect("schema size", m.schema.size(), schema.size());
  for (size_t i = 0; i < std::min(m.schema.size(), schema.size()); ++i) {
    const SchemaElement& e = m.schema[i];
    nlohmann::json actual = {
        {"name", e.name},
        {"type", e.type ? nlohmann::json(ToString(*e.type)) : nlohmann::json(nullptr)},
        {"type_length", OrNull(e.type_length)},
        {"repetition", e.repetition_type ? nlohmann::json(ToString(*e.repetition_type)) : nlohmann::json(nullptr)},
        {"num_children", OrNull(e.num_children)},
        {"converted_type", ConvertedName(e.converted_type)},
        {"scale", OrNull(e.scale)},
        {"precision", OrNull(e.precision)},
        {"field_id", OrNull(e.field_id)},
        {"logical_type", e.logical_type ? nlohmann::json(e.logical_type->ToString()) : nlohmann::json(nullptr)},
    };
    expect("schema[" + std::to_string(i) + "]", actual, schema[i]);
  }

  std::set<std::string> codecs;
  std::map<std::string, int> counts;
  int chunks = 0, unwalked_chunks = 0, with_column_index = 0, with_offset_index = 0, with_statistics = 0;
  int with_encoding_stats = 0, with_size_statistics = 0, with_bloom_filter = 0, groups_sorted = 0, pages_with_crc = 0;
  std::string file_bytes = ValueOrThrow(LocalFileSystem()->ReadFile(path));
  for (const RowGroup& group : m.row_groups) {
    groups_sorted += !group.sorting_columns.empty();
    for (const ColumnChunk& chunk : group.columns) {
      ++chunks;
      with_column_index += chunk.column_index_offset.has_value();
      with_offset_index += chunk.offset_index_offset.has_value();
      if (!chunk.meta_data) continue;
      const ColumnMetaData& meta = *chunk.meta_data;
      codecs.insert(ToString(meta.codec));
      with_statistics += meta.statistics.has_value();
      with_encoding_stats += !meta.encoding_stats.empty();
      with_size_statistics += meta.size_statistics.has_value();
      with_bloom_filter += meta.bloom_filter_offset.has_value();
      // No pages to walk: a chunk without values, or encrypted pages.
      if (meta.num_values == 0 || chunk.has_crypto_metadata) {
        ++unwalked_chunks;
        continue;
      }
      WalkPages(file_bytes, meta, path, &counts, &pages_with_crc);
    }
  }
  std::set<std::string> oracle_codecs(oracle["codecs"].begin(), oracle["codecs"].end());
  expect("codecs", codecs, oracle_codecs);
  // The oracle's walker reads a header even where there is no plain page (a
  // chunk without values, encrypted pages) and counts the garbage it finds as
  // "PAGE_undefined:undefined"; tarn's walker skips those chunks.
  std::map<std::string, int> oracle_counts = oracle["page_counts"].get<std::map<std::string, int>>();
  int oracle_garbage = oracle_counts.count("PAGE_undefined:undefined") ? oracle_counts["PAGE_undefined:undefined"] : 0;
  oracle_counts.erase("PAGE_undefined:undefined");
  expect("page_counts", counts, oracle_counts);
  if (oracle_garbage > unwalked_chunks) expect("chunks without pages", unwalked_chunks, oracle_garbage);
  expect("pages_with_crc", pages_with_crc, oracle["pages_with_crc"]);
  expect("column_chunks", chunks, oracle["column_chunks"]);
  expect("chunks_with_column_index", with_column_index, oracle["chunks_with_column_index"]);
  expect("chunks_with_offset_index", with_offset_index, oracle["chunks_with_offset_index"]);
  expect("chunks_with_statistics", with_statistics, oracle["chunks_with_statistics"]);
  // The oracle counts present-but-empty lists, which tarn reads as absent.
  if (with_encoding_stats > oracle["chunks_with_encoding_stats"].get<int>()) {
    expect("chunks_with_encoding_stats", with_encoding_stats, oracle["chunks_with_encoding_stats"]);
  }
  expect("chunks_with_size_statistics", with_size_statistics, oracle["chunks_with_size_statistics"]);
  expect("chunks_with_bloom_filter", with_bloom_filter, oracle["chunks_with_bloom_filter"]);
  if (groups_sorted > oracle["row_groups_with_sorting_columns"].get<int>()) {
    expect("row_groups_with_sorting_columns", groups_sorted, oracle["row_groups_with_sorting_columns"]);
  }
  return diffs;
}

// Files whose metadata is malformed in a way the oracle's walker read
// differently; the difference is expected and printed, not failed.
const std::map<std::string, std::string> kKnownDifferences = {
    {"duckdb/parquet_column_num_values_mismatch.parquet",
     "a chunk's num_values is 0 but it holds a page; the oracle's walker reads one page regardless"},
};

TEST(FooterConformanceTest, RealFilesMatchTheirOracles) {
  std::filesystem::path dir = TestDataDir();
  if (!std::filesystem::exists(dir / "index.json")) GTEST_SKIP() << "no test data at " << dir;
  nlohmann::json index = nlohmann::json::parse(std::ifstream(dir / "index.json"));
  int compared = 0, matched = 0, failed_as_expected = 0, known = 0;
  for (const nlohmann::json& entry : index["files"]) {
    std::string name = entry["file"];
    nlohmann::json oracle = nlohmann::json::parse(std::ifstream(dir / entry["expected"].get<std::string>()))["parquet"];
    // The oracle's own footer/page walk failed: tarn must fail too.
    bool must_fail = oracle.contains("error") || oracle.contains("encrypted_footer") ||
                     oracle.contains("page_walk_errors");
    // DuckDB could not read the file: tarn may fail as well.
    bool may_fail = must_fail || entry["status"] == "error";
    ++compared;
    try {
      std::vector<std::string> diffs = CompareWithOracle(dir / name, oracle);
      std::string all;
      for (const std::string& d : diffs) all += "\n    " + d;
      if (must_fail) {
        ADD_FAILURE() << name << ": the oracle could not read it, but tarn read its footer and pages";
      } else if (diffs.empty()) {
        ++matched;
      } else if (kKnownDifferences.count(name)) {
        ++known;
        std::printf("  %s: known difference (%s):%s\n", name.c_str(), kKnownDifferences.at(name).c_str(), all.c_str());
      } else {
        ADD_FAILURE() << name << ":" << all;
      }
    } catch (const Error& e) {
      if (may_fail) {
        ++failed_as_expected;
        std::printf("  %s: fails as expected: %s\n", name.c_str(), e.what());
      } else {
        ADD_FAILURE() << name << ": " << e.what();
      }
    }
  }
  std::printf("Parquet footer conformance: %d files: %d match their oracle, %d fail as expected, %d known "
              "differences\n",
              compared, matched, failed_as_expected, known);
  EXPECT_GT(compared, 100);
}

// Real footers with random bytes overwritten: ReadFooter either succeeds or
// throws tarn::Error (run under ASan/UBSan to see that nothing else happens).
TEST(FooterConformanceTest, MutatedRealFootersFailCleanly) {
  std::filesystem::path dir = TestDataDir();
  if (!std::filesystem::exists(dir / "index.json")) GTEST_SKIP() << "no test data at " << dir;
  std::mt19937 rng(2024);
  int accepted = 0, rejected = 0;
  for (const char* name :
       {"parquet-testing/data/alltypes_tiny_pages.parquet", "parquet-testing/data/nested_maps.snappy.parquet",
        "parquet-testing/data/geospatial/geospatial.parquet", "hyparquet/issue97.parquet",
        "parquet-testing/data/datapage_v2.snappy.parquet"}) {
    std::string original = ValueOrThrow(LocalFileSystem()->ReadFile((dir / name).string()));
    uint32_t footer_length;
    std::memcpy(&footer_length, original.data() + original.size() - 8, 4);
    size_t footer_start = original.size() - 8 - footer_length;
    for (int trial = 0; trial < 400; ++trial) {
      std::string mutated = original;
      for (int k = 0; k < 1 + trial % 3; ++k) {
        mutated[footer_start + rng() % footer_length] = static_cast<char>(rng());
      }
      try {
        FileMetaData metadata = ReadFooter(MemoryFile(mutated), name);
        ++accepted;
        // Walk what the (possibly nonsensical) footer points at, too.
        for (const RowGroup& group : metadata.row_groups) {
          for (const ColumnChunk& chunk : group.columns) {
            if (!chunk.meta_data) continue;
            int64_t pos = chunk.meta_data->data_page_offset;
            size_t len;
            ParsePageHeader(Bytes(mutated) + pos, mutated.size() - pos, &len, name);
          }
        }
      } catch (const Error& e) {
        ++rejected;
        EXPECT_FALSE(e.info().IsInternal()) << e.what();
      }
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace tarn::parquet
