// Property test of the Parquet writer against tarn's reader: random schemas
// (every Spark type, nested up to depth 3, nullable or not) and random data
// (nulls at every level, empty lists, null structs, long strings, extreme
// values: NaN, -0.0, integer limits, 38-digit decimals; vectors flat,
// constant or dictionary encoded at any level) are written with every codec,
// both data page versions, dictionary on and off and each forced encoding,
// then read back and compared exactly. Chunk statistics and the ColumnIndex
// of top-level integer columns are checked against the data.
//
// The RNG has a fixed seed, so failures reproduce; SCOPED_TRACE names the
// schema, the seed and the options of a failing file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>

#include "formats/parquet/reader.h"
#include "formats/parquet/tests/writer_test_util.h"
#include "formats/parquet/writer.h"
#include "types/decimal.h"

namespace tarn::parquet {
namespace {

using testing::MakeField;
using testing::RenderRows;

constexpr int kSchemas = 48;
constexpr int kMaxDepth = 3;

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  uint64_t Bits() { return rng_(); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  DataType RandomType(int depth) {
    if (depth < kMaxDepth && Chance(0.3)) {
      switch (Uniform(0, 2)) {
        case 0: return DataType::Array(RandomType(depth + 1), Chance(0.7));
        case 1: return DataType::Map(RandomPrimitive(/*allow_null=*/false), RandomType(depth + 1), Chance(0.7));
        default: {
          std::vector<Field> fields;
          const int n = Uniform(1, 3);
          for (int i = 0; i < n; ++i) {
            fields.push_back(MakeField("f" + std::to_string(i), RandomType(depth + 1), Chance(0.7)));
          }
          return DataType::Struct(std::move(fields));
        }
      }
    }
    return RandomPrimitive(/*allow_null=*/true);
  }

  DataType RandomPrimitive(bool allow_null) {
    switch (Uniform(allow_null ? 0 : 1, 18)) {
      case 0: return DataType::Null();
      case 1: return DataType::Boolean();
      case 2: return DataType::Byte();
      case 3: return DataType::Short();
      case 4: return DataType::Int();
      case 5: return DataType::Long();
      case 6: return DataType::Float();
      case 7: return DataType::Double();
      case 8: {
        const int precision = Chance(0.3) ? 38 : Uniform(1, 38);
        return DataType::Decimal(precision, Uniform(0, precision));
      }
      case 9:
      case 10: return DataType::String();
      case 11: return DataType::Binary();
      case 12: return DataType::Date();
      case 13: return DataType::Timestamp();
      case 14: return DataType::TimestampNtz();
      case 15: return DataType::Time();
      case 16: return DataType::YearMonthInterval();
      case 17: return DataType::DayTimeInterval();
      default: return DataType::CalendarInterval();
    }
  }

  /// `size` rows of `type`; nulls only when `nullable`. The result may be
  /// flat, constant or dictionary encoded, and so may its children.
  VectorPtr RandomVector(const DataType& type, size_t size, bool nullable) {
    if (type.id() == TypeId::kNull) return Vector::MakeNull(type, size);
    if (size > 0 && Chance(0.08)) {
      // Constant: one row repeated.
      return Vector::MakeConstant(RandomFlat(type, 1, nullable), 0, size);
    }
    if (size > 0 && Chance(0.15)) {
      const size_t distinct = static_cast<size_t>(Uniform(1, 8));
      VectorPtr dictionary = RandomFlat(type, distinct, nullable);
      Buffer indices(size * sizeof(int32_t));
      for (size_t i = 0; i < size; ++i) indices.as<int32_t>()[i] = Uniform(0, static_cast<int>(distinct) - 1);
      return Vector::MakeDictionary(dictionary, std::move(indices), size);
    }
    return RandomFlat(type, size, nullable);
  }

 private:
  VectorPtr RandomFlat(const DataType& type, size_t size, bool nullable) {
    VectorPtr v = Vector::Make(type, size);
    const double null_rate = !nullable ? 0 : (Chance(0.2) ? 0 : (Chance(0.1) ? 1.0 : 0.2));
    for (size_t i = 0; i < size; ++i) {
      if (null_rate > 0 && Chance(null_rate)) v->SetNull(i);
    }
    switch (type.id()) {
      case TypeId::kArray:
      case TypeId::kMap: {
        int32_t total = 0;
        const int max_length = Chance(0.2) ? 12 : 3;
        for (size_t i = 0; i < size; ++i) {
          if (!v->IsNull(i)) total += Uniform(0, max_length);
          v->offsets()[i + 1] = total;
        }
        if (type.id() == TypeId::kArray) {
          v->set_child(0, RandomVector(type.element_type(), total, type.contains_null()));
        } else {
          v->set_child(0, RandomVector(type.key_type(), total, false));
          v->set_child(1, RandomVector(type.value_type(), total, type.value_contains_null()));
        }
        return v;
      }
      case TypeId::kStruct:
        for (size_t c = 0; c < type.fields().size(); ++c) {
          v->set_child(c, RandomVector(type.fields()[c].type, size, type.fields()[c].nullable));
        }
        return v;
      default: break;
    }
    // Low-cardinality columns exercise the dictionary, others its fallback.
    const bool few = Chance(0.4);
    std::vector<uint64_t> pool;
    for (int i = 0; i < 4; ++i) pool.push_back(Bits());
    for (size_t i = 0; i < size; ++i) {
      if (v->IsNull(i)) continue;
      const uint64_t r = few ? pool[Uniform(0, 3)] : Bits();
      SetValue(v.get(), i, r);
    }
    return v;
  }

  /// An extreme value now and then, else one derived from `r`.
  void SetValue(Vector* v, size_t i, uint64_t r) {
    const bool extreme = (r & 0xF) == 0;
    const int pick = static_cast<int>((r >> 4) & 3);
    switch (v->type().id()) {
      case TypeId::kBoolean: v->values<uint8_t>()[i] = r & 1; return;
      case TypeId::kByte: v->values<int8_t>()[i] = extreme ? (pick ? INT8_MIN : INT8_MAX) : static_cast<int8_t>(r >> 8); return;
      case TypeId::kShort:
        v->values<int16_t>()[i] = extreme ? (pick ? INT16_MIN : INT16_MAX) : static_cast<int16_t>(r >> 8);
        return;
      case TypeId::kInt:
      case TypeId::kYearMonthInterval:
        v->values<int32_t>()[i] =
            extreme ? (pick == 0 ? INT32_MIN : pick == 1 ? INT32_MAX : 0) : static_cast<int32_t>(r >> 8) >> (r & 0x1F);
        return;
      case TypeId::kDate: v->values<int32_t>()[i] = static_cast<int32_t>(static_cast<int64_t>(r >> 20) % 3000000) - 719162; return;
      case TypeId::kLong:
      case TypeId::kDayTimeInterval:
        v->values<int64_t>()[i] =
            extreme ? (pick == 0 ? INT64_MIN : pick == 1 ? INT64_MAX : 0) : static_cast<int64_t>(r) >> (r & 0x3F);
        return;
      case TypeId::kTimestamp:
      case TypeId::kTimestampNtz:
        // Years 0001..9999 (the range Spark prints), any microsecond.
        v->values<int64_t>()[i] = static_cast<int64_t>((r >> 1) % 315537897600000000ull) - 62135596800000000;
        return;
      case TypeId::kTime: v->values<int64_t>()[i] = static_cast<int64_t>(r % 86400000000ull); return;
      case TypeId::kFloat: {
        static const float kSpecial[] = {std::numeric_limits<float>::quiet_NaN(), -0.0f, 0.0f,
                                         std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                                         std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max()};
        float f;
        if (extreme) {
          f = kSpecial[(r >> 8) % 7];
        } else {
          const uint32_t bits = static_cast<uint32_t>(r >> 16);
          std::memcpy(&f, &bits, 4);  // any bit pattern, NaN payloads included
        }
        v->values<float>()[i] = f;
        return;
      }
      case TypeId::kDouble: {
        static const double kSpecial[] = {std::numeric_limits<double>::quiet_NaN(), -0.0, 0.0,
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::lowest()};
        double d;
        if (extreme) {
          d = kSpecial[(r >> 8) % 7];
        } else {
          std::memcpy(&d, &r, 8);
        }
        v->values<double>()[i] = d;
        return;
      }
      case TypeId::kDecimal: {
        const int128_t limit = PowerOfTen128(v->type().precision());
        int128_t value;
        if (extreme) {
          value = pick == 0 ? limit - 1 : pick == 1 ? -(limit - 1) : 0;
        } else {
          const auto wide = (static_cast<uint128_t>(r) << 64) | Bits();
          value = static_cast<int128_t>(wide % static_cast<uint128_t>(limit));
          if (r & 0x100) value = -value;
        }
        if (v->type().precision() <= kMaxInt64DecimalPrecision) {
          v->values<int64_t>()[i] = static_cast<int64_t>(value);
        } else {
          v->values<int128_t>()[i] = value;
        }
        return;
      }
      case TypeId::kString: v->SetString(i, RandomText(r)); return;
      case TypeId::kBinary: {
        std::string bytes(static_cast<size_t>(r % (extreme ? 300 : 20)), '\0');
        std::mt19937_64 local(r);
        for (char& c : bytes) c = static_cast<char>(local());
        v->SetString(i, bytes);
        return;
      }
      case TypeId::kCalendarInterval:
        v->values<IntervalValue>()[i] = IntervalValue{static_cast<int32_t>((r >> 1) & 0x7FFFFFFF),
                                                      static_cast<int32_t>((r >> 33) & 0x7FFFFFFF),
                                                      static_cast<int64_t>((r >> 7) & 0xFFFFFFFF) * 1000};
        return;
      default: FAIL() << "no values for " << v->type().ToString();
    }
  }

  /// Valid UTF-8: ASCII, 2-, 3- and 4-byte code points; now and then longer
  /// than the 64-byte statistics limit.
  static std::string RandomText(uint64_t r) {
    static const char* kPieces[] = {"a", "Z", " ", "é", "ß", "€", "中", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "~"};
    std::mt19937_64 local(r);
    const size_t length = (r & 0x30) == 0 ? 40 + local() % 200 : local() % 14;
    std::string text;
    for (size_t i = 0; i < length; ++i) text += kPieces[local() % 10];
    return text;
  }

  std::mt19937_64 rng_;
};

/// The type the reader gives back: Parquet has no interval annotations.
DataType ReadBackType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kYearMonthInterval: return DataType::Int();
    case TypeId::kDayTimeInterval: return DataType::Long();
    case TypeId::kArray:
      return DataType::Array(ReadBackType(type.element_type()),
                             type.contains_null() || type.element_type().id() == TypeId::kNull);
    case TypeId::kMap:
      return DataType::Map(ReadBackType(type.key_type()), ReadBackType(type.value_type()),
                           type.value_contains_null() || type.value_type().id() == TypeId::kNull);
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (const Field& f : type.fields()) {
        fields.push_back(MakeField(f.name, ReadBackType(f.type), f.nullable || f.type.id() == TypeId::kNull));
      }
      return DataType::Struct(std::move(fields));
    }
    default: return type;
  }
}

struct Mode {
  std::string name;
  bool dictionary;
  std::optional<Encoding> encoding;
};

std::string Describe(const ParquetWriteOptions& o, const Mode& mode) {
  return std::string(ToString(o.codec)) +
         (o.data_page_version == ParquetWriteOptions::DataPageVersion::kV2 ? " v2 " : " v1 ") + mode.name +
         " page_rows=" + std::to_string(o.page_rows) + " page_bytes=" + std::to_string(o.page_bytes) +
         " row_group_rows=" + std::to_string(o.row_group_rows) +
         " dictionary_page_bytes=" + std::to_string(o.dictionary_page_bytes);
}

template <typename T>
void CheckBounds(const Vector& column, size_t begin, size_t end, const std::string& min, const std::string& max,
                 int64_t null_count, const std::string& what) {
  std::optional<T> lo, hi;
  int64_t nulls = 0;
  for (size_t r = begin; r < end; ++r) {
    if (column.IsNull(r)) {
      ++nulls;
      continue;
    }
    T v = column.ValueAt<T>(r);
    if (!lo || v < *lo) lo = v;
    if (!hi || v > *hi) hi = v;
  }
  EXPECT_EQ(nulls, null_count) << what;
  if (lo) {
    EXPECT_EQ(min, testing::LE<T>(*lo)) << what;
    EXPECT_EQ(max, testing::LE<T>(*hi)) << what;
  } else {
    EXPECT_EQ(min, "") << what;
  }
}

/// Chunk statistics and ColumnIndex pages of top-level INT/BIGINT columns against the data.
void CheckIntegerStatistics(FileSystem& fs, const std::string& path, const Batch& batch, const FileMetaData& meta) {
  size_t leaf = 0;
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    const DataType& type = batch.schema()[c].type;
    const size_t leaves = [&] {
      // Leaves below this column: count primitives depth-first.
      std::function<size_t(const DataType&)> count = [&](const DataType& t) -> size_t {
        switch (t.id()) {
          case TypeId::kArray: return count(t.element_type());
          case TypeId::kMap: return count(t.key_type()) + count(t.value_type());
          case TypeId::kStruct: {
            size_t n = 0;
            for (const Field& f : t.fields()) n += count(f.type);
            return n;
          }
          default: return 1;
        }
      };
      return count(type);
    }();
    if (type.id() == TypeId::kInt || type.id() == TypeId::kLong) {
      size_t first_row = 0;
      for (const RowGroup& group : meta.row_groups) {
        const ColumnChunk& chunk = group.columns[leaf];
        const size_t end_row = first_row + group.num_rows;
        const Statistics& s = *chunk.meta_data->statistics;
        const std::string what = "column " + std::to_string(c) + " rows " + std::to_string(first_row);
        auto check = [&](size_t b, size_t e, const std::string& min, const std::string& max, int64_t nulls,
                         const std::string& where) {
          if (type.id() == TypeId::kInt) {
            CheckBounds<int32_t>(batch.column(c), b, e, min, max, nulls, where);
          } else {
            CheckBounds<int64_t>(batch.column(c), b, e, min, max, nulls, where);
          }
        };
        check(first_row, end_row, s.min_value.value_or(""), s.max_value.value_or(""), *s.null_count, what);
        ColumnIndex ci = testing::ReadColumnIndex(fs, path, chunk);
        OffsetIndex oi = testing::ReadOffsetIndex(fs, path, chunk);
        EXPECT_EQ(ci.null_pages.size(), oi.page_locations.size()) << what;
        for (size_t p = 0; p < oi.page_locations.size(); ++p) {
          const size_t b = first_row + oi.page_locations[p].first_row_index;
          const size_t e = p + 1 < oi.page_locations.size() ? first_row + oi.page_locations[p + 1].first_row_index
                                                              : end_row;
          check(b, e, ci.min_values[p], ci.max_values[p], ci.null_counts[p], what + " page " + std::to_string(p));
        }
        first_row = end_row;
      }
    }
    leaf += leaves;
  }
}

TEST(ParquetRoundTrip, RandomSchemasAndDataSurviveEveryWriterConfiguration) {
  auto fs = std::make_shared<testing::MemoryFileSystem>();
  const std::vector<CompressionCodec> codecs = {CompressionCodec::kUncompressed, CompressionCodec::kSnappy,
                                                CompressionCodec::kGzip,         CompressionCodec::kZstd,
                                                CompressionCodec::kLz4Raw,       CompressionCodec::kBrotli};
  const std::vector<Mode> modes = {
      {"dictionary", true, std::nullopt},
      {"no-dictionary", false, std::nullopt},
      {"PLAIN", false, Encoding::kPlain},
      {"RLE", false, Encoding::kRle},
      {"DELTA_BINARY_PACKED", false, Encoding::kDeltaBinaryPacked},
      {"DELTA_LENGTH_BYTE_ARRAY", false, Encoding::kDeltaLengthByteArray},
      {"DELTA_BYTE_ARRAY", false, Encoding::kDeltaByteArray},
      {"BYTE_STREAM_SPLIT", false, Encoding::kByteStreamSplit},
  };
  int files = 0;
  for (int s = 0; s < kSchemas; ++s) {
    const uint64_t seed = 0x7a3f00 + s;
    Generator gen(seed);
    Schema schema;
    const int num_fields = gen.Uniform(1, 6);
    for (int f = 0; f < num_fields; ++f) {
      // Every schema has a top-level integer column for the statistics checks.
      DataType type = f == 0 ? (gen.Chance(0.5) ? DataType::Int() : DataType::Long()) : gen.RandomType(1);
      schema.push_back(MakeField("c" + std::to_string(f), type, gen.Chance(0.7)));
    }
    const size_t rows = static_cast<size_t>(gen.Uniform(0, 1) == 0 ? gen.Uniform(1, 40) : gen.Uniform(100, 400));
    std::vector<VectorPtr> columns;
    for (const Field& field : schema) columns.push_back(gen.RandomVector(field.type, rows, field.nullable));
    const Batch batch(schema, columns, rows);
    const std::vector<std::string> expected = RenderRows(batch);
    Schema expected_schema;
    for (const Field& field : schema) {
      expected_schema.push_back(
          MakeField(field.name, ReadBackType(field.type), field.nullable || field.type.id() == TypeId::kNull));
    }
    std::string schema_text;
    for (const Field& field : schema) schema_text += field.name + ":" + field.type.ToString() + (field.nullable ? " " : " NOT NULL ");
    SCOPED_TRACE("seed " + std::to_string(seed) + " rows " + std::to_string(rows) + " schema " + schema_text);

    for (CompressionCodec codec : codecs) {
      for (auto version : {ParquetWriteOptions::DataPageVersion::kV1, ParquetWriteOptions::DataPageVersion::kV2}) {
        for (const Mode& mode : modes) {
          ParquetWriteOptions options;
          options.codec = codec;
          options.data_page_version = version;
          options.dictionary = mode.dictionary;
          options.value_encoding = mode.encoding;
          options.page_rows = gen.Uniform(1, 80);
          options.page_bytes = gen.Chance(0.5) ? 1 << 20 : gen.Uniform(64, 4096);
          options.row_group_rows = gen.Uniform(1, 2) == 1 ? 1'000'000 : gen.Uniform(20, 200);
          options.dictionary_page_bytes = gen.Chance(0.5) ? 1 << 20 : gen.Uniform(16, 512);
          SCOPED_TRACE(Describe(options, mode));
          const std::string path = "/mem/f" + std::to_string(files++) + ".parquet";

          // Written in up to three Write calls, as slices of the batch.
          auto writer = ParquetWriter::Open(*fs, path, schema, options);
          size_t at = 0;
          while (at < rows) {
            const size_t n = std::min(rows - at, static_cast<size_t>(gen.Uniform(1, static_cast<int>(rows))));
            SelectionVector selection(n);
            for (size_t i = 0; i < n; ++i) selection[i] = static_cast<uint32_t>(at + i);
            writer->Write(n == rows ? batch : batch.Select(selection));
            at += n;
          }
          const FileMetaData meta = writer->Close();

          Batch read;
          try {
            read = ReadParquetFile(*fs, path);
          } catch (const Error& e) {
            ADD_FAILURE() << "read failed: " << e.what();
            return;
          }
          EXPECT_EQ(read.schema(), expected_schema);
          ASSERT_EQ(read.num_rows(), rows);
          const std::vector<std::string> got = RenderRows(read);
          for (size_t r = 0; r < rows; ++r) {
            ASSERT_EQ(got[r], expected[r]) << "row " << r;
          }
          CheckIntegerStatistics(*fs, path, batch, meta);
          if (::testing::Test::HasFailure()) return;  // one failing configuration is enough to debug
          ThrowIfError(fs->Delete(path));
        }
      }
    }
  }
  EXPECT_EQ(files, kSchemas * 6 * 2 * 8);
}

}  // namespace
}  // namespace tarn::parquet
