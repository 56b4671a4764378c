// Deletion vectors (PROTOCOL.md "Deletion Vectors", "Deletion Vector
// Format"): the set of deleted row indexes of one data file.
//
//  - Descriptors: inline (`i`, Z85 text in the log), relative (`u`: an
//    optional random prefix directory plus a Z85-encoded UUID naming
//    `deletion_vector_<uuid>.bin`) or absolute (`p`).
//  - Files: a version byte (1), then at `offset` each DV as a big-endian u32
//    size, the bitmap bytes and a big-endian CRC-32 of them.
//  - Bitmap bytes (RoaringBitmapArray): little-endian magic 1681511377, a u64
//    bucket count, then per bucket a u32 high key and a portable 32-bit
//    Roaring bitmap (decoded by CRoaring).
//
// Every size, CRC and the descriptor's cardinality are checked: DVs are
// untrusted input. Errors: DELTA_DELETION_VECTOR_{SIZE,CHECKSUM,CARDINALITY}_MISMATCH,
// DELTA_DELETION_VECTOR_INVALID_ROW_INDEX, FAILED_READ_FILE.* naming the file.
//
// Thread safety: pure functions over the given FileSystem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_system.h"
#include "delta/actions.h"

namespace tarn::delta {

/// Z85 (ZeroMQ RFC 32) decoding. A final block may start with k '#'s: the
/// Rust z85 crate's convention for k padding bytes in front of a short tail.
/// nullopt for text that is not Z85.
std::optional<std::string> DecodeZ85(std::string_view text);
/// Z85 encoding; the input is zero-padded to a multiple of 4 bytes (the
/// reader trims to the descriptor's sizeInBytes).
std::string EncodeZ85(std::string_view bytes);

/// Where an on-disk DV lives: `u` → <table>/<prefix>/deletion_vector_<uuid>.bin,
/// `p` → its (URI-decoded) absolute path. Throws for inline DVs and bad UUIDs.
std::string DeletionVectorPath(const std::string& table_path, const DeletionVectorDescriptor& dv);

/// Sorted, distinct row indexes of a RoaringBitmapArray. `what` names the DV in errors.
std::vector<uint64_t> ParseRoaringBitmapArray(std::string_view bytes, const std::string& what);
/// The RoaringBitmapArray bytes of sorted, distinct row indexes (for writers and tests).
std::string SerializeRoaringBitmapArray(const std::vector<uint64_t>& rows);

/// The deleted row indexes of a descriptor, sorted: decoded inline or read
/// from its file, with size, CRC and cardinality checked.
std::vector<uint64_t> LoadDeletionVector(FileSystem& fs, const std::string& table_path,
                                         const DeletionVectorDescriptor& dv);

}  // namespace tarn::delta
