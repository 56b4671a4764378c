// `tarn generate lineitem --scale S --out FILE [--codec C]`: sample data
// written with tarn's own Parquet writer (the README's main job uses it).
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/file_system.h"
#include "datagen/lineitem.h"
#include "formats/parquet/writer.h"

namespace tarn::cli {

const char* const kGenerateUsage =
    "Usage: tarn generate lineitem --out FILE [options]\n"
    "\n"
    "Writes TPC-H lineitem-shaped rows (16 columns; scale 1 = about 6 million rows)\n"
    "to a Parquet file with tarn's writer.\n"
    "\n"
    "Options:\n"
    "  -o, --out FILE       the Parquet file to write (required)\n"
    "  -s, --scale S        scale factor (default 0.01)\n"
    "      --codec C        snappy (default), zstd, gzip, lz4_raw, brotli or uncompressed\n"
    "  -h, --help           show this help\n";

namespace {

parquet::CompressionCodec ParseCodec(const std::string& name) {
  using C = parquet::CompressionCodec;
  if (name == "snappy") return C::kSnappy;
  if (name == "zstd") return C::kZstd;
  if (name == "gzip") return C::kGzip;
  if (name == "lz4_raw") return C::kLz4Raw;
  if (name == "brotli") return C::kBrotli;
  if (name == "uncompressed") return C::kUncompressed;
  throw UsageError("unknown codec '" + name + "'");
}

int RunGenerateCommand(const std::vector<std::string>& args) {
  ParsedArgs parsed = ParseArgs(args, {{"out", 'o'}, {"scale", 's'}, {"codec", 0}, {"help", 'h', false}});
  if (parsed.Has("help")) {
    Print(kGenerateUsage);
    return 0;
  }
  if (parsed.positional.size() != 1 || parsed.positional[0] != "lineitem") {
    throw UsageError("'generate' needs a data set name: lineitem");
  }
  std::optional<std::string> out = parsed.Get("out");
  if (!out) throw UsageError("'generate lineitem' needs --out FILE");
  std::string scale_text = parsed.Get("scale").value_or("0.01");
  char* end = nullptr;
  double scale = std::strtod(scale_text.c_str(), &end);
  if (end == scale_text.c_str() || *end != '\0' || !(scale > 0) || scale > 1000) {
    throw UsageError("--scale must be a number in (0, 1000], got '" + scale_text + "'");
  }
  parquet::ParquetWriteOptions options;
  options.codec = ParseCodec(parsed.Get("codec").value_or("snappy"));
  auto fs = LocalFileSystem();
  datagen::LineitemGenerator generator(scale);
  auto writer = parquet::ParquetWriter::Open(*fs, *out, datagen::LineitemSchema(), options);
  Batch batch;
  while (generator.Next(64 * 1024, &batch)) writer->Write(batch);
  writer->Close();
  Print("wrote " + std::to_string(writer->num_rows()) + " rows to " + *out + "\n");
  return 0;
}

}  // namespace

int RunGenerate(const std::vector<std::string>& args) {
  try {
    return RunGenerateCommand(args);
  } catch (const UsageError& e) {
    throw UsageError(e.what(), "tarn generate --help");
  }
}

}  // namespace tarn::cli
