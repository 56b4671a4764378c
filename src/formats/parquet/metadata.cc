#include "formats/parquet/metadata.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <type_traits>

#include "formats/parquet/thrift_compact.h"

namespace tarn::parquet {

// --- enum names -------------------------------------------------------------------

const char* ToString(Type value) {
  switch (value) {
    case Type::kBoolean: return "BOOLEAN";
    case Type::kInt32: return "INT32";
    case Type::kInt64: return "INT64";
    case Type::kInt96: return "INT96";
    case Type::kFloat: return "FLOAT";
    case Type::kDouble: return "DOUBLE";
    case Type::kByteArray: return "BYTE_ARRAY";
    case Type::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

const char* ToString(ConvertedType value) {
  switch (value) {
    case ConvertedType::kUtf8: return "UTF8";
    case ConvertedType::kMap: return "MAP";
    case ConvertedType::kMapKeyValue: return "MAP_KEY_VALUE";
    case ConvertedType::kList: return "LIST";
    case ConvertedType::kEnum: return "ENUM";
    case ConvertedType::kDecimal: return "DECIMAL";
    case ConvertedType::kDate: return "DATE";
    case ConvertedType::kTimeMillis: return "TIME_MILLIS";
    case ConvertedType::kTimeMicros: return "TIME_MICROS";
    case ConvertedType::kTimestampMillis: return "TIMESTAMP_MILLIS";
    case ConvertedType::kTimestampMicros: return "TIMESTAMP_MICROS";
    case ConvertedType::kUint8: return "UINT_8";
    case ConvertedType::kUint16: return "UINT_16";
    case ConvertedType::kUint32: return "UINT_32";
    case ConvertedType::kUint64: return "UINT_64";
    case ConvertedType::kInt8: return "INT_8";
    case ConvertedType::kInt16: return "INT_16";
    case ConvertedType::kInt32: return "INT_32";
    case ConvertedType::kInt64: return "INT_64";
    case ConvertedType::kJson: return "JSON";
    case ConvertedType::kBson: return "BSON";
    case ConvertedType::kInterval: return "INTERVAL";
  }
  return "UNKNOWN";
}

const char* ToString(FieldRepetitionType value) {
  switch (value) {
    case FieldRepetitionType::kRequired: return "REQUIRED";
    case FieldRepetitionType::kOptional: return "OPTIONAL";
    case FieldRepetitionType::kRepeated: return "REPEATED";
  }
  return "UNKNOWN";
}

const char* ToString(Encoding value) {
  switch (value) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
    case Encoding::kAlp: return "ALP";
  }
  return "UNKNOWN";
}

const char* ToString(CompressionCodec value) {
  switch (value) {
    case CompressionCodec::kUncompressed: return "UNCOMPRESSED";
    case CompressionCodec::kSnappy: return "SNAPPY";
    case CompressionCodec::kGzip: return "GZIP";
    case CompressionCodec::kLzo: return "LZO";
    case CompressionCodec::kBrotli: return "BROTLI";
    case CompressionCodec::kLz4: return "LZ4";
    case CompressionCodec::kZstd: return "ZSTD";
    case CompressionCodec::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

const char* ToString(PageType value) {
  switch (value) {
    case PageType::kDataPage: return "DATA_PAGE";
    case PageType::kIndexPage: return "INDEX_PAGE";
    case PageType::kDictionaryPage: return "DICTIONARY_PAGE";
    case PageType::kDataPageV2: return "DATA_PAGE_V2";
  }
  return "UNKNOWN";
}

const char* ToString(BoundaryOrder value) {
  switch (value) {
    case BoundaryOrder::kUnordered: return "UNORDERED";
    case BoundaryOrder::kAscending: return "ASCENDING";
    case BoundaryOrder::kDescending: return "DESCENDING";
  }
  return "UNKNOWN";
}

static const char* ToString(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return "MILLIS";
    case TimeUnit::kMicros: return "MICROS";
    case TimeUnit::kNanos: return "NANOS";
  }
  return "UNKNOWN";
}

std::string LogicalType::ToString() const {
  auto utc = [&] { return std::string(parquet::ToString(unit)) + (is_adjusted_to_utc ? ",utc=true)" : ",utc=false)"); };
  switch (kind) {
    case Kind::kString: return "STRING";
    case Kind::kMap: return "MAP";
    case Kind::kList: return "LIST";
    case Kind::kEnum: return "ENUM";
    case Kind::kDecimal: return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case Kind::kDate: return "DATE";
    case Kind::kTime: return "TIME(" + utc();
    case Kind::kTimestamp: return "TIMESTAMP(" + utc();
    case Kind::kInteger:
      return "INTEGER(" + std::to_string(bit_width) + (is_signed ? ",signed)" : ",unsigned)");
    case Kind::kUnknown: return "UNKNOWN";
    case Kind::kJson: return "JSON";
    case Kind::kBson: return "BSON";
    case Kind::kUuid: return "UUID";
    case Kind::kFloat16: return "FLOAT16";
    case Kind::kVariant: return "VARIANT";
    case Kind::kGeometry: return "GEOMETRY";
    case Kind::kGeography: return "GEOGRAPHY";
    case Kind::kFile: return "FILE";
    case Kind::kUnrecognized: break;
  }
  return "LOGICAL_" + std::to_string(unrecognized_id);
}

// --- reading ------------------------------------------------------------------------

namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

// Walks the fields of one struct. Read() stores a field when its wire type
// fits the C++ type and otherwise skips it, as Thrift's generated code does
// (one real writer put a list where field 15 of ColumnMetaData now is); a
// required field skipped that way is then reported missing by Require().
class StructReader {
 public:
  StructReader(ThriftReader& reader, const char* name) : reader_(reader), name_(name) { reader_.StructBegin(); }

  bool Next() { return reader_.ReadField(&id_, &type_); }
  int16_t id() const { return id_; }
  ThriftType type() const { return type_; }
  void Skip() { reader_.Skip(type_); }

  template <typename T>
  void Read(T* out) {
    if (ReadAs(type_, out, /*element=*/false)) {
      MarkSeen();
    } else {
      Skip();
    }
  }
  template <typename T>
  void Read(std::optional<T>* out) {
    T value{};
    if (ReadAs(type_, &value, /*element=*/false)) {
      *out = std::move(value);
      MarkSeen();
    } else {
      Skip();
    }
  }
  /// A struct field read by `read(reader)`; skipped if it is not a struct.
  template <typename F>
  void ReadStructWith(F&& read) {
    if (type_ != ThriftType::kStruct) return Skip();
    MarkSeen();
    read(reader_);
  }
  /// Skips the field; true if it had the wire type `expected` (for fields
  /// tarn keeps only as presence flags).
  bool SkipExpecting(ThriftType expected) {
    bool fits = type_ == expected;
    Skip();
    return fits;
  }

  void Require(int16_t id, const char* field) const {
    if ((seen_ & (uint64_t{1} << id)) == 0) {
      reader_.Fail(std::string(name_) + " is missing its required field " + field);
    }
  }

 private:
  void MarkSeen() {
    if (id_ >= 0 && id_ < 64) seen_ |= uint64_t{1} << id_;
  }

  // Reads a value of wire type `wire` into `out`; false (nothing consumed)
  // when the wire type does not fit. Integer wire types are interchangeable
  // as long as the value fits.
  template <typename T>
  bool ReadAs(ThriftType wire, T* out, bool element) {
    if constexpr (std::is_same_v<T, bool>) {
      if (wire != ThriftType::kBoolTrue && wire != ThriftType::kBoolFalse) return false;
      *out = element ? reader_.ReadBoolElement() : wire == ThriftType::kBoolTrue;
    } else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
      using Int = typename std::conditional_t<std::is_enum_v<T>, std::underlying_type<T>, std::type_identity<T>>::type;
      int64_t value;
      if (wire == ThriftType::kByte) {
        value = reader_.ReadByte();
      } else if (wire == ThriftType::kI16 || wire == ThriftType::kI32 || wire == ThriftType::kI64) {
        value = reader_.ReadI64();
      } else {
        return false;
      }
      if (value < std::numeric_limits<Int>::min() || value > std::numeric_limits<Int>::max()) {
        reader_.Fail(std::string(name_) + " field " + std::to_string(id_) + " holds the out-of-range value " +
                     std::to_string(value));
      }
      *out = static_cast<T>(value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (wire != ThriftType::kBinary) return false;
      *out = reader_.ReadBinary();
    } else if constexpr (IsVector<T>::value) {
      if (wire != ThriftType::kList && wire != ThriftType::kSet) return false;
      ThriftType element_type;
      uint32_t size = reader_.ReadListBegin(&element_type);
      out->clear();
      // The size is at most the bytes left (ReadListBegin), but an element
      // can be far larger in memory than on the wire: reserve only a little
      // up front, so a corrupt size fails before it allocates much.
      out->reserve(std::min<uint32_t>(size, 1024));
      for (uint32_t i = 0; i < size; ++i) {
        typename T::value_type value{};
        if (!ReadAs(element_type, &value, /*element=*/true)) {
          reader_.Fail(std::string(name_) + " field " + std::to_string(id_) + " is a list of " +
                       ToString(element_type) + ", which does not fit its declared element type");
        }
        out->push_back(std::move(value));
      }
    } else {
      if (wire != ThriftType::kStruct) return false;
      parquet::Read(reader_, out);
    }
    return true;
  }

  ThriftReader& reader_;
  const char* name_;
  int16_t id_ = 0;
  ThriftType type_ = ThriftType::kStop;
  uint64_t seen_ = 0;
};

// The TimeUnit union; nullopt for a unit newer than this code.
std::optional<TimeUnit> ReadTimeUnit(ThriftReader& reader) {
  StructReader s(reader, "TimeUnit");
  std::optional<TimeUnit> unit;
  while (s.Next()) {
    if (!s.SkipExpecting(ThriftType::kStruct)) continue;  // members are empty structs
    switch (s.id()) {
      case 1: unit = TimeUnit::kMillis; break;
      case 2: unit = TimeUnit::kMicros; break;
      case 3: unit = TimeUnit::kNanos; break;
      default: unit.reset(); break;
    }
  }
  return unit;
}

// TimeType and TimestampType share their layout. An unknown unit makes the
// whole logical type unrecognized, so readers fall back to the physical type.
void ReadTimeOrTimestamp(ThriftReader& reader, const char* name, LogicalType* out) {
  StructReader s(reader, name);
  std::optional<TimeUnit> unit;
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->is_adjusted_to_utc); break;
      case 2: s.ReadStructWith([&](ThriftReader& r) { unit = ReadTimeUnit(r); }); break;
      default: s.Skip();
    }
  }
  s.Require(1, "isAdjustedToUTC");
  s.Require(2, "unit");
  if (unit) {
    out->unit = *unit;
  } else {
    out->unrecognized_id = static_cast<int16_t>(out->kind == LogicalType::Kind::kTime ? 7 : 8);
    out->kind = LogicalType::Kind::kUnrecognized;
  }
}

void ReadDecimalType(ThriftReader& reader, LogicalType* out) {
  StructReader s(reader, "DecimalType");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->scale); break;
      case 2: s.Read(&out->precision); break;
      default: s.Skip();
    }
  }
  s.Require(1, "scale");
  s.Require(2, "precision");
}

void ReadIntType(ThriftReader& reader, LogicalType* out) {
  StructReader s(reader, "IntType");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->bit_width); break;
      case 2: s.Read(&out->is_signed); break;
      default: s.Skip();
    }
  }
  s.Require(1, "bitWidth");
  s.Require(2, "isSigned");
}

void ReadVariantType(ThriftReader& reader, LogicalType* out) {
  StructReader s(reader, "VariantType");
  while (s.Next()) {
    if (s.id() == 1) {
      s.Read(&out->variant_specification_version);
    } else {
      s.Skip();
    }
  }
}

// GeometryType and GeographyType (which adds the edge algorithm).
void ReadGeoType(ThriftReader& reader, LogicalType* out) {
  StructReader s(reader, "GeometryType");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->crs); break;
      case 2: s.Read(&out->edge_interpolation_algorithm); break;
      default: s.Skip();
    }
  }
}

}  // namespace

void Read(ThriftReader& reader, Statistics* out) {
  StructReader s(reader, "Statistics");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->max); break;
      case 2: s.Read(&out->min); break;
      case 3: s.Read(&out->null_count); break;
      case 4: s.Read(&out->distinct_count); break;
      case 5: s.Read(&out->max_value); break;
      case 6: s.Read(&out->min_value); break;
      case 7: s.Read(&out->is_max_value_exact); break;
      case 8: s.Read(&out->is_min_value_exact); break;
      case 9: s.Read(&out->nan_count); break;
      default: s.Skip();
    }
  }
}

void Read(ThriftReader& reader, SizeStatistics* out) {
  StructReader s(reader, "SizeStatistics");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->unencoded_byte_array_data_bytes); break;
      case 2: s.Read(&out->repetition_level_histogram); break;
      case 3: s.Read(&out->definition_level_histogram); break;
      default: s.Skip();
    }
  }
}

void Read(ThriftReader& reader, LogicalType* out) {
  using Kind = LogicalType::Kind;
  StructReader s(reader, "LogicalType");
  *out = LogicalType{};  // no member set reads as unrecognized
  while (s.Next()) {
    if (s.type() != ThriftType::kStruct) {
      s.Skip();  // every member is a struct
      continue;
    }
    Kind kind = Kind::kUnrecognized;
    switch (s.id()) {
      case 1: kind = Kind::kString; break;
      case 2: kind = Kind::kMap; break;
      case 3: kind = Kind::kList; break;
      case 4: kind = Kind::kEnum; break;
      case 5: kind = Kind::kDecimal; break;
      case 6: kind = Kind::kDate; break;
      case 7: kind = Kind::kTime; break;
      case 8: kind = Kind::kTimestamp; break;
      case 10: kind = Kind::kInteger; break;
      case 11: kind = Kind::kUnknown; break;
      case 12: kind = Kind::kJson; break;
      case 13: kind = Kind::kBson; break;
      case 14: kind = Kind::kUuid; break;
      case 15: kind = Kind::kFloat16; break;
      case 16: kind = Kind::kVariant; break;
      case 17: kind = Kind::kGeometry; break;
      case 18: kind = Kind::kGeography; break;
      case 19: kind = Kind::kFile; break;
      default: break;
    }
    *out = LogicalType{};
    out->kind = kind;
    switch (kind) {
      case Kind::kDecimal: s.ReadStructWith([&](ThriftReader& r) { ReadDecimalType(r, out); }); break;
      case Kind::kTime: s.ReadStructWith([&](ThriftReader& r) { ReadTimeOrTimestamp(r, "TimeType", out); }); break;
      case Kind::kTimestamp:
        s.ReadStructWith([&](ThriftReader& r) { ReadTimeOrTimestamp(r, "TimestampType", out); });
        break;
      case Kind::kInteger: s.ReadStructWith([&](ThriftReader& r) { ReadIntType(r, out); }); break;
      case Kind::kVariant: s.ReadStructWith([&](ThriftReader& r) { ReadVariantType(r, out); }); break;
      case Kind::kGeometry:
      case Kind::kGeography: s.ReadStructWith([&](ThriftReader& r) { ReadGeoType(r, out); }); break;
      case Kind::kUnrecognized:
        out->unrecognized_id = s.id();
        s.Skip();
        break;
      default: s.Skip(); break;  // an empty struct (tolerating fields added later)
    }
  }
}

void Read(ThriftReader& reader, SchemaElement* out) {
  StructReader s(reader, "SchemaElement");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->type); break;
      case 2: s.Read(&out->type_length); break;
      case 3: s.Read(&out->repetition_type); break;
      case 4: s.Read(&out->name); break;
      case 5: s.Read(&out->num_children); break;
      case 6: s.Read(&out->converted_type); break;
      case 7: s.Read(&out->scale); break;
      case 8: s.Read(&out->precision); break;
      case 9: s.Read(&out->field_id); break;
      case 10: s.Read(&out->logical_type); break;
      default: s.Skip();
    }
  }
  s.Require(4, "name");
}

void Read(ThriftReader& reader, DataPageHeader* out) {
  StructReader s(reader, "DataPageHeader");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->num_values); break;
      case 2: s.Read(&out->encoding); break;
      case 3: s.Read(&out->definition_level_encoding); break;
      case 4: s.Read(&out->repetition_level_encoding); break;
      case 5: s.Read(&out->statistics); break;
      default: s.Skip();
    }
  }
  s.Require(1, "num_values");
  s.Require(2, "encoding");
  s.Require(3, "definition_level_encoding");
  s.Require(4, "repetition_level_encoding");
}

void Read(ThriftReader& reader, IndexPageHeader*) {
  StructReader s(reader, "IndexPageHeader");
  while (s.Next()) s.Skip();
}

void Read(ThriftReader& reader, DictionaryPageHeader* out) {
  StructReader s(reader, "DictionaryPageHeader");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->num_values); break;
      case 2: s.Read(&out->encoding); break;
      case 3: s.Read(&out->is_sorted); break;
      default: s.Skip();
    }
  }
  s.Require(1, "num_values");
  s.Require(2, "encoding");
}

void Read(ThriftReader& reader, DataPageHeaderV2* out) {
  StructReader s(reader, "DataPageHeaderV2");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->num_values); break;
      case 2: s.Read(&out->num_nulls); break;
      case 3: s.Read(&out->num_rows); break;
      case 4: s.Read(&out->encoding); break;
      case 5: s.Read(&out->definition_levels_byte_length); break;
      case 6: s.Read(&out->repetition_levels_byte_length); break;
      case 7: s.Read(&out->is_compressed); break;
      case 8: s.Read(&out->statistics); break;
      default: s.Skip();
    }
  }
  s.Require(1, "num_values");
  s.Require(2, "num_nulls");
  s.Require(3, "num_rows");
  s.Require(4, "encoding");
  s.Require(5, "definition_levels_byte_length");
  s.Require(6, "repetition_levels_byte_length");
}

void Read(ThriftReader& reader, PageHeader* out) {
  StructReader s(reader, "PageHeader");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->type); break;
      case 2: s.Read(&out->uncompressed_page_size); break;
      case 3: s.Read(&out->compressed_page_size); break;
      case 4: s.Read(&out->crc); break;
      case 5: s.Read(&out->data_page_header); break;
      case 6: s.Read(&out->index_page_header); break;
      case 7: s.Read(&out->dictionary_page_header); break;
      case 8: s.Read(&out->data_page_header_v2); break;
      default: s.Skip();
    }
  }
  s.Require(1, "type");
  s.Require(2, "uncompressed_page_size");
  s.Require(3, "compressed_page_size");
}

void Read(ThriftReader& reader, KeyValue* out) {
  StructReader s(reader, "KeyValue");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->key); break;
      case 2: s.Read(&out->value); break;
      default: s.Skip();
    }
  }
  s.Require(1, "key");
}

void Read(ThriftReader& reader, SortingColumn* out) {
  StructReader s(reader, "SortingColumn");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->column_idx); break;
      case 2: s.Read(&out->descending); break;
      case 3: s.Read(&out->nulls_first); break;
      default: s.Skip();
    }
  }
  s.Require(1, "column_idx");
  s.Require(2, "descending");
  s.Require(3, "nulls_first");
}

void Read(ThriftReader& reader, PageEncodingStats* out) {
  StructReader s(reader, "PageEncodingStats");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->page_type); break;
      case 2: s.Read(&out->encoding); break;
      case 3: s.Read(&out->count); break;
      default: s.Skip();
    }
  }
  s.Require(1, "page_type");
  s.Require(2, "encoding");
  s.Require(3, "count");
}

void Read(ThriftReader& reader, ColumnMetaData* out) {
  StructReader s(reader, "ColumnMetaData");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->type); break;
      case 2: s.Read(&out->encodings); break;
      case 3: s.Read(&out->path_in_schema); break;
      case 4: s.Read(&out->codec); break;
      case 5: s.Read(&out->num_values); break;
      case 6: s.Read(&out->total_uncompressed_size); break;
      case 7: s.Read(&out->total_compressed_size); break;
      case 8: s.Read(&out->key_value_metadata); break;
      case 9: s.Read(&out->data_page_offset); break;
      case 10: s.Read(&out->index_page_offset); break;
      case 11: s.Read(&out->dictionary_page_offset); break;
      case 12: s.Read(&out->statistics); break;
      case 13: s.Read(&out->encoding_stats); break;
      case 14: s.Read(&out->bloom_filter_offset); break;
      case 15: s.Read(&out->bloom_filter_length); break;
      case 16: s.Read(&out->size_statistics); break;
      case 17: out->has_geospatial_statistics = s.SkipExpecting(ThriftType::kStruct); break;
      default: s.Skip();
    }
  }
  s.Require(1, "type");
  s.Require(2, "encodings");
  s.Require(3, "path_in_schema");
  s.Require(4, "codec");
  s.Require(5, "num_values");
  s.Require(6, "total_uncompressed_size");
  s.Require(7, "total_compressed_size");
  s.Require(9, "data_page_offset");
}

void Read(ThriftReader& reader, ColumnChunk* out) {
  StructReader s(reader, "ColumnChunk");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->file_path); break;
      case 2: s.Read(&out->file_offset); break;
      case 3: s.Read(&out->meta_data); break;
      case 4: s.Read(&out->offset_index_offset); break;
      case 5: s.Read(&out->offset_index_length); break;
      case 6: s.Read(&out->column_index_offset); break;
      case 7: s.Read(&out->column_index_length); break;
      case 8: out->has_crypto_metadata = s.SkipExpecting(ThriftType::kStruct); break;
      case 9: out->has_encrypted_column_metadata = s.SkipExpecting(ThriftType::kBinary); break;
      default: s.Skip();
    }
  }
  s.Require(2, "file_offset");
}

void Read(ThriftReader& reader, RowGroup* out) {
  StructReader s(reader, "RowGroup");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->columns); break;
      case 2: s.Read(&out->total_byte_size); break;
      case 3: s.Read(&out->num_rows); break;
      case 4: s.Read(&out->sorting_columns); break;
      case 5: s.Read(&out->file_offset); break;
      case 6: s.Read(&out->total_compressed_size); break;
      case 7: s.Read(&out->ordinal); break;
      default: s.Skip();
    }
  }
  s.Require(1, "columns");
  s.Require(2, "total_byte_size");
  s.Require(3, "num_rows");
}

void Read(ThriftReader& reader, ColumnOrder* out) {
  StructReader s(reader, "ColumnOrder");
  out->kind = ColumnOrder::Kind::kUnrecognized;
  while (s.Next()) {
    if (!s.SkipExpecting(ThriftType::kStruct)) continue;
    switch (s.id()) {
      case 1: out->kind = ColumnOrder::Kind::kTypeDefinedOrder; break;
      case 2: out->kind = ColumnOrder::Kind::kIeee754TotalOrder; break;
      case 3: out->kind = ColumnOrder::Kind::kInt96TimestampOrder; break;
      default: out->kind = ColumnOrder::Kind::kUnrecognized; break;
    }
  }
}

void Read(ThriftReader& reader, FileMetaData* out) {
  StructReader s(reader, "FileMetaData");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->version); break;
      case 2: s.Read(&out->schema); break;
      case 3: s.Read(&out->num_rows); break;
      case 4: s.Read(&out->row_groups); break;
      case 5: s.Read(&out->key_value_metadata); break;
      case 6: s.Read(&out->created_by); break;
      case 7: s.Read(&out->column_orders); break;
      case 8: out->has_encryption_algorithm = s.SkipExpecting(ThriftType::kStruct); break;
      case 9: out->has_footer_signing_key_metadata = s.SkipExpecting(ThriftType::kBinary); break;
      default: s.Skip();
    }
  }
  s.Require(1, "version");
  s.Require(2, "schema");
  s.Require(3, "num_rows");
  s.Require(4, "row_groups");
}

void Read(ThriftReader& reader, PageLocation* out) {
  StructReader s(reader, "PageLocation");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->offset); break;
      case 2: s.Read(&out->compressed_page_size); break;
      case 3: s.Read(&out->first_row_index); break;
      default: s.Skip();
    }
  }
  s.Require(1, "offset");
  s.Require(2, "compressed_page_size");
  s.Require(3, "first_row_index");
}

void Read(ThriftReader& reader, OffsetIndex* out) {
  StructReader s(reader, "OffsetIndex");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->page_locations); break;
      case 2: s.Read(&out->unencoded_byte_array_data_bytes); break;
      default: s.Skip();
    }
  }
  s.Require(1, "page_locations");
}

void Read(ThriftReader& reader, ColumnIndex* out) {
  StructReader s(reader, "ColumnIndex");
  while (s.Next()) {
    switch (s.id()) {
      case 1: s.Read(&out->null_pages); break;
      case 2: s.Read(&out->min_values); break;
      case 3: s.Read(&out->max_values); break;
      case 4: s.Read(&out->boundary_order); break;
      case 5: s.Read(&out->null_counts); break;
      case 6: s.Read(&out->repetition_level_histograms); break;
      case 7: s.Read(&out->definition_level_histograms); break;
      case 8: s.Read(&out->nan_counts); break;
      default: s.Skip();
    }
  }
  s.Require(1, "null_pages");
  s.Require(2, "min_values");
  s.Require(3, "max_values");
  s.Require(4, "boundary_order");
}

// --- writing ------------------------------------------------------------------------

namespace {

template <typename T>
void WriteStruct(ThriftWriter& w, int16_t id, const T& value) {
  w.FieldBegin(id, ThriftType::kStruct);
  Write(w, value);
}

template <typename T>
void WriteList(ThriftWriter& w, int16_t id, const std::vector<T>& values) {
  if constexpr (std::is_same_v<T, bool>) {
    w.FieldBegin(id, ThriftType::kList);
    w.ListBegin(ThriftType::kBoolTrue, values.size());
    for (bool v : values) w.WriteBool(v);
  } else if constexpr (std::is_same_v<T, int64_t>) {
    w.FieldBegin(id, ThriftType::kList);
    w.ListBegin(ThriftType::kI64, values.size());
    for (int64_t v : values) w.WriteI64(v);
  } else if constexpr (std::is_same_v<T, int32_t> || std::is_enum_v<T>) {
    w.FieldBegin(id, ThriftType::kList);
    w.ListBegin(ThriftType::kI32, values.size());
    for (T v : values) w.WriteI32(static_cast<int32_t>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.FieldBegin(id, ThriftType::kList);
    w.ListBegin(ThriftType::kBinary, values.size());
    for (const std::string& v : values) w.WriteBinary(v);
  } else {
    w.FieldBegin(id, ThriftType::kList);
    w.ListBegin(ThriftType::kStruct, values.size());
    for (const T& v : values) Write(w, v);
  }
}

// Optional lists are written only when non-empty.
template <typename T>
void WriteListIfAny(ThriftWriter& w, int16_t id, const std::vector<T>& values) {
  if (!values.empty()) WriteList(w, id, values);
}

template <typename E>
void WriteEnum(ThriftWriter& w, int16_t id, E value) {
  w.FieldI32(id, static_cast<int32_t>(value));
}

void WriteTimeUnit(ThriftWriter& w, TimeUnit unit) {
  w.StructBegin();
  w.FieldEmptyStruct(static_cast<int16_t>(static_cast<int>(unit) + 1));
  w.StructEnd();
}

}  // namespace

void Write(ThriftWriter& w, const Statistics& v) {
  w.StructBegin();
  if (v.max) w.FieldBinary(1, *v.max);
  if (v.min) w.FieldBinary(2, *v.min);
  if (v.null_count) w.FieldI64(3, *v.null_count);
  if (v.distinct_count) w.FieldI64(4, *v.distinct_count);
  if (v.max_value) w.FieldBinary(5, *v.max_value);
  if (v.min_value) w.FieldBinary(6, *v.min_value);
  if (v.is_max_value_exact) w.FieldBool(7, *v.is_max_value_exact);
  if (v.is_min_value_exact) w.FieldBool(8, *v.is_min_value_exact);
  if (v.nan_count) w.FieldI64(9, *v.nan_count);
  w.StructEnd();
}

void Write(ThriftWriter& w, const SizeStatistics& v) {
  w.StructBegin();
  if (v.unencoded_byte_array_data_bytes) w.FieldI64(1, *v.unencoded_byte_array_data_bytes);
  WriteListIfAny(w, 2, v.repetition_level_histogram);
  WriteListIfAny(w, 3, v.definition_level_histogram);
  w.StructEnd();
}

void Write(ThriftWriter& w, const LogicalType& v) {
  using Kind = LogicalType::Kind;
  // The union's field id of each Kind, in Kind order.
  static constexpr int16_t kFieldIds[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
  static_assert(std::size(kFieldIds) == static_cast<size_t>(Kind::kUnrecognized));
  w.StructBegin();
  if (v.kind == Kind::kUnrecognized) {
    w.FieldEmptyStruct(v.unrecognized_id);  // only the member's id survives a read
    w.StructEnd();
    return;
  }
  w.FieldBegin(kFieldIds[static_cast<int>(v.kind)], ThriftType::kStruct);
  w.StructBegin();
  switch (v.kind) {
    case Kind::kDecimal:
      w.FieldI32(1, v.scale);
      w.FieldI32(2, v.precision);
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      w.FieldBool(1, v.is_adjusted_to_utc);
      w.FieldBegin(2, ThriftType::kStruct);
      WriteTimeUnit(w, v.unit);
      break;
    case Kind::kInteger:
      w.FieldByte(1, v.bit_width);
      w.FieldBool(2, v.is_signed);
      break;
    case Kind::kVariant:
      if (v.variant_specification_version) w.FieldByte(1, *v.variant_specification_version);
      break;
    case Kind::kGeometry:
    case Kind::kGeography:
      if (v.crs) w.FieldBinary(1, *v.crs);
      if (v.kind == Kind::kGeography && v.edge_interpolation_algorithm) {
        w.FieldI32(2, *v.edge_interpolation_algorithm);
      }
      break;
    default: break;
  }
  w.StructEnd();
  w.StructEnd();
}

void Write(ThriftWriter& w, const SchemaElement& v) {
  w.StructBegin();
  if (v.type) WriteEnum(w, 1, *v.type);
  if (v.type_length) w.FieldI32(2, *v.type_length);
  if (v.repetition_type) WriteEnum(w, 3, *v.repetition_type);
  w.FieldBinary(4, v.name);
  if (v.num_children) w.FieldI32(5, *v.num_children);
  if (v.converted_type) WriteEnum(w, 6, *v.converted_type);
  if (v.scale) w.FieldI32(7, *v.scale);
  if (v.precision) w.FieldI32(8, *v.precision);
  if (v.field_id) w.FieldI32(9, *v.field_id);
  if (v.logical_type) WriteStruct(w, 10, *v.logical_type);
  w.StructEnd();
}

void Write(ThriftWriter& w, const DataPageHeader& v) {
  w.StructBegin();
  w.FieldI32(1, v.num_values);
  WriteEnum(w, 2, v.encoding);
  WriteEnum(w, 3, v.definition_level_encoding);
  WriteEnum(w, 4, v.repetition_level_encoding);
  if (v.statistics) WriteStruct(w, 5, *v.statistics);
  w.StructEnd();
}

void Write(ThriftWriter& w, const IndexPageHeader&) {
  w.StructBegin();
  w.StructEnd();
}

void Write(ThriftWriter& w, const DictionaryPageHeader& v) {
  w.StructBegin();
  w.FieldI32(1, v.num_values);
  WriteEnum(w, 2, v.encoding);
  if (v.is_sorted) w.FieldBool(3, *v.is_sorted);
  w.StructEnd();
}

void Write(ThriftWriter& w, const DataPageHeaderV2& v) {
  w.StructBegin();
  w.FieldI32(1, v.num_values);
  w.FieldI32(2, v.num_nulls);
  w.FieldI32(3, v.num_rows);
  WriteEnum(w, 4, v.encoding);
  w.FieldI32(5, v.definition_levels_byte_length);
  w.FieldI32(6, v.repetition_levels_byte_length);
  if (!v.is_compressed) w.FieldBool(7, false);  // true is the default
  if (v.statistics) WriteStruct(w, 8, *v.statistics);
  w.StructEnd();
}

void Write(ThriftWriter& w, const PageHeader& v) {
  w.StructBegin();
  WriteEnum(w, 1, v.type);
  w.FieldI32(2, v.uncompressed_page_size);
  w.FieldI32(3, v.compressed_page_size);
  if (v.crc) w.FieldI32(4, *v.crc);
  if (v.data_page_header) WriteStruct(w, 5, *v.data_page_header);
  if (v.index_page_header) WriteStruct(w, 6, *v.index_page_header);
  if (v.dictionary_page_header) WriteStruct(w, 7, *v.dictionary_page_header);
  if (v.data_page_header_v2) WriteStruct(w, 8, *v.data_page_header_v2);
  w.StructEnd();
}

void Write(ThriftWriter& w, const KeyValue& v) {
  w.StructBegin();
  w.FieldBinary(1, v.key);
  if (v.value) w.FieldBinary(2, *v.value);
  w.StructEnd();
}

void Write(ThriftWriter& w, const SortingColumn& v) {
  w.StructBegin();
  w.FieldI32(1, v.column_idx);
  w.FieldBool(2, v.descending);
  w.FieldBool(3, v.nulls_first);
  w.StructEnd();
}

void Write(ThriftWriter& w, const PageEncodingStats& v) {
  w.StructBegin();
  WriteEnum(w, 1, v.page_type);
  WriteEnum(w, 2, v.encoding);
  w.FieldI32(3, v.count);
  w.StructEnd();
}

void Write(ThriftWriter& w, const ColumnMetaData& v) {
  w.StructBegin();
  WriteEnum(w, 1, v.type);
  WriteList(w, 2, v.encodings);
  WriteList(w, 3, v.path_in_schema);
  WriteEnum(w, 4, v.codec);
  w.FieldI64(5, v.num_values);
  w.FieldI64(6, v.total_uncompressed_size);
  w.FieldI64(7, v.total_compressed_size);
  WriteListIfAny(w, 8, v.key_value_metadata);
  w.FieldI64(9, v.data_page_offset);
  if (v.index_page_offset) w.FieldI64(10, *v.index_page_offset);
  if (v.dictionary_page_offset) w.FieldI64(11, *v.dictionary_page_offset);
  if (v.statistics) WriteStruct(w, 12, *v.statistics);
  WriteListIfAny(w, 13, v.encoding_stats);
  if (v.bloom_filter_offset) w.FieldI64(14, *v.bloom_filter_offset);
  if (v.bloom_filter_length) w.FieldI32(15, *v.bloom_filter_length);
  if (v.size_statistics) WriteStruct(w, 16, *v.size_statistics);
  w.StructEnd();
}

void Write(ThriftWriter& w, const ColumnChunk& v) {
  w.StructBegin();
  if (v.file_path) w.FieldBinary(1, *v.file_path);
  w.FieldI64(2, v.file_offset);
  if (v.meta_data) WriteStruct(w, 3, *v.meta_data);
  if (v.offset_index_offset) w.FieldI64(4, *v.offset_index_offset);
  if (v.offset_index_length) w.FieldI32(5, *v.offset_index_length);
  if (v.column_index_offset) w.FieldI64(6, *v.column_index_offset);
  if (v.column_index_length) w.FieldI32(7, *v.column_index_length);
  w.StructEnd();
}

void Write(ThriftWriter& w, const RowGroup& v) {
  w.StructBegin();
  WriteList(w, 1, v.columns);
  w.FieldI64(2, v.total_byte_size);
  w.FieldI64(3, v.num_rows);
  WriteListIfAny(w, 4, v.sorting_columns);
  if (v.file_offset) w.FieldI64(5, *v.file_offset);
  if (v.total_compressed_size) w.FieldI64(6, *v.total_compressed_size);
  if (v.ordinal) w.FieldI16(7, *v.ordinal);
  w.StructEnd();
}

void Write(ThriftWriter& w, const ColumnOrder& v) {
  w.StructBegin();
  switch (v.kind) {
    case ColumnOrder::Kind::kTypeDefinedOrder: w.FieldEmptyStruct(1); break;
    case ColumnOrder::Kind::kIeee754TotalOrder: w.FieldEmptyStruct(2); break;
    case ColumnOrder::Kind::kInt96TimestampOrder: w.FieldEmptyStruct(3); break;
    case ColumnOrder::Kind::kUnrecognized: break;
  }
  w.StructEnd();
}

void Write(ThriftWriter& w, const FileMetaData& v) {
  w.StructBegin();
  w.FieldI32(1, v.version);
  WriteList(w, 2, v.schema);
  w.FieldI64(3, v.num_rows);
  WriteList(w, 4, v.row_groups);
  WriteListIfAny(w, 5, v.key_value_metadata);
  if (v.created_by) w.FieldBinary(6, *v.created_by);
  WriteListIfAny(w, 7, v.column_orders);
  w.StructEnd();
}

void Write(ThriftWriter& w, const PageLocation& v) {
  w.StructBegin();
  w.FieldI64(1, v.offset);
  w.FieldI32(2, v.compressed_page_size);
  w.FieldI64(3, v.first_row_index);
  w.StructEnd();
}

void Write(ThriftWriter& w, const OffsetIndex& v) {
  w.StructBegin();
  WriteList(w, 1, v.page_locations);
  WriteListIfAny(w, 2, v.unencoded_byte_array_data_bytes);
  w.StructEnd();
}

void Write(ThriftWriter& w, const ColumnIndex& v) {
  w.StructBegin();
  WriteList(w, 1, v.null_pages);
  WriteList(w, 2, v.min_values);
  WriteList(w, 3, v.max_values);
  WriteEnum(w, 4, v.boundary_order);
  WriteListIfAny(w, 5, v.null_counts);
  WriteListIfAny(w, 6, v.repetition_level_histograms);
  WriteListIfAny(w, 7, v.definition_level_histograms);
  WriteListIfAny(w, 8, v.nan_counts);
  w.StructEnd();
}

// --- entry points -------------------------------------------------------------------

namespace {

template <typename T>
T ParseWhole(const uint8_t* data, size_t size, std::string_view path) {
  ThriftReader reader(data, size, path);
  T value;
  Read(reader, &value);
  return value;
}

template <typename T>
std::string SerializeStruct(const T& value) {
  std::string out;
  ThriftWriter writer(&out);
  Write(writer, value);
  return out;
}

}  // namespace

PageHeader ParsePageHeader(const uint8_t* data, size_t size, size_t* header_len, std::string_view path) {
  ThriftReader reader(data, size, path);
  PageHeader header;
  Read(reader, &header);
  *header_len = reader.position();
  return header;
}

FileMetaData ParseFileMetaData(const uint8_t* data, size_t size, std::string_view path) {
  return ParseWhole<FileMetaData>(data, size, path);
}

ColumnIndex ParseColumnIndex(const uint8_t* data, size_t size, std::string_view path) {
  return ParseWhole<ColumnIndex>(data, size, path);
}

OffsetIndex ParseOffsetIndex(const uint8_t* data, size_t size, std::string_view path) {
  return ParseWhole<OffsetIndex>(data, size, path);
}

std::string Serialize(const FileMetaData& value) { return SerializeStruct(value); }
std::string Serialize(const PageHeader& value) { return SerializeStruct(value); }
std::string Serialize(const ColumnIndex& value) { return SerializeStruct(value); }
std::string Serialize(const OffsetIndex& value) { return SerializeStruct(value); }

}  // namespace tarn::parquet
