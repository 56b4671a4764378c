// The one error every Parquet decoder in this folder raises on malformed
// input: a user error of class FAILED_READ_FILE.FILE_CORRUPTED. The decoders
// do not know the file path; the page reader that calls them catches
// tarn::Error and fills in the "path" parameter if it wants to.
#pragma once

#include <string>

namespace tarn::parquet {

/// Throws tarn::Error (FAILED_READ_FILE.FILE_CORRUPTED) with `message`, which
/// should name the encoding and what is wrong, e.g.
/// "RLE/bit-packed data: bit width 63 exceeds 32".
[[noreturn]] void ThrowCorruptPage(std::string message);

}  // namespace tarn::parquet
