#include "formats/parquet/column_writer.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "common/check.h"
#include "common/error.h"
#include "formats/parquet/compression.h"
#include "formats/parquet/encoding/bit_util.h"
#include "formats/parquet/encoding/byte_stream_split.h"
#include "formats/parquet/encoding/delta.h"
#include "formats/parquet/encoding/plain.h"
#include "formats/parquet/encoding/rle.h"
#include "formats/parquet/statistics_builder.h"
#include "types/decimal.h"

namespace tarn::parquet {

bool EncodingApplies(Encoding encoding, Type type) {
  switch (encoding) {
    case Encoding::kPlain: return true;
    case Encoding::kRle: return type == Type::kBoolean;
    case Encoding::kDeltaBinaryPacked: return type == Type::kInt32 || type == Type::kInt64;
    case Encoding::kDeltaLengthByteArray: return type == Type::kByteArray;
    case Encoding::kDeltaByteArray: return type == Type::kByteArray || type == Type::kFixedLenByteArray;
    case Encoding::kByteStreamSplit:
      return type == Type::kFloat || type == Type::kDouble || type == Type::kInt32 || type == Type::kInt64 ||
             type == Type::kFixedLenByteArray;
    default: return false;
  }
}

namespace {

// Rows are appended in steps between page-size checks: at most kMaxStepRows,
// fewer as the page nears its byte limit (estimated from the page's bytes per
// row so far), so pages overshoot page_bytes by about one row.
constexpr size_t kMaxStepRows = 128;
constexpr size_t kFirstStepRows = 16;

StatisticsOrder OrderFor(const WriteLeaf& leaf) {
  switch (leaf.physical_type) {
    case Type::kBoolean:
    case Type::kInt32:
    case Type::kInt64: return StatisticsOrder::kSigned;
    case Type::kFloat:
    case Type::kDouble: return StatisticsOrder::kFloat;
    case Type::kByteArray: return StatisticsOrder::kUnsignedBytes;
    case Type::kFixedLenByteArray:
      return leaf.type.id() == TypeId::kDecimal ? StatisticsOrder::kSignedBigEndian : StatisticsOrder::kNone;
    default: return StatisticsOrder::kNone;
  }
}

/// V is the stored value: uint8_t (BOOLEAN), int32_t, int64_t, float, double,
/// or std::string_view for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY.
template <typename V>
class TypedColumnWriter final : public ColumnChunkWriter {
  static constexpr bool kBytes = std::is_same_v<V, std::string_view>;
  static constexpr bool kBool = std::is_same_v<V, uint8_t>;
  using Stats = std::conditional_t<kBytes, BytesMinMax, MinMax<V>>;

 public:
  TypedColumnWriter(const WriteLeaf& leaf, const ColumnWriterOptions& options, const std::string& path)
      : leaf_(leaf),
        options_(options),
        path_(path),
        order_(OrderFor(leaf)),
        fixed_width_(leaf.physical_type == Type::kFixedLenByteArray ? leaf.type_length : 0),
        page_stats_(MakeStats()),
        chunk_stats_(MakeStats()) {
    ResetChunk();
  }

  void Append(const LeafSlice& slice) override {
    const bool has_rep = leaf_.max_rep_level > 0, has_def = leaf_.max_def_level > 0;
    TARN_CHECK(!has_rep || slice.num_levels == 0 || slice.rep_levels[0] == 0, "a slice must start a row");
    size_t level = 0, value = 0;
    while (level < slice.num_levels) {
      const size_t budget = std::min<size_t>(StepRows(), options_.page_rows - page_rows_);
      size_t end = level, rows = 0;
      if (!has_rep) {
        end = std::min(slice.num_levels, level + budget);
        rows = end - level;
      } else {
        while (end < slice.num_levels && rows < budget) {
          ++end;
          while (end < slice.num_levels && slice.rep_levels[end] != 0) ++end;
          ++rows;
        }
      }
      size_t values = end - level;
      if (has_def) {
        const int16_t* def = slice.def_levels.data();
        values = 0;
        for (size_t i = level; i < end; ++i) values += def[i] == leaf_.max_def_level;
        page_def_.insert(page_def_.end(), def + level, def + end);
      }
      if (has_rep) page_rep_.insert(page_rep_.end(), slice.rep_levels.data() + level, slice.rep_levels.data() + end);
      if (values > 0) AppendValues(*slice.values, slice.value_rows.data() + value, values);
      page_levels_ += end - level;
      page_rows_ += rows;
      level = end;
      value += values;
      if (page_rows_ >= static_cast<size_t>(options_.page_rows) ||
          PendingPageBytes() >= static_cast<size_t>(options_.page_bytes)) {
        FlushPage();
      }
    }
  }

  int64_t EstimatedBytes() const override {
    return static_cast<int64_t>(data_pages_.size() + PendingPageBytes() + dict_plain_bytes_);
  }

  ColumnChunkOutput Finish() override {
    FlushPage();
    ColumnChunkOutput out;
    if (dict_used_) WriteDictionaryPage(&out.dictionary_page);
    const int64_t data_start = static_cast<int64_t>(out.dictionary_page.size());

    ColumnMetaData& meta = out.meta;
    meta.type = leaf_.physical_type;
    meta.path_in_schema = leaf_.path;
    meta.codec = options_.codec;
    meta.num_values = chunk_levels_;
    meta.total_uncompressed_size = total_uncompressed_;
    meta.total_compressed_size = total_compressed_;
    meta.data_page_offset = data_start;
    if (dict_used_) meta.dictionary_page_offset = 0;
    if (dict_used_) meta.encodings.push_back(DictionaryPageEncoding());
    meta.encodings.push_back(Encoding::kRle);  // levels
    for (const auto& [key, count] : page_encodings_) {
      if (std::find(meta.encodings.begin(), meta.encodings.end(), key.second) == meta.encodings.end()) {
        meta.encodings.push_back(key.second);
      }
    }
    if (dict_used_) meta.encoding_stats.push_back({PageType::kDictionaryPage, DictionaryPageEncoding(), 1});
    for (const auto& [key, count] : page_encodings_) meta.encoding_stats.push_back({key.first, key.second, count});
    if (options_.write_statistics) meta.statistics = ChunkStatistics();

    if (options_.write_page_index) {
      for (PageLocation& location : offset_index_.page_locations) location.offset += data_start;
      out.offset_index = std::move(offset_index_);
      if (column_index_valid_) {
        column_index_.boundary_order =
            ComputeBoundaryOrder(index_mins_, index_maxes_, leaf_.physical_type, order_);
        out.column_index = std::move(column_index_);
      }
    }
    out.data_pages = std::move(data_pages_);
    ResetChunk();
    return out;
  }

 private:
  Stats MakeStats() const {
    if constexpr (kBytes) {
      return BytesMinMax(order_ == StatisticsOrder::kNone ? StatisticsOrder::kUnsignedBytes : order_);
    } else {
      return Stats();
    }
  }

  [[noreturn]] void BadValue(const std::string& message) const {
    ThrowError(ErrorClass::kFileWriteError, {{"path", path_}, {"message", message}});
  }

  std::string ColumnName() const {
    std::string name;
    for (const std::string& part : leaf_.path) name += (name.empty() ? "" : ".") + part;
    return name;
  }

  // --- values ------------------------------------------------------------------

  size_t PageValueCount() const {
    if constexpr (kBytes) {
      return page_ends_.size();
    } else {
      return page_values_.size();
    }
  }

  /// The page's values as PLAIN would store them (what the page-size limit counts).
  size_t PagePlainBytes() const {
    if constexpr (kBool) {
      return (page_values_.size() + 7) / 8;
    } else if constexpr (kBytes) {
      return page_arena_.size() + (fixed_width_ == 0 ? 4 * page_ends_.size() : 0);
    } else {
      return page_values_.size() * sizeof(V);
    }
  }

  size_t PendingPageBytes() const {
    // Levels take a few bits each; a quarter byte is a fair guess for RLE output.
    return PagePlainBytes() + (page_def_.size() + page_rep_.size()) / 4;
  }

  /// Rows to append before the next page-size check.
  size_t StepRows() const {
    if (page_rows_ == 0) return kFirstStepRows;
    const size_t pending = PendingPageBytes();
    const size_t limit = static_cast<size_t>(options_.page_bytes);
    const size_t per_row = std::max<size_t>(1, pending / page_rows_);
    const size_t remaining = limit > pending ? limit - pending : 0;
    return std::clamp<size_t>(remaining / per_row + 1, 1, kMaxStepRows);
  }

  void AppendValues(const Vector& base, const uint32_t* rows, size_t n) {
    if constexpr (kBool) {
      Gather<uint8_t>(base, rows, n);
      for (size_t i = page_values_.size() - n; i < page_values_.size(); ++i) page_values_[i] = page_values_[i] != 0;
    } else if constexpr (std::is_same_v<V, int32_t>) {
      switch (leaf_.type.id()) {
        case TypeId::kByte: Gather<int8_t>(base, rows, n); break;
        case TypeId::kShort: Gather<int16_t>(base, rows, n); break;
        case TypeId::kDecimal:
          CheckDecimals(base.values<int64_t>(), rows, n);
          Gather<int64_t>(base, rows, n);
          break;
        default: Gather<int32_t>(base, rows, n); break;
      }
    } else if constexpr (std::is_same_v<V, int64_t>) {
      if (leaf_.type.id() == TypeId::kDecimal) CheckDecimals(base.values<int64_t>(), rows, n);
      Gather<int64_t>(base, rows, n);
    } else if constexpr (kBytes) {
      switch (leaf_.type.id()) {
        case TypeId::kDecimal: AppendDecimals(base.values<int128_t>(), rows, n); break;
        case TypeId::kCalendarInterval: AppendIntervals(base.values<IntervalValue>(), rows, n); break;
        default: {
          const StringView* in = base.values<StringView>();
          for (size_t i = 0; i < n; ++i) AppendBytes(in[rows[i]].view());
          break;
        }
      }
    } else {
      Gather<V>(base, rows, n);
    }
    if constexpr (!kBytes) {
      if (order_ != StatisticsOrder::kNone) {
        for (size_t i = page_values_.size() - n; i < page_values_.size(); ++i) page_stats_.Update(page_values_[i]);
      }
    }
  }

  template <typename S>
  void Gather(const Vector& base, const uint32_t* rows, size_t n) {
    const S* in = base.values<S>();
    const size_t at = page_values_.size();
    page_values_.resize(at + n);
    V* out = page_values_.data() + at;
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<V>(in[rows[i]]);
  }

  template <typename I>
  void CheckDecimals(const I* in, const uint32_t* rows, size_t n) {
    const I limit = static_cast<I>(PowerOfTen128(leaf_.type.precision()));
    for (size_t i = 0; i < n; ++i) {
      const I v = in[rows[i]];
      if (v >= limit || v <= -limit) {
        BadValue("The value " + DecimalToString(v, leaf_.type.scale()) + " of column " + ColumnName() +
                 " does not fit " + leaf_.type.ToSql() + ".");
      }
    }
  }

  void AppendBytes(std::string_view value) {
    if constexpr (kBytes) {
      page_arena_.append(value);
      page_ends_.push_back(page_arena_.size());
      if (order_ != StatisticsOrder::kNone) page_stats_.Update(value);
    }
  }

  void AppendDecimals(const int128_t* in, const uint32_t* rows, size_t n) {
    CheckDecimals(in, rows, n);
    char bytes[16];
    for (size_t i = 0; i < n; ++i) {
      auto v = static_cast<uint128_t>(in[rows[i]]);
      for (int b = fixed_width_ - 1; b >= 0; --b, v >>= 8) bytes[b] = static_cast<char>(v & 0xFF);
      AppendBytes(std::string_view(bytes, fixed_width_));
    }
  }

  void AppendIntervals(const IntervalValue* in, const uint32_t* rows, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const IntervalValue& v = in[rows[i]];
      if (v.months < 0 || v.days < 0 || v.micros < 0 || v.micros % 1000 != 0 || v.micros / 1000 > UINT32_MAX) {
        BadValue("The interval (" + std::to_string(v.months) + " months, " + std::to_string(v.days) + " days, " +
                 std::to_string(v.micros) + " microseconds) of column " + ColumnName() +
                 " cannot be stored as a Parquet INTERVAL, which holds unsigned months, days and milliseconds.");
      }
      char bytes[12];
      const uint32_t fields[3] = {static_cast<uint32_t>(v.months), static_cast<uint32_t>(v.days),
                                  static_cast<uint32_t>(v.micros / 1000)};
      std::memcpy(bytes, fields, 12);
      AppendBytes(std::string_view(bytes, 12));
    }
  }

  std::string_view PageValue(size_t i) const {
    if constexpr (kBytes) {
      const size_t begin = i == 0 ? 0 : page_ends_[i - 1];
      return std::string_view(page_arena_).substr(begin, page_ends_[i] - begin);
    } else {
      return {};
    }
  }

  std::vector<ByteArray> PageByteArrays() const {
    std::vector<ByteArray> out(PageValueCount());
    for (size_t i = 0; i < out.size(); ++i) out[i] = ByteArray(PageValue(i));
    return out;
  }

  // --- dictionary ------------------------------------------------------------------

  size_t DictionarySize() const {
    if constexpr (kBytes) {
      return dict_strings_.size();
    } else {
      return dict_values_.size();
    }
  }

  static uint64_t Bits(V v) {
    uint64_t bits = 0;
    if constexpr (!kBytes) std::memcpy(&bits, &v, sizeof(V));
    return bits;
  }

  uint32_t Intern(size_t i) {
    if constexpr (kBytes) {
      const std::string_view value = PageValue(i);
      auto it = dict_bytes_index_.find(value);
      if (it != dict_bytes_index_.end()) return it->second;
      const auto index = static_cast<uint32_t>(dict_strings_.size());
      dict_strings_.emplace_back(value);
      dict_bytes_index_.emplace(dict_strings_.back(), index);
      dict_plain_bytes_ += value.size() + (fixed_width_ == 0 ? 4 : 0);
      return index;
    } else {
      const V value = page_values_[i];
      auto [it, inserted] = dict_fixed_index_.try_emplace(Bits(value), static_cast<uint32_t>(dict_values_.size()));
      if (inserted) {
        dict_values_.push_back(value);
        dict_plain_bytes_ += sizeof(V);
      }
      return it->second;
    }
  }

  /// Drops the dictionary entries added since it had `size` entries.
  void RollbackDictionary(size_t size, size_t plain_bytes) {
    if constexpr (kBytes) {
      while (dict_strings_.size() > size) {
        dict_bytes_index_.erase(dict_strings_.back());
        dict_strings_.pop_back();
      }
    } else {
      for (size_t i = size; i < dict_values_.size(); ++i) dict_fixed_index_.erase(Bits(dict_values_[i]));
      dict_values_.resize(size);
    }
    dict_plain_bytes_ = plain_bytes;
  }

  /// Encodes the page's values as dictionary indices; false (and the
  /// dictionary given up for the chunk) when the dictionary does not pay.
  bool EncodeWithDictionary(std::string* out) {
    const size_t n = PageValueCount();
    const size_t size_before = DictionarySize(), bytes_before = dict_plain_bytes_;
    indices_.resize(n);
    for (size_t i = 0; i < n; ++i) indices_[i] = Intern(i);
    if (dict_plain_bytes_ > static_cast<size_t>(options_.dictionary_page_bytes)) {
      RollbackDictionary(size_before, bytes_before);
      dict_active_ = false;
      return false;
    }
    const size_t start = out->size();
    EncodeDictionaryIndices(indices_.data(), n, BitWidthOf(DictionarySize() - 1), out);
    if (!dict_used_ && dict_plain_bytes_ + (out->size() - start) >= PagePlainBytes()) {
      out->resize(start);
      RollbackDictionary(size_before, bytes_before);
      dict_active_ = false;
      return false;
    }
    dict_used_ = true;
    return true;
  }

  Encoding DictionaryPageEncoding() const {
    return options_.data_page_v2 ? Encoding::kPlain : Encoding::kPlainDictionary;
  }

  void WriteDictionaryPage(std::string* out) {
    std::string plain;
    if constexpr (kBytes) {
      for (const std::string& value : dict_strings_) {
        if (fixed_width_ == 0) AppendLE32(static_cast<uint32_t>(value.size()), &plain);
        plain += value;
      }
    } else {
      EncodePlain(dict_values_.data(), dict_values_.size(), &plain);
    }
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page_header = DictionaryPageHeader{static_cast<int32_t>(DictionarySize()),
                                                         DictionaryPageEncoding(), std::nullopt};
    std::string body = Compressed(std::move(plain), &header.uncompressed_page_size);
    AppendPage(std::move(header), body, out);
  }

  // --- pages -------------------------------------------------------------------------

  /// Encodes the pending values; returns the encoding used.
  Encoding EncodeValues(std::string* out) {
    const size_t n = PageValueCount();
    if (dict_active_ && n > 0 && EncodeWithDictionary(out)) {
      return options_.data_page_v2 ? Encoding::kRleDictionary : Encoding::kPlainDictionary;
    }
    if (options_.value_encoding && EncodingApplies(*options_.value_encoding, leaf_.physical_type)) {
      EncodeAs(*options_.value_encoding, out);
      return *options_.value_encoding;
    }
    if constexpr (kBool) {
      const Encoding encoding = options_.data_page_v2 ? Encoding::kRle : Encoding::kPlain;
      EncodeAs(encoding, out);
      return encoding;
    }
    if (options_.data_page_v2 && n > 0) {
      std::optional<Encoding> delta;
      if (leaf_.physical_type == Type::kInt32 || leaf_.physical_type == Type::kInt64) {
        delta = Encoding::kDeltaBinaryPacked;
      } else if (leaf_.physical_type == Type::kByteArray) {
        delta = Encoding::kDeltaLengthByteArray;
      }
      if (delta) {
        const size_t start = out->size();
        EncodeAs(*delta, out);
        if (out->size() - start < PagePlainBytes()) return *delta;
        out->resize(start);
      }
    }
    EncodeAs(Encoding::kPlain, out);
    return Encoding::kPlain;
  }

  void EncodeAs(Encoding encoding, std::string* out) {
    const size_t n = PageValueCount();
    switch (encoding) {
      case Encoding::kPlain:
        if constexpr (kBool) {
          PlainBooleanEncoder encoder;
          encoder.Put(page_values_.data(), n);
          encoder.Flush(out);
        } else if constexpr (kBytes) {
          if (fixed_width_ > 0) {
            out->append(page_arena_);
          } else {
            std::vector<ByteArray> values = PageByteArrays();
            EncodePlainByteArray(values.data(), n, out);
          }
        } else {
          EncodePlain(page_values_.data(), n, out);
        }
        return;
      case Encoding::kRle:
        if constexpr (kBool) {
          RleBitPackedEncoder encoder(1);
          encoder.Put(page_values_.data(), n);
          encoder.FlushLengthPrefixed(out);
          return;
        }
        break;
      case Encoding::kDeltaBinaryPacked:
        if constexpr (std::is_same_v<V, int32_t> || std::is_same_v<V, int64_t>) {
          DeltaBinaryPackedEncoder<V> encoder;
          encoder.Put(page_values_.data(), n);
          encoder.Flush(out);
          return;
        }
        break;
      case Encoding::kDeltaLengthByteArray:
      case Encoding::kDeltaByteArray:
        if constexpr (kBytes) {
          std::vector<ByteArray> values = PageByteArrays();
          if (encoding == Encoding::kDeltaLengthByteArray) {
            DeltaLengthByteArrayEncoder encoder;
            encoder.Put(values.data(), n);
            encoder.Flush(out);
          } else {
            DeltaByteArrayEncoder encoder;
            encoder.Put(values.data(), n);
            encoder.Flush(out);
          }
          return;
        }
        break;
      case Encoding::kByteStreamSplit:
        if constexpr (kBytes) {
          EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(page_arena_.data()), n, fixed_width_, out);
          return;
        } else if constexpr (!kBool) {
          EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(page_values_.data()), n, sizeof(V), out);
          return;
        }
        break;
      default: break;
    }
    TARN_UNREACHABLE();
  }

  std::string Compressed(std::string raw, int32_t* uncompressed_size) const {
    CheckPageSize(raw.size());
    *uncompressed_size = static_cast<int32_t>(raw.size());
    if (options_.codec == CompressionCodec::kUncompressed) return raw;
    return Compress(options_.codec, reinterpret_cast<const uint8_t*>(raw.data()), raw.size(),
                    options_.compression_level);
  }

  void CheckPageSize(size_t size) const {
    if (size > static_cast<size_t>(INT32_MAX)) {
      BadValue("A page of column " + ColumnName() + " would exceed 2^31-1 bytes or values.");
    }
  }

  /// Appends header + body to `out`; returns the bytes appended.
  size_t AppendPage(PageHeader header, const std::string& body, std::string* out) {
    CheckPageSize(body.size());
    header.compressed_page_size = static_cast<int32_t>(body.size());
    if (options_.page_checksums) {
      header.crc = static_cast<int32_t>(Crc32(reinterpret_cast<const uint8_t*>(body.data()), body.size()));
    }
    const std::string head = Serialize(header);
    out->append(head);
    out->append(body);
    total_uncompressed_ += static_cast<int64_t>(head.size()) + header.uncompressed_page_size;
    total_compressed_ += static_cast<int64_t>(head.size() + body.size());
    return head.size() + body.size();
  }

  void FlushPage() {
    if (page_levels_ == 0) return;
    CheckPageSize(page_levels_);  // num_values is an int32 in the page header
    std::string levels;
    int32_t rep_length = 0, def_length = 0;
    const bool v2 = options_.data_page_v2;
    if (leaf_.max_rep_level > 0) {
      RleBitPackedEncoder encoder(BitWidthOf(static_cast<uint64_t>(leaf_.max_rep_level)));
      encoder.Put(page_rep_.data(), page_rep_.size());
      v2 ? encoder.Flush(&levels) : encoder.FlushLengthPrefixed(&levels);
      rep_length = static_cast<int32_t>(levels.size());
    }
    if (leaf_.max_def_level > 0) {
      RleBitPackedEncoder encoder(BitWidthOf(static_cast<uint64_t>(leaf_.max_def_level)));
      encoder.Put(page_def_.data(), page_def_.size());
      v2 ? encoder.Flush(&levels) : encoder.FlushLengthPrefixed(&levels);
      def_length = static_cast<int32_t>(levels.size()) - rep_length;
    }
    const size_t num_values = PageValueCount();
    const auto num_levels = static_cast<int32_t>(page_levels_);
    const auto num_nulls = static_cast<int32_t>(page_levels_ - num_values);

    PageHeader header;
    std::string body;
    Encoding encoding;
    if (!v2) {
      encoding = EncodeValues(&levels);
      header.type = PageType::kDataPage;
      header.data_page_header = DataPageHeader{num_levels, encoding, Encoding::kRle, Encoding::kRle, std::nullopt};
      body = Compressed(std::move(levels), &header.uncompressed_page_size);
    } else {
      std::string values;
      encoding = EncodeValues(&values);
      header.type = PageType::kDataPageV2;
      DataPageHeaderV2 page;
      page.num_values = num_levels;
      page.num_nulls = num_nulls;
      page.num_rows = static_cast<int32_t>(page_rows_);
      page.encoding = encoding;
      page.definition_levels_byte_length = def_length;
      page.repetition_levels_byte_length = rep_length;
      page.is_compressed = options_.codec != CompressionCodec::kUncompressed;
      header.data_page_header_v2 = page;
      int32_t values_size = 0;
      body = std::move(levels);
      body += Compressed(std::move(values), &values_size);
      CheckPageSize(static_cast<size_t>(rep_length) + def_length + values_size);
      header.uncompressed_page_size = rep_length + def_length + values_size;
    }

    const int64_t offset = static_cast<int64_t>(data_pages_.size());
    const size_t page_size = AppendPage(std::move(header), body, &data_pages_);
    offset_index_.page_locations.push_back(PageLocation{offset, static_cast<int32_t>(page_size), chunk_rows_});
    ++page_encodings_[{v2 ? PageType::kDataPageV2 : PageType::kDataPage, encoding}];
    AddToColumnIndex(num_values, num_nulls);

    chunk_stats_.Merge(page_stats_);
    chunk_nulls_ += num_nulls;
    chunk_levels_ += page_levels_;
    chunk_rows_ += static_cast<int64_t>(page_rows_);
    ResetPage();
  }

  EncodedBounds Bounds(const Stats& stats, size_t truncate_length) const {
    if constexpr (kBytes) {
      const bool truncatable = order_ == StatisticsOrder::kUnsignedBytes;
      return TruncateBounds(stats.min(), stats.max(), truncatable ? truncate_length : 0,
                            leaf_.type.id() == TypeId::kString);
    } else {
      return EncodedBounds{stats.EncodedMin(), stats.EncodedMax(), true, true};
    }
  }

  void AddToColumnIndex(size_t num_values, int64_t num_nulls) {
    if (!options_.write_page_index || !column_index_valid_) return;
    column_index_.null_counts.push_back(num_nulls);
    if (num_values == 0) {
      column_index_.null_pages.push_back(true);
      column_index_.min_values.emplace_back();
      column_index_.max_values.emplace_back();
      return;
    }
    if (!page_stats_.has()) {
      column_index_valid_ = false;  // only NaNs: no valid bounds for this page
      return;
    }
    EncodedBounds bounds = Bounds(page_stats_, options_.statistics_truncate_length);
    column_index_.null_pages.push_back(false);
    index_mins_.push_back(bounds.min);
    index_maxes_.push_back(bounds.max);
    column_index_.min_values.push_back(std::move(bounds.min));
    column_index_.max_values.push_back(std::move(bounds.max));
  }

  Statistics ChunkStatistics() const {
    Statistics statistics;
    statistics.null_count = chunk_nulls_;
    if (order_ == StatisticsOrder::kNone || !chunk_stats_.has()) return statistics;
    EncodedBounds bounds = Bounds(chunk_stats_, options_.statistics_truncate_length);
    // The deprecated fields use signed order, valid only for numbers and booleans.
    if (order_ == StatisticsOrder::kSigned || order_ == StatisticsOrder::kFloat) {
      statistics.min = bounds.min;
      statistics.max = bounds.max;
    }
    statistics.min_value = std::move(bounds.min);
    statistics.max_value = std::move(bounds.max);
    statistics.is_min_value_exact = bounds.min_exact;
    statistics.is_max_value_exact = bounds.max_exact;
    return statistics;
  }

  void ResetPage() {
    page_def_.clear();
    page_rep_.clear();
    page_levels_ = 0;
    page_rows_ = 0;
    if constexpr (kBytes) {
      page_arena_.clear();
      page_ends_.clear();
    } else {
      page_values_.clear();
    }
    page_stats_ = MakeStats();
  }

  void ResetChunk() {
    ResetPage();
    data_pages_.clear();
    chunk_stats_ = MakeStats();
    chunk_nulls_ = chunk_levels_ = chunk_rows_ = 0;
    total_uncompressed_ = total_compressed_ = 0;
    page_encodings_.clear();
    offset_index_ = OffsetIndex();
    column_index_ = ColumnIndex();
    column_index_valid_ = order_ != StatisticsOrder::kNone;
    index_mins_.clear();
    index_maxes_.clear();
    dict_active_ = options_.dictionary && !kBool && !leaf_.type.is_nested() && leaf_.type.id() != TypeId::kNull;
    dict_used_ = false;
    dict_plain_bytes_ = 0;
    if constexpr (kBytes) {
      dict_bytes_index_.clear();
      dict_strings_.clear();
    } else {
      dict_fixed_index_.clear();
      dict_values_.clear();
    }
  }

  const WriteLeaf& leaf_;
  const ColumnWriterOptions& options_;
  const std::string& path_;
  const StatisticsOrder order_;
  const int fixed_width_;  // FIXED_LEN_BYTE_ARRAY width, else 0

  // The pending page.
  std::vector<int16_t> page_def_;
  std::vector<int16_t> page_rep_;
  size_t page_levels_ = 0;
  size_t page_rows_ = 0;
  std::vector<std::conditional_t<kBytes, char, V>> page_values_;  // fixed-width values
  std::string page_arena_;                                         // byte-array values back to back
  std::vector<size_t> page_ends_;                                  // end of each byte-array value
  Stats page_stats_;

  // The chunk.
  std::string data_pages_;
  Stats chunk_stats_;
  int64_t chunk_nulls_ = 0;
  int64_t chunk_levels_ = 0;
  int64_t chunk_rows_ = 0;
  int64_t total_uncompressed_ = 0;
  int64_t total_compressed_ = 0;
  std::map<std::pair<PageType, Encoding>, int32_t> page_encodings_;
  OffsetIndex offset_index_;
  ColumnIndex column_index_;
  bool column_index_valid_ = true;
  std::vector<std::string> index_mins_;  // bounds of the non-null pages, for the boundary order
  std::vector<std::string> index_maxes_;

  // The chunk's dictionary.
  bool dict_active_ = false;  // pages still try the dictionary
  bool dict_used_ = false;    // some page is dictionary encoded
  size_t dict_plain_bytes_ = 0;
  std::vector<std::conditional_t<kBytes, char, V>> dict_values_;
  std::unordered_map<uint64_t, uint32_t> dict_fixed_index_;
  std::deque<std::string> dict_strings_;
  std::unordered_map<std::string_view, uint32_t> dict_bytes_index_;
  std::vector<uint32_t> indices_;
};

}  // namespace

std::unique_ptr<ColumnChunkWriter> ColumnChunkWriter::Make(const WriteLeaf& leaf, const ColumnWriterOptions& options,
                                                           const std::string& path) {
  switch (leaf.physical_type) {
    case Type::kBoolean: return std::make_unique<TypedColumnWriter<uint8_t>>(leaf, options, path);
    case Type::kInt32: return std::make_unique<TypedColumnWriter<int32_t>>(leaf, options, path);
    case Type::kInt64: return std::make_unique<TypedColumnWriter<int64_t>>(leaf, options, path);
    case Type::kFloat: return std::make_unique<TypedColumnWriter<float>>(leaf, options, path);
    case Type::kDouble: return std::make_unique<TypedColumnWriter<double>>(leaf, options, path);
    case Type::kByteArray:
    case Type::kFixedLenByteArray: return std::make_unique<TypedColumnWriter<std::string_view>>(leaf, options, path);
    default: TARN_UNREACHABLE();
  }
}

}  // namespace tarn::parquet
