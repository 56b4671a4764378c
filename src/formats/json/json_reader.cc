#include "formats/json/json_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string_view>

#include "common/check.h"
#include "common/error.h"
#include "common/strings.h"
#include "common/utf8.h"
#include "formats/files/block_reader.h"
#include "formats/json/row_json.h"
#include "types/coercion.h"
#include "types/decimal.h"

namespace tarn {
namespace {

constexpr const char* kSource = "json";

// --- a tolerant JSON parser (Jackson's grammar and relaxations) ---------------

enum class NodeKind : uint8_t { kNull, kTrue, kFalse, kInt, kBigNumber, kDouble, kNonNumeric, kString, kArray, kObject };

struct Node {
  NodeKind kind = NodeKind::kNull;
  int64_t int_value = 0;
  double double_value = 0;
  // Strings: the unescaped text in JsonDoc::strings; numbers: their text.
  uint32_t text_offset = 0;
  uint32_t text_size = 0;
  // Arrays: element nodes; objects: key (string node), value pairs. Children
  // are listed in JsonDoc::children from child_begin.
  uint32_t child_begin = 0;
  uint32_t child_count = 0;
};

struct JsonDoc {
  std::vector<Node> nodes;
  std::vector<uint32_t> children;
  std::string strings;

  void Clear() {
    nodes.clear();
    children.clear();
    strings.clear();
  }
  std::string_view Text(const Node& n) const { return std::string_view(strings).substr(n.text_offset, n.text_size); }
  uint32_t Child(const Node& n, uint32_t i) const { return children[n.child_begin + i]; }
};

struct ParserOptions {
  bool allow_comments = false;
  bool allow_unquoted_field_names = false;
  bool allow_single_quotes = true;
  bool allow_numeric_leading_zeros = false;
  bool allow_non_numeric_numbers = true;
  bool allow_backslash_escaping_any_character = false;
  bool allow_unquoted_control_chars = false;
  size_t max_depth = 1000;
};

class JsonParser {
 public:
  JsonParser(const ParserOptions& options, JsonDoc* doc) : options_(options), doc_(doc) {}

  // Parses exactly one value (whitespace and comments around it allowed);
  // returns the root node index, or -1 for malformed text (or empty text with
  // *empty set).
  int64_t Parse(std::string_view text, bool* empty) {
    text_ = text;
    pos_ = 0;
    doc_->Clear();
    *empty = false;
    if (!SkipSpace()) return -1;
    if (pos_ >= text_.size()) {
      *empty = true;
      return -1;
    }
    int64_t root = ParseValue(0);
    if (root < 0) return -1;
    if (!SkipSpace() || pos_ != text_.size()) return -1;
    return root;
  }

 private:
  bool SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && options_.allow_comments && pos_ + 1 < text_.size()) {
        if (text_[pos_ + 1] == '/') {
          while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
        } else if (text_[pos_ + 1] == '*') {
          size_t close = text_.find("*/", pos_ + 2);
          if (close == std::string_view::npos) return false;
          pos_ = close + 2;
        } else {
          return true;
        }
      } else {
        return true;
      }
    }
    return true;
  }

  uint32_t NewNode(NodeKind kind) {
    doc_->nodes.push_back(Node{});
    doc_->nodes.back().kind = kind;
    return static_cast<uint32_t>(doc_->nodes.size() - 1);
  }

  bool Consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  int64_t ParseValue(size_t depth) {
    if (depth > options_.max_depth) return -1;
    if (!SkipSpace() || pos_ >= text_.size()) return -1;
    char c = text_[pos_];
    switch (c) {
      case '{': return ParseContainer(depth, true);
      case '[': return ParseContainer(depth, false);
      case '"': return ParseString('"');
      case '\'': return options_.allow_single_quotes ? ParseString('\'') : -1;
      case 't': return Consume("true") ? NewNode(NodeKind::kTrue) : -1;
      case 'f': return Consume("false") ? NewNode(NodeKind::kFalse) : -1;
      case 'n': return Consume("null") ? NewNode(NodeKind::kNull) : -1;
      default: return ParseNumber();
    }
  }

  int64_t ParseContainer(size_t depth, bool object) {
    ++pos_;  // '{' or '['
    std::vector<uint32_t> items;
    char close = object ? '}' : ']';
    if (!SkipSpace()) return -1;
    if (pos_ < text_.size() && text_[pos_] == close) {
      ++pos_;
    } else {
      while (true) {
        if (object) {
          if (!SkipSpace() || pos_ >= text_.size()) return -1;
          int64_t key;
          char q = text_[pos_];
          if (q == '"' || (q == '\'' && options_.allow_single_quotes)) {
            key = ParseString(q);
          } else if (options_.allow_unquoted_field_names) {
            key = ParseUnquotedName();
          } else {
            return -1;
          }
          if (key < 0) return -1;
          if (!SkipSpace() || pos_ >= text_.size() || text_[pos_] != ':') return -1;
          ++pos_;
          items.push_back(static_cast<uint32_t>(key));
        }
        int64_t value = ParseValue(depth + 1);
        if (value < 0) return -1;
        items.push_back(static_cast<uint32_t>(value));
        if (!SkipSpace() || pos_ >= text_.size()) return -1;
        if (text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (text_[pos_] == close) {
          ++pos_;
          break;
        }
        return -1;
      }
    }
    uint32_t node = NewNode(object ? NodeKind::kObject : NodeKind::kArray);
    Node& n = doc_->nodes[node];
    n.child_begin = static_cast<uint32_t>(doc_->children.size());
    n.child_count = static_cast<uint32_t>(object ? items.size() / 2 : items.size());
    doc_->children.insert(doc_->children.end(), items.begin(), items.end());
    return node;
  }

  int64_t ParseUnquotedName() {
    size_t begin = pos_;
    while (pos_ < text_.size()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (std::isalnum(c) || c == '_' || c == '$' || c >= 0x80) {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == begin) return -1;
    uint32_t node = NewNode(NodeKind::kString);
    doc_->nodes[node].text_offset = static_cast<uint32_t>(doc_->strings.size());
    doc_->strings.append(text_.substr(begin, pos_ - begin));
    doc_->nodes[node].text_size = static_cast<uint32_t>(pos_ - begin);
    return node;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool ReadHex4(uint32_t* out) {
    if (pos_ + 4 > text_.size()) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = Hex(text_[pos_ + i]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  int64_t ParseString(char quote) {
    ++pos_;
    std::string& out = doc_->strings;
    size_t begin = out.size();
    while (true) {
      if (pos_ >= text_.size()) return -1;
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (static_cast<unsigned char>(c) < 0x20 && !options_.allow_unquoted_control_chars) return -1;
      if (c != '\\') {
        // Copy a run of plain bytes at once.
        size_t run = pos_ + 1;
        while (run < text_.size() && text_[run] != quote && text_[run] != '\\' &&
               (static_cast<unsigned char>(text_[run]) >= 0x20 || options_.allow_unquoted_control_chars)) {
          ++run;
        }
        out.append(text_.substr(pos_, run - pos_));
        pos_ = run;
        continue;
      }
      if (++pos_ >= text_.size()) return -1;
      char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!ReadHex4(&cp)) return -1;
          if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u') {
            size_t save = pos_;
            pos_ += 2;
            uint32_t low;
            if (ReadHex4(&low) && low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = kReplacementCharacter;  // lone surrogate
          AppendUtf8(static_cast<char32_t>(cp), &out);
          break;
        }
        default:
          if (e == '\'' || options_.allow_backslash_escaping_any_character) {
            out += e;
            break;
          }
          return -1;
      }
    }
    if (out.size() - begin > std::numeric_limits<uint32_t>::max()) return -1;
    uint32_t node = NewNode(NodeKind::kString);
    doc_->nodes[node].text_offset = static_cast<uint32_t>(begin);
    doc_->nodes[node].text_size = static_cast<uint32_t>(out.size() - begin);
    return node;
  }

  int64_t ParseNumber() {
    size_t begin = pos_;
    // Non-numeric numbers (Jackson's ALLOW_NON_NUMERIC_NUMBERS).
    if (options_.allow_non_numeric_numbers) {
      for (std::string_view word : {"NaN", "Infinity", "+Infinity", "-Infinity", "+INF", "-INF", "INF"}) {
        if (text_.substr(pos_, word.size()) == word) {
          pos_ += word.size();
          uint32_t node = NewNode(NodeKind::kNonNumeric);
          double v = word == "NaN" ? std::numeric_limits<double>::quiet_NaN()
                                   : (word[0] == '-' ? -std::numeric_limits<double>::infinity()
                                                     : std::numeric_limits<double>::infinity());
          doc_->nodes[node].double_value = v;
          SetText(node, word);
          return node;
        }
      }
    }
    size_t p = pos_;
    if (p < text_.size() && text_[p] == '-') ++p;
    size_t int_begin = p;
    while (p < text_.size() && text_[p] >= '0' && text_[p] <= '9') ++p;
    size_t int_digits = p - int_begin;
    if (int_digits == 0) return -1;
    if (int_digits > 1 && text_[int_begin] == '0' && !options_.allow_numeric_leading_zeros) return -1;
    bool is_float = false;
    if (p < text_.size() && text_[p] == '.') {
      is_float = true;
      ++p;
      size_t frac_begin = p;
      while (p < text_.size() && text_[p] >= '0' && text_[p] <= '9') ++p;
      if (p == frac_begin) return -1;
    }
    if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
      is_float = true;
      ++p;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      size_t exp_begin = p;
      while (p < text_.size() && text_[p] >= '0' && text_[p] <= '9') ++p;
      if (p == exp_begin) return -1;
    }
    // A number must end at a delimiter.
    if (p < text_.size()) {
      char c = text_[p];
      if (!(c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/')) return -1;
    }
    pos_ = p;
    std::string_view number = text_.substr(begin, p - begin);
    uint32_t node;
    if (!is_float) {
      auto v = ParseJavaLong(number);
      node = NewNode(v ? NodeKind::kInt : NodeKind::kBigNumber);
      if (v) doc_->nodes[node].int_value = *v;
    } else {
      node = NewNode(NodeKind::kDouble);
    }
    std::string copy(number);
    doc_->nodes[node].double_value = std::strtod(copy.c_str(), nullptr);
    SetText(node, number);
    return node;
  }

  void SetText(uint32_t node, std::string_view text) {
    doc_->nodes[node].text_offset = static_cast<uint32_t>(doc_->strings.size());
    doc_->nodes[node].text_size = static_cast<uint32_t>(text.size());
    doc_->strings.append(text);
  }

  const ParserOptions& options_;
  JsonDoc* doc_;
  std::string_view text_;
  size_t pos_ = 0;
};

// Compact JSON text of a node (what Spark stores for a non-string value read
// into a string column).
void AppendNodeJson(const JsonDoc& doc, uint32_t index, std::string* out) {
  const Node& n = doc.nodes[index];
  switch (n.kind) {
    case NodeKind::kNull: *out += "null"; return;
    case NodeKind::kTrue: *out += "true"; return;
    case NodeKind::kFalse: *out += "false"; return;
    case NodeKind::kInt:
    case NodeKind::kBigNumber:
    case NodeKind::kDouble:
    case NodeKind::kNonNumeric: *out += doc.Text(n); return;
    case NodeKind::kString: AppendJsonString(doc.Text(n), out); return;
    case NodeKind::kArray:
      *out += '[';
      for (uint32_t i = 0; i < n.child_count; ++i) {
        if (i) *out += ',';
        AppendNodeJson(doc, doc.Child(n, i), out);
      }
      *out += ']';
      return;
    case NodeKind::kObject:
      *out += '{';
      for (uint32_t i = 0; i < n.child_count; ++i) {
        if (i) *out += ',';
        AppendJsonString(doc.Text(doc.nodes[doc.Child(n, 2 * i)]), out);
        *out += ':';
        AppendNodeJson(doc, doc.Child(n, 2 * i + 1), out);
      }
      *out += '}';
      return;
  }
}

// Precision and scale of a number's text as java.math.BigDecimal sees them.
bool DecimalShape(std::string_view text, int* precision, int* scale) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::string digits;
  int frac = 0;
  bool in_frac = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      if (in_frac) ++frac;
    } else if (c == '.') {
      in_frac = true;
    } else if (c == 'e' || c == 'E') {
      auto exp = ParseJavaLong(text.substr(i + 1));
      if (!exp || *exp > 10000 || *exp < -10000) return false;
      frac -= static_cast<int>(*exp);
      break;
    } else {
      return false;
    }
  }
  size_t first = 0;
  while (first + 1 < digits.size() && digits[first] == '0') ++first;
  *precision = static_cast<int>(digits.size() - first);
  *scale = frac;
  return true;
}

// --- schema inference ------------------------------------------------------------

// JsonInferSchema.compatibleType.
DataType Compatible(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  TypeId x = a.id(), y = b.id();
  if ((x == TypeId::kLong && y == TypeId::kDouble) || (x == TypeId::kDouble && y == TypeId::kLong)) return DataType::Double();
  if ((x == TypeId::kDouble && y == TypeId::kDecimal) || (x == TypeId::kDecimal && y == TypeId::kDouble)) return DataType::Double();
  if ((x == TypeId::kDecimal || a.is_integral()) && (y == TypeId::kDecimal || b.is_integral())) {
    DataType p = DecimalForIntegral(a), q = DecimalForIntegral(b);
    int scale = std::max(p.scale(), q.scale());
    int range = std::max(p.precision() - p.scale(), q.precision() - q.scale());
    if (range + scale > kMaxDecimalPrecision) return DataType::Double();
    return DataType::Decimal(range + scale, scale);
  }
  if (x == TypeId::kStruct && y == TypeId::kStruct) {
    // Both field lists are sorted by name: merge them.
    const auto& f1 = a.fields();
    const auto& f2 = b.fields();
    std::vector<Field> merged;
    size_t i = 0, j = 0;
    while (i < f1.size() || j < f2.size()) {
      if (j >= f2.size() || (i < f1.size() && f1[i].name < f2[j].name)) {
        merged.push_back(f1[i++]);
      } else if (i >= f1.size() || f2[j].name < f1[i].name) {
        merged.push_back(f2[j++]);
      } else {
        merged.push_back(Field{f1[i].name, Compatible(f1[i].type, f2[j].type), true, ""});
        ++i, ++j;
      }
    }
    return DataType::Struct(std::move(merged));
  }
  if (x == TypeId::kArray && y == TypeId::kArray) {
    return DataType::Array(Compatible(a.element_type(), b.element_type()), true);
  }
  if ((x == TypeId::kTimestamp && y == TypeId::kTimestampNtz) || (x == TypeId::kTimestampNtz && y == TypeId::kTimestamp)) {
    return DataType::Timestamp();
  }
  return DataType::String();
}

class JsonTypeInferrer {
 public:
  JsonTypeInferrer(const JsonReadOptions& options, const DateTimeParser& datetime) : options_(options), datetime_(datetime) {}

  DataType Infer(const JsonDoc& doc, uint32_t index) const {
    const Node& n = doc.nodes[index];
    switch (n.kind) {
      case NodeKind::kNull: return DataType::Null();
      case NodeKind::kTrue:
      case NodeKind::kFalse: return options_.primitives_as_string ? DataType::String() : DataType::Boolean();
      case NodeKind::kString: {
        if (options_.infer_timestamp && !options_.primitives_as_string && datetime_.ParseTimestamp(doc.Text(n))) {
          return DataType::Timestamp();
        }
        return DataType::String();
      }
      case NodeKind::kInt: return options_.primitives_as_string ? DataType::String() : DataType::Long();
      case NodeKind::kNonNumeric: return options_.primitives_as_string ? DataType::String() : DataType::Double();
      case NodeKind::kBigNumber:
      case NodeKind::kDouble: {
        if (options_.primitives_as_string) return DataType::String();
        if (n.kind == NodeKind::kDouble && !options_.prefers_decimal) return DataType::Double();
        int precision, scale;
        if (!DecimalShape(doc.Text(n), &precision, &scale)) return DataType::Double();
        int p = std::max(precision, scale);
        if (p > kMaxDecimalPrecision || p < 1) return DataType::Double();
        return DataType::Decimal(p, std::max(scale, 0));
      }
      case NodeKind::kArray: {
        DataType element = DataType::Null();
        for (uint32_t i = 0; i < n.child_count; ++i) element = Compatible(element, Infer(doc, doc.Child(n, i)));
        return DataType::Array(element, true);
      }
      case NodeKind::kObject: {
        std::vector<Field> fields;
        for (uint32_t i = 0; i < n.child_count; ++i) {
          std::string name(doc.Text(doc.nodes[doc.Child(n, 2 * i)]));
          fields.push_back(Field{std::move(name), Infer(doc, doc.Child(n, 2 * i + 1)), true, ""});
        }
        std::stable_sort(fields.begin(), fields.end(), [](const Field& x, const Field& y) { return x.name < y.name; });
        // Duplicate keys: merge their types.
        std::vector<Field> unique;
        for (Field& f : fields) {
          if (!unique.empty() && unique.back().name == f.name) {
            unique.back().type = Compatible(unique.back().type, f.type);
          } else {
            unique.push_back(std::move(f));
          }
        }
        return DataType::Struct(std::move(unique));
      }
    }
    return DataType::String();
  }

 private:
  const JsonReadOptions& options_;
  const DateTimeParser& datetime_;
};

// JsonInferSchema.canonicalizeType: NULL → string (or dropped), recursively.
std::optional<DataType> Canonicalize(const DataType& type, bool drop_if_all_null) {
  switch (type.id()) {
    case TypeId::kNull:
      if (drop_if_all_null) return std::nullopt;
      return DataType::String();
    case TypeId::kArray: {
      auto element = Canonicalize(type.element_type(), drop_if_all_null);
      if (!element) return std::nullopt;
      return DataType::Array(*element, true);
    }
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (const Field& f : type.fields()) {
        auto t = Canonicalize(f.type, drop_if_all_null);
        if (t) fields.push_back(Field{f.name, *t, true, ""});
      }
      if (fields.empty() && drop_if_all_null) return std::nullopt;
      return DataType::Struct(std::move(fields));
    }
    default:
      return type;
  }
}

// --- record sources ----------------------------------------------------------------

// Yields the records of one file: its lines (JSON Lines) or the whole file (multiLine).
class JsonRecordSource {
 public:
  JsonRecordSource(std::unique_ptr<RandomAccessFile> file, const JsonReadOptions& options)
      : reader_(std::move(file)), options_(options) {}

  const std::string& path() const { return reader_.path(); }

  // The next record text (valid until the next call) and its first line number.
  bool Next(std::string_view* record, int64_t* line) {
    if (options_.multi_line) {
      if (done_) return false;
      done_ = true;
      while (!reader_.at_end()) {
        if (buffer_.size() >= options_.max_record_bytes) TooLong();
        reader_.ReadMore(&buffer_, std::min(options_.read_block_size, options_.max_record_bytes + 1 - buffer_.size()));
      }
      if (buffer_.size() > options_.max_record_bytes) TooLong();
      std::string_view text(buffer_);
      if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
      *record = text;
      *line = 1;
      return true;
    }
    while (true) {
      size_t end = FindTerminator(scan_);
      if (end != std::string::npos) {
        if (options_.line_sep.empty() && buffer_[end] == '\r' && end + 1 == buffer_.size() && !reader_.at_end()) {
          // "\r" at the end of the buffer: read on to see whether "\n" follows.
          size_t relative = end - pos_;
          Fill();
          scan_ = pos_ + relative;
          continue;
        }
        size_t length = TerminatorLength(end);
        Emit(std::string_view(buffer_).substr(pos_, end - pos_), record, line);
        pos_ = end + length;
        scan_ = pos_;
        return true;
      }
      size_t relative = buffer_.size() - pos_;
      if (!Fill()) {
        if (pos_ >= buffer_.size()) return false;
        Emit(std::string_view(buffer_).substr(pos_), record, line);
        pos_ = buffer_.size();
        scan_ = pos_;
        return true;
      }
      scan_ = pos_ + relative;
    }
  }

 private:
  void Emit(std::string_view text, std::string_view* record, int64_t* line) {
    if (text.size() > options_.max_record_bytes) TooLong();
    if (first_record_) {
      first_record_ = false;
      if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    }
    *record = text;
    *line = line_++;
  }

  [[noreturn]] void TooLong() {
    ThrowError(ErrorClass::kFileReadError,
               {{"path", reader_.path()},
                {"message", "A JSON record near line " + std::to_string(line_) + " is longer than " +
                                std::to_string(options_.max_record_bytes) + " bytes."}});
  }

  bool Fill() {
    if (reader_.at_end()) return false;
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    if (buffer_.size() > options_.max_record_bytes) TooLong();
    reader_.ReadMore(&buffer_, options_.read_block_size);
    return true;
  }

  size_t FindTerminator(size_t from) const {
    const std::string& sep = options_.line_sep;
    if (sep.empty()) {
      for (size_t i = from; i < buffer_.size(); ++i) {
        if (buffer_[i] == '\n' || buffer_[i] == '\r') return i;
      }
      return std::string::npos;
    }
    // A separator may straddle the previous scan end.
    size_t start = from >= sep.size() ? from - (sep.size() - 1) : 0;
    if (start < pos_) start = pos_;
    size_t found = buffer_.find(sep, start);
    return found;
  }

  // Length of the terminator at `at`.
  size_t TerminatorLength(size_t at) const {
    if (!options_.line_sep.empty()) return options_.line_sep.size();
    if (buffer_[at] == '\n') return 1;
    return at + 1 < buffer_.size() && buffer_[at + 1] == '\n' ? 2 : 1;
  }

  BlockReader reader_;
  const JsonReadOptions& options_;
  std::string buffer_;
  size_t pos_ = 0;
  size_t scan_ = 0;  // where the search for the next terminator resumes
  int64_t line_ = 1;
  bool done_ = false;
  bool first_record_ = true;
};

ParserOptions ToParserOptions(const JsonReadOptions& o) {
  ParserOptions p;
  p.allow_comments = o.allow_comments;
  p.allow_unquoted_field_names = o.allow_unquoted_field_names;
  p.allow_single_quotes = o.allow_single_quotes;
  p.allow_numeric_leading_zeros = o.allow_numeric_leading_zeros;
  p.allow_non_numeric_numbers = o.allow_non_numeric_numbers;
  p.allow_backslash_escaping_any_character = o.allow_backslash_escaping_any_character;
  p.allow_unquoted_control_chars = o.allow_unquoted_control_chars;
  p.max_depth = o.max_nesting_depth;
  return p;
}

void ValidateOptions(const JsonReadOptions& options) {
  if (!EqualsIgnoreCase(options.encoding, "UTF-8") && !EqualsIgnoreCase(options.encoding, "UTF8")) {
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "JSON encoding '" + options.encoding + "' (only UTF-8)"}});
  }
  if (!(options.sampling_ratio > 0.0) || options.sampling_ratio > 1.0) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "`samplingRatio`"}, {"function", kSource}, {"message", "must be in (0, 1]"}});
  }
  if (options.batch_size == 0 || options.read_block_size == 0) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "`batch_size`"}, {"function", kSource}, {"message", "must be positive"}});
  }
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

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    int v = value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// Truncates a vector (and its list/map children) back to `rows` rows.
void Truncate(Vector& v, size_t rows) {
  if (rows >= v.size()) return;
  if (v.type().id() == TypeId::kArray || v.type().id() == TypeId::kMap) {
    size_t child_rows = static_cast<size_t>(v.offsets()[rows]);
    for (size_t i = 0; i < v.num_children(); ++i) Truncate(v.child(i), child_rows);
  } else if (v.type().id() == TypeId::kStruct) {
    for (size_t i = 0; i < v.num_children(); ++i) Truncate(v.child(i), rows);
  }
  v.Resize(rows);
}

}  // namespace

// --- options ---------------------------------------------------------------------

JsonReadOptions ParseJsonReadOptions(const std::vector<std::pair<std::string, std::string>>& pairs) {
  JsonReadOptions o;
  for (const auto& pair : pairs) {
    // (Not a structured binding: clang 14, which builds the fuzzers, cannot capture one in a lambda.)
    const std::string& raw_key = pair.first;
    const std::string& value = pair.second;
    const std::string key = AsciiLower(raw_key);
    auto flag = [&] { return ParseBoolOption(raw_key, value, kSource); };
    if (key == "multiline") o.multi_line = flag();
    else if (key == "primitivesasstring") o.primitives_as_string = flag();
    else if (key == "prefersdecimal") o.prefers_decimal = flag();
    else if (key == "allowcomments") o.allow_comments = flag();
    else if (key == "allowunquotedfieldnames") o.allow_unquoted_field_names = flag();
    else if (key == "allowsinglequotes") o.allow_single_quotes = flag();
    else if (key == "allownumericleadingzeros") o.allow_numeric_leading_zeros = flag();
    else if (key == "allownonnumericnumbers") o.allow_non_numeric_numbers = flag();
    else if (key == "allowbackslashescapinganycharacter") o.allow_backslash_escaping_any_character = flag();
    else if (key == "allowunquotedcontrolchars") o.allow_unquoted_control_chars = flag();
    else if (key == "dropfieldifallnull") o.drop_field_if_all_null = flag();
    else if (key == "infertimestamp") o.infer_timestamp = flag();
    else if (key == "samplingratio") {
      auto ratio = ParseJavaDouble(value);
      if (!ratio) {
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`samplingRatio`"}, {"function", kSource}, {"message", "'" + value + "' is not a number"}});
      }
      o.sampling_ratio = *ratio;
    } else if (key == "mode") o.mode = ParseModeFromString(value, kSource);
    else if (key == "columnnameofcorruptrecord") o.column_name_of_corrupt_record = value;
    else if (key == "rescueddatacolumn") o.rescued_data_column = value;
    else if (key == "dateformat") o.date_format = value;
    else if (key == "timestampformat") o.timestamp_format = value;
    else if (key == "timestampntzformat") o.timestamp_ntz_format = value;
    else if (key == "linesep") o.line_sep = value;
    else if (key == "encoding" || key == "charset") o.encoding = value;
  }
  ValidateOptions(o);
  DateTimeParser check(o.date_format, o.timestamp_format, o.timestamp_ntz_format);
  (void)check;
  return o;
}

Schema InferJsonSchema(FileSystem& fs, const std::vector<std::string>& paths, const JsonReadOptions& options) {
  ValidateOptions(options);
  DateTimeParser datetime(options.date_format, options.timestamp_format, options.timestamp_ntz_format);
  JsonTypeInferrer inferrer(options, datetime);
  ParserOptions parser_options = ToParserOptions(options);
  JsonDoc doc;
  JsonParser parser(parser_options, &doc);
  DataType root = DataType::Null();
  bool saw_corrupt = false;
  uint64_t index = 0;
  for (const std::string& path : paths) {
    JsonRecordSource source(OpenInputFile(fs, path), options);
    std::string_view record;
    int64_t line;
    while (source.Next(&record, &line)) {
      if (!options.multi_line && IsBlank(record)) continue;
      if (!Sampled(index++, options.sampling_ratio)) continue;
      bool empty = false;
      int64_t node = parser.Parse(record, &empty);
      if (empty) continue;
      if (node < 0) {
        if (options.mode == ParseMode::kFailFast) {
          ThrowError(ErrorClass::kMalformedRecord,
                     {{"badRecord", std::string(record.substr(0, 1000))}, {"path", path}, {"line", std::to_string(line)}});
        }
        if (options.mode == ParseMode::kPermissive) saw_corrupt = true;
        continue;
      }
      DataType type = inferrer.Infer(doc, static_cast<uint32_t>(node));
      // compatibleRootType: a top-level array stands for its elements.
      if (type.id() == TypeId::kArray) type = type.element_type();
      if (type.id() != TypeId::kStruct && type.id() != TypeId::kNull) {
        // A top-level scalar is a malformed record for a struct schema.
        if (options.mode == ParseMode::kPermissive) saw_corrupt = true;
        continue;
      }
      root = Compatible(root, type);
    }
  }
  Schema schema;
  if (root.id() == TypeId::kStruct) {
    auto canonical = Canonicalize(root, options.drop_field_if_all_null);
    if (canonical && canonical->id() == TypeId::kStruct) schema = canonical->fields();
  }
  if (saw_corrupt) {
    bool present = std::any_of(schema.begin(), schema.end(),
                               [&](const Field& f) { return f.name == options.column_name_of_corrupt_record; });
    if (!present) {
      schema.push_back(Field{options.column_name_of_corrupt_record, DataType::String(), true, ""});
      std::stable_sort(schema.begin(), schema.end(), [](const Field& x, const Field& y) { return x.name < y.name; });
    }
  }
  if (!options.rescued_data_column.empty()) AddRescuedDataColumn(&schema, options.rescued_data_column, kSource);
  return schema;
}

// --- reading -------------------------------------------------------------------------

class JsonReader::Impl {
 public:
  Impl(std::unique_ptr<RandomAccessFile> file, JsonReadOptions options, Schema schema)
      : options_(std::move(options)),
        datetime_(options_.date_format, options_.timestamp_format, options_.timestamp_ntz_format),
        schema_(std::move(schema)),
        parser_options_(ToParserOptions(options_)),
        parser_(parser_options_, &doc_),
        source_(std::move(file), options_) {
    corrupt_column_ =
        ReaderStringColumn(schema_, options_.column_name_of_corrupt_record, "columnNameOfCorruptRecord", kSource);
    rescued_column_ = ReaderStringColumn(schema_, options_.rescued_data_column, "rescuedDataColumn", kSource);
    for (size_t i = 0; i < schema_.size(); ++i) {
      const Field& field = schema_[i];
      if (static_cast<int>(i) == corrupt_column_ || static_cast<int>(i) == rescued_column_) continue;
      CheckReadable(field.type);
      field_index_.emplace(field.name, i);
    }
  }

  const Schema& schema() const { return schema_; }

  bool Next(Batch* batch) {
    if (done_ && pending_.empty()) return false;
    std::vector<VectorPtr> columns;
    for (const Field& field : schema_) columns.push_back(Vector::Make(field.type, 0));
    size_t rows = 0;
    while (rows < options_.batch_size) {
      // Rows left over from a top-level array that filled the previous batch.
      if (!pending_.empty()) {
        uint32_t node = pending_.back();
        pending_.pop_back();
        if (AppendObject(node, pending_record_, pending_line_, columns, rows)) ++rows;
        continue;
      }
      if (done_) break;
      std::string_view record;
      int64_t line;
      if (!source_.Next(&record, &line)) {
        done_ = true;
        break;
      }
      if (!options_.multi_line && IsBlank(record)) continue;
      bool empty = false;
      int64_t node = parser_.Parse(record, &empty);
      if (empty) continue;
      if (node < 0) {
        if (AppendBad(record, line, columns, rows)) ++rows;
        continue;
      }
      const Node& root = doc_.nodes[node];
      if (root.kind == NodeKind::kArray) {
        // Each element is a row; remember them (reversed) so a large array can span batches.
        bool all_objects = true;
        for (uint32_t i = 0; i < root.child_count; ++i) {
          all_objects &= doc_.nodes[doc_.Child(root, i)].kind == NodeKind::kObject;
        }
        if (!all_objects) {
          if (AppendBad(record, line, columns, rows)) ++rows;
          continue;
        }
        pending_record_.assign(record);
        pending_line_ = line;
        for (uint32_t i = root.child_count; i > 0; --i) pending_.push_back(doc_.Child(root, i - 1));
        continue;
      }
      if (root.kind != NodeKind::kObject) {
        if (AppendBad(record, line, columns, rows)) ++rows;
        continue;
      }
      if (AppendObject(static_cast<uint32_t>(node), record, line, columns, rows)) ++rows;
    }
    if (rows == 0 && done_ && pending_.empty()) return false;
    *batch = Batch(schema_, std::move(columns), rows);
    return true;
  }

 private:
  void CheckReadable(const DataType& type) {
    switch (type.id()) {
      case TypeId::kArray: CheckReadable(type.element_type()); return;
      case TypeId::kMap:
        if (type.key_type().id() != TypeId::kString) {
          ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", type.ToSql() + " (JSON map keys must be strings)"}});
        }
        CheckReadable(type.value_type());
        return;
      case TypeId::kStruct:
        for (const Field& f : type.fields()) CheckReadable(f.type);
        return;
      case TypeId::kTime:
      case TypeId::kYearMonthInterval:
      case TypeId::kDayTimeInterval:
      case TypeId::kCalendarInterval:
        ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", type.ToSql() + " (in the JSON data source)"}});
      default: return;
    }
  }

  // A record that did not parse (or is not an object): all NULLs.
  bool AppendBad(std::string_view record, int64_t line, std::vector<VectorPtr>& columns, size_t row) {
    for (VectorPtr& v : columns) {
      v->Resize(row + 1);
      v->SetNull(row);
    }
    return Malformed(record, line, columns, row);
  }

  bool Malformed(std::string_view record, int64_t line, std::vector<VectorPtr>& columns, size_t row) {
    switch (options_.mode) {
      case ParseMode::kFailFast:
        ThrowError(ErrorClass::kMalformedRecord, {{"badRecord", std::string(record.substr(0, 1000))},
                                                  {"path", source_.path()},
                                                  {"line", std::to_string(line)}});
      case ParseMode::kDropMalformed:
        for (VectorPtr& v : columns) Truncate(*v, row);
        return false;
      case ParseMode::kPermissive:
        if (corrupt_column_ >= 0) {
          columns[corrupt_column_]->SetNull(row, false);
          columns[corrupt_column_]->SetString(row, record);
        }
        return true;
    }
    return true;
  }

  bool AppendObject(uint32_t index, std::string_view record, int64_t line, std::vector<VectorPtr>& columns, size_t row) {
    for (VectorPtr& v : columns) {
      v->Resize(row + 1);
      v->SetNull(row);
    }
    const Node& object = doc_.nodes[index];
    const bool rescuing = rescued_column_ >= 0;
    bool malformed = false;
    rescued_.Clear();
    auto rescue = [&](std::string_view key, uint32_t value) {
      scratch_.clear();
      AppendNodeJson(doc_, value, &scratch_);
      rescued_.AddJson(key, scratch_);
    };
    for (uint32_t i = 0; i < object.child_count; ++i) {
      std::string_view key = doc_.Text(doc_.nodes[doc_.Child(object, 2 * i)]);
      const uint32_t value = doc_.Child(object, 2 * i + 1);
      auto it = field_index_.find(std::string(key));
      if (it == field_index_.end()) {
        if (rescuing) rescue(key, value);
        continue;
      }
      Vector& v = *columns[it->second];
      // A duplicate key overwrites: reset the row first.
      Truncate(v, row);
      v.Resize(row + 1);
      if (!Write(v, row, value)) {
        Truncate(v, row);
        v.Resize(row + 1);
        v.SetNull(row);
        if (rescuing) {
          rescue(key, value);
        } else {
          malformed = true;
        }
      }
    }
    if (rescuing && !rescued_.empty()) {
      Vector& rescued = *columns[rescued_column_];
      rescued.SetNull(row, false);
      rescued.SetString(row, rescued_.Finish(source_.path()));
    }
    if (!malformed) return true;
    return Malformed(record, line, columns, row);
  }

  // Writes node `index` as row `row` of `v` (already sized to hold it). False
  // when the value does not convert.
  bool Write(Vector& v, size_t row, uint32_t index) {
    const Node& n = doc_.nodes[index];
    const DataType& type = v.type();
    if (n.kind == NodeKind::kNull) {
      v.SetNull(row);
      return true;
    }
    v.SetNull(row, false);
    switch (type.id()) {
      case TypeId::kNull: v.SetNull(row); return true;
      case TypeId::kBoolean:
        if (n.kind != NodeKind::kTrue && n.kind != NodeKind::kFalse) return false;
        v.values<uint8_t>()[row] = n.kind == NodeKind::kTrue;
        return true;
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kLong: {
        if (n.kind != NodeKind::kInt) return false;
        int64_t x = n.int_value;
        switch (type.id()) {
          case TypeId::kByte:
            if (x < INT8_MIN || x > INT8_MAX) return false;
            v.values<int8_t>()[row] = static_cast<int8_t>(x);
            return true;
          case TypeId::kShort:
            if (x < INT16_MIN || x > INT16_MAX) return false;
            v.values<int16_t>()[row] = static_cast<int16_t>(x);
            return true;
          case TypeId::kInt:
            if (x < INT32_MIN || x > INT32_MAX) return false;
            v.values<int32_t>()[row] = static_cast<int32_t>(x);
            return true;
          default:
            v.values<int64_t>()[row] = x;
            return true;
        }
      }
      case TypeId::kFloat:
      case TypeId::kDouble: {
        double x;
        if (n.kind == NodeKind::kInt || n.kind == NodeKind::kBigNumber || n.kind == NodeKind::kDouble ||
            n.kind == NodeKind::kNonNumeric) {
          x = n.double_value;
          if (type.id() == TypeId::kFloat && n.kind != NodeKind::kNonNumeric) {
            auto f = ParseJavaFloat(doc_.Text(n));
            if (!f) return false;
            v.values<float>()[row] = *f;
            return true;
          }
        } else if (n.kind == NodeKind::kString && options_.allow_non_numeric_numbers) {
          std::string_view s = doc_.Text(n);
          if (s == "NaN") x = std::numeric_limits<double>::quiet_NaN();
          else if (s == "Infinity" || s == "+Infinity" || s == "+INF" || s == "INF") x = std::numeric_limits<double>::infinity();
          else if (s == "-Infinity" || s == "-INF") x = -std::numeric_limits<double>::infinity();
          else return false;
        } else {
          return false;
        }
        if (type.id() == TypeId::kFloat) v.values<float>()[row] = static_cast<float>(x);
        else v.values<double>()[row] = x;
        return true;
      }
      case TypeId::kDecimal: {
        if (n.kind != NodeKind::kInt && n.kind != NodeKind::kBigNumber && n.kind != NodeKind::kDouble &&
            n.kind != NodeKind::kString) {
          return false;
        }
        std::string text(doc_.Text(n));
        if (n.kind == NodeKind::kString) std::erase(text, ',');
        auto d = ParseDecimal(text, type.precision(), type.scale());
        if (!d) return false;
        if (type.precision() <= kMaxInt64DecimalPrecision) v.values<int64_t>()[row] = static_cast<int64_t>(*d);
        else v.values<int128_t>()[row] = *d;
        return true;
      }
      case TypeId::kString: {
        if (n.kind == NodeKind::kString) {
          v.SetString(row, doc_.Text(n));
        } else {
          scratch_.clear();
          AppendNodeJson(doc_, index, &scratch_);
          v.SetString(row, scratch_);
        }
        return true;
      }
      case TypeId::kBinary: {
        if (n.kind != NodeKind::kString) return false;
        auto bytes = DecodeBase64(doc_.Text(n));
        if (!bytes) return false;
        v.SetString(row, *bytes);
        return true;
      }
      case TypeId::kDate: {
        if (n.kind != NodeKind::kString) return false;
        auto d = datetime_.ParseDate(doc_.Text(n));
        if (!d) return false;
        v.values<int32_t>()[row] = *d;
        return true;
      }
      case TypeId::kTimestamp: {
        if (n.kind == NodeKind::kInt) {  // seconds since the epoch
          if (n.int_value > INT64_MAX / kMicros || n.int_value < INT64_MIN / kMicros) return false;
          v.values<int64_t>()[row] = n.int_value * kMicros;
          return true;
        }
        if (n.kind != NodeKind::kString) return false;
        auto t = datetime_.ParseTimestamp(doc_.Text(n));
        if (!t) return false;
        v.values<int64_t>()[row] = *t;
        return true;
      }
      case TypeId::kTimestampNtz: {
        if (n.kind != NodeKind::kString) return false;
        auto t = datetime_.ParseTimestampNtz(doc_.Text(n));
        if (!t) return false;
        v.values<int64_t>()[row] = *t;
        return true;
      }
      case TypeId::kArray: {
        if (n.kind != NodeKind::kArray) return false;
        Vector& child = v.child(0);
        size_t base = child.size();
        child.Resize(base + n.child_count);
        bool ok = true;
        for (uint32_t i = 0; i < n.child_count && ok; ++i) ok = Write(child, base + i, doc_.Child(n, i));
        v.offsets()[row + 1] = static_cast<int32_t>(base + n.child_count);
        return ok;
      }
      case TypeId::kMap: {
        if (n.kind != NodeKind::kObject) return false;
        Vector& keys = v.child(0);
        Vector& values = v.child(1);
        size_t base = keys.size();
        keys.Resize(base + n.child_count);
        values.Resize(base + n.child_count);
        bool ok = true;
        for (uint32_t i = 0; i < n.child_count && ok; ++i) {
          keys.SetString(base + i, doc_.Text(doc_.nodes[doc_.Child(n, 2 * i)]));
          ok = Write(values, base + i, doc_.Child(n, 2 * i + 1));
        }
        v.offsets()[row + 1] = static_cast<int32_t>(base + n.child_count);
        return ok;
      }
      case TypeId::kStruct: {
        if (n.kind != NodeKind::kObject) return false;
        const auto& fields = type.fields();
        for (size_t f = 0; f < fields.size(); ++f) v.child(f).SetNull(row);
        for (uint32_t i = 0; i < n.child_count; ++i) {
          std::string_view key = doc_.Text(doc_.nodes[doc_.Child(n, 2 * i)]);
          int f = type.FieldIndex(key, /*case_sensitive=*/true);
          if (f < 0) continue;
          if (!Write(v.child(static_cast<size_t>(f)), row, doc_.Child(n, 2 * i + 1))) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  static constexpr int64_t kMicros = 1000000;

  JsonReadOptions options_;
  DateTimeParser datetime_;
  Schema schema_;
  ParserOptions parser_options_;
  JsonDoc doc_;
  JsonParser parser_;
  JsonRecordSource source_;
  std::map<std::string, size_t> field_index_;
  int corrupt_column_ = -1;
  int rescued_column_ = -1;
  RescuedData rescued_;
  bool done_ = false;
  std::string scratch_;
  // Elements of a top-level array not yet turned into rows (reversed), and their record.
  std::vector<uint32_t> pending_;
  std::string pending_record_;
  int64_t pending_line_ = 0;
};

JsonReader::JsonReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonReader::~JsonReader() = default;

std::unique_ptr<JsonReader> JsonReader::Open(FileSystem& fs, const std::string& path, JsonReadOptions options,
                                             std::optional<Schema> schema) {
  ValidateOptions(options);
  if (!schema) schema = InferJsonSchema(fs, {path}, options);
  auto impl = std::make_unique<Impl>(OpenInputFile(fs, path), std::move(options), std::move(*schema));
  return std::unique_ptr<JsonReader>(new JsonReader(std::move(impl)));
}

const Schema& JsonReader::schema() const { return impl_->schema(); }
bool JsonReader::Next(Batch* batch) { return impl_->Next(batch); }

std::vector<Batch> ReadJsonFiles(FileSystem& fs, const std::vector<std::string>& paths, const JsonReadOptions& options,
                                 std::optional<Schema> schema) {
  if (!schema) schema = InferJsonSchema(fs, paths, options);
  std::vector<Batch> batches;
  for (const std::string& path : paths) {
    auto reader = JsonReader::Open(fs, path, options, schema);
    Batch batch;
    while (reader->Next(&batch)) batches.push_back(std::move(batch));
  }
  return batches;
}

}  // namespace tarn
