#include "formats/parquet/encoding/corrupt.h"

#include "common/error.h"

namespace tarn::parquet {

void ThrowCorruptPage(std::string message) {
  ThrowError(ErrorClass::kCorruptFile, {{"path", "(Parquet page)"}, {"message", std::move(message)}});
}

}  // namespace tarn::parquet
