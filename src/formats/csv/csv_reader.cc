#include "formats/csv/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>
#include <string_view>

#include "common/check.h"
#include "common/error.h"
#include "common/strings.h"
#include "formats/files/block_reader.h"
#include "types/coercion.h"
#include "types/decimal.h"

namespace tarn {
namespace {

constexpr const char* kSource = "csv";

bool IsCsvReadableType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kNull:
      return true;
    default:
      return false;
  }
}

// --- tokenizer -----------------------------------------------------------------

struct CsvField {
  size_t offset;  // into CsvRecord::values
  size_t size;
  bool quoted;
};

// One record: its field values (unescaped) and its raw text. `raw` points into
// the tokenizer's buffer and is valid until the next Next().
struct CsvRecord {
  std::vector<CsvField> fields;
  std::string values;
  std::string_view raw;
  int64_t line = 0;  // 1-based line where the record starts
  bool too_many_columns = false;
  bool field_too_long = false;

  std::string_view Value(size_t i) const { return std::string_view(values).substr(fields[i].offset, fields[i].size); }
};

struct CsvTokenizerOptions {
  char delimiter = ',';
  char quote = '"';
  char escape = '\\';
  char comment = '\0';
  bool multi_line = false;
  bool ignore_leading_white_space = false;
  bool ignore_trailing_white_space = false;
  std::string line_sep;
  size_t max_columns = 20480;
  int64_t max_chars_per_column = -1;
  size_t read_block_size = 1 << 20;
  size_t max_record_bytes = 256u << 20;
};

// Splits a file into records and fields, reading it block by block.
class CsvTokenizer {
 public:
  CsvTokenizer(std::unique_ptr<RandomAccessFile> file, CsvTokenizerOptions options)
      : reader_(std::move(file)), options_(std::move(options)) {}

  const std::string& path() const { return reader_.path(); }

  // The next non-empty, non-comment record; false at the end of the file.
  bool Next(CsvRecord* record) {
    while (true) {
      if (pos_ >= buffer_.size()) {
        if (!Fill()) return false;
        continue;
      }
      size_t next = 0;
      Outcome outcome = TryRecord(record, &next);
      if (outcome == Outcome::kNeedMore) {
        if (!Fill()) TARN_CHECK(false, "tokenizer needs more input at the end of the file");
        continue;
      }
      CountLines(pos_, next);
      pos_ = next;
      if (outcome == Outcome::kRecord) return true;
    }
  }

 private:
  enum class Outcome { kRecord, kSkip, kNeedMore };
  static constexpr size_t kNeedMoreInput = std::numeric_limits<size_t>::max();

  // Reads more input, first dropping consumed bytes; false at the end of the file.
  bool Fill() {
    if (reader_.at_end()) {
      eof_ = true;
      return false;
    }
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    if (buffer_.size() > options_.max_record_bytes) {
      ThrowError(ErrorClass::kFileReadError,
                 {{"path", reader_.path()},
                  {"message", "A CSV record near line " + std::to_string(line_) + " is longer than " +
                                  std::to_string(options_.max_record_bytes) + " bytes."}});
    }
    // Doubling keeps re-tokenizing a long record linear overall.
    reader_.ReadMore(&buffer_, std::max(options_.read_block_size, buffer_.size()));
    if (first_block_) {
      first_block_ = false;
      if (buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    }
    eof_ = reader_.at_end();
    return true;
  }

  void CountLines(size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      char c = buffer_[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= buffer_.size() || buffer_[i + 1] != '\n'))) ++line_;
    }
  }

  // Length of the line terminator at `p` (0 if none, kNeedMoreInput when the
  // buffer ends inside a possible one).
  size_t TerminatorAt(size_t p) const {
    const std::string& sep = options_.line_sep;
    if (sep.empty()) {
      char c = buffer_[p];
      if (c == '\n') return 1;
      if (c != '\r') return 0;
      if (p + 1 < buffer_.size()) return buffer_[p + 1] == '\n' ? 2 : 1;
      return eof_ ? 1 : kNeedMoreInput;
    }
    for (size_t k = 0; k < sep.size(); ++k) {
      if (p + k >= buffer_.size()) return eof_ ? 0 : kNeedMoreInput;
      if (buffer_[p + k] != sep[k]) return 0;
    }
    return sep.size();
  }

  static bool IsWhite(char c) { return static_cast<unsigned char>(c) <= ' ' && c != '\n' && c != '\r'; }

  void AddField(CsvRecord* record, size_t offset, bool quoted) {
    size_t size = record->values.size() - offset;
    if (options_.max_chars_per_column >= 0 && size > static_cast<uint64_t>(options_.max_chars_per_column)) {
      record->field_too_long = true;
    }
    if (record->fields.size() >= options_.max_columns) {
      record->too_many_columns = true;
      record->values.resize(offset);
      return;
    }
    record->fields.push_back(CsvField{offset, size, quoted});
  }

  Outcome TryRecord(CsvRecord* record, size_t* next) {
    const size_t start = pos_;
    const size_t end = buffer_.size();
    record->fields.clear();
    record->values.clear();
    record->too_many_columns = false;
    record->field_too_long = false;
    record->line = line_;
    // Comment lines are skipped whole, quotes and all.
    if (options_.comment != '\0' && buffer_[start] == options_.comment) {
      for (size_t p = start; p < end; ++p) {
        size_t t = TerminatorAt(p);
        if (t == kNeedMoreInput) return Outcome::kNeedMore;
        if (t > 0) {
          *next = p + t;
          return Outcome::kSkip;
        }
      }
      if (!eof_) return Outcome::kNeedMore;
      *next = end;
      return Outcome::kSkip;
    }
    const char delimiter = options_.delimiter;
    const char quote = options_.quote;
    const char escape = options_.escape;
    size_t p = start;
    size_t terminator = 0;
    while (true) {  // one field per iteration
      size_t offset = record->values.size();
      size_t q = p;
      if (options_.ignore_leading_white_space) {
        while (q < end && IsWhite(buffer_[q]) && buffer_[q] != delimiter) ++q;
      }
      bool quoted = quote != '\0' && q < end && buffer_[q] == quote;
      if (quoted) {
        p = q + 1;
        while (true) {
          if (p >= end) {
            if (!eof_) return Outcome::kNeedMore;
            break;  // unclosed quote at the end of the file: the value runs to the end
          }
          char c = buffer_[p];
          if ((c == escape && escape != quote && escape != '\0') || c == quote) {
            if (p + 1 >= end && !eof_) return Outcome::kNeedMore;
            if (p + 1 < end && buffer_[p + 1] == quote) {  // \" or ""
              record->values += quote;
              p += 2;
              continue;
            }
            if (c == quote) {
              ++p;
              break;
            }
          }
          if (!options_.multi_line) {  // a line is a record, even inside quotes
            size_t t = TerminatorAt(p);
            if (t == kNeedMoreInput) return Outcome::kNeedMore;
            if (t > 0) break;
          }
          record->values += c;
          ++p;
        }
        // Text after the closing quote (up to the delimiter) is kept as it is.
        size_t tail = p;
        while (p < end && buffer_[p] != delimiter) {
          size_t t = TerminatorAt(p);
          if (t == kNeedMoreInput) return Outcome::kNeedMore;
          if (t > 0) break;
          ++p;
        }
        if (p >= end && !eof_) return Outcome::kNeedMore;
        std::string_view after(buffer_.data() + tail, p - tail);
        if (options_.ignore_trailing_white_space) {
          while (!after.empty() && IsWhite(after.back())) after.remove_suffix(1);
        }
        record->values.append(after);
      } else {
        if (!options_.ignore_leading_white_space) q = p;
        p = q;
        while (p < end && buffer_[p] != delimiter) {
          size_t t = TerminatorAt(p);
          if (t == kNeedMoreInput) return Outcome::kNeedMore;
          if (t > 0) break;
          ++p;
        }
        if (p >= end && !eof_) return Outcome::kNeedMore;
        std::string_view value(buffer_.data() + q, p - q);
        if (options_.ignore_trailing_white_space) {
          while (!value.empty() && IsWhite(value.back())) value.remove_suffix(1);
        }
        record->values.append(value);
      }
      AddField(record, offset, quoted);
      if (p >= end) {  // end of file
        *next = end;
        terminator = 0;
        break;
      }
      if (buffer_[p] == delimiter) {
        ++p;
        continue;
      }
      size_t t = TerminatorAt(p);
      if (t == kNeedMoreInput) return Outcome::kNeedMore;
      *next = p + t;
      terminator = t;
      break;
    }
    size_t raw_end = *next - terminator;
    record->raw = std::string_view(buffer_.data() + start, raw_end - start);
    if (raw_end - start > options_.max_record_bytes) {
      ThrowError(ErrorClass::kFileReadError,
                 {{"path", reader_.path()},
                  {"message", "A CSV record at line " + std::to_string(line_) + " is longer than " +
                                  std::to_string(options_.max_record_bytes) + " bytes."}});
    }
    bool blank = std::all_of(record->raw.begin(), record->raw.end(),
                             [](char c) { return static_cast<unsigned char>(c) <= ' '; });
    return blank ? Outcome::kSkip : Outcome::kRecord;
  }

  BlockReader reader_;
  CsvTokenizerOptions options_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool first_block_ = true;
  int64_t line_ = 1;
};

// --- schema inference (CSVInferSchema) ------------------------------------

class CsvTypeInferrer {
 public:
  CsvTypeInferrer(const CsvReadOptions& options, const DateTimeParser& datetime)
      : options_(options), datetime_(datetime) {}

  DataType InferField(const DataType& so_far, std::string_view field) const {
    if (field.empty() || field == options_.null_value) return so_far;
    DataType found;
    switch (so_far.id()) {
      case TypeId::kNull:
      case TypeId::kInt: found = TryInteger(field); break;
      case TypeId::kLong: found = TryLong(field); break;
      case TypeId::kDecimal: found = TryDecimal(field); break;
      case TypeId::kDouble: found = TryDouble(field); break;
      case TypeId::kDate: found = TryDate(field); break;
      case TypeId::kTimestamp: found = TryTimestamp(field); break;
      case TypeId::kBoolean: found = TryBoolean(field); break;
      default: return DataType::String();
    }
    return Compatible(so_far, found);
  }

  // CSVInferSchema.compatibleType (findTightestCommonType, then the CSV rules).
  static DataType Compatible(const DataType& a, const DataType& b) {
    if (a == b) return a;
    if (a.id() == TypeId::kNull) return b;
    if (b.id() == TypeId::kNull) return a;
    if (a.id() == TypeId::kString || b.id() == TypeId::kString) return DataType::String();
    auto rank = [](const DataType& t) {
      switch (t.id()) {
        case TypeId::kInt: return 1;
        case TypeId::kLong: return 2;
        case TypeId::kDouble: return 3;
        default: return 0;
      }
    };
    if (rank(a) && rank(b)) return rank(a) > rank(b) ? a : b;
    bool a_dec = a.id() == TypeId::kDecimal, b_dec = b.id() == TypeId::kDecimal;
    if ((a_dec && b.id() == TypeId::kDouble) || (b_dec && a.id() == TypeId::kDouble)) return DataType::Double();
    if ((a_dec || a.is_integral()) && (b_dec || b.is_integral())) {
      DataType x = DecimalForIntegral(a), y = DecimalForIntegral(b);
      int scale = std::max(x.scale(), y.scale());
      int range = std::max(x.precision() - x.scale(), y.precision() - y.scale());
      if (range + scale > kMaxDecimalPrecision) return DataType::Double();
      return DataType::Decimal(range + scale, scale);
    }
    if ((a.id() == TypeId::kDate && b.id() == TypeId::kTimestamp) ||
        (a.id() == TypeId::kTimestamp && b.id() == TypeId::kDate)) {
      return DataType::Timestamp();
    }
    return DataType::String();
  }

 private:
  DataType TryInteger(std::string_view f) const {
    auto v = ParseJavaLong(f);
    if (v && *v >= INT32_MIN && *v <= INT32_MAX) return DataType::Int();
    return TryLong(f);
  }
  DataType TryLong(std::string_view f) const { return ParseJavaLong(f) ? DataType::Long() : TryDecimal(f); }
  DataType TryDecimal(std::string_view f) const {
    // java.math.BigDecimal of the text with ',' removed; only scale-0 values
    // (no fraction, no exponent) with at most 38 digits become decimals.
    std::string text;
    for (char c : f) {
      if (c != ',') text += c;
    }
    size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
    bool digits_only = i < text.size() && std::all_of(text.begin() + i, text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits_only) {
      size_t first = i;
      while (first + 1 < text.size() && text[first] == '0') ++first;
      size_t precision = text.size() - first;
      if (precision <= static_cast<size_t>(kMaxDecimalPrecision)) return DataType::Decimal(static_cast<int>(precision), 0);
    }
    return TryDouble(f);
  }
  DataType TryDouble(std::string_view f) const {
    if (ParseJavaDouble(f) || f == options_.nan_value || f == options_.positive_inf || f == options_.negative_inf) {
      return DataType::Double();
    }
    return options_.prefer_date ? TryDate(f) : TryTimestamp(f);
  }
  DataType TryDate(std::string_view f) const {
    if (options_.prefer_date && datetime_.ParseDateStrict(f)) return DataType::Date();
    return TryTimestamp(f);
  }
  DataType TryTimestamp(std::string_view f) const {
    return datetime_.ParseTimestamp(f) ? DataType::Timestamp() : TryBoolean(f);
  }
  DataType TryBoolean(std::string_view f) const {
    return ParseJavaBoolean(f) ? DataType::Boolean() : DataType::String();
  }

  const CsvReadOptions& options_;
  const DateTimeParser& datetime_;
};

// Spark's CSVDataSource.makeSafeHeader.
std::vector<std::string> MakeSafeHeader(const std::vector<std::string>& row, const CsvReadOptions& options) {
  std::vector<std::string> keys;
  for (const std::string& name : row) keys.push_back(options.case_sensitive ? name : AsciiLower(name));
  std::multiset<std::string> counts(keys.begin(), keys.end());
  std::vector<std::string> names;
  for (size_t i = 0; i < row.size(); ++i) {
    const std::string& value = row[i];
    if (value.empty() || value == options.null_value) {
      names.push_back("_c" + std::to_string(i));
    } else if (counts.count(keys[i]) > 1) {
      names.push_back(value + std::to_string(i));
    } else {
      names.push_back(value);
    }
  }
  return names;
}

uint64_t SampleHash(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

bool Sampled(uint64_t index, double ratio) {
  if (ratio >= 1.0 || index == 0) return true;
  return static_cast<double>(SampleHash(index) >> 11) * 0x1.0p-53 < ratio;
}

void ValidateOptions(const CsvReadOptions& options) {
  if (!EqualsIgnoreCase(options.encoding, "UTF-8") && !EqualsIgnoreCase(options.encoding, "UTF8")) {
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "CSV encoding '" + options.encoding + "' (only UTF-8)"}});
  }
  if (options.line_sep.size() > 2) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "`lineSep`"}, {"function", kSource}, {"message", "at most 2 characters"}});
  }
  if (!(options.sampling_ratio > 0.0) || options.sampling_ratio > 1.0) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "`samplingRatio`"}, {"function", kSource}, {"message", "must be in (0, 1]"}});
  }
  if (options.max_columns <= 0 || options.batch_size == 0 || options.read_block_size == 0) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "`maxColumns`"}, {"function", kSource}, {"message", "must be positive"}});
  }
}

CsvTokenizerOptions TokenizerOptions(const CsvReadOptions& options) {
  CsvTokenizerOptions t;
  t.delimiter = options.delimiter;
  t.quote = options.quote;
  t.escape = options.escape;
  t.comment = options.comment;
  t.multi_line = options.multi_line;
  t.ignore_leading_white_space = options.ignore_leading_white_space;
  t.ignore_trailing_white_space = options.ignore_trailing_white_space;
  t.line_sep = options.line_sep;
  t.max_columns = static_cast<size_t>(options.max_columns);
  t.max_chars_per_column = options.max_chars_per_column;
  t.read_block_size = options.read_block_size;
  t.max_record_bytes = options.max_record_bytes;
  return t;
}

// The field value as read (quoted empty → emptyValue).
std::string_view FieldText(const CsvRecord& record, size_t i, const CsvReadOptions& options) {
  const CsvField& field = record.fields[i];
  if (field.quoted && field.size == 0) return options.empty_value;
  return record.Value(i);
}

}  // namespace

CsvReadOptions ParseCsvReadOptions(const std::vector<std::pair<std::string, std::string>>& pairs) {
  CsvReadOptions options;
  auto one_char = [](const std::string& key, const std::string& value) -> char {
    if (value.empty()) return '\0';
    if (value == "\\t") return '\t';
    if (value.size() == 2 && value[0] == '\\') {
      if (value[1] == 't') return '\t';
      if (value[1] == '\\') return '\\';
    }
    if (value.size() != 1) {
      ThrowError(ErrorClass::kInvalidParameterValue,
                 {{"parameter", "`" + key + "`"}, {"function", kSource}, {"message", "'" + value + "': one character expected"}});
    }
    return value[0];
  };
  for (const auto& [raw_key, value] : pairs) {
    std::string key = AsciiLower(raw_key);
    if (key == "header") options.header = ParseBoolOption(raw_key, value, kSource);
    else if (key == "sep" || key == "delimiter") {
      char c = one_char(raw_key, value);
      if (c == '\0') {
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`" + raw_key + "`"}, {"function", kSource}, {"message", "Delimiter cannot be empty string"}});
      }
      options.delimiter = c;
    } else if (key == "quote") options.quote = one_char(raw_key, value);
    else if (key == "escape") options.escape = one_char(raw_key, value);
    else if (key == "comment") options.comment = one_char(raw_key, value);
    else if (key == "nullvalue") options.null_value = value;
    else if (key == "emptyvalue") options.empty_value = value;
    else if (key == "nanvalue") options.nan_value = value;
    else if (key == "positiveinf") options.positive_inf = value;
    else if (key == "negativeinf") options.negative_inf = value;
    else if (key == "dateformat") options.date_format = value;
    else if (key == "timestampformat") options.timestamp_format = value;
    else if (key == "timestampntzformat") options.timestamp_ntz_format = value;
    else if (key == "inferschema") options.infer_schema = ParseBoolOption(raw_key, value, kSource);
    else if (key == "preferdate") options.prefer_date = ParseBoolOption(raw_key, value, kSource);
    else if (key == "samplingratio") {
      auto ratio = ParseJavaDouble(value);
      if (!ratio) {
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`samplingRatio`"}, {"function", kSource}, {"message", "'" + value + "' is not a number"}});
      }
      options.sampling_ratio = *ratio;
    } else if (key == "mode") options.mode = ParseModeFromString(value, kSource);
    else if (key == "columnnameofcorruptrecord") options.column_name_of_corrupt_record = value;
    else if (key == "rescueddatacolumn") options.rescued_data_column = value;
    else if (key == "multiline") options.multi_line = ParseBoolOption(raw_key, value, kSource);
    else if (key == "ignoreleadingwhitespace") options.ignore_leading_white_space = ParseBoolOption(raw_key, value, kSource);
    else if (key == "ignoretrailingwhitespace") options.ignore_trailing_white_space = ParseBoolOption(raw_key, value, kSource);
    else if (key == "linesep") options.line_sep = value;
    else if (key == "encoding" || key == "charset") options.encoding = value;
    else if (key == "enforceschema") options.enforce_schema = ParseBoolOption(raw_key, value, kSource);
    else if (key == "maxcolumns") options.max_columns = static_cast<int>(std::clamp<int64_t>(ParseIntOption(raw_key, value, kSource), -1, 1 << 30));
    else if (key == "maxcharspercolumn") options.max_chars_per_column = ParseIntOption(raw_key, value, kSource);
    // Other Spark options (locale, unescapedQuoteHandling, ...) are accepted and ignored, as Spark ignores unknown ones.
  }
  ValidateOptions(options);
  DateTimeParser check(options.date_format, options.timestamp_format, options.timestamp_ntz_format);
  (void)check;
  return options;
}

Schema InferCsvSchema(FileSystem& fs, const std::vector<std::string>& paths, const CsvReadOptions& options) {
  ValidateOptions(options);
  DateTimeParser datetime(options.date_format, options.timestamp_format, options.timestamp_ntz_format);
  CsvTypeInferrer inferrer(options, datetime);
  std::optional<std::vector<std::string>> first_row;
  std::vector<DataType> types;
  uint64_t index = 0;
  CsvTokenizerOptions tokenizer_options = TokenizerOptions(options);
  for (const std::string& path : paths) {
    CsvTokenizer tokenizer(OpenInputFile(fs, path), tokenizer_options);
    CsvRecord record;
    bool first_in_file = true;
    while (tokenizer.Next(&record)) {
      if (first_in_file && options.header) {
        first_in_file = false;
        if (!first_row) {
          first_row.emplace();
          for (size_t i = 0; i < record.fields.size(); ++i) first_row->emplace_back(FieldText(record, i, options));
          types.assign(first_row->size(), DataType::Null());
        }
        continue;
      }
      first_in_file = false;
      if (!first_row) {
        first_row.emplace();
        for (size_t i = 0; i < record.fields.size(); ++i) first_row->emplace_back(FieldText(record, i, options));
        types.assign(first_row->size(), DataType::Null());
      }
      if (!options.infer_schema) break;
      if (!Sampled(index++, options.sampling_ratio)) continue;
      size_t n = std::min(types.size(), record.fields.size());
      for (size_t i = 0; i < n; ++i) types[i] = inferrer.InferField(types[i], FieldText(record, i, options));
    }
    if (!options.infer_schema && first_row) break;
  }
  Schema schema;
  if (!first_row) return schema;
  std::vector<std::string> names;
  if (options.header) {
    names = MakeSafeHeader(*first_row, options);
  } else {
    for (size_t i = 0; i < first_row->size(); ++i) names.push_back("_c" + std::to_string(i));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    DataType type = DataType::String();
    if (options.infer_schema && types[i].id() != TypeId::kNull) type = types[i];
    schema.push_back(Field{names[i], type, true, ""});
  }
  if (!options.rescued_data_column.empty()) AddRescuedDataColumn(&schema, options.rescued_data_column, kSource);
  return schema;
}

// --- reading -----------------------------------------------------------------

class CsvReader::Impl {
 public:
  Impl(std::unique_ptr<RandomAccessFile> file, CsvReadOptions options, Schema schema)
      : options_(std::move(options)),
        datetime_(options_.date_format, options_.timestamp_format, options_.timestamp_ntz_format),
        schema_(std::move(schema)),
        path_(file->path()),
        tokenizer_(std::move(file), TokenizerOptions(options_)) {
    corrupt_column_ =
        ReaderStringColumn(schema_, options_.column_name_of_corrupt_record, "columnNameOfCorruptRecord", kSource);
    rescued_column_ = ReaderStringColumn(schema_, options_.rescued_data_column, "rescuedDataColumn", kSource);
    for (size_t i = 0; i < schema_.size(); ++i) {
      const Field& field = schema_[i];
      if (static_cast<int>(i) == corrupt_column_ || static_cast<int>(i) == rescued_column_) continue;
      if (!IsCsvReadableType(field.type)) {
        ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", field.type.ToSql() + " (in the CSV data source)"}});
      }
      data_columns_.push_back(i);
    }
  }

  const Schema& schema() const { return schema_; }

  bool Next(Batch* batch) {
    if (done_) return false;
    std::vector<VectorPtr> columns;
    for (const Field& field : schema_) {
      VectorPtr v = Vector::Make(field.type, 0);
      v->Reserve(std::min<size_t>(options_.batch_size, 4096));
      columns.push_back(std::move(v));
    }
    size_t rows = 0;
    CsvRecord record;
    while (rows < options_.batch_size) {
      if (!tokenizer_.Next(&record)) {
        done_ = true;
        break;
      }
      if (options_.header && !header_skipped_) {
        header_skipped_ = true;
        if (!options_.enforce_schema) CheckHeader(record);
        // Rescued fields beyond the schema are named after their header.
        for (size_t i = 0; i < record.fields.size(); ++i) header_names_.emplace_back(record.Value(i));
        continue;
      }
      if (AppendRecord(record, columns, rows)) ++rows;
    }
    if (rows == 0 && done_) return false;
    *batch = Batch(schema_, std::move(columns), rows);
    return true;
  }

 private:
  // enforceSchema=false: the header must name the schema's columns (Spark's CSVHeaderChecker).
  void CheckHeader(const CsvRecord& record) {
    std::string header, expected;
    for (size_t i = 0; i < record.fields.size(); ++i) header += (i ? ", " : "") + std::string(record.Value(i));
    for (size_t i = 0; i < data_columns_.size(); ++i) expected += (i ? ", " : "") + schema_[data_columns_[i]].name;
    std::string problem;
    if (record.fields.size() != data_columns_.size()) {
      problem = "Number of column in CSV header is not equal to number of fields in the schema: Header length: " +
                std::to_string(record.fields.size()) + ", schema size: " + std::to_string(data_columns_.size());
    } else {
      for (size_t i = 0; i < data_columns_.size() && problem.empty(); ++i) {
        const std::string& name = schema_[data_columns_[i]].name;
        std::string_view found = record.Value(i);
        bool same = options_.case_sensitive ? found == name : EqualsIgnoreCase(found, name);
        if (!same) problem = "Expected: " + name + " but found: " + std::string(found);
      }
    }
    if (problem.empty()) return;
    ThrowError(ErrorClass::kFileReadError,
               {{"path", path_},
                {"message", "CSV header does not conform to the schema. Header: " + header + ", Schema: " + expected +
                                ". " + problem + "."}});
  }

  // Writes the record at row `row`; false when the row is dropped.
  bool AppendRecord(const CsvRecord& record, std::vector<VectorPtr>& columns, size_t row) {
    for (VectorPtr& v : columns) v->Resize(row + 1);
    const bool rescuing = rescued_column_ >= 0;
    // Rescuing, a short record is NULLs and extra fields are rescued, not malformed.
    bool malformed = record.too_many_columns || record.field_too_long ||
                     (!rescuing && record.fields.size() != data_columns_.size());
    rescued_.Clear();
    for (size_t c = 0; c < data_columns_.size(); ++c) {
      Vector& vector = *columns[data_columns_[c]];
      if (c >= record.fields.size() || record.too_many_columns) {
        vector.SetNull(row);
        continue;
      }
      std::string_view text = FieldText(record, c, options_);
      if (text == options_.null_value) {
        vector.SetNull(row);
        continue;
      }
      if (!Convert(text, vector, row)) {
        vector.SetNull(row);
        if (rescuing) {
          rescued_.AddText(schema_[data_columns_[c]].name, text);
        } else {
          malformed = true;
        }
      }
    }
    if (corrupt_column_ >= 0) columns[corrupt_column_]->SetNull(row);
    if (rescuing) {
      if (!record.too_many_columns) {
        for (size_t i = data_columns_.size(); i < record.fields.size(); ++i) {
          std::string name = i < header_names_.size() ? header_names_[i] : "_c" + std::to_string(i);
          rescued_.AddText(name, FieldText(record, i, options_));
        }
      }
      Vector& rescued = *columns[rescued_column_];
      if (rescued_.empty()) {
        rescued.SetNull(row);
      } else {
        rescued.SetNull(row, false);
        rescued.SetString(row, rescued_.Finish(path_));
      }
    }
    if (!malformed) return true;
    switch (options_.mode) {
      case ParseMode::kFailFast:
        ThrowError(ErrorClass::kMalformedRecord,
                   {{"badRecord", std::string(record.raw.substr(0, 1000))}, {"path", path_}, {"line", std::to_string(record.line)}});
      case ParseMode::kDropMalformed:
        for (VectorPtr& v : columns) v->Resize(row);
        return false;
      case ParseMode::kPermissive:
        if (corrupt_column_ >= 0) {
          columns[corrupt_column_]->SetNull(row, false);
          columns[corrupt_column_]->SetString(row, record.raw);
        }
        return true;
    }
    return true;
  }

  bool Convert(std::string_view text, Vector& v, size_t row) {
    const DataType& type = v.type();
    switch (type.id()) {
      case TypeId::kNull: return true;
      case TypeId::kString:
      case TypeId::kBinary: v.SetString(row, text); return true;
      case TypeId::kBoolean: {
        auto b = ParseJavaBoolean(text);
        if (!b) return false;
        v.values<uint8_t>()[row] = *b;
        return true;
      }
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kLong: {
        auto n = ParseJavaLong(text);
        if (!n) return false;
        switch (type.id()) {
          case TypeId::kByte:
            if (*n < INT8_MIN || *n > INT8_MAX) return false;
            v.values<int8_t>()[row] = static_cast<int8_t>(*n);
            return true;
          case TypeId::kShort:
            if (*n < INT16_MIN || *n > INT16_MAX) return false;
            v.values<int16_t>()[row] = static_cast<int16_t>(*n);
            return true;
          case TypeId::kInt:
            if (*n < INT32_MIN || *n > INT32_MAX) return false;
            v.values<int32_t>()[row] = static_cast<int32_t>(*n);
            return true;
          default:
            v.values<int64_t>()[row] = *n;
            return true;
        }
      }
      case TypeId::kFloat:
      case TypeId::kDouble: {
        double value;
        if (text == options_.nan_value) value = std::numeric_limits<double>::quiet_NaN();
        else if (text == options_.positive_inf) value = std::numeric_limits<double>::infinity();
        else if (text == options_.negative_inf) value = -std::numeric_limits<double>::infinity();
        else if (type.id() == TypeId::kFloat) {
          auto f = ParseJavaFloat(text);
          if (!f) return false;
          v.values<float>()[row] = *f;
          return true;
        } else {
          auto d = ParseJavaDouble(text);
          if (!d) return false;
          value = *d;
        }
        if (type.id() == TypeId::kFloat) v.values<float>()[row] = static_cast<float>(value);
        else v.values<double>()[row] = value;
        return true;
      }
      case TypeId::kDecimal: {
        std::string cleaned;
        for (char c : text) {
          if (c != ',') cleaned += c;
        }
        auto d = ParseDecimal(cleaned, type.precision(), type.scale());
        if (!d) return false;
        if (type.precision() <= kMaxInt64DecimalPrecision) v.values<int64_t>()[row] = static_cast<int64_t>(*d);
        else v.values<int128_t>()[row] = *d;
        return true;
      }
      case TypeId::kDate: {
        auto d = datetime_.ParseDate(text);
        if (!d) return false;
        v.values<int32_t>()[row] = *d;
        return true;
      }
      case TypeId::kTimestamp: {
        auto t = datetime_.ParseTimestamp(text);
        if (!t) return false;
        v.values<int64_t>()[row] = *t;
        return true;
      }
      case TypeId::kTimestampNtz: {
        auto t = datetime_.ParseTimestampNtz(text);
        if (!t) return false;
        v.values<int64_t>()[row] = *t;
        return true;
      }
      default:
        return false;
    }
  }

  CsvReadOptions options_;
  DateTimeParser datetime_;
  Schema schema_;
  std::string path_;
  CsvTokenizer tokenizer_;
  std::vector<size_t> data_columns_;
  int corrupt_column_ = -1;
  int rescued_column_ = -1;
  RescuedData rescued_;
  std::vector<std::string> header_names_;
  bool header_skipped_ = false;
  bool done_ = false;
};

CsvReader::CsvReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvReader::~CsvReader() = default;

std::unique_ptr<CsvReader> CsvReader::Open(FileSystem& fs, const std::string& path, CsvReadOptions options,
                                           std::optional<Schema> schema) {
  ValidateOptions(options);
  if (!schema) schema = InferCsvSchema(fs, {path}, options);
  auto impl = std::make_unique<Impl>(OpenInputFile(fs, path), std::move(options), std::move(*schema));
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
}

const Schema& CsvReader::schema() const { return impl_->schema(); }
bool CsvReader::Next(Batch* batch) { return impl_->Next(batch); }

std::vector<Batch> ReadCsvFiles(FileSystem& fs, const std::vector<std::string>& paths, const CsvReadOptions& options,
                                std::optional<Schema> schema) {
  if (!schema) schema = InferCsvSchema(fs, paths, options);
  std::vector<Batch> batches;
  for (const std::string& path : paths) {
    auto reader = CsvReader::Open(fs, path, options, schema);
    Batch batch;
    while (reader->Next(&batch)) batches.push_back(std::move(batch));
  }
  return batches;
}

}  // namespace tarn
