// Reading a Parquet file's footer: "PAR1" <pages> <FileMetaData> <u32 length> "PAR1".
//
// Thread safety: stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/file_system.h"
#include "formats/parquet/metadata.h"

namespace tarn::parquet {

/// Reads, parses and validates the footer. Throws
/// FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER for a file that is not Parquet
/// (too short, bad magic, footer length out of range),
/// FAILED_READ_FILE.UNSUPPORTED_PARQUET_FEATURE for an encrypted footer ("PARE"),
/// and FAILED_READ_FILE.FILE_CORRUPTED for malformed metadata.
FileMetaData ReadFooter(const RandomAccessFile& file, const std::string& path_for_errors);

/// The structural checks ReadFooter applies after parsing: num_rows >= 0;
/// the schema is one well-formed tree (group sizes in range, leaves with a
/// physical type, repetition valid when present); every row group has one column chunk per
/// leaf whose metadata (unless the column is encrypted) has the leaf's type,
/// non-negative counts and sizes, and page offsets inside the file.
void ValidateFileMetaData(const FileMetaData& metadata, uint64_t file_size, std::string_view path);

/// The number of leaf (primitive) columns in a schema that passed validation.
int CountLeaves(const FileMetaData& metadata);

}  // namespace tarn::parquet
