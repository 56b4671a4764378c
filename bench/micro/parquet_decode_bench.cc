// Parquet decoding: one column of 1M rows written by our writer into memory
// (uncompressed, so only decoding is measured) and read back whole, per
// encoding — PLAIN, dictionary (RLE/bit-packed indices) and the DELTA
// encodings (v2 pages) — for bigint, string and a bigint with 10% NULLs (RLE
// definition levels).
#include <benchmark/benchmark.h>

#include "bench/micro/bench_data.h"
#include "common/file_system.h"
#include "common/memory_file_system.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/writer.h"

namespace tarn::bench {
namespace {

using parquet::CompressionCodec;
using parquet::Encoding;
using parquet::ParquetReader;
using parquet::ParquetWriteOptions;

constexpr size_t kRows = size_t{1} << 20;

enum Column : int { kLong, kString, kNullableLong };
enum Layout : int { kPlain, kDictionary, kDelta };

VectorPtr MakeColumn(Column column) {
  switch (column) {
    case kLong: return RandomLongs(kRows, 1000);  // few distinct values: dictionary-friendly
    case kString: return RandomModes(kRows);
    case kNullableLong: {
      VectorPtr v = RandomLongs(kRows, 1000);
      for (size_t i = 0; i < kRows; i += 10) v->SetNull(i);
      return v;
    }
  }
  return nullptr;
}

// Writes the file into `fs` (reads share its bytes: nothing is copied per run).
void WriteFile(MemoryFileSystem& fs, Column column, Layout layout) {
  VectorPtr values = MakeColumn(column);
  Schema schema = {{"c", values->type(), column == kNullableLong, ""}};
  ParquetWriteOptions options;
  options.codec = CompressionCodec::kUncompressed;
  options.page_checksums = false;
  options.dictionary = layout == kDictionary;
  if (layout == kDelta) {
    options.data_page_version = ParquetWriteOptions::DataPageVersion::kV2;
    options.value_encoding = column == kString ? Encoding::kDeltaLengthByteArray : Encoding::kDeltaBinaryPacked;
  }
  parquet::WriteParquetFile(fs, "/bench.parquet", Batch(schema, {values}, kRows), options);
}

void BM_ParquetDecode(benchmark::State& state) {
  auto column = static_cast<Column>(state.range(0));
  auto layout = static_cast<Layout>(state.range(1));
  static const char* const kColumns[] = {"bigint", "string", "bigint 10% null"};
  static const char* const kLayouts[] = {"plain", "dictionary", "delta"};
  state.SetLabel(std::string(kColumns[column]) + ", " + kLayouts[layout]);
  MemoryFileSystem fs;
  WriteFile(fs, column, layout);
  int64_t rows = 0;
  uint64_t file_bytes = 0;
  for (auto _ : state) {
    auto reader = ParquetReader::Open(fs, "/bench.parquet");
    Batch batch;
    rows = 0;
    while (reader->Next(&batch)) rows += static_cast<int64_t>(batch.num_rows());
  }
  file_bytes = ValueOrThrow(fs.Stat("/bench.parquet")).size;
  state.counters["file_MB"] = static_cast<double>(file_bytes) / 1e6;
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * file_bytes));
}
BENCHMARK(BM_ParquetDecode)
    ->ArgsProduct({{kLong, kString, kNullableLong}, {kPlain, kDictionary, kDelta}})
    ->ArgNames({"column", "layout"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tarn::bench
