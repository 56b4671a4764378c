#include "hive_text.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "columnar/value_text.h"
#include "types/datetime.h"

namespace tarn::golden {
namespace {

std::string YearMonthHive(int32_t months) {
  int64_t magnitude = months < 0 ? -static_cast<int64_t>(months) : months;
  return (months < 0 ? "-" : "") + std::to_string(magnitude / 12) + "-" + std::to_string(magnitude % 12);
}

std::string DayTimeHive(int64_t micros) {
  uint64_t rest = micros < 0 ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  const auto day = static_cast<uint64_t>(kMicrosPerDay), hour = static_cast<uint64_t>(kMicrosPerHour),
             minute = static_cast<uint64_t>(kMicrosPerMinute), second = static_cast<uint64_t>(kMicrosPerSecond);
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "%s%llu %02llu:%02llu:%02llu.%09llu", micros < 0 ? "-" : "",
                static_cast<unsigned long long>(rest / day), static_cast<unsigned long long>(rest % day / hour),
                static_cast<unsigned long long>(rest % hour / minute),
                static_cast<unsigned long long>(rest % minute / second),
                static_cast<unsigned long long>(rest % second * 1000));
  return buffer;
}

}  // namespace

void AppendHiveText(const Vector& vector, size_t row, const TimeZone& zone, bool nested, std::string* out) {
  const Vector& v = vector.Base();
  const size_t r = vector.RowIndex(row);
  if (v.IsNull(r) || v.type().id() == TypeId::kNull) {
    out->append(nested ? "null" : "NULL");
    return;
  }
  const DataType& type = v.type();
  switch (type.id()) {
    case TypeId::kString:
      if (nested) out->push_back('"');
      out->append(v.values<StringView>()[r].view());
      if (nested) out->push_back('"');
      return;
    case TypeId::kBinary: out->append(v.values<StringView>()[r].view()); return;
    case TypeId::kTimestamp: out->append(FormatTimestamp(zone.UtcToLocal(v.values<int64_t>()[r]), ' ')); return;
    case TypeId::kTimestampNtz: out->append(FormatTimestamp(v.values<int64_t>()[r], ' ')); return;
    case TypeId::kYearMonthInterval: out->append(YearMonthHive(v.values<int32_t>()[r])); return;
    case TypeId::kDayTimeInterval: out->append(DayTimeHive(v.values<int64_t>()[r])); return;
    case TypeId::kCalendarInterval: out->append(CalendarIntervalToString(v.values<IntervalValue>()[r])); return;
    case TypeId::kArray: {
      const int32_t* offsets = v.offsets();
      out->push_back('[');
      for (int32_t i = offsets[r]; i < offsets[r + 1]; ++i) {
        if (i != offsets[r]) out->push_back(',');
        AppendHiveText(v.child(0), static_cast<size_t>(i), zone, true, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int32_t* offsets = v.offsets();
      std::vector<std::string> entries;
      for (int32_t i = offsets[r]; i < offsets[r + 1]; ++i) {
        std::string entry;
        AppendHiveText(v.child(0), static_cast<size_t>(i), zone, true, &entry);
        entry.push_back(':');
        AppendHiveText(v.child(1), static_cast<size_t>(i), zone, true, &entry);
        entries.push_back(std::move(entry));
      }
      std::sort(entries.begin(), entries.end());  // Spark sorts the rendered entries
      out->push_back('{');
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i != 0) out->push_back(',');
        out->append(entries[i]);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kStruct: {
      out->push_back('{');
      const auto& fields = type.fields();
      for (size_t f = 0; f < v.num_children(); ++f) {
        if (f != 0) out->push_back(',');
        out->push_back('"');
        if (f < fields.size()) out->append(fields[f].name);
        out->append("\":");
        AppendHiveText(v.child(f), r, zone, true, out);
      }
      out->push_back('}');
      return;
    }
    default: AppendSparkText(v, r, out); return;
  }
}

}  // namespace tarn::golden
