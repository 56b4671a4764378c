// libFuzzer target: any byte string handed to the Parquet reader must give
// batches or a tarn::Error — never a crash, a hang, a sanitizer report or an
// unbounded allocation (run with -rss_limit_mb / -malloc_limit_mb).
#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/batch.h"
#include "common/error.h"
#include "common/file_system.h"
#include "formats/json/row_json.h"
#include "formats/parquet/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto file = tarn::MemoryFile("fuzz.parquet", std::string(reinterpret_cast<const char*>(data), size));
    tarn::parquet::ParquetReadOptions options;
    options.batch_size = 1024;
    auto reader = tarn::parquet::ParquetReader::Open(std::move(file), options);
    tarn::Batch batch;
    std::string rendered;
    while (reader->Next(&batch)) {
      // Touch every value so wrong offsets or views are caught too.
      for (size_t row = 0; row < batch.num_rows(); ++row) {
        rendered.clear();
        tarn::AppendRowJson(batch, row, &rendered);
      }
    }
  } catch (const tarn::Error&) {
    // A clear error is the expected outcome for most inputs.
  }
  return 0;
}
