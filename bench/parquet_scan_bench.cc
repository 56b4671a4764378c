// The Parquet scan benchmark tool (not a test):
//   tarn_parquet_bench generate --scale 1 --out lineitem.parquet   write lineitem-shaped data with tarn
//   tarn_parquet_bench scan FILE [--threads N] [--runs R]          decode every column of every row
// `scan` prints median seconds, rows/s and MB/s (file bytes per second) over R runs, for decoding
// alone and for decoding plus min() of every column (the DuckDB side's query), and the min() answers.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "common/allocator.h"
#include "common/error.h"
#include "common/file_system.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/writer.h"
#include "columnar/value_text.h"
#include "datagen/lineitem.h"

namespace {

using Clock = std::chrono::steady_clock;

/// The smallest non-null value of a column (ints, decimals, dates, strings),
/// with typed loops: the aggregation must not cost more than the decoding.
class ColumnMin {
 public:
  void Update(const tarn::VectorPtr& column) {
    const tarn::VectorPtr& base = column->is_flat() ? column : column->base_ptr();
    const size_t n = column->size();
    if (column->encoding() == tarn::VectorEncoding::kDictionary && !column->may_have_nulls()) {
      // Only the dictionary entries in use compete.
      std::vector<uint8_t> used(base->size(), 0);
      const int32_t* indices = column->indices();
      for (size_t i = 0; i < n; ++i) used[indices[i]] = 1;
      for (size_t d = 0; d < used.size(); ++d) {
        if (used[d]) Offer(base, d);
      }
      return;
    }
    if (column->is_flat() && !column->may_have_nulls()) {
      switch (base->type().physical_type()) {
        case tarn::PhysicalType::kInt32: return MinOf(base, base->values<int32_t>(), n);
        case tarn::PhysicalType::kInt64: return MinOf(base, base->values<int64_t>(), n);
        case tarn::PhysicalType::kString: return MinOf(base, base->values<tarn::StringView>(), n);
        default: break;
      }
    }
    for (size_t row = 0; row < n; ++row) {
      if (!column->IsNull(row)) Offer(base, column->RowIndex(row));
    }
  }

  std::string Text() const {
    std::string text;
    if (vector_) tarn::AppendSparkText(*vector_, row_, &text);
    return text;
  }

 private:
  template <typename T>
  void MinOf(const tarn::VectorPtr& base, const T* values, size_t n) {
    if (n == 0) return;
    size_t best = 0;
    if constexpr (std::is_same_v<T, tarn::StringView>) {
      for (size_t i = 1; i < n; ++i) best = values[i].view() < values[best].view() ? i : best;
    } else {
      for (size_t i = 1; i < n; ++i) best = values[i] < values[best] ? i : best;
    }
    Offer(base, best);
  }

  void Offer(const tarn::VectorPtr& base, size_t at) {
    if (!vector_ || Less(*base, at)) {
      vector_ = base;
      row_ = at;
    }
  }

  bool Less(const tarn::Vector& base, size_t at) const {
    switch (base.type().physical_type()) {
      case tarn::PhysicalType::kInt32: return base.values<int32_t>()[at] < vector_->values<int32_t>()[row_];
      case tarn::PhysicalType::kInt64: return base.values<int64_t>()[at] < vector_->values<int64_t>()[row_];
      case tarn::PhysicalType::kString:
        return base.values<tarn::StringView>()[at].view() < vector_->values<tarn::StringView>()[row_].view();
      default: return false;
    }
  }

  tarn::VectorPtr vector_;
  size_t row_ = 0;
};

std::string Flag(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 0; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return fallback;
}

int Generate(int argc, char** argv) {
  double scale = std::atof(Flag(argc, argv, "--scale", "1").c_str());
  std::string out = Flag(argc, argv, "--out", "lineitem.parquet");
  auto fs = tarn::LocalFileSystem();
  tarn::datagen::LineitemGenerator generator(scale);
  auto writer = tarn::parquet::ParquetWriter::Open(*fs, out, tarn::datagen::LineitemSchema());
  tarn::Batch batch;
  while (generator.Next(64 * 1024, &batch)) writer->Write(batch);
  writer->Close();
  std::printf("wrote %lld rows to %s (%llu bytes)\n", static_cast<long long>(writer->num_rows()), out.c_str(),
              static_cast<unsigned long long>(writer->file_size()));
  return 0;
}

int Scan(const std::string& path, int argc, char** argv) {
  int threads = std::atoi(Flag(argc, argv, "--threads", "1").c_str());
  int runs = std::atoi(Flag(argc, argv, "--runs", "3").c_str());
  auto fs = tarn::LocalFileSystem();
  auto info = fs->Stat(path);
  tarn::ThrowIfError(info.status());
  const double bytes = static_cast<double>(info.value().size);
  int64_t rows = 0;
  std::string answer;
  // Decode only, then decode + min() of every column (what the DuckDB side's
  // query computes; here in one thread, on the batches the reader hands out).
  for (bool with_min : {false, true}) {
    std::vector<double> seconds;
    for (int run = 0; run < runs; ++run) {
      auto start = Clock::now();
      tarn::parquet::ParquetReadOptions options;
      options.threads = threads;
      auto reader = tarn::parquet::ParquetReader::Open(*fs, path, options);
      std::vector<ColumnMin> mins(reader->schema().size());
      tarn::Batch batch;
      rows = 0;
      while (reader->Next(&batch)) {
        rows += static_cast<int64_t>(batch.num_rows());
        if (with_min) {
          for (size_t c = 0; c < batch.num_columns(); ++c) mins[c].Update(batch.column_ptr(c));
        }
      }
      seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
      if (with_min) {
        answer.clear();
        for (const ColumnMin& min : mins) answer += (answer.empty() ? "" : "|") + min.Text();
      }
    }
    std::sort(seconds.begin(), seconds.end());
    double median = seconds[seconds.size() / 2];
    std::printf("tarn%s threads=%d rows=%lld median_s=%.4f rows_per_s=%.0f mb_per_s=%.1f\n", with_min ? "+min" : "",
                threads, static_cast<long long>(rows), median, rows / median, bytes / median / 1e6);
  }
  std::printf("answer tarn: %lld|%s\n", static_cast<long long>(rows), answer.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s generate --scale S --out FILE | scan FILE [--threads N] [--runs R]\n", argv[0]);
    return 2;
  }
  tarn::TuneAllocator();
  try {
    std::string command = argv[1];
    if (command == "generate") return Generate(argc, argv);
    if (command == "scan" && argc >= 3) return Scan(argv[2], argc, argv);
  } catch (const tarn::Error& error) {
    std::fprintf(stderr, "%s\n", error.info().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "unknown command\n");
  return 2;
}
