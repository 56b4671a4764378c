// The Parquet scan benchmark tool (not a test):
//   tarn_parquet_bench generate --scale 1 --out lineitem.parquet   write lineitem-shaped data with tarn
//   tarn_parquet_bench scan FILE [--threads N] [--runs R]          decode every column of every row
// `scan` prints one line: median seconds, rows/s and MB/s (file bytes per second) over R runs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/allocator.h"
#include "common/error.h"
#include "common/file_system.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/writer.h"
#include "datagen/lineitem.h"

namespace {

using Clock = std::chrono::steady_clock;

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
  std::vector<double> seconds;
  int64_t rows = 0;
  for (int run = 0; run < runs; ++run) {
    auto start = Clock::now();
    tarn::parquet::ParquetReadOptions options;
    options.threads = threads;
    auto reader = tarn::parquet::ParquetReader::Open(*fs, path, options);
    tarn::Batch batch;
    rows = 0;
    while (reader->Next(&batch)) rows += static_cast<int64_t>(batch.num_rows());
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  double median = seconds[seconds.size() / 2];
  double bytes = static_cast<double>(info.value().size);
  std::printf("tarn threads=%d rows=%lld median_s=%.4f rows_per_s=%.0f mb_per_s=%.1f\n", threads,
              static_cast<long long>(rows), median, rows / median, bytes / median / 1e6);
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
