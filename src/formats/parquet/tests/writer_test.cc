// The Parquet writer: every Spark type and nested shape written and read back
// with ReadParquetFile, the footer's schema, statistics and encodings, the
// page index, row group and page sizing, dictionary fallback and the errors.
#include "formats/parquet/writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <random>

#include "common/error.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/schema.h"
#include "formats/parquet/schema_writer.h"
#include "formats/parquet/statistics_builder.h"
#include "formats/parquet/statistics_filter.h"
#include "formats/parquet/tests/writer_test_util.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn::parquet {
namespace {

using testing::LE;
using testing::MakeBatch;
using testing::MakeField;
using testing::MakeFixed;
using testing::MakeList;
using testing::MakeStrings;
using testing::MakeStruct;
using testing::ReadColumnIndex;
using testing::ReadMetadata;
using testing::ReadOffsetIndex;
using testing::RenderRows;
using testing::TempDir;

template <typename T>
using Opt = std::vector<std::optional<T>>;

class WriterTest : public ::testing::Test {
 protected:
  /// Writes, reads back, and checks the rows are equal; returns the footer.
  FileMetaData RoundTrip(const Batch& batch, ParquetWriteOptions options = {}, const std::string& name = "t.parquet") {
    path_ = dir_.File(name);
    FileMetaData written = WriteParquetFile(*fs_, path_, batch, std::move(options));
    Batch read = ReadParquetFile(*fs_, path_);
    EXPECT_EQ(read.num_rows(), batch.num_rows());
    EXPECT_EQ(RenderRows(read), RenderRows(batch));
    read_ = read;
    return written;
  }

  template <typename F>
  static ErrorInfo ErrorOf(F&& body) {
    try {
      body();
    } catch (const Error& e) {
      return e.info();
    }
    ADD_FAILURE() << "expected an error";
    return {};
  }

  std::shared_ptr<FileSystem> fs_ = LocalFileSystem();
  TempDir dir_;
  std::string path_;
  Batch read_;
};

// --- types -----------------------------------------------------------------------------

TEST_F(WriterTest, EveryPrimitiveTypeRoundTrips) {
  const DataType dec9 = DataType::Decimal(9, 2), dec18 = DataType::Decimal(18, 4), dec38 = DataType::Decimal(38, 10);
  Schema schema = {
      MakeField("b", DataType::Boolean()),
      MakeField("i8", DataType::Byte()),
      MakeField("i16", DataType::Short()),
      MakeField("i32", DataType::Int()),
      MakeField("i64", DataType::Long()),
      MakeField("f", DataType::Float()),
      MakeField("d", DataType::Double()),
      MakeField("dec9", dec9),
      MakeField("dec18", dec18),
      MakeField("dec38", dec38),
      MakeField("s", DataType::String()),
      MakeField("bin", DataType::Binary()),
      MakeField("date", DataType::Date()),
      MakeField("ts", DataType::Timestamp()),
      MakeField("ntz", DataType::TimestampNtz()),
      MakeField("time", DataType::Time()),
      MakeField("ci", DataType::CalendarInterval()),
      MakeField("nul", DataType::Null()),
  };
  const int128_t big = PowerOfTen128(38) - 1;
  std::vector<VectorPtr> columns = {
      MakeFixed<uint8_t>(DataType::Boolean(), {1, std::nullopt, 0}),
      MakeFixed<int8_t>(DataType::Byte(), {-128, 127, std::nullopt}),
      MakeFixed<int16_t>(DataType::Short(), {std::nullopt, -32768, 32767}),
      MakeFixed<int32_t>(DataType::Int(), {INT32_MIN, INT32_MAX, std::nullopt}),
      MakeFixed<int64_t>(DataType::Long(), {INT64_MIN, std::nullopt, INT64_MAX}),
      MakeFixed<float>(DataType::Float(), {-0.0f, std::nanf(""), std::numeric_limits<float>::infinity()}),
      MakeFixed<double>(DataType::Double(), {std::nullopt, -1e308, 5e-324}),
      MakeFixed<int64_t>(dec9, {-999999999, 999999999, std::nullopt}),
      MakeFixed<int64_t>(dec18, {-999999999999999999, 0, 123456789012345678}),
      MakeFixed<int128_t>(dec38, {-big, big, std::nullopt}),
      MakeStrings(DataType::String(), {"", "héllo wörld, a string longer than twelve bytes", std::nullopt}),
      MakeStrings(DataType::Binary(), {std::string("\0\xff\x80", 3), std::nullopt, ""}),
      MakeFixed<int32_t>(DataType::Date(), {-719162, 2932896, std::nullopt}),
      MakeFixed<int64_t>(DataType::Timestamp(), {INT64_MIN, 0, 1700000000123456}),
      MakeFixed<int64_t>(DataType::TimestampNtz(), {std::nullopt, -1, 253402300799999999}),
      MakeFixed<int64_t>(DataType::Time(), {0, 86399999999, std::nullopt}),
      MakeFixed<IntervalValue>(DataType::CalendarInterval(),
                               {IntervalValue{14, 3, 4000}, std::nullopt, IntervalValue{0, 0, 4294967295000}}),
      Vector::MakeNull(DataType::Null(), 3),
  };
  RoundTrip(MakeBatch(schema, columns));
  EXPECT_EQ(read_.schema(), schema);
}

TEST_F(WriterTest, IntervalsWithoutParquetAnnotationReadBackAsIntegers) {
  Schema schema = {MakeField("ym", DataType::YearMonthInterval()), MakeField("dt", DataType::DayTimeInterval())};
  Batch batch = MakeBatch(schema, {MakeFixed<int32_t>(DataType::YearMonthInterval(), {-5, 14, std::nullopt}),
                                   MakeFixed<int64_t>(DataType::DayTimeInterval(), {-1, std::nullopt, 86400000000})});
  RoundTrip(batch);
  ASSERT_EQ(read_.schema().size(), 2u);
  EXPECT_EQ(read_.schema()[0].type, DataType::Int());
  EXPECT_EQ(read_.schema()[1].type, DataType::Long());
}

TEST_F(WriterTest, NonNullableFieldsAreRequired) {
  Schema schema = {MakeField("id", DataType::Long(), false), MakeField("name", DataType::String(), false),
                   MakeField("nul", DataType::Null(), false)};
  Batch batch = MakeBatch(schema, {MakeFixed<int64_t>(DataType::Long(), {1, 2}), MakeStrings(DataType::String(), {"a", "b"}),
                                   Vector::Make(DataType::Null(), 2)});
  FileMetaData meta = RoundTrip(batch);
  EXPECT_EQ(meta.schema[1].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(meta.schema[2].repetition_type, FieldRepetitionType::kRequired);
  // A NullType column can only ever be optional.
  EXPECT_EQ(meta.schema[3].repetition_type, FieldRepetitionType::kOptional);
  EXPECT_FALSE(read_.schema()[0].nullable);
  EXPECT_FALSE(read_.schema()[1].nullable);
}

TEST_F(WriterTest, SchemaElementsAreWhatSparkWrites) {
  Schema schema = {
      MakeField("i8", DataType::Byte()),
      MakeField("dec9", DataType::Decimal(9, 2)),
      MakeField("dec18", DataType::Decimal(18, 0)),
      MakeField("dec19", DataType::Decimal(19, 3)),
      MakeField("dec38", DataType::Decimal(38, 38)),
      MakeField("s", DataType::String()),
      MakeField("ts", DataType::Timestamp()),
      MakeField("ntz", DataType::TimestampNtz()),
      MakeField("time", DataType::Time()),
      MakeField("ci", DataType::CalendarInterval()),
      MakeField("nul", DataType::Null()),
  };
  WriteSchema ws = BuildWriteSchema(schema);
  const std::vector<SchemaElement>& e = ws.elements;
  ASSERT_EQ(e.size(), schema.size() + 1);
  EXPECT_EQ(e[0].name, "spark_schema");
  EXPECT_EQ(e[0].num_children, static_cast<int32_t>(schema.size()));
  EXPECT_FALSE(e[0].repetition_type.has_value());
  EXPECT_EQ(e[1].type, Type::kInt32);
  EXPECT_EQ(e[1].logical_type->ToString(), "INTEGER(8,signed)");
  EXPECT_EQ(e[1].converted_type, ConvertedType::kInt8);
  EXPECT_EQ(e[2].type, Type::kInt32);
  EXPECT_EQ(e[2].logical_type->ToString(), "DECIMAL(9,2)");
  EXPECT_EQ(e[2].precision, 9);
  EXPECT_EQ(e[2].scale, 2);
  EXPECT_EQ(e[3].type, Type::kInt64);
  EXPECT_EQ(e[4].type, Type::kFixedLenByteArray);
  EXPECT_EQ(e[4].type_length, 9);
  EXPECT_EQ(e[5].type_length, 16);
  EXPECT_EQ(e[6].type, Type::kByteArray);
  EXPECT_EQ(e[6].converted_type, ConvertedType::kUtf8);
  EXPECT_EQ(e[7].logical_type->ToString(), "TIMESTAMP(MICROS,utc=true)");
  EXPECT_EQ(e[7].converted_type, ConvertedType::kTimestampMicros);
  EXPECT_EQ(e[8].logical_type->ToString(), "TIMESTAMP(MICROS,utc=false)");
  EXPECT_FALSE(e[8].converted_type.has_value());
  EXPECT_EQ(e[9].type, Type::kInt64);
  EXPECT_EQ(e[9].logical_type->kind, LogicalType::Kind::kTime);
  EXPECT_FALSE(e[9].logical_type->is_adjusted_to_utc);
  EXPECT_EQ(e[10].type, Type::kFixedLenByteArray);
  EXPECT_EQ(e[10].type_length, 12);
  EXPECT_EQ(e[10].converted_type, ConvertedType::kInterval);
  EXPECT_EQ(e[11].logical_type->kind, LogicalType::Kind::kUnknown);
}

TEST_F(WriterTest, DecimalByteWidthsMatchSpark) {
  // Spark's minBytesForPrecision: the fewest bytes with 2^(8n-1) >= 10^p.
  const int expected[39] = {0,  1,  1,  2,  2,  3,  3,  4,  4,  4,  5,  5,  6,  6,  6,  7,  7,  8,  8, 9,
                            9,  9,  10, 10, 11, 11, 11, 12, 12, 13, 13, 13, 14, 14, 15, 15, 16, 16, 16};
  for (int p = 1; p <= 38; ++p) EXPECT_EQ(DecimalByteWidth(p), expected[p]) << p;
}

TEST_F(WriterTest, NestedLayoutIsThreeLevelListAndKeyValueMap) {
  Schema schema = {MakeField("a", DataType::Array(DataType::Int(), true)),
                   MakeField("m", DataType::Map(DataType::String(), DataType::Long(), false), false)};
  WriteSchema ws = BuildWriteSchema(schema);
  const std::vector<SchemaElement>& e = ws.elements;
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[1].name, "a");
  EXPECT_EQ(e[1].converted_type, ConvertedType::kList);
  EXPECT_EQ(e[1].repetition_type, FieldRepetitionType::kOptional);
  EXPECT_EQ(e[2].name, "list");
  EXPECT_EQ(e[2].repetition_type, FieldRepetitionType::kRepeated);
  EXPECT_EQ(e[3].name, "element");
  EXPECT_EQ(e[3].repetition_type, FieldRepetitionType::kOptional);
  EXPECT_EQ(e[4].name, "m");
  EXPECT_EQ(e[4].converted_type, ConvertedType::kMap);
  EXPECT_EQ(e[4].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(e[5].name, "key_value");
  EXPECT_EQ(e[6].name, "key");
  EXPECT_EQ(e[6].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(e[7].name, "value");
  EXPECT_EQ(e[7].repetition_type, FieldRepetitionType::kRequired);
  ASSERT_EQ(ws.leaves.size(), 3u);
  EXPECT_EQ(ws.leaves[0].path, (std::vector<std::string>{"a", "list", "element"}));
  EXPECT_EQ(ws.leaves[0].max_def_level, 3);
  EXPECT_EQ(ws.leaves[0].max_rep_level, 1);
  EXPECT_EQ(ws.leaves[1].path, (std::vector<std::string>{"m", "key_value", "key"}));
  EXPECT_EQ(ws.leaves[1].max_def_level, 1);
  EXPECT_EQ(ws.leaves[2].max_def_level, 1);
}

// --- nested values -------------------------------------------------------------------------

TEST_F(WriterTest, ListsWithNullsAndEmptiesRoundTrip) {
  DataType list = DataType::Array(DataType::Int(), true);
  // [1, null, 3], null, [], [4]
  VectorPtr elements = MakeFixed<int32_t>(DataType::Int(), {1, std::nullopt, 3, 4});
  Batch batch = MakeBatch({MakeField("a", list)}, {MakeList(list, {3, -1, 0, 1}, {elements})});
  FileMetaData meta = RoundTrip(batch);
  EXPECT_EQ(meta.row_groups[0].columns[0].meta_data->num_values, 6);  // levels, not rows
  EXPECT_EQ(meta.row_groups[0].columns[0].meta_data->statistics->null_count, 3);
}

TEST_F(WriterTest, DeeplyNestedValuesRoundTrip) {
  // struct<a: int, b: array<struct<c: string, d: array<array<long>>>>, m: map<string, array<int>>>
  DataType inner_list = DataType::Array(DataType::Long(), false);
  DataType outer_list = DataType::Array(inner_list, true);
  DataType c_struct = DataType::Struct({MakeField("c", DataType::String()), MakeField("d", outer_list)});
  DataType b_list = DataType::Array(c_struct, true);
  DataType int_list = DataType::Array(DataType::Int(), true);
  DataType map = DataType::Map(DataType::String(), int_list, true);
  DataType top = DataType::Struct({MakeField("a", DataType::Int(), false), MakeField("b", b_list), MakeField("m", map)});

  // Row 0: {a:1, b:[{c:"x", d:[[1,2],[]]}, null, {c:null, d:null}], m:{"k":[1,null], "e":[], "n":null}}
  // Row 1: null
  // Row 2: {a:2, b:[], m:null}
  // Row 3: {a:3, b:null, m:{}}
  VectorPtr longs = MakeFixed<int64_t>(DataType::Long(), {1, 2});
  VectorPtr inner = MakeList(inner_list, {2, 0}, {longs});
  VectorPtr d = MakeList(outer_list, {2, 0, -1}, {inner});
  VectorPtr c = MakeStrings(DataType::String(), {"x", std::nullopt, std::nullopt});
  VectorPtr cs = MakeStruct(c_struct, 3, {c, d}, {1});
  VectorPtr b = MakeList(b_list, {3, 0, 0, -1}, {cs});
  VectorPtr ints = MakeFixed<int32_t>(DataType::Int(), {1, std::nullopt});
  VectorPtr values = MakeList(int_list, {2, 0, -1}, {ints});
  VectorPtr keys = MakeStrings(DataType::String(), {"k", "e", "n"});
  VectorPtr m = MakeList(map, {3, 0, -1, 0}, {keys, values});
  VectorPtr a = MakeFixed<int32_t>(DataType::Int(), {1, 0, 2, 3});
  VectorPtr s = MakeStruct(top, 4, {a, b, m}, {1});
  RoundTrip(MakeBatch({MakeField("s", top)}, {s}));
  EXPECT_EQ(read_.schema()[0].type, top);
}

TEST_F(WriterTest, EncodedVectorsAtEveryLevelRoundTrip) {
  DataType list = DataType::Array(DataType::String(), true);
  DataType st = DataType::Struct({MakeField("x", DataType::Int()), MakeField("l", list)});
  // Dictionary-encoded elements inside a flat list.
  VectorPtr dict = MakeStrings(DataType::String(), {"red", std::nullopt, "a fairly long blue string"});
  Buffer indices(5 * sizeof(int32_t));
  const int32_t idx[5] = {2, 0, 1, 2, 0};
  std::memcpy(indices.data(), idx, sizeof(idx));
  VectorPtr elements = Vector::MakeDictionary(dict, std::move(indices), 5);
  VectorPtr lists = MakeList(list, {2, 3, 0}, {elements});
  // A struct whose int child is constant.
  VectorPtr xs = Vector::MakeConstant(MakeFixed<int32_t>(DataType::Int(), {7}), 0, 3);
  VectorPtr structs = MakeStruct(st, 3, {xs, lists}, {});
  Batch flat = MakeBatch({MakeField("s", st), MakeField("c", DataType::Long())},
                         {structs, Vector::MakeConstant(MakeFixed<int64_t>(DataType::Long(), {42}), 0, 3)});
  RoundTrip(flat, {}, "a.parquet");
  // The whole batch selected (dictionary vectors over both columns), rows reordered and repeated.
  RoundTrip(flat.Select({2, 0, 0, 1}), {}, "b.parquet");
  // A null constant of a nested type.
  RoundTrip(MakeBatch({MakeField("s", st)}, {Vector::MakeNull(st, 4)}), {}, "c.parquet");
}

TEST_F(WriterTest, MapsRoundTrip) {
  DataType map = DataType::Map(DataType::Int(), DataType::String(), true);
  VectorPtr keys = MakeFixed<int32_t>(DataType::Int(), {1, 2, 3});
  VectorPtr values = MakeStrings(DataType::String(), {"one", std::nullopt, "three"});
  RoundTrip(MakeBatch({MakeField("m", map)}, {MakeList(map, {2, -1, 0, 1}, {keys, values})}));
}

// --- statistics ----------------------------------------------------------------------------

TEST_F(WriterTest, IntegerStatisticsAreSigned) {
  Batch batch = MakeBatch({MakeField("i", DataType::Int()), MakeField("l", DataType::Long())},
                          {MakeFixed<int32_t>(DataType::Int(), {5, -7, std::nullopt, 100, std::nullopt}),
                           MakeFixed<int64_t>(DataType::Long(), {INT64_MIN, 3, 0, -1, INT64_MAX})});
  FileMetaData meta = RoundTrip(batch);
  const Statistics& i = *meta.row_groups[0].columns[0].meta_data->statistics;
  EXPECT_EQ(i.null_count, 2);
  EXPECT_EQ(i.min_value, LE<int32_t>(-7));
  EXPECT_EQ(i.max_value, LE<int32_t>(100));
  EXPECT_EQ(i.min, LE<int32_t>(-7));  // the deprecated fields agree for signed types
  EXPECT_EQ(i.max, LE<int32_t>(100));
  EXPECT_EQ(i.is_min_value_exact, true);
  const Statistics& l = *meta.row_groups[0].columns[1].meta_data->statistics;
  EXPECT_EQ(l.null_count, 0);
  EXPECT_EQ(l.min_value, LE<int64_t>(INT64_MIN));
  EXPECT_EQ(l.max_value, LE<int64_t>(INT64_MAX));
}

TEST_F(WriterTest, StringStatisticsAreUnsignedAndTruncated) {
  const std::string long_min(100, 'a'), long_max = std::string(70, 'z') + "tail";
  Batch batch = MakeBatch({MakeField("s", DataType::String()), MakeField("t", DataType::String())},
                          {MakeStrings(DataType::String(), {"b", "\xc3\xa9", "Z", std::nullopt}),
                           MakeStrings(DataType::String(), {long_min, long_max, "m", "n"})});
  FileMetaData meta = RoundTrip(batch);
  const Statistics& s = *meta.row_groups[0].columns[0].meta_data->statistics;
  EXPECT_EQ(s.min_value, "Z");
  EXPECT_EQ(s.max_value, "\xc3\xa9");  // é sorts after ASCII as unsigned bytes
  EXPECT_FALSE(s.min.has_value());      // no deprecated (signed) min/max for byte arrays
  EXPECT_FALSE(s.max.has_value());
  EXPECT_EQ(s.null_count, 1);
  const Statistics& t = *meta.row_groups[0].columns[1].meta_data->statistics;
  EXPECT_EQ(t.min_value, std::string(64, 'a'));
  EXPECT_EQ(t.is_min_value_exact, false);
  EXPECT_EQ(t.max_value, std::string(63, 'z') + "{");  // prefix with its last byte incremented
  EXPECT_EQ(t.is_max_value_exact, false);
}

TEST_F(WriterTest, TruncationKeepsUtf8AndBounds) {
  // A 3-byte code point straddles the limit: the prefix stops before it.
  EncodedBounds b = TruncateBounds("ab\xe2\x82\xac", "ab\xe2\x82\xac", 4, /*utf8=*/true);
  EXPECT_EQ(b.min, "ab");
  EXPECT_EQ(b.max, "ac");
  // Maximal code points are dropped before incrementing.
  b = TruncateBounds("x", "a\xf4\x8f\xbf\xbf\xf4\x8f\xbf\xbfz", 9, true);
  EXPECT_EQ(b.max, "b");
  EXPECT_FALSE(b.max_exact);
  // Bytes: 0xff cannot be incremented, the byte before it is.
  b = TruncateBounds("", std::string("\x01\xff\xff\x05", 4), 3, /*utf8=*/false);
  EXPECT_EQ(b.max, "\x02");
  // Nothing to increment: the max stays whole and exact.
  b = TruncateBounds("", std::string(5, '\xff'), 3, false);
  EXPECT_EQ(b.max, std::string(5, '\xff'));
  EXPECT_TRUE(b.max_exact);
}

TEST_F(WriterTest, DecimalStatisticsAreNumeric) {
  const DataType d9 = DataType::Decimal(9, 2), d18 = DataType::Decimal(18, 2), d38 = DataType::Decimal(38, 2);
  Batch batch = MakeBatch({MakeField("a", d9), MakeField("b", d18), MakeField("c", d38)},
                          {MakeFixed<int64_t>(d9, {-5, 3, -100}), MakeFixed<int64_t>(d18, {-5, 3, -100}),
                           MakeFixed<int128_t>(d38, {-5, 300, -100})});
  FileMetaData meta = RoundTrip(batch);
  const Statistics& a = *meta.row_groups[0].columns[0].meta_data->statistics;
  EXPECT_EQ(a.min_value, LE<int32_t>(-100));
  EXPECT_EQ(a.max_value, LE<int32_t>(3));
  const Statistics& b = *meta.row_groups[0].columns[1].meta_data->statistics;
  EXPECT_EQ(b.min_value, LE<int64_t>(-100));
  const Statistics& c = *meta.row_groups[0].columns[2].meta_data->statistics;
  // Big-endian two's complement in 16 bytes: -100 = ff..ff9c, 300 = 00..012c.
  EXPECT_EQ(c.min_value, std::string(15, '\xff') + "\x9c");
  EXPECT_EQ(c.max_value, std::string(14, '\0') + "\x01\x2c");
  EXPECT_FALSE(c.min.has_value());
}

TEST_F(WriterTest, FloatStatisticsIgnoreNanAndSignZeros) {
  const float nan = std::nanf("");
  Batch batch = MakeBatch({MakeField("f", DataType::Float()), MakeField("z", DataType::Double()),
                           MakeField("n", DataType::Double())},
                          {MakeFixed<float>(DataType::Float(), {nan, 2.5f, -1.0f, nan}),
                           MakeFixed<double>(DataType::Double(), {0.0, -0.0, 0.0, 0.0}),
                           MakeFixed<double>(DataType::Double(), {std::nan(""), std::nullopt, std::nan(""), 1e300})});
  FileMetaData meta = RoundTrip(batch, {.page_rows = 2});
  const Statistics& f = *meta.row_groups[0].columns[0].meta_data->statistics;
  EXPECT_EQ(f.min_value, LE<float>(-1.0f));
  EXPECT_EQ(f.max_value, LE<float>(2.5f));
  const Statistics& z = *meta.row_groups[0].columns[1].meta_data->statistics;
  EXPECT_EQ(z.min_value, LE<double>(-0.0));
  EXPECT_EQ(z.max_value, LE<double>(0.0));
  // The first page of "n" holds only a NaN (and a null): no valid page bounds, so no ColumnIndex.
  const ColumnChunk& n = meta.row_groups[0].columns[2];
  EXPECT_EQ(n.meta_data->statistics->min_value, LE<double>(1e300));
  EXPECT_FALSE(n.column_index_offset.has_value());
  EXPECT_TRUE(n.offset_index_offset.has_value());
  // All-NaN chunk: only the null count.
  Batch all_nan = MakeBatch({MakeField("f", DataType::Float())}, {MakeFixed<float>(DataType::Float(), {nan, nan})});
  meta = RoundTrip(all_nan, {}, "nan.parquet");
  EXPECT_FALSE(meta.row_groups[0].columns[0].meta_data->statistics->min_value.has_value());
  EXPECT_EQ(meta.row_groups[0].columns[0].meta_data->statistics->null_count, 0);
}

TEST_F(WriterTest, StatisticsOfOtherTypes) {
  Batch batch = MakeBatch(
      {MakeField("b", DataType::Boolean()), MakeField("ci", DataType::CalendarInterval()),
       MakeField("n", DataType::Null()), MakeField("d", DataType::Date())},
      {MakeFixed<uint8_t>(DataType::Boolean(), {1, 1, std::nullopt}),
       MakeFixed<IntervalValue>(DataType::CalendarInterval(), {IntervalValue{1, 2, 3000}, std::nullopt, std::nullopt}),
       Vector::MakeNull(DataType::Null(), 3), MakeFixed<int32_t>(DataType::Date(), {19000, -3, std::nullopt})});
  FileMetaData meta = RoundTrip(batch);
  const auto& cols = meta.row_groups[0].columns;
  EXPECT_EQ(cols[0].meta_data->statistics->min_value, std::string(1, '\1'));
  EXPECT_EQ(cols[0].meta_data->statistics->max_value, std::string(1, '\1'));
  // INTERVAL has no sort order: a null count, no bounds, no ColumnIndex.
  EXPECT_EQ(cols[1].meta_data->statistics->null_count, 2);
  EXPECT_FALSE(cols[1].meta_data->statistics->min_value.has_value());
  EXPECT_FALSE(cols[1].column_index_offset.has_value());
  EXPECT_EQ(cols[2].meta_data->statistics->null_count, 3);
  EXPECT_FALSE(cols[2].meta_data->statistics->min_value.has_value());
  EXPECT_EQ(cols[3].meta_data->statistics->min_value, LE<int32_t>(-3));
  for (const ColumnChunk& chunk : cols) {
    EXPECT_EQ(chunk.meta_data->num_values, 3);
  }
  ASSERT_EQ(meta.column_orders.size(), 4u);
}

TEST_F(WriterTest, StatisticsCanBeTurnedOff) {
  Batch batch = MakeBatch({MakeField("i", DataType::Int())}, {MakeFixed<int32_t>(DataType::Int(), {1, 2})});
  FileMetaData meta = RoundTrip(batch, {.write_statistics = false, .write_page_index = false});
  EXPECT_FALSE(meta.row_groups[0].columns[0].meta_data->statistics.has_value());
  EXPECT_FALSE(meta.row_groups[0].columns[0].column_index_offset.has_value());
  EXPECT_FALSE(meta.row_groups[0].columns[0].offset_index_offset.has_value());
}

// --- page index, pages and row groups -------------------------------------------------------------

TEST_F(WriterTest, PageIndexDescribesEveryPage) {
  std::vector<std::optional<int32_t>> values;
  for (int i = 0; i < 95; ++i) values.push_back(i < 10 ? std::nullopt : std::optional<int32_t>(i));
  Batch batch = MakeBatch({MakeField("i", DataType::Int())}, {MakeFixed<int32_t>(DataType::Int(), values)});
  FileMetaData meta = RoundTrip(batch, {.page_rows = 10});
  const ColumnChunk& chunk = meta.row_groups[0].columns[0];
  ColumnIndex ci = ReadColumnIndex(*fs_, path_, chunk);
  OffsetIndex oi = ReadOffsetIndex(*fs_, path_, chunk);
  ASSERT_EQ(ci.null_pages.size(), 10u);
  ASSERT_EQ(oi.page_locations.size(), 10u);
  EXPECT_TRUE(ci.null_pages[0]);
  EXPECT_EQ(ci.min_values[0], "");
  EXPECT_EQ(ci.null_counts[0], 10);
  for (int p = 1; p < 10; ++p) {
    EXPECT_FALSE(ci.null_pages[p]);
    EXPECT_EQ(ci.min_values[p], LE<int32_t>(p * 10));
    EXPECT_EQ(ci.max_values[p], LE<int32_t>(std::min(p * 10 + 9, 94)));
    EXPECT_EQ(ci.null_counts[p], 0);
    EXPECT_EQ(oi.page_locations[p].first_row_index, p * 10);
    EXPECT_EQ(oi.page_locations[p].offset,
              oi.page_locations[p - 1].offset + oi.page_locations[p - 1].compressed_page_size);
  }
  EXPECT_EQ(ci.boundary_order, BoundaryOrder::kAscending);
  EXPECT_EQ(oi.page_locations[0].offset, chunk.meta_data->data_page_offset);
  // The index lies after the data and before the footer.
  EXPECT_GT(*chunk.column_index_offset, chunk.meta_data->data_page_offset + chunk.meta_data->total_compressed_size - 1);
}

TEST_F(WriterTest, BoundaryOrders) {
  auto order_of = [&](std::vector<std::optional<int64_t>> values, const std::string& name) {
    Batch batch = MakeBatch({MakeField("v", DataType::Long())}, {MakeFixed<int64_t>(DataType::Long(), values)});
    FileMetaData meta = RoundTrip(batch, {.page_rows = 2}, name);
    return ReadColumnIndex(*fs_, path_, meta.row_groups[0].columns[0]).boundary_order;
  };
  EXPECT_EQ(order_of({9, 8, 7, 6, 5, 4}, "desc.parquet"), BoundaryOrder::kDescending);
  EXPECT_EQ(order_of({1, 2, std::nullopt, std::nullopt, 3, 4}, "asc.parquet"), BoundaryOrder::kAscending);
  EXPECT_EQ(order_of({1, 2, 0, 5, 3, 4}, "none.parquet"), BoundaryOrder::kUnordered);
}

TEST_F(WriterTest, PagesOfNestedColumnsEndOnRowBoundaries) {
  DataType list = DataType::Array(DataType::Int(), true);
  std::vector<int> lengths;
  std::vector<std::optional<int32_t>> elements;
  for (int row = 0; row < 50; ++row) {
    lengths.push_back(row % 7);
    for (int i = 0; i < row % 7; ++i) elements.push_back(row * 10 + i);
  }
  Batch batch = MakeBatch({MakeField("a", list)},
                          {MakeList(list, lengths, {MakeFixed<int32_t>(DataType::Int(), elements)})});
  FileMetaData meta = RoundTrip(batch, {.page_rows = 4});
  OffsetIndex oi = ReadOffsetIndex(*fs_, path_, meta.row_groups[0].columns[0]);
  ASSERT_EQ(oi.page_locations.size(), 13u);
  for (size_t p = 0; p < oi.page_locations.size(); ++p) EXPECT_EQ(oi.page_locations[p].first_row_index, 4 * p);
  // v2 headers carry num_rows; the reader needs rows whole within pages either way.
  RoundTrip(batch, {.page_rows = 3, .data_page_version = ParquetWriteOptions::DataPageVersion::kV2}, "v2.parquet");
}

TEST_F(WriterTest, PageBytesLimitCutsPages) {
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 2000; ++i) values.push_back(std::string(100, static_cast<char>('a' + i % 26)) + std::to_string(i));
  Batch batch = MakeBatch({MakeField("s", DataType::String())}, {MakeStrings(DataType::String(), values)});
  FileMetaData meta = RoundTrip(batch, {.page_bytes = 16 * 1024, .dictionary = false});
  OffsetIndex oi = ReadOffsetIndex(*fs_, path_, meta.row_groups[0].columns[0]);
  // ~216 KB of values in pages of about 16 KB.
  EXPECT_GE(oi.page_locations.size(), 13u);
  EXPECT_LE(oi.page_locations.size(), 15u);
}

TEST_F(WriterTest, RowGroupsAreCutByRowsAndBytes) {
  std::vector<std::optional<int64_t>> values;
  for (int i = 0; i < 250; ++i) values.push_back(i);
  Batch batch = MakeBatch({MakeField("v", DataType::Long())}, {MakeFixed<int64_t>(DataType::Long(), values)});
  // Several Write calls: row groups span batches.
  path_ = dir_.File("rows.parquet");
  auto writer = ParquetWriter::Open(*fs_, path_, batch.schema(), {.row_group_rows = 100});
  writer->Write(batch);
  writer->Write(batch);
  EXPECT_EQ(writer->num_rows(), 500);
  const FileMetaData& meta = writer->Close();
  ASSERT_EQ(meta.row_groups.size(), 5u);
  int64_t expected_offset = 4;
  for (size_t g = 0; g < 5; ++g) {
    const RowGroup& group = meta.row_groups[g];
    EXPECT_EQ(group.num_rows, 100);
    EXPECT_EQ(group.ordinal, static_cast<int16_t>(g));
    EXPECT_EQ(group.file_offset, expected_offset);
    EXPECT_EQ(group.columns[0].file_offset, expected_offset);
    expected_offset += *group.total_compressed_size;
  }
  EXPECT_EQ(meta.num_rows, 500);
  EXPECT_EQ(writer->file_size(), ValueOrThrow(fs_->Stat(path_)).size);
  Batch read = ReadParquetFile(*fs_, path_);
  ASSERT_EQ(read.num_rows(), 500u);
  EXPECT_EQ(read.column(0).ValueAt<int64_t>(499), 249);

  // Bytes: 8 bytes a value, uncompressed PLAIN, row groups of about 1 KB.
  std::vector<std::optional<int64_t>> many;
  for (int i = 0; i < 3000; ++i) many.push_back(i);
  FileMetaData by_bytes = RoundTrip(
      MakeBatch({MakeField("v", DataType::Long())}, {MakeFixed<int64_t>(DataType::Long(), many)}),
      {.codec = CompressionCodec::kUncompressed, .row_group_bytes = 1024, .dictionary = false}, "bytes.parquet");
  EXPECT_GE(by_bytes.row_groups.size(), 15u);
  for (size_t g = 1; g < by_bytes.row_groups.size(); ++g) {
    EXPECT_LT(by_bytes.row_groups[g].total_byte_size, 1400) << g;
  }
}

TEST_F(WriterTest, ReaderSkipsRowGroupsByTheWrittenStatistics) {
  std::vector<std::optional<int32_t>> ints;
  std::vector<std::optional<std::string>> strings;
  for (int i = 0; i < 300; ++i) {
    ints.push_back(i);
    strings.push_back("k" + std::to_string(1000 + i));
  }
  Batch batch = MakeBatch({MakeField("i", DataType::Int()), MakeField("s", DataType::String())},
                          {MakeFixed<int32_t>(DataType::Int(), ints), MakeStrings(DataType::String(), strings)});
  RoundTrip(batch, {.row_group_rows = 100});
  ParquetReadOptions options;
  options.predicates = {{"i", ColumnPredicate::Op::kGe, "250"}};
  auto reader = ParquetReader::Open(*fs_, path_, options);
  Batch out;
  size_t rows = 0;
  while (reader->Next(&out)) rows += out.num_rows();
  EXPECT_EQ(rows, 100u);
  EXPECT_EQ(reader->row_groups_skipped(), 2);
  options.predicates = {{"s", ColumnPredicate::Op::kLt, "k1100"}};
  reader = ParquetReader::Open(*fs_, path_, options);
  while (reader->Next(&out)) {
  }
  EXPECT_EQ(reader->row_groups_skipped(), 2);
}

TEST_F(WriterTest, StatisticsNeverRuleOutMatchingRowGroups) {
  // Random data in small row groups; predicates with literals taken from the
  // data. Whenever the reader's filter rules a row group out by the written
  // statistics, no row of it may satisfy the predicate.
  std::mt19937_64 rng(7);
  const size_t n = 600;
  const DataType d9 = DataType::Decimal(9, 3), d18 = DataType::Decimal(18, 2);
  Schema schema = {MakeField("i", DataType::Int()),         MakeField("l", DataType::Long()),
                   MakeField("date", DataType::Date()),     MakeField("ts", DataType::Timestamp()),
                   MakeField("d9", d9),                     MakeField("d18", d18),
                   MakeField("x", DataType::Double()),      MakeField("s", DataType::String()),
                   MakeField("i8", DataType::Byte())};
  std::vector<VectorPtr> columns;
  for (const Field& f : schema) columns.push_back(Vector::Make(f.type, n));
  const std::string prefix(70, 'p');  // long shared prefix: truncated bounds
  for (size_t r = 0; r < n; ++r) {
    const uint64_t v = rng();
    // Rows drift upwards so row groups differ, with noise so they overlap.
    const int64_t base = static_cast<int64_t>(r) * 1000 + static_cast<int64_t>(v % 5000) - 2500;
    columns[0]->values<int32_t>()[r] = static_cast<int32_t>(base);
    columns[1]->values<int64_t>()[r] = base * 1000003;
    columns[2]->values<int32_t>()[r] = static_cast<int32_t>(base / 100);
    columns[3]->values<int64_t>()[r] = base * 86400;
    columns[4]->values<int64_t>()[r] = base;
    columns[5]->values<int64_t>()[r] = -base * 7;
    columns[6]->values<double>()[r] = v % 97 == 0 ? -0.0 : static_cast<double>(base) / 3;
    columns[7]->SetString(r, prefix + std::to_string(100000 + base));
    columns[8]->values<int8_t>()[r] = static_cast<int8_t>(base / 5000);
    for (size_t c = 0; c < columns.size(); ++c) {
      if ((v >> (8 + c)) % 13 == 0) columns[c]->SetNull(r);
    }
  }
  Batch batch = MakeBatch(schema, columns);
  FileMetaData meta = RoundTrip(batch, {.row_group_rows = 50, .statistics_truncate_length = 16});
  FileSchema file_schema(meta.schema, path_);

  // The literal for row r of column c as the filter parses it, and a comparison of row q against it.
  auto literal = [&](size_t c, size_t r) -> std::string {
    const Vector& v = batch.column(c);
    switch (schema[c].type.id()) {
      case TypeId::kInt: return std::to_string(v.ValueAt<int32_t>(r));
      case TypeId::kByte: return std::to_string(v.ValueAt<int8_t>(r));
      case TypeId::kLong: return std::to_string(v.ValueAt<int64_t>(r));
      case TypeId::kDate: return FormatDate(v.ValueAt<int32_t>(r));
      case TypeId::kTimestamp: return FormatTimestamp(v.ValueAt<int64_t>(r), 'T') + "Z";
      case TypeId::kDecimal: return DecimalToString(v.ValueAt<int64_t>(r), schema[c].type.scale());
      case TypeId::kDouble: {
        char text[40];
        std::snprintf(text, sizeof(text), "%.17g", v.ValueAt<double>(r));
        return text;
      }
      default: return std::string(v.StringAt(r).view());
    }
  };
  auto compare = [&](size_t c, size_t q, size_t r) -> int {  // row q vs row r (the literal's row)
    const Vector& v = batch.column(c);
    auto three = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
    switch (schema[c].type.id()) {
      case TypeId::kInt:
      case TypeId::kDate: return three(v.ValueAt<int32_t>(q), v.ValueAt<int32_t>(r));
      case TypeId::kByte: return three(v.ValueAt<int8_t>(q), v.ValueAt<int8_t>(r));
      case TypeId::kDouble: return three(v.ValueAt<double>(q), v.ValueAt<double>(r));
      case TypeId::kString: return three(v.StringAt(q).view(), v.StringAt(r).view());
      default: return three(v.ValueAt<int64_t>(q), v.ValueAt<int64_t>(r));
    }
  };
  using Op = ColumnPredicate::Op;
  int skipped = 0;
  for (size_t c = 0; c < schema.size(); ++c) {
    const LeafColumn& leaf = file_schema.leaves()[c];
    for (int probe = 0; probe < 40; ++probe) {
      size_t r = rng() % n;
      while (batch.column(c).IsNull(r)) r = (r + 1) % n;
      for (Op op : {Op::kEq, Op::kLt, Op::kLe, Op::kGt, Op::kGe, Op::kIsNull, Op::kIsNotNull}) {
        ColumnPredicate predicate{schema[c].name, op, literal(c, r)};
        size_t first = 0;
        for (const RowGroup& group : meta.row_groups) {
          const ColumnChunk& chunk = group.columns[c];
          if (!StatisticsMayMatch(leaf, *chunk.meta_data->statistics, chunk.meta_data->num_values, predicate)) {
            ++skipped;
            for (size_t q = first; q < first + group.num_rows; ++q) {
              const bool null = batch.column(c).IsNull(q);
              bool match = false;
              switch (op) {
                case Op::kIsNull: match = null; break;
                case Op::kIsNotNull: match = !null; break;
                case Op::kEq: match = !null && compare(c, q, r) == 0; break;
                case Op::kLt: match = !null && compare(c, q, r) < 0; break;
                case Op::kLe: match = !null && compare(c, q, r) <= 0; break;
                case Op::kGt: match = !null && compare(c, q, r) > 0; break;
                case Op::kGe: match = !null && compare(c, q, r) >= 0; break;
              }
              ASSERT_FALSE(match) << schema[c].name << " " << static_cast<int>(op) << " " << predicate.literal
                                  << ": row " << q << " matches in a skipped row group";
            }
          }
          first += group.num_rows;
        }
      }
    }
  }
  EXPECT_GT(skipped, 1000);  // the statistics do prune
}

TEST_F(WriterTest, ReadsBackInBatchesThreadsAndProjections) {
  DataType list = DataType::Array(DataType::String(), true);
  DataType st = DataType::Struct({MakeField("a", DataType::Int()), MakeField("l", list)});
  const size_t n = 1000;
  std::vector<int> lengths;
  std::vector<std::optional<std::string>> strings;
  std::vector<std::optional<int32_t>> ints;
  std::vector<size_t> null_structs;
  for (size_t r = 0; r < n; ++r) {
    lengths.push_back(r % 4 == 3 ? -1 : static_cast<int>(r % 3));
    for (int i = 0; i < lengths.back(); ++i) strings.push_back(i == 1 ? std::nullopt : std::optional<std::string>("e" + std::to_string(r)));
    ints.push_back(r % 5 == 0 ? std::nullopt : std::optional<int32_t>(static_cast<int32_t>(r)));
    if (r % 7 == 0) null_structs.push_back(r);
  }
  VectorPtr structs = MakeStruct(st, n, {MakeFixed<int32_t>(DataType::Int(), ints),
                                         MakeList(list, lengths, {MakeStrings(DataType::String(), strings)})},
                                 null_structs);
  Batch batch = MakeBatch({MakeField("id", DataType::Int(), false), MakeField("s", st)},
                          {MakeFixed<int32_t>(DataType::Int(), std::vector<std::optional<int32_t>>(ints.size(), 1)), structs});
  RoundTrip(batch, {.row_group_rows = 300, .page_rows = 37});
  const std::vector<std::string> expected = RenderRows(batch);

  ParquetReadOptions options;
  options.batch_size = 77;
  options.threads = 2;
  auto reader = ParquetReader::Open(*fs_, path_, options);
  std::vector<std::string> got;
  Batch out;
  while (reader->Next(&out)) {
    for (std::string& row : RenderRows(out)) got.push_back(std::move(row));
  }
  EXPECT_EQ(got, expected);

  // A nested projection reads only s.l.
  options.columns = {"s.l"};
  reader = ParquetReader::Open(*fs_, path_, options);
  got.clear();
  while (reader->Next(&out)) {
    for (size_t r = 0; r < out.num_rows(); ++r) {
      std::string text;
      testing::RenderValue(out.column(0), r, &text);
      got.push_back(std::move(text));
    }
  }
  ASSERT_EQ(got.size(), n);
  for (size_t r = 0; r < n; ++r) {
    std::string text;
    if (structs->IsNull(r)) {
      text = "null";
    } else {
      text = "{";
      testing::RenderValue(structs->child(1), r, &text);
      text += "}";
    }
    EXPECT_EQ(got[r], text) << r;
  }
}

TEST_F(WriterTest, PageIndexPruningKeepsEveryMatchingRow) {
  // Sorted-ish data in small pages; reading with a predicate may drop pages,
  // but every matching row must come back, whole and aligned across columns.
  std::mt19937_64 rng(11);
  const size_t n = 2000;
  Schema schema = {MakeField("id", DataType::Long(), false), MakeField("k", DataType::Int()),
                   MakeField("s", DataType::String()), MakeField("d", DataType::Decimal(12, 2)),
                   MakeField("l", DataType::Array(DataType::Int()))};
  std::vector<std::optional<int64_t>> ids, decimals;
  std::vector<std::optional<int32_t>> keys, elements;
  std::vector<std::optional<std::string>> strings;
  std::vector<int> lengths;
  for (size_t r = 0; r < n; ++r) {
    ids.push_back(static_cast<int64_t>(r));
    keys.push_back(rng() % 17 == 0 ? std::nullopt : std::optional<int32_t>(static_cast<int32_t>(r + rng() % 60)));
    strings.push_back(std::string(80, 'q') + std::to_string(10000 + r / 3));
    decimals.push_back(static_cast<int64_t>(r * 100 - rng() % 1000));
    lengths.push_back(static_cast<int>(rng() % 4));
    for (int i = 0; i < lengths.back(); ++i) elements.push_back(static_cast<int32_t>(r));
  }
  Batch batch = MakeBatch(schema, {MakeFixed<int64_t>(DataType::Long(), ids), MakeFixed<int32_t>(DataType::Int(), keys),
                                   MakeStrings(DataType::String(), strings),
                                   MakeFixed<int64_t>(DataType::Decimal(12, 2), decimals),
                                   MakeList(schema[4].type, lengths, {MakeFixed<int32_t>(DataType::Int(), elements)})});
  RoundTrip(batch, {.row_group_rows = 700, .page_rows = 25, .statistics_truncate_length = 20});
  // The reader prunes pages for flat projections.
  const Batch flat(Schema(schema.begin(), schema.begin() + 4),
                   std::vector<VectorPtr>(batch.columns().begin(), batch.columns().begin() + 4), n);
  const std::vector<std::string> rows = RenderRows(flat);

  using Op = ColumnPredicate::Op;
  int64_t pages_skipped = 0;
  for (int probe = 0; probe < 30; ++probe) {
    const size_t r = rng() % n;
    const Op op = std::vector<Op>{Op::kEq, Op::kLt, Op::kLe, Op::kGt, Op::kGe}[rng() % 5];
    ColumnPredicate predicate;
    std::function<bool(size_t)> matches;
    switch (probe % 3) {
      case 0: {
        const int32_t key = keys[r].value_or(1000);
        predicate = {"k", op, std::to_string(key)};
        matches = [&, key, op](size_t q) {
          if (!keys[q]) return false;
          const int32_t v = *keys[q];
          return op == Op::kEq ? v == key : op == Op::kLt ? v < key : op == Op::kLe ? v <= key : op == Op::kGt ? v > key : v >= key;
        };
        break;
      }
      case 1: {
        const std::string text = *strings[r];
        predicate = {"s", op, text};
        matches = [&, text, op](size_t q) {
          const std::string& v = *strings[q];
          return op == Op::kEq ? v == text : op == Op::kLt ? v < text : op == Op::kLe ? v <= text : op == Op::kGt ? v > text : v >= text;
        };
        break;
      }
      default: {
        const int64_t unscaled = *decimals[r];
        predicate = {"d", op, DecimalToString(unscaled, 2)};
        matches = [&, unscaled, op](size_t q) {
          const int64_t v = *decimals[q];
          return op == Op::kEq ? v == unscaled : op == Op::kLt ? v < unscaled : op == Op::kLe ? v <= unscaled : op == Op::kGt ? v > unscaled : v >= unscaled;
        };
        break;
      }
    }
    ParquetReadOptions options;
    options.predicates = {predicate};
    options.columns = {"id", "k", "s", "d"};
    options.batch_size = 100;
    auto reader = ParquetReader::Open(*fs_, path_, options);
    std::set<int64_t> seen;
    Batch out;
    while (reader->Next(&out)) {
      std::vector<std::string> got = RenderRows(out);
      for (size_t i = 0; i < out.num_rows(); ++i) {
        const int64_t id = out.column(0).ValueAt<int64_t>(i);
        ASSERT_TRUE(id >= 0 && id < static_cast<int64_t>(n));
        ASSERT_EQ(got[i], rows[id]) << "a returned row differs from the row written";
        seen.insert(id);
      }
    }
    for (size_t q = 0; q < n; ++q) {
      if (matches(q)) {
        ASSERT_TRUE(seen.count(static_cast<int64_t>(q))) << predicate.column << " " << predicate.literal << ": row " << q << " was pruned";
      }
    }
    pages_skipped += reader->pages_skipped();
  }
  EXPECT_GT(pages_skipped, 300);  // 30 probes over 80 pages per column: pruning works
}

// --- encodings ---------------------------------------------------------------------------------

TEST_F(WriterTest, LowCardinalityColumnsAreDictionaryEncoded) {
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 1000; ++i) values.push_back("value-" + std::to_string(i % 5));
  Batch batch = MakeBatch({MakeField("s", DataType::String())}, {MakeStrings(DataType::String(), values)});
  FileMetaData meta = RoundTrip(batch);
  const ColumnMetaData& m = *meta.row_groups[0].columns[0].meta_data;
  ASSERT_TRUE(m.dictionary_page_offset.has_value());
  EXPECT_EQ(*m.dictionary_page_offset, 4);
  EXPECT_GT(m.data_page_offset, *m.dictionary_page_offset);
  EXPECT_EQ(meta.row_groups[0].columns[0].file_offset, 4);
  EXPECT_NE(std::find(m.encodings.begin(), m.encodings.end(), Encoding::kPlainDictionary), m.encodings.end());
  ASSERT_EQ(m.encoding_stats.size(), 2u);
  EXPECT_EQ(m.encoding_stats[0].page_type, PageType::kDictionaryPage);
  EXPECT_EQ(m.encoding_stats[1].encoding, Encoding::kPlainDictionary);

  meta = RoundTrip(batch, {.data_page_version = ParquetWriteOptions::DataPageVersion::kV2}, "v2.parquet");
  const ColumnMetaData& m2 = *meta.row_groups[0].columns[0].meta_data;
  EXPECT_EQ(m2.encoding_stats[0].encoding, Encoding::kPlain);
  EXPECT_EQ(m2.encoding_stats[1].encoding, Encoding::kRleDictionary);
  EXPECT_EQ(m2.encoding_stats[1].page_type, PageType::kDataPageV2);
}

TEST_F(WriterTest, UniqueColumnsFallBackToPlain) {
  std::vector<std::optional<int64_t>> values;
  for (int i = 0; i < 1000; ++i) values.push_back(i * 7919);
  Batch batch = MakeBatch({MakeField("v", DataType::Long())}, {MakeFixed<int64_t>(DataType::Long(), values)});
  FileMetaData meta = RoundTrip(batch);
  const ColumnMetaData& m = *meta.row_groups[0].columns[0].meta_data;
  EXPECT_FALSE(m.dictionary_page_offset.has_value());
  EXPECT_EQ(m.encodings, (std::vector<Encoding>{Encoding::kRle, Encoding::kPlain}));
  // v2 picks DELTA_BINARY_PACKED where it is smaller.
  meta = RoundTrip(batch, {.data_page_version = ParquetWriteOptions::DataPageVersion::kV2}, "v2.parquet");
  EXPECT_EQ(meta.row_groups[0].columns[0].meta_data->encoding_stats[0].encoding, Encoding::kDeltaBinaryPacked);
}

TEST_F(WriterTest, DictionaryFallsBackWhenItGrowsTooLarge) {
  // Page 1: 100 repeats of 4 values (dictionary pays); later pages: unique values overflow it.
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 100; ++i) values.push_back("v" + std::to_string(i % 4));
  for (int i = 0; i < 900; ++i) values.push_back("unique-" + std::to_string(i));
  Batch batch = MakeBatch({MakeField("s", DataType::String())}, {MakeStrings(DataType::String(), values)});
  FileMetaData meta = RoundTrip(batch, {.page_rows = 100, .dictionary_page_bytes = 2000});
  const ColumnMetaData& m = *meta.row_groups[0].columns[0].meta_data;
  ASSERT_TRUE(m.dictionary_page_offset.has_value());
  std::map<Encoding, int> pages;
  for (const PageEncodingStats& s : m.encoding_stats) {
    if (s.page_type != PageType::kDictionaryPage) pages[s.encoding] += s.count;
  }
  EXPECT_GE(pages[Encoding::kPlainDictionary], 1);
  EXPECT_GE(pages[Encoding::kPlain], 1);
  EXPECT_EQ(pages[Encoding::kPlainDictionary] + pages[Encoding::kPlain], 10);
}

TEST_F(WriterTest, ForcedEncodingsApplyWhereTheyCan) {
  Batch batch = MakeBatch(
      {MakeField("i", DataType::Int()), MakeField("s", DataType::String()), MakeField("d", DataType::Double()),
       MakeField("dec", DataType::Decimal(30, 2)), MakeField("b", DataType::Boolean())},
      {MakeFixed<int32_t>(DataType::Int(), {1, 2, std::nullopt, 4}),
       MakeStrings(DataType::String(), {"a", "ab", "abc", std::nullopt}),
       MakeFixed<double>(DataType::Double(), {1.5, -0.0, std::nullopt, 3}),
       MakeFixed<int128_t>(DataType::Decimal(30, 2), {1, -2, 3, std::nullopt}),
       MakeFixed<uint8_t>(DataType::Boolean(), {1, 0, 1, std::nullopt})});
  auto encodings = [](const FileMetaData& meta) {
    std::vector<Encoding> out;
    for (const ColumnChunk& c : meta.row_groups[0].columns) out.push_back(c.meta_data->encoding_stats[0].encoding);
    return out;
  };
  const Encoding P = Encoding::kPlain;
  FileMetaData meta = RoundTrip(batch, {.dictionary = false, .value_encoding = Encoding::kDeltaBinaryPacked}, "dbp");
  EXPECT_EQ(encodings(meta), (std::vector<Encoding>{Encoding::kDeltaBinaryPacked, P, P, P, P}));
  meta = RoundTrip(batch, {.dictionary = false, .value_encoding = Encoding::kDeltaByteArray}, "dba");
  EXPECT_EQ(encodings(meta), (std::vector<Encoding>{P, Encoding::kDeltaByteArray, P, Encoding::kDeltaByteArray, P}));
  meta = RoundTrip(batch, {.dictionary = false, .value_encoding = Encoding::kByteStreamSplit}, "bss");
  const Encoding B = Encoding::kByteStreamSplit;
  EXPECT_EQ(encodings(meta), (std::vector<Encoding>{B, P, B, B, P}));
  meta = RoundTrip(batch, {.dictionary = false, .value_encoding = Encoding::kRle}, "rle");
  EXPECT_EQ(encodings(meta), (std::vector<Encoding>{P, P, P, P, Encoding::kRle}));
}

TEST_F(WriterTest, EveryCodecAndPageVersionReadsBack) {
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 500; ++i) values.push_back(i % 3 == 0 ? std::nullopt : std::optional<std::string>("row " + std::to_string(i)));
  Batch batch = MakeBatch({MakeField("s", DataType::String())}, {MakeStrings(DataType::String(), values)});
  for (CompressionCodec codec : {CompressionCodec::kUncompressed, CompressionCodec::kSnappy, CompressionCodec::kGzip,
                                 CompressionCodec::kZstd, CompressionCodec::kLz4Raw, CompressionCodec::kBrotli}) {
    for (auto version : {ParquetWriteOptions::DataPageVersion::kV1, ParquetWriteOptions::DataPageVersion::kV2}) {
      SCOPED_TRACE(std::string(ToString(codec)) + (version == ParquetWriteOptions::DataPageVersion::kV1 ? " v1" : " v2"));
      FileMetaData meta = RoundTrip(batch, {.codec = codec, .page_rows = 100, .data_page_version = version});
      EXPECT_EQ(meta.row_groups[0].columns[0].meta_data->codec, codec);
    }
  }
}

// --- file-level ------------------------------------------------------------------------------

TEST_F(WriterTest, FooterCarriesCreatedByKeyValuesAndColumnOrders) {
  Batch batch = MakeBatch({MakeField("i", DataType::Int()), MakeField("a", DataType::Array(DataType::String()))},
                          {MakeFixed<int32_t>(DataType::Int(), {1}),
                           MakeList(DataType::Array(DataType::String()), {1}, {MakeStrings(DataType::String(), {"x"})})});
  ParquetWriteOptions options;
  options.key_value_metadata = {{"org.apache.spark.version", "4.0.0"}, {"flag", std::nullopt}};
  FileMetaData written = RoundTrip(batch, options);
  FileMetaData meta = ReadMetadata(*fs_, path_);
  EXPECT_EQ(meta.created_by, kTarnCreatedBy);
  EXPECT_EQ(meta.version, 1);
  ASSERT_EQ(meta.key_value_metadata.size(), 2u);
  EXPECT_EQ(meta.key_value_metadata[0].value, "4.0.0");
  EXPECT_FALSE(meta.key_value_metadata[1].value.has_value());
  ASSERT_EQ(meta.column_orders.size(), 2u);
  EXPECT_EQ(meta.column_orders[1].kind, ColumnOrder::Kind::kTypeDefinedOrder);
  EXPECT_EQ(meta.row_groups[0].columns[1].meta_data->path_in_schema,
            (std::vector<std::string>{"a", "list", "element"}));
  EXPECT_EQ(Serialize(meta), Serialize(written));
}

TEST_F(WriterTest, EmptyFilesAndSchemas) {
  Schema schema = {MakeField("i", DataType::Int()), MakeField("s", DataType::Struct({MakeField("x", DataType::Long())}))};
  path_ = dir_.File("empty.parquet");
  FileMetaData meta = ParquetWriter::Open(*fs_, path_, schema)->Close();
  EXPECT_EQ(meta.num_rows, 0);
  EXPECT_TRUE(meta.row_groups.empty());
  Batch read = ReadParquetFile(*fs_, path_);
  EXPECT_EQ(read.num_rows(), 0u);
  EXPECT_EQ(read.schema(), schema);
  // An empty batch writes nothing either.
  auto writer = ParquetWriter::Open(*fs_, path_, schema);
  writer->Write(MakeBatch(schema, {Vector::Make(schema[0].type, 0), Vector::Make(schema[1].type, 0)}));
  EXPECT_TRUE(writer->Close().row_groups.empty());
}

TEST_F(WriterTest, ManyColumnsManyRows) {
  // Enough rows for several default-sized pages, with the default options.
  const size_t n = 70000;
  VectorPtr ints = Vector::Make(DataType::Int(), n);
  VectorPtr strings = Vector::Make(DataType::String(), n);
  for (size_t i = 0; i < n; ++i) {
    ints->values<int32_t>()[i] = static_cast<int32_t>(i * 2654435761u);
    strings->SetString(i, "s" + std::to_string(i % 1000));
    if (i % 11 == 0) strings->SetNull(i);
  }
  FileMetaData meta = RoundTrip(MakeBatch({MakeField("i", DataType::Int()), MakeField("s", DataType::String())}, {ints, strings}));
  EXPECT_EQ(ReadOffsetIndex(*fs_, path_, meta.row_groups[0].columns[0]).page_locations.size(), 4u);
}

// --- errors ------------------------------------------------------------------------------------

TEST_F(WriterTest, NullInNonNullableFieldIsRejected) {
  Schema schema = {MakeField("i", DataType::Int(), false)};
  path_ = dir_.File("nn.parquet");
  auto writer = ParquetWriter::Open(*fs_, path_, schema);
  ErrorInfo error = ErrorOf([&] { writer->Write(MakeBatch(schema, {MakeFixed<int32_t>(DataType::Int(), {1, std::nullopt})})); });
  EXPECT_EQ(error.error_class, ErrorClass::kFileWriteError);
  EXPECT_NE(error.message.find("`i`"), std::string::npos) << error.message;
  // The writer is broken now.
  EXPECT_EQ(ErrorOf([&] { writer->Close(); }).error_class, ErrorClass::kFileWriteError);

  // Inside a struct and as a map key.
  DataType st = DataType::Struct({MakeField("x", DataType::Int(), false)});
  Batch nested = MakeBatch({MakeField("s", st)}, {MakeStruct(st, 1, {MakeFixed<int32_t>(DataType::Int(), {std::nullopt})})});
  EXPECT_EQ(ErrorOf([&] { WriteParquetFile(*fs_, path_, nested); }).error_class, ErrorClass::kFileWriteError);
  // ...but not under a null struct.
  RoundTrip(MakeBatch({MakeField("s", st)}, {MakeStruct(st, 1, {MakeFixed<int32_t>(DataType::Int(), {std::nullopt})}, {0})}));
  DataType map = DataType::Map(DataType::String(), DataType::Int());
  Batch bad_key = MakeBatch({MakeField("m", map)}, {MakeList(map, {1}, {MakeStrings(DataType::String(), {std::nullopt}),
                                                                    MakeFixed<int32_t>(DataType::Int(), {1})})});
  EXPECT_EQ(ErrorOf([&] { WriteParquetFile(*fs_, path_, bad_key); }).error_class, ErrorClass::kFileWriteError);
}

TEST_F(WriterTest, ValuesParquetCannotHoldAreRejected) {
  path_ = dir_.File("bad.parquet");
  const DataType d5 = DataType::Decimal(5, 0);
  Batch decimal = MakeBatch({MakeField("d", d5)}, {MakeFixed<int64_t>(d5, {100000})});
  ErrorInfo error = ErrorOf([&] { WriteParquetFile(*fs_, path_, decimal); });
  EXPECT_EQ(error.error_class, ErrorClass::kFileWriteError);
  EXPECT_NE(error.message.find("DECIMAL(5,0)"), std::string::npos) << error.message;
  for (IntervalValue bad : {IntervalValue{-1, 0, 0}, IntervalValue{0, -1, 0}, IntervalValue{0, 0, 1500},
                            IntervalValue{0, 0, -1000}, IntervalValue{0, 0, 4294967296000}}) {
    Batch interval = MakeBatch({MakeField("c", DataType::CalendarInterval())},
                               {MakeFixed<IntervalValue>(DataType::CalendarInterval(), {bad})});
    error = ErrorOf([&] { WriteParquetFile(*fs_, path_, interval); });
    EXPECT_EQ(error.error_class, ErrorClass::kFileWriteError);
    EXPECT_NE(error.message.find("INTERVAL"), std::string::npos) << error.message;
  }
}

TEST_F(WriterTest, UnwritableSchemasAndOptionsAreRejected) {
  path_ = dir_.File("x.parquet");
  Schema empty_struct = {MakeField("s", DataType::Struct({}))};
  EXPECT_EQ(ErrorOf([&] { ParquetWriter::Open(*fs_, path_, empty_struct); }).error_class,
            ErrorClass::kUnsupportedFeature);
  EXPECT_FALSE(fs_->Exists(path_));
  Schema schema = {MakeField("i", DataType::Int())};
  EXPECT_EQ(ErrorOf([&] { ParquetWriter::Open(*fs_, path_, schema, {.page_rows = 0}); }).error_class,
            ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf([&] { ParquetWriter::Open(*fs_, path_, schema, {.codec = CompressionCodec::kLzo}); }).error_class,
            ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf([&] {
              ParquetWriter::Open(*fs_, path_, schema, {.value_encoding = Encoding::kRleDictionary});
            }).error_class,
            ErrorClass::kInvalidParameterValue);
}

}  // namespace
}  // namespace tarn::parquet
