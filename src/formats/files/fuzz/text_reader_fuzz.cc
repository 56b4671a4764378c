// libFuzzer target for the CSV and JSON readers: the first byte picks the
// reader and its options (header, multiLine, inferSchema, parse mode), the
// rest is the file. Every input must give batches or a tarn::Error — never a
// crash, a hang, a sanitizer report or an unbounded allocation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/batch.h"
#include "common/error.h"
#include "common/memory_file_system.h"
#include "formats/csv/csv_reader.h"
#include "formats/json/json_reader.h"
#include "formats/json/row_json.h"

namespace {

constexpr const char* kPath = "/fuzz/input";

tarn::ParseMode ModeFrom(uint8_t bits) {
  switch (bits % 3) {
    case 0: return tarn::ParseMode::kPermissive;
    case 1: return tarn::ParseMode::kDropMalformed;
    default: return tarn::ParseMode::kFailFast;
  }
}

template <typename Reader>
void Drain(Reader& reader) {
  tarn::Batch batch;
  std::string rendered;
  while (reader.Next(&batch)) {
    // Touch every value so wrong offsets or views are caught too.
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      rendered.clear();
      tarn::AppendRowJson(batch, row, &rendered);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  tarn::MemoryFileSystem fs;
  if (!fs.WriteFile(kPath, std::string(reinterpret_cast<const char*>(data + 1), size - 1)).ok()) return 0;
  try {
    if ((selector & 1) == 0) {
      tarn::CsvReadOptions options;
      options.header = (selector & 2) != 0;
      options.multi_line = (selector & 4) != 0;
      options.infer_schema = (selector & 8) != 0;
      options.mode = ModeFrom(selector >> 4);
      options.batch_size = 64;
      options.read_block_size = 256;  // small blocks exercise records that span blocks
      options.max_record_bytes = 1 << 16;
      auto reader = tarn::CsvReader::Open(fs, kPath, options);
      Drain(*reader);
    } else {
      tarn::JsonReadOptions options;
      options.multi_line = (selector & 2) != 0;
      options.allow_comments = (selector & 4) != 0;
      options.primitives_as_string = (selector & 8) != 0;
      options.mode = ModeFrom(selector >> 4);
      options.batch_size = 64;
      options.read_block_size = 256;
      options.max_record_bytes = 1 << 16;
      options.max_nesting_depth = 64;
      auto reader = tarn::JsonReader::Open(fs, kPath, options);
      Drain(*reader);
    }
  } catch (const tarn::Error&) {
    // A clear error is the expected outcome for malformed input.
  }
  return 0;
}
