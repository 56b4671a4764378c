#include "formats/json/row_json.h"

#include <cstdint>

#include "types/number_text.h"
#include "common/utf8.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendHex(std::string_view bytes, std::string* out) {
  out->push_back('"');
  for (char c : bytes) {
    auto b = static_cast<uint8_t>(c);
    out->push_back(kHexDigits[b >> 4]);
    out->push_back(kHexDigits[b & 15]);
  }
  out->push_back('"');
}

void AppendQuoted(const std::string& text, std::string* out) {
  out->push_back('"');
  out->append(text);
  out->push_back('"');
}

// Floats: NaN and infinities are not JSON numbers, so they become strings.
template <typename T>
void AppendFloatingJson(T value, std::string* out) {
  size_t start = out->size();
  AppendEcmaNumber(value, out);
  char last = out->back();
  if (last == 'N' || last == 'y') {  // "NaN", "Infinity", "-Infinity"
    out->insert(out->begin() + start, '"');
    out->push_back('"');
  }
}

void AppendInteger(int64_t value, std::string* out) { out->append(std::to_string(value)); }

void AppendTimeJson(int64_t micros, std::string* out) {
  out->push_back('"');
  // Corrupt input may hold a negative time of day; keep it readable.
  if (micros < 0 && micros != INT64_MIN) {
    out->push_back('-');
    micros = -micros;
  }
  out->append(FormatTimeOfDay(micros));
  out->push_back('"');
}

// Row `row` of the flat vector `v` (the base of an encoded vector).
void AppendFlatValue(const Vector& v, size_t row, std::string* out, const JsonRowOptions& options) {
  if (v.IsNull(row)) {
    out->append("null");
    return;
  }
  const DataType& type = v.type();
  switch (type.id()) {
    case TypeId::kNull: out->append("null"); return;
    case TypeId::kBoolean: out->append(v.values<uint8_t>()[row] ? "true" : "false"); return;
    case TypeId::kByte: AppendInteger(v.values<int8_t>()[row], out); return;
    case TypeId::kShort: AppendInteger(v.values<int16_t>()[row], out); return;
    case TypeId::kInt:
    case TypeId::kYearMonthInterval: AppendInteger(v.values<int32_t>()[row], out); return;
    case TypeId::kLong:
    case TypeId::kDayTimeInterval: AppendInteger(v.values<int64_t>()[row], out); return;
    case TypeId::kFloat: AppendFloatingJson(v.values<float>()[row], out); return;
    case TypeId::kDouble: AppendFloatingJson(v.values<double>()[row], out); return;
    case TypeId::kDecimal: {
      int128_t unscaled = type.physical_type() == PhysicalType::kInt128 ? v.values<int128_t>()[row]
                                                                         : v.values<int64_t>()[row];
      if (options.decimals_as_strings) {
        AppendQuoted(DecimalToString(unscaled, type.scale()), out);
      } else {
        *out += DecimalToString(unscaled, type.scale());
      }
      return;
    }
    case TypeId::kString: AppendJsonString(v.values<StringView>()[row].view(), out); return;
    case TypeId::kBinary: AppendHex(v.values<StringView>()[row].view(), out); return;
    case TypeId::kDate: AppendQuoted(FormatDate(v.values<int32_t>()[row]), out); return;
    case TypeId::kTime: AppendTimeJson(v.values<int64_t>()[row], out); return;
    case TypeId::kTimestampNtz: AppendQuoted(FormatTimestamp(v.values<int64_t>()[row], 'T'), out); return;
    case TypeId::kTimestamp: {
      std::string text = FormatTimestamp(v.values<int64_t>()[row], 'T');
      if (options.timestamp_utc_suffix) text.push_back('Z');
      AppendQuoted(text, out);
      return;
    }
    case TypeId::kCalendarInterval: {
      const IntervalValue& interval = v.values<IntervalValue>()[row];
      out->append("{\"months\":");
      AppendInteger(interval.months, out);
      out->append(",\"days\":");
      AppendInteger(interval.days, out);
      out->append(",\"micros\":");
      AppendInteger(interval.micros, out);
      out->push_back('}');
      return;
    }
    case TypeId::kArray: {
      const int32_t* offsets = v.offsets();
      const Vector& elements = v.child(0);
      out->push_back('[');
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i != offsets[row]) out->push_back(',');
        AppendValueJson(elements, i, out, options);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int32_t* offsets = v.offsets();
      out->push_back('[');
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i != offsets[row]) out->push_back(',');
        out->append("{\"key\":");
        AppendValueJson(v.child(0), i, out, options);
        out->append(",\"value\":");
        AppendValueJson(v.child(1), i, out, options);
        out->push_back('}');
      }
      out->push_back(']');
      return;
    }
    case TypeId::kStruct: {
      const std::vector<Field>& fields = type.fields();
      out->push_back('{');
      for (size_t f = 0; f < fields.size(); ++f) {
        if (f != 0) out->push_back(',');
        AppendJsonString(fields[f].name, out);
        out->push_back(':');
        AppendValueJson(v.child(f), row, out, options);
      }
      out->push_back('}');
      return;
    }
  }
  out->append("null");
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->reserve(out->size() + text.size() + 2);
  out->push_back('"');
  for (size_t pos = 0; pos < text.size();) {
    auto c = static_cast<uint8_t>(text[pos]);
    if (c >= 0x80) {
      char32_t code_point;
      bool well_formed;
      size_t length = DecodeUtf8(text, pos, &code_point, &well_formed);
      if (well_formed) {
        out->append(text.substr(pos, length));
      } else {
        AppendUtf8(kReplacementCharacter, out);
      }
      pos += length;
      continue;
    }
    ++pos;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHexDigits[c >> 4]);
          out->push_back(kHexDigits[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void AppendValueJson(const Vector& vector, size_t row, std::string* out, const JsonRowOptions& options) {
  AppendFlatValue(vector.Base(), vector.RowIndex(row), out, options);
}

void AppendRowJson(const Batch& batch, size_t row, std::string* out, const JsonRowOptions& options) {
  const Schema& schema = batch.schema();
  out->push_back('{');
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (c != 0) out->push_back(',');
    AppendJsonString(schema[c].name, out);
    out->push_back(':');
    AppendValueJson(batch.column(c), row, out, options);
  }
  out->push_back('}');
}

}  // namespace tarn
