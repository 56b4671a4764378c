#include "formats/parquet/column_reader.h"

#include <algorithm>
#include <cstring>

#include "common/check.h"
#include "common/error.h"
#include "formats/parquet/compression.h"
#include "formats/parquet/encoding/byte_stream_split.h"
#include "formats/parquet/encoding/delta.h"
#include "formats/parquet/encoding/plain.h"
#include "formats/parquet/encoding/rle.h"
#include "formats/parquet/value_conversion.h"

namespace tarn::parquet {

namespace {

using SharedBuffer = std::shared_ptr<Buffer>;

int BitWidthOf(int max_level) { return max_level == 0 ? 0 : 32 - __builtin_clz(static_cast<uint32_t>(max_level)); }

class ChunkDecoder {
 public:
  ChunkDecoder(const ColumnReadContext& context, const LeafColumn& leaf, const ColumnMetaData& meta,
               const RowRanges* ranges)
      : context_(context), leaf_(leaf), meta_(meta), ranges_(ranges) {}

  LeafData Run(int64_t num_rows) {
    if (meta_.num_values < 0) Corrupt("a column chunk has a negative value count");
    int64_t start = meta_.data_page_offset;
    if (meta_.dictionary_page_offset && *meta_.dictionary_page_offset > 0 && *meta_.dictionary_page_offset < start) {
      start = *meta_.dictionary_page_offset;
    }
    int64_t length = meta_.total_compressed_size;
    if (start < 0 || length < 0 || start > context_.file_size || length > context_.file_size - start) {
      Corrupt("a column chunk lies outside the file");
    }
    chunk_ = std::make_shared<Buffer>(static_cast<size_t>(length), /*zero_fill=*/false);
    Status status = context_.file->ReadAt(start, length, chunk_->data());
    if (!status.ok()) ThrowError(ErrorClass::kFileReadError, {{"path", context_.path}, {"message", status.ToString()}});

    dense_ = std::make_shared<Vector>(leaf_.type);
    out_.max_def_level = leaf_.max_def_level;
    index_mode_ = leaf_.type.physical_type() == PhysicalType::kString && leaf_.max_rep_level == 0;
    // Reserve for the rows we expect, bounded by what the chunk could hold (also
    // in index mode: a dictionary fallback then gathers into place; untouched
    // reserved memory costs nothing).
    dense_->Reserve(static_cast<size_t>(std::min<int64_t>(num_rows, length * 8 + 1024)));
    if (leaf_.max_rep_level > 0) out_.rep_levels.reserve(dense_values_capacity(num_rows, length));

    const uint8_t* pos = chunk_->data();
    const uint8_t* end = pos + length;
    // Read on past a num_values that is too small (some writers get it wrong) until the rows are covered.
    while (pos < end && (levels_read_ < meta_.num_values || levels_read_ < num_rows)) {
      size_t header_len = 0;
      PageHeader header = ParsePageHeader(pos, end - pos, &header_len, context_.path);
      pos += header_len;
      if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0 ||
          header.compressed_page_size > end - pos) {
        Corrupt("a page header has an invalid size");
      }
      const uint8_t* body = pos;
      pos += header.compressed_page_size;
      if (context_.verify_checksums && header.crc &&
          Crc32(body, header.compressed_page_size) != static_cast<uint32_t>(*header.crc)) {
        Corrupt("page checksum (CRC) mismatch");
      }
      if (ranges_ && SkipPage(header)) continue;
      switch (header.type) {
        case PageType::kDictionaryPage: ReadDictionaryPage(header, body); break;
        case PageType::kDataPage: ReadDataPageV1(header, body); break;
        case PageType::kDataPageV2: ReadDataPageV2(header, body); break;
        default: break;  // index pages and unknown page types carry no values
      }
    }
    if (levels_read_ < meta_.num_values && levels_read_ < num_rows) Corrupt("the column chunk ends before its last value");
    if (index_mode_ && dense_size_ > 0 && out_.def_levels.empty() && !ranges_) {
      // Every value came from the dictionary and none is null: hand out a
      // dictionary vector (4 bytes a row) instead of gathering the strings.
      out_.values = Vector::MakeDictionary(dictionary_, std::move(indices_), dense_size_);
    } else {
      if (index_mode_) MaterializeIndices();
      dense_->Resize(dense_size_);
      out_.values = dense_;
    }
    out_.num_levels = static_cast<size_t>(levels_read_ - levels_skipped_);
    if (ranges_) KeepRowsInRanges();
    return std::move(out_);
  }

  int64_t pages_skipped() const { return pages_skipped_; }

 private:
  /// With row ranges (flat columns only): skips a data page whose rows are all
  /// outside them, else notes which rows it holds.
  bool SkipPage(const PageHeader& header) {
    int64_t rows;
    if (header.type == PageType::kDataPage && header.data_page_header) {
      rows = header.data_page_header->num_values;
    } else if (header.type == PageType::kDataPageV2 && header.data_page_header_v2) {
      rows = header.data_page_header_v2->num_values;
    } else {
      return false;
    }
    if (rows < 0) Corrupt("a data page has a negative value count");
    int64_t begin = page_row_, end = page_row_ + rows;
    page_row_ = end;
    bool overlaps = std::any_of(ranges_->begin(), ranges_->end(),
                                [&](const RowRange& r) { return r.begin < end && begin < r.end; });
    if (overlaps) {
      decoded_pages_.push_back({begin, end});
      return false;
    }
    levels_read_ += rows;
    levels_skipped_ += rows;
    ++pages_skipped_;
    return true;
  }

  /// Drops the rows of decoded pages that lie outside the ranges, so every
  /// column of the row group holds exactly the rows in the ranges.
  void KeepRowsInRanges() {
    const bool has_defs = !out_.def_levels.empty();
    LevelVector defs;
    VectorPtr kept = std::make_shared<Vector>(leaf_.type);
    size_t level = 0, value = 0;
    for (const RowRange& page : decoded_pages_) {
      for (int64_t row = page.begin; row < page.end; ++row, ++level) {
        if (level >= out_.num_levels) Corrupt("a page holds fewer values than its header says");
        bool defined = !has_defs || out_.def_levels[level] == leaf_.max_def_level;
        bool keep = std::any_of(ranges_->begin(), ranges_->end(),
                                [&](const RowRange& r) { return r.begin <= row && row < r.end; });
        if (defined && value >= dense_size_) Corrupt("a page holds fewer values than its levels say");
        if (keep) {
          if (has_defs) defs.push_back(out_.def_levels[level]);
          if (defined) kept->AppendFrom(*dense_, value);
        }
        value += defined;
      }
    }
    kept->ShareStringMemory(*dense_);
    out_.def_levels = std::move(defs);
    out_.num_levels = has_defs ? out_.def_levels.size() : kept->size();
    out_.values = kept;
  }

  [[noreturn]] void Corrupt(const std::string& message) const {
    ThrowError(ErrorClass::kCorruptFile,
               {{"path", context_.path}, {"message", message + " (column " + JoinPath() + ")"}});
  }
  std::string JoinPath() const {
    std::string joined;
    for (const std::string& part : leaf_.path) joined += (joined.empty() ? "" : ".") + part;
    return joined;
  }
  static size_t dense_values_capacity(int64_t num_rows, int64_t chunk_bytes) {
    return static_cast<size_t>(std::min<int64_t>(num_rows, chunk_bytes * 8 + 1024));
  }

  /// The page's bytes after decompression (the chunk itself when stored uncompressed).
  SharedBuffer Decompressed(const uint8_t* data, size_t size, size_t uncompressed_size, bool compressed,
                            const uint8_t** out) {
    if (!compressed || meta_.codec == CompressionCodec::kUncompressed) {
      if (size != uncompressed_size && meta_.codec == CompressionCodec::kUncompressed) {
        Corrupt("an uncompressed page's sizes disagree");
      }
      *out = data;
      return chunk_;
    }
    // Pages are at most a few MB; a huge declared size is a corrupt header.
    if (uncompressed_size > (size_t{1} << 31)) Corrupt("a page declares an uncompressed size over 2 GiB");
    auto page = std::make_shared<Buffer>(uncompressed_size, /*zero_fill=*/false);
    Decompress(meta_.codec, data, size, page->data(), uncompressed_size, context_.path);
    *out = page->data();
    return page;
  }

  void ReadDictionaryPage(const PageHeader& header, const uint8_t* body) {
    if (!header.dictionary_page_header) Corrupt("a dictionary page has no dictionary header");
    const DictionaryPageHeader& dict = *header.dictionary_page_header;
    if (dict.num_values < 0) Corrupt("a dictionary page has a negative value count");
    if (dict.encoding != Encoding::kPlain && dict.encoding != Encoding::kPlainDictionary) {
      Corrupt(std::string("unsupported dictionary encoding ") + ToString(dict.encoding));
    }
    const uint8_t* data;
    SharedBuffer owner = Decompressed(body, header.compressed_page_size, header.uncompressed_page_size, true, &data);
    if (index_mode_ && indices_.size() > 0) MaterializeIndices();  // a second dictionary: indices refer to the first
    dictionary_ = std::make_shared<Vector>(leaf_.type);
    // Every PLAIN value takes at least one byte (or one bit for booleans).
    if (static_cast<size_t>(dict.num_values) > static_cast<size_t>(header.uncompressed_page_size) * 8 + 8) {
      Corrupt("a dictionary page declares more values than it holds");
    }
    dictionary_->Resize(dict.num_values, /*zero_values=*/false);
    DecodePlainValues(data, header.uncompressed_page_size, dict.num_values, dictionary_.get(), 0);
    dictionary_->KeepAlive(owner);
    dense_->KeepAlive(dictionary_);
  }

  void ReadDataPageV1(const PageHeader& header, const uint8_t* body) {
    if (!header.data_page_header) Corrupt("a data page has no data page header");
    const DataPageHeader& page = *header.data_page_header;
    if (page.num_values < 0) Corrupt("a data page has a negative value count");
    const uint8_t* data;
    SharedBuffer owner = Decompressed(body, header.compressed_page_size, header.uncompressed_page_size, true, &data);
    size_t size = header.uncompressed_page_size;
    size_t consumed = 0;
    size_t ignored;
    if (leaf_.max_rep_level > 0) {
      consumed += DecodeLevelsV1(page.repetition_level_encoding, data, size, leaf_.max_rep_level, page.num_values,
                                 &out_.rep_levels, &ignored);
    }
    size_t non_null = page.num_values;
    if (leaf_.max_def_level > 0) {
      consumed += DecodeLevelsV1(page.definition_level_encoding, data + consumed, size - consumed,
                                 leaf_.max_def_level, page.num_values, &out_.def_levels, &non_null);
    }
    DecodeValues(page.encoding, data + consumed, size - consumed, non_null, owner);
    levels_read_ += page.num_values;
  }

  void ReadDataPageV2(const PageHeader& header, const uint8_t* body) {
    if (!header.data_page_header_v2) Corrupt("a v2 data page has no v2 header");
    const DataPageHeaderV2& page = *header.data_page_header_v2;
    int64_t rep_len = page.repetition_levels_byte_length, def_len = page.definition_levels_byte_length;
    if (page.num_values < 0 || page.num_nulls < 0 || rep_len < 0 || def_len < 0 ||
        rep_len + def_len > header.compressed_page_size || rep_len + def_len > header.uncompressed_page_size) {
      Corrupt("a v2 data page header is inconsistent");
    }
    if (leaf_.max_rep_level > 0) {
      DecodeLevels(body, rep_len, leaf_.max_rep_level, page.num_values, &out_.rep_levels);
    }
    size_t non_null = page.num_values;
    if (leaf_.max_def_level > 0) {
      non_null = DecodeLevels(body + rep_len, def_len, leaf_.max_def_level, page.num_values, &out_.def_levels);
    }
    const uint8_t* data;
    size_t values_size = header.uncompressed_page_size - rep_len - def_len;
    SharedBuffer owner = Decompressed(body + rep_len + def_len, header.compressed_page_size - rep_len - def_len,
                                      values_size, page.is_compressed, &data);
    if (!page.is_compressed) values_size = header.compressed_page_size - rep_len - def_len;
    DecodeValues(page.encoding, data, values_size, non_null, owner);
    levels_read_ += page.num_values;
  }

  /// RLE levels without a length prefix (v2), appended to `out`; returns how
  /// many equal `max_level` (the defined values, for definition levels).
  ///
  /// Definition levels that are all at the maximum (no nulls so far) are not
  /// stored: `out` stays empty and implicit_levels_ counts them (record
  /// assembly reads an empty array as "every value defined").
  size_t DecodeLevels(const uint8_t* data, size_t size, int max_level, size_t count, LevelVector* out) {
    if (out == &out_.def_levels && out->empty()) {
      // First just check and count; store only when a level is below the maximum.
      RleBitPackedDecoder counter(data, size, BitWidthOf(max_level));
      size_t at_max = DecodeRuns(&counter, max_level, count, nullptr);
      if (at_max == count) {
        implicit_levels_ += count;
        return at_max;
      }
      MaterializeImplicitLevels();
    }
    RleBitPackedDecoder decoder(data, size, BitWidthOf(max_level));
    size_t at = out->size();
    out->resize(at + count);
    return DecodeRuns(&decoder, max_level, count, out->data() + at);
  }

  /// Decodes `count` levels run by run into `out` (if not null), checking each
  /// against the maximum and counting those equal to it (a run costs O(1)).
  size_t DecodeRuns(RleBitPackedDecoder* decoder, int max_level, size_t count, int16_t* out) {
    constexpr size_t kChunk = 512;
    uint32_t scratch[kChunk];
    const uint32_t max = static_cast<uint32_t>(max_level);
    size_t done = 0, at_max = 0;
    while (done < count) {
      bool repeated = false;
      uint32_t value = 0;
      size_t k = decoder->NextChunk(scratch, std::min(count - done, kChunk), &repeated, &value);
      if (k == 0) Corrupt("a page has fewer levels than values");
      if (repeated) {
        if (value > max) Corrupt("a level exceeds the column's maximum level");
        if (out != nullptr) std::fill_n(out + done, k, static_cast<int16_t>(value));
        at_max += value == max ? k : 0;
      } else {
        uint32_t seen = 0;
        for (size_t i = 0; i < k; ++i) {
          seen = std::max(seen, scratch[i]);
          at_max += scratch[i] == max;
        }
        if (out != nullptr) {
          for (size_t i = 0; i < k; ++i) out[done + i] = static_cast<int16_t>(scratch[i]);
        }
        if (seen > max) Corrupt("a level exceeds the column's maximum level");
      }
      done += k;
    }
    return at_max;
  }

  /// v1 levels: RLE with a 4-byte length prefix, or the legacy BIT_PACKED
  /// form. Returns the bytes consumed; `*at_max` gets the levels == max_level.
  size_t DecodeLevelsV1(Encoding encoding, const uint8_t* data, size_t size, int max_level, size_t count,
                        LevelVector* out, size_t* at_max) {
    if (encoding == Encoding::kBitPacked) {
      if (out == &out_.def_levels) MaterializeImplicitLevels();
      size_t at = out->size();
      out->resize(at + count);
      size_t consumed = DecodeLegacyBitPacked(data, size, BitWidthOf(max_level), out->data() + at, count);
      *at_max = CheckLevels(out->data() + at, count, max_level);
      return consumed;
    }
    if (encoding != Encoding::kRle) Corrupt(std::string("unsupported level encoding ") + ToString(encoding));
    LengthPrefixed levels = ReadLengthPrefixed(data, size);
    *at_max = DecodeLevels(levels.data, levels.size, max_level, count, out);
    return levels.bytes_consumed;
  }

  void MaterializeImplicitLevels() {
    if (implicit_levels_ == 0) return;
    out_.def_levels.assign(implicit_levels_, leaf_.max_def_level);
    implicit_levels_ = 0;
  }

  /// Validates levels against the maximum and counts those equal to it, in one pass.
  size_t CheckLevels(const int16_t* levels, size_t count, int max_level) {
    const int16_t max = static_cast<int16_t>(max_level);
    int16_t max_seen = 0;
    size_t at_max = 0;
    for (size_t i = 0; i < count; ++i) {
      max_seen = std::max(max_seen, levels[i]);
      at_max += levels[i] == max;
    }
    if (max_seen > max_level) Corrupt("a level exceeds the column's maximum level");
    return at_max;
  }

  /// Appends `count` values of a data page to the dense vector.
  void DecodeValues(Encoding encoding, const uint8_t* data, size_t size, size_t count, const SharedBuffer& owner) {
    if (leaf_.conversion == ValueConversion::kAllNull) {
      if (count > 0) Corrupt("a column of the UNKNOWN (null) type stores values");
      return;
    }
    size_t at = dense_size_;
    dense_size_ += count;
    const bool dictionary_page = encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary;
    if (index_mode_ && dictionary_page) {
      AppendIndices(data, size, count, at);
      return;
    }
    if (index_mode_) MaterializeIndices();  // a fallback page: values from here on
    dense_->Resize(dense_size_, /*zero_values=*/false);  // the decoders below write every value
    switch (encoding) {
      case Encoding::kPlain: DecodePlainValues(data, size, count, dense_.get(), at); break;
      case Encoding::kPlainDictionary:
      case Encoding::kRleDictionary: DecodeDictionaryIndices(data, size, count, at); break;
      case Encoding::kRle: {
        if (leaf_.physical_type != Type::kBoolean) Corrupt("RLE values on a non-boolean column");
        LengthPrefixed runs = ReadLengthPrefixed(data, size);
        RleBitPackedDecoder decoder(runs.data, runs.size, 1);
        if (decoder.GetBatch(dense_->values<uint8_t>() + at, count) != count) Corrupt("too few RLE boolean values");
        break;
      }
      case Encoding::kDeltaBinaryPacked: DecodeDeltaValues(data, size, count, at); break;
      case Encoding::kDeltaLengthByteArray:
      case Encoding::kDeltaByteArray: DecodeDeltaBytes(encoding, data, size, count, at); break;
      case Encoding::kByteStreamSplit: DecodeByteStreamSplitValues(data, size, count, at); break;
      default: Corrupt(std::string("unsupported encoding ") + ToString(encoding));
    }
    if (leaf_.type.physical_type() == PhysicalType::kString) dense_->KeepAlive(owner);
  }

  void DecodePlainValues(const uint8_t* data, size_t size, size_t count, Vector* out, size_t at) {
    switch (leaf_.physical_type) {
      case Type::kBoolean: {
        PlainBooleanDecoder decoder(data, size);
        if (decoder.GetBatch(out->values<uint8_t>() + at, count) != count) Corrupt("too few PLAIN boolean values");
        return;
      }
      case Type::kByteArray: {
        scratch_bytes_.resize(count);
        size_t consumed = DecodePlainByteArray(data, size, scratch_bytes_.data(), count);
        // An all-ASCII page (length prefixes under 128 are ASCII bytes too) needs no per-value check.
        bool ascii = leaf_.validate_utf8 && IsAscii(data, consumed);
        ConvertBytes(leaf_, scratch_bytes_.data(), count, out, at, context_.path, ascii);
        return;
      }
      default: {
        const size_t width = StoredWidth(leaf_);
        if (width == 0 || count > size / width) Corrupt("a PLAIN page holds fewer values than declared");
        ConvertFixed(leaf_, data, count, out, at, context_.path);
        return;
      }
    }
  }

  /// Index mode: dictionary indices of values [at, at+count), checked against the dictionary.
  void AppendIndices(const uint8_t* data, size_t size, size_t count, size_t at) {
    if (!dictionary_) Corrupt("a dictionary-encoded page comes without a dictionary page");
    indices_.Resize((at + count) * sizeof(int32_t), /*zero_fill=*/false);
    RleBitPackedDecoder decoder = MakeDictionaryIndexDecoder(data, size);
    uint32_t* out = reinterpret_cast<uint32_t*>(indices_.as<int32_t>() + at);
    if (decoder.GetIndices(out, count, dictionary_->size()) != count) {
      Corrupt("a dictionary-encoded page has fewer indices than values");
    }
  }

  /// Leaves index mode: the values indexed so far become dense values.
  void MaterializeIndices() {
    index_mode_ = false;
    size_t indexed = indices_.size() / sizeof(int32_t);
    if (indexed == 0) return;
    dense_->Resize(std::max(indexed, dense_->size()), /*zero_values=*/false);
    const StringView* dictionary = dictionary_->values<StringView>();
    StringView* out = dense_->values<StringView>();
    const int32_t* indices = indices_.as<int32_t>();
    for (size_t i = 0; i < indexed; ++i) out[i] = dictionary[indices[i]];
    indices_ = Buffer();
  }

  void DecodeDictionaryIndices(const uint8_t* data, size_t size, size_t count, size_t at) {
    if (!dictionary_) Corrupt("a dictionary-encoded page comes without a dictionary page");
    RleBitPackedDecoder decoder = MakeDictionaryIndexDecoder(data, size);
    size_t got = 0;
    const size_t dict_size = dictionary_->size();
    switch (leaf_.type.fixed_width()) {
      case 1: got = decoder.GetBatchWithDictionary(dictionary_->values<uint8_t>(), dict_size, dense_->values<uint8_t>() + at, count); break;
      case 2: got = decoder.GetBatchWithDictionary(dictionary_->values<uint16_t>(), dict_size, dense_->values<uint16_t>() + at, count); break;
      case 4: got = decoder.GetBatchWithDictionary(dictionary_->values<uint32_t>(), dict_size, dense_->values<uint32_t>() + at, count); break;
      case 8: got = decoder.GetBatchWithDictionary(dictionary_->values<uint64_t>(), dict_size, dense_->values<uint64_t>() + at, count); break;
      case 16: got = decoder.GetBatchWithDictionary(dictionary_->values<StringView>(), dict_size, dense_->values<StringView>() + at, count); break;
      default: Corrupt("dictionary encoding on a column of type " + leaf_.type.ToString());
    }
    if (got != count) Corrupt("a dictionary-encoded page has fewer indices than values");
  }

  void DecodeDeltaValues(const uint8_t* data, size_t size, size_t count, size_t at) {
    if (leaf_.physical_type == Type::kInt32) {
      std::vector<int32_t>& values = scratch_int32_;
      values.resize(count);
      DeltaBinaryPackedDecoder<int32_t> decoder(data, size);
      if (decoder.GetBatch(values.data(), count) != count) Corrupt("too few DELTA_BINARY_PACKED values");
      ConvertFixed(leaf_, reinterpret_cast<const uint8_t*>(values.data()), count, dense_.get(), at, context_.path);
    } else if (leaf_.physical_type == Type::kInt64) {
      std::vector<int64_t>& values = scratch_int64_;
      values.resize(count);
      DeltaBinaryPackedDecoder<int64_t> decoder(data, size);
      if (decoder.GetBatch(values.data(), count) != count) Corrupt("too few DELTA_BINARY_PACKED values");
      ConvertFixed(leaf_, reinterpret_cast<const uint8_t*>(values.data()), count, dense_.get(), at, context_.path);
    } else {
      Corrupt("DELTA_BINARY_PACKED on a column that is not INT32/INT64");
    }
  }

  void DecodeDeltaBytes(Encoding encoding, const uint8_t* data, size_t size, size_t count, size_t at) {
    if (leaf_.physical_type != Type::kByteArray && leaf_.physical_type != Type::kFixedLenByteArray) {
      Corrupt(std::string(ToString(encoding)) + " on a column that is not a byte array");
    }
    scratch_bytes_.resize(count);
    size_t got;
    if (encoding == Encoding::kDeltaLengthByteArray) {
      DeltaLengthByteArrayDecoder decoder(data, size);
      got = decoder.GetBatch(scratch_bytes_.data(), count);
    } else {
      // Values are rebuilt from prefixes: they live in an arena the vector keeps.
      auto arena = std::make_shared<std::string>();
      DeltaByteArrayDecoder decoder(data, size);
      got = decoder.GetBatch(scratch_bytes_.data(), count, arena.get());
      dense_->KeepAlive(arena);
    }
    if (got != count) Corrupt(std::string("too few ") + ToString(encoding) + " values");
    ConvertBytes(leaf_, scratch_bytes_.data(), count, dense_.get(), at, context_.path);
  }

  void DecodeByteStreamSplitValues(const uint8_t* data, size_t size, size_t count, size_t at) {
    const size_t width = StoredWidth(leaf_);
    if (width == 0) Corrupt("BYTE_STREAM_SPLIT on a variable-width column");
    // String outputs (binary FLBA) point into the decoded bytes, so they get their own block.
    auto raw = std::make_shared<std::string>(count * width, '\0');
    ByteStreamSplitDecoder decoder(data, size, width);
    if (decoder.GetBatch(reinterpret_cast<uint8_t*>(raw->data()), count) != count) {
      Corrupt("too few BYTE_STREAM_SPLIT values");
    }
    ConvertFixed(leaf_, reinterpret_cast<const uint8_t*>(raw->data()), count, dense_.get(), at, context_.path);
    if (leaf_.type.physical_type() == PhysicalType::kString) dense_->KeepAlive(raw);
  }

  const ColumnReadContext& context_;
  const LeafColumn& leaf_;
  const ColumnMetaData& meta_;
  SharedBuffer chunk_;
  VectorPtr dictionary_;
  VectorPtr dense_;
  size_t dense_size_ = 0;
  int64_t levels_read_ = 0;
  LeafData out_;
  // Page pruning (flat columns): the rows wanted, and the pages actually decoded.
  const RowRanges* ranges_;
  std::vector<RowRange> decoded_pages_;
  int64_t page_row_ = 0;
  int64_t levels_skipped_ = 0;
  int64_t pages_skipped_ = 0;
  // Index mode (flat string columns): while every data page is dictionary
  // encoded, keep indices instead of gathering 16-byte string views.
  bool index_mode_ = false;
  Buffer indices_;
  size_t implicit_levels_ = 0;  // leading definition levels at the maximum, not stored
  std::vector<ByteArray, DefaultInitAllocator<ByteArray>> scratch_bytes_;
  std::vector<int32_t> scratch_int32_;
  std::vector<int64_t> scratch_int64_;
};

}  // namespace

LeafData ReadColumnChunk(const ColumnReadContext& context, const LeafColumn& leaf, const ColumnChunk& chunk,
                         int64_t num_rows, const RowRanges* ranges, int64_t* pages_skipped) {
  if (chunk.file_path) {
    ThrowError(ErrorClass::kUnsupportedParquet, {{"path", context.path}, {"feature", "column chunks in other files"}});
  }
  if (!chunk.meta_data) {
    ThrowError(ErrorClass::kUnsupportedParquet, {{"path", context.path}, {"feature", "encrypted columns"}});
  }
  TARN_CHECK(ranges == nullptr || leaf.max_rep_level == 0, "page pruning of a nested column");
  ChunkDecoder decoder(context, leaf, *chunk.meta_data, ranges);
  LeafData data = decoder.Run(num_rows);
  if (pages_skipped) *pages_skipped += decoder.pages_skipped();
  return data;
}

}  // namespace tarn::parquet
