// Interoperability with DuckDB (driven by duckdb_interop.sh):
//   parquet_interop_tool write FILE CODEC PAGE_VERSION   tarn writes a file with every type, nested and null
//   parquet_interop_tool compare ORIGINAL OTHER          tarn reads both and compares every row canonically
//   parquet_interop_tool stats FILE SKIP_COLUMN          rows and null count per column (for the Polars check)
// The script has DuckDB read tarn's file and write it back with its own
// writer; `compare` then proves DuckDB read every value as tarn wrote it and
// that tarn reads DuckDB's file identically.
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/file_system.h"
#include "formats/json/row_json.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/writer.h"
#include "types/decimal.h"

namespace tarn {
namespace {

constexpr size_t kRows = 5000;

Schema AllTypes() {
  DataType point = DataType::Struct({{"x", DataType::Double()}, {"label", DataType::String()}});
  return {
      {"b", DataType::Boolean()},
      {"i8", DataType::Byte()},
      {"i16", DataType::Short()},
      {"i32", DataType::Int()},
      {"i64", DataType::Long()},
      {"f32", DataType::Float()},
      {"f64", DataType::Double()},
      {"d9", DataType::Decimal(9, 2)},
      {"d18", DataType::Decimal(18, 6)},
      {"d38", DataType::Decimal(38, 10)},
      {"s", DataType::String()},
      {"bin", DataType::Binary()},
      {"date", DataType::Date()},
      {"ts", DataType::Timestamp()},
      {"ts_ntz", DataType::TimestampNtz()},
      {"time", DataType::Time()},
      {"interval", DataType::CalendarInterval()},
      {"ints", DataType::Array(DataType::Int())},
      {"strings", DataType::Array(DataType::String())},
      {"nested", DataType::Array(DataType::Array(DataType::Long()))},
      {"m", DataType::Map(DataType::String(), DataType::Int())},
      {"st", DataType::Struct({{"a", DataType::Int()}, {"p", point}})},
      {"points", DataType::Array(point)},
      {"required_i64", DataType::Long(), false},
  };
}

class Filler {
 public:
  explicit Filler(uint64_t seed) : rng_(seed) {}

  /// Appends `count` random values (some null when `nullable`) to a flat vector.
  void Fill(Vector* v, size_t count, bool nullable) {
    size_t start = v->size();
    v->Resize(start + count);
    for (size_t i = start; i < start + count; ++i) {
      if (nullable && Pick(8) == 0) {
        SetNullRow(v, i);
      } else {
        FillOne(v, i);
      }
    }
  }

 private:
  uint64_t Pick(uint64_t n) { return rng_() % n; }

  static void SetNullRow(Vector* v, size_t i) {
    v->SetNull(i);
    // An empty list at the null row keeps the offsets ascending.
    if (v->type().id() == TypeId::kArray || v->type().id() == TypeId::kMap) v->offsets()[i + 1] = v->offsets()[i];
  }
  int64_t Any64() { return static_cast<int64_t>(rng_()); }

  void FillOne(Vector* v, size_t i) {
    const DataType& type = v->type();
    switch (type.id()) {
      case TypeId::kBoolean: v->values<uint8_t>()[i] = Pick(2); return;
      case TypeId::kByte: v->values<int8_t>()[i] = static_cast<int8_t>(Any64()); return;
      case TypeId::kShort: v->values<int16_t>()[i] = static_cast<int16_t>(Any64()); return;
      case TypeId::kInt: v->values<int32_t>()[i] = Pick(4) == 0 ? static_cast<int32_t>(Any64()) : static_cast<int32_t>(Pick(100)); return;
      case TypeId::kLong: v->values<int64_t>()[i] = Pick(4) == 0 ? Any64() : static_cast<int64_t>(Pick(1000)); return;
      case TypeId::kFloat: v->values<float>()[i] = static_cast<float>(static_cast<int64_t>(Pick(2000000)) - 1000000) / 64.0f; return;
      case TypeId::kDouble: v->values<double>()[i] = static_cast<double>(Any64()) / 1e6; return;
      case TypeId::kDecimal: {
        int128_t limit = PowerOfTen128(type.precision());
        int128_t value = (static_cast<int128_t>(Any64()) * static_cast<int128_t>(rng_())) % limit;
        if (type.physical_type() == PhysicalType::kInt64) v->values<int64_t>()[i] = static_cast<int64_t>(value);
        else v->values<int128_t>()[i] = value;
        return;
      }
      case TypeId::kString: {
        static const char* const kWords[] = {"", "a", "lakehouse", "ünïcödé ✓", "tab\there", "a longer string value of forty-some bytes"};
        v->SetString(i, kWords[Pick(6)] + std::to_string(Pick(50)));
        return;
      }
      case TypeId::kBinary: {
        std::string bytes(Pick(20), '\0');
        for (char& c : bytes) c = static_cast<char>(Pick(256));
        v->SetString(i, bytes);
        return;
      }
      case TypeId::kDate: v->values<int32_t>()[i] = static_cast<int32_t>(Pick(40000)) - 10000; return;
      case TypeId::kTimestamp:
      case TypeId::kTimestampNtz: v->values<int64_t>()[i] = static_cast<int64_t>(Pick(4000000000ULL)) * 1000000 - 1000000000000000LL + static_cast<int64_t>(Pick(1000000)); return;
      case TypeId::kTime: v->values<int64_t>()[i] = static_cast<int64_t>(Pick(86400000000ULL)); return;
      case TypeId::kCalendarInterval:
        // Parquet's INTERVAL holds milliseconds: whole milliseconds round-trip.
        v->values<IntervalValue>()[i] = IntervalValue{static_cast<int32_t>(Pick(1000)), static_cast<int32_t>(Pick(40)),
                                                      static_cast<int64_t>(Pick(86400000)) * 1000};
        return;
      case TypeId::kArray:
      case TypeId::kMap: {
        size_t n = Pick(5);
        if (type.id() == TypeId::kMap) {
          // Map keys are unique and never null.
          Vector& keys = v->child(0);
          size_t at = keys.size();
          keys.Resize(at + n);
          for (size_t k = 0; k < n; ++k) keys.SetString(at + k, "k" + std::to_string(k));
          Fill(&v->child(1), n, true);
        } else {
          Fill(&v->child(0), n, true);
        }
        v->offsets()[i + 1] = v->offsets()[i] + static_cast<int32_t>(n);
        return;
      }
      case TypeId::kStruct:
        // The children already have row i (Resize keeps them aligned).
        for (size_t c = 0; c < v->num_children(); ++c) {
          Vector& child = v->child(c);
          if (Pick(8) == 0) SetNullRow(&child, i);
          else FillOne(&child, i);
        }
        return;
      default: return;
    }
  }

  std::mt19937_64 rng_;
};

parquet::CompressionCodec ParseCodec(const std::string& name) {
  using C = parquet::CompressionCodec;
  if (name == "uncompressed") return C::kUncompressed;
  if (name == "snappy") return C::kSnappy;
  if (name == "gzip") return C::kGzip;
  if (name == "zstd") return C::kZstd;
  if (name == "lz4_raw") return C::kLz4Raw;
  if (name == "brotli") return C::kBrotli;
  throw std::runtime_error("unknown codec " + name);
}

int Write(const std::string& path, const std::string& codec, const std::string& page_version) {
  Schema schema = AllTypes();
  std::vector<VectorPtr> columns;
  Filler filler(7);
  for (const Field& field : schema) {
    VectorPtr column = std::make_shared<Vector>(field.type);
    filler.Fill(column.get(), kRows, field.nullable);
    columns.push_back(std::move(column));
  }
  parquet::ParquetWriteOptions options;
  options.codec = ParseCodec(codec);
  options.row_group_rows = 2000;  // several row groups and pages
  options.page_rows = 500;
  options.data_page_version = page_version == "v2" ? parquet::ParquetWriteOptions::DataPageVersion::kV2
                                                   : parquet::ParquetWriteOptions::DataPageVersion::kV1;
  auto fs = LocalFileSystem();
  parquet::WriteParquetFile(*fs, path, Batch(schema, columns, kRows), options);
  return 0;
}

std::vector<std::string> Rows(const std::string& path) {
  auto fs = LocalFileSystem();
  Batch batch = parquet::ReadParquetFile(*fs, path);
  std::vector<std::string> rows;
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    std::string line;
    AppendRowJson(batch, r, &line);
    rows.push_back(std::move(line));
  }
  return rows;
}

int Compare(const std::string& original, const std::string& other) {
  std::vector<std::string> a = Rows(original), b = Rows(other);
  if (a.size() != b.size()) {
    std::printf("FAIL: %zu rows vs %zu rows\n", a.size(), b.size());
    return 1;
  }
  for (size_t r = 0; r < a.size(); ++r) {
    if (a[r] != b[r]) {
      std::printf("FAIL: row %zu differs\n  tarn:   %s\n  duckdb: %s\n", r, a[r].c_str(), b[r].c_str());
      return 1;
    }
  }
  std::printf("OK: %zu rows identical\n", a.size());
  return 0;
}

/// "name rows nulls" for each top-level column except `skip` (what polars_read.mjs prints).
int Stats(const std::string& path, const std::string& skip) {
  auto fs = LocalFileSystem();
  Batch batch = parquet::ReadParquetFile(*fs, path);
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (batch.schema()[c].name == skip) continue;
    std::printf("%s %zu %zu\n", batch.schema()[c].name.c_str(), batch.num_rows(), batch.column(c).CountNulls());
  }
  return 0;
}

}  // namespace
}  // namespace tarn

int main(int argc, char** argv) {
  try {
    if (argc == 5 && std::strcmp(argv[1], "write") == 0) return tarn::Write(argv[2], argv[3], argv[4]);
    if (argc == 4 && std::strcmp(argv[1], "compare") == 0) return tarn::Compare(argv[2], argv[3]);
    if (argc == 4 && std::strcmp(argv[1], "stats") == 0) return tarn::Stats(argv[2], argv[3]);
  } catch (const tarn::Error& error) {
    std::fprintf(stderr, "%s\n", error.info().ToString().c_str());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  std::fprintf(stderr, "usage: parquet_interop_tool write FILE CODEC v1|v2 | compare A B | stats FILE SKIP\n");
  return 2;
}
