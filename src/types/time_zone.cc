#include "types/time_zone.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "types/datetime.h"

namespace tarn {

namespace {

constexpr int32_t kMaxOffsetSeconds = 18 * 3600;
constexpr size_t kMaxTzifBytes = 1 << 20;  // real files are a few KB

// java.time.ZoneId.SHORT_IDS, which Spark passes to ZoneId.of.
constexpr std::pair<std::string_view, std::string_view> kShortIds[] = {
    {"ACT", "Australia/Darwin"},
    {"AET", "Australia/Sydney"},
    {"AGT", "America/Argentina/Buenos_Aires"},
    {"ART", "Africa/Cairo"},
    {"AST", "America/Anchorage"},
    {"BET", "America/Sao_Paulo"},
    {"BST", "Asia/Dhaka"},
    {"CAT", "Africa/Harare"},
    {"CNT", "America/St_Johns"},
    {"CST", "America/Chicago"},
    {"CTT", "Asia/Shanghai"},
    {"EAT", "Africa/Addis_Ababa"},
    {"ECT", "Europe/Paris"},
    {"EST", "-05:00"},
    {"HST", "-10:00"},
    {"IET", "America/Indiana/Indianapolis"},
    {"IST", "Asia/Kolkata"},
    {"JST", "Asia/Tokyo"},
    {"MIT", "Pacific/Apia"},
    {"MST", "-07:00"},
    {"NET", "Asia/Yerevan"},
    {"NST", "Pacific/Auckland"},
    {"PLT", "Asia/Karachi"},
    {"PNT", "America/Phoenix"},
    {"PRT", "America/Puerto_Rico"},
    {"PST", "America/Los_Angeles"},
    {"SST", "Pacific/Guadalcanal"},
    {"VST", "Asia/Ho_Chi_Minh"},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Instants near the ends of int64 micros saturate instead of overflowing.
int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_add_overflow(a, b, &out)) return b > 0 ? INT64_MAX : INT64_MIN;
  return out;
}

// Java's ZoneOffset.of body after the sign: h, hh, hh:mm, hhmm, hh:mm:ss,
// hhmmss (and Spark's "h:mm" rewrite to "0h:mm").
std::optional<int32_t> ParseOffsetBody(std::string_view text) {
  std::string digits;
  size_t colons = 0;
  for (char c : text) {
    if (c == ':') {
      ++colons;
    } else if (IsDigit(c)) {
      digits += c;
    } else {
      return std::nullopt;
    }
  }
  if (colons > 0) {
    // Colon form: groups of two digits after the hour ("h:mm" accepted).
    size_t first = text.find(':');
    if (first == 0 || first > 2) return std::nullopt;
    if (first == 1) digits.insert(0, "0");
    std::string_view rest = text.substr(first);
    if (rest.size() != 3 * colons) return std::nullopt;
    for (size_t i = 0; i < colons; ++i)
      if (rest[3 * i] != ':') return std::nullopt;
    if (colons > 2) return std::nullopt;
  } else if (digits.size() == 1) {
    digits.insert(0, "0");
  } else if (digits.size() != 2 && digits.size() != 4 && digits.size() != 6) {
    return std::nullopt;
  }
  int h = (digits[0] - '0') * 10 + (digits[1] - '0');
  int m = digits.size() >= 4 ? (digits[2] - '0') * 10 + (digits[3] - '0') : 0;
  int s = digits.size() >= 6 ? (digits[4] - '0') * 10 + (digits[5] - '0') : 0;
  if (h > 18 || m > 59 || s > 59) return std::nullopt;
  int32_t total = h * 3600 + m * 60 + s;
  if (total > kMaxOffsetSeconds) return std::nullopt;
  return total;
}

std::optional<int32_t> ParseSignedOffset(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  auto body = ParseOffsetBody(text.substr(1));
  if (!body) return std::nullopt;
  return text[0] == '-' ? -*body : *body;
}

// Java's ZoneOffset id: "Z", "+08:00", "-05:30:15".
std::string OffsetId(int32_t offset) {
  if (offset == 0) return "Z";
  int32_t abs = offset < 0 ? -offset : offset;
  char buffer[16];
  int h = abs / 3600, m = abs / 60 % 60, s = abs % 60;
  if (s != 0) {
    snprintf(buffer, sizeof(buffer), "%c%02d:%02d:%02d", offset < 0 ? '-' : '+', h, m, s);
  } else {
    snprintf(buffer, sizeof(buffer), "%c%02d:%02d", offset < 0 ? '-' : '+', h, m);
  }
  return buffer;
}

// A region id we may turn into a path below /usr/share/zoneinfo.
bool IsSafeRegionId(std::string_view id) {
  if (id.empty() || id.size() > 128 || id.front() == '/' || id.front() == '.') return false;
  if (id.find("..") != std::string_view::npos || id.find("//") != std::string_view::npos) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+') return false;
  }
  return true;
}

std::optional<std::string> ReadZoneFile(std::string_view id) {
  std::string path = "/usr/share/zoneinfo/" + std::string(id);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data;
  char buffer[4096];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    data.append(buffer, static_cast<size_t>(in.gcount()));
    if (data.size() > kMaxTzifBytes) return std::nullopt;
  }
  return data;
}

// --- TZif (RFC 8536) ---------------------------------------------------------

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  bool Has(size_t n) const { return pos_ <= data_.size() && data_.size() - pos_ >= n; }
  size_t pos() const { return pos_; }
  void Skip(size_t n) { pos_ += n; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
    return v;
  }
  int64_t I64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
    return static_cast<int64_t>(v);
  }
  uint8_t U8() { return static_cast<uint8_t>(data_[pos_++]); }
  std::string_view Rest() const { return pos_ < data_.size() ? data_.substr(pos_) : std::string_view(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct TzifCounts {
  uint32_t isut, isstd, leap, time, type, chars;
};

bool ReadHeader(ByteReader& reader, char* version, TzifCounts* counts) {
  if (!reader.Has(44)) return false;
  char m[4];
  for (char& c : m) c = static_cast<char>(reader.U8());
  if (std::string_view(m, 4) != "TZif") return false;
  *version = static_cast<char>(reader.U8());
  reader.Skip(15);
  counts->isut = reader.U32();
  counts->isstd = reader.U32();
  counts->leap = reader.U32();
  counts->time = reader.U32();
  counts->type = reader.U32();
  counts->chars = reader.U32();
  // Bounds: RFC 8536 requires typecnt >= 1; cap the rest to keep sizes sane.
  if (counts->type == 0 || counts->type > 256 || counts->time > 1000000 || counts->chars > 100000 ||
      counts->leap > 100000 || counts->isut > 256 || counts->isstd > 256) {
    return false;
  }
  return true;
}

size_t DataBlockSize(const TzifCounts& c, size_t time_size) {
  return c.time * time_size + c.time + c.type * 6 + c.chars + c.leap * (time_size + 4) + c.isstd + c.isut;
}

// --- POSIX TZ rule -------------------------------------------------------------

class RuleParser {
 public:
  explicit RuleParser(std::string_view text) : text_(text) {}

  std::optional<TimeZone::Rule> Parse() {
    TimeZone::Rule rule;
    if (!SkipName()) return std::nullopt;
    auto std_offset = ParseTime();
    if (!std_offset) return std::nullopt;
    rule.std_offset = -*std_offset;  // POSIX offsets are west-positive
    if (AtEnd()) return rule;
    if (!SkipName()) return std::nullopt;
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + 3600;
    if (!AtEnd() && text_[pos_] != ',') {
      auto dst_offset = ParseTime();
      if (!dst_offset) return std::nullopt;
      rule.dst_offset = -*dst_offset;
    }
    if (AtEnd()) {
      // No dates: the US rules POSIX implies.
      rule.start = {'M', 0, 2, 3, 7200};
      rule.end = {'M', 0, 1, 11, 7200};
      return rule;
    }
    if (text_[pos_++] != ',') return std::nullopt;
    if (!ParseDate(&rule.start)) return std::nullopt;
    if (AtEnd() || text_[pos_++] != ',') return std::nullopt;
    if (!ParseDate(&rule.end)) return std::nullopt;
    if (!AtEnd()) return std::nullopt;
    return rule;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }

  bool SkipName() {
    if (AtEnd()) return false;
    if (text_[pos_] == '<') {
      size_t close = text_.find('>', pos_);
      if (close == std::string_view::npos) return false;
      pos_ = close + 1;
      return true;
    }
    size_t start = pos_;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ - start >= 3;
  }

  bool ParseNumber(int* out, int max_digits) {
    int digits = 0, value = 0;
    while (!AtEnd() && IsDigit(text_[pos_]) && digits < max_digits) {
      value = value * 10 + (text_[pos_++] - '0');
      ++digits;
    }
    *out = value;
    return digits > 0;
  }

  // [+-]hh[:mm[:ss]] in seconds (hours up to 167, as RFC 8536 allows).
  std::optional<int32_t> ParseTime() {
    int sign = 1;
    if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) sign = text_[pos_++] == '-' ? -1 : 1;
    int h = 0, m = 0, s = 0;
    if (!ParseNumber(&h, 3) || h > 167) return std::nullopt;
    if (!AtEnd() && text_[pos_] == ':') {
      ++pos_;
      if (!ParseNumber(&m, 2) || m > 59) return std::nullopt;
      if (!AtEnd() && text_[pos_] == ':') {
        ++pos_;
        if (!ParseNumber(&s, 2) || s > 59) return std::nullopt;
      }
    }
    return sign * (h * 3600 + m * 60 + s);
  }

  bool ParseDate(TimeZone::Rule::Date* date) {
    if (AtEnd()) return false;
    if (text_[pos_] == 'J') {
      ++pos_;
      date->kind = 'J';
      if (!ParseNumber(&date->day, 3) || date->day < 1 || date->day > 365) return false;
    } else if (text_[pos_] == 'M') {
      ++pos_;
      date->kind = 'M';
      if (!ParseNumber(&date->month, 2) || date->month < 1 || date->month > 12) return false;
      if (AtEnd() || text_[pos_++] != '.') return false;
      if (!ParseNumber(&date->week, 1) || date->week < 1 || date->week > 5) return false;
      if (AtEnd() || text_[pos_++] != '.') return false;
      if (!ParseNumber(&date->day, 1) || date->day > 6) return false;
    } else {
      date->kind = 'D';
      if (!ParseNumber(&date->day, 3) || date->day > 365) return false;
    }
    date->time = 7200;
    if (!AtEnd() && text_[pos_] == '/') {
      ++pos_;
      auto time = ParseTime();
      if (!time) return false;
      date->time = *time;
    }
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// Local seconds (since the epoch, wall clock) at which `date` of `year` starts.
int64_t RuleDateLocalSeconds(const TimeZone::Rule::Date& date, int64_t year) {
  int64_t days = 0;
  switch (date.kind) {
    case 'J': {
      int doy = date.day - 1;  // Feb 29 is never counted
      if (IsLeapYear(year) && date.day >= 60) ++doy;
      days = DaysFromCivil(year, 1, 1) + doy;
      break;
    }
    case 'D': days = DaysFromCivil(year, 1, 1) + date.day; break;
    default: {
      int64_t first = DaysFromCivil(year, date.month, 1);
      int weekday = static_cast<int>(FloorMod(first + 4, 7));  // 1970-01-01 was a Thursday
      int day = 1 + (date.day - weekday + 7) % 7 + 7 * (date.week - 1);
      int last = DaysInMonth(year, date.month);
      while (day > last) day -= 7;
      days = first + day - 1;
      break;
    }
  }
  return days * 86400 + date.time;
}

struct ZoneCache {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const TimeZone>> zones;
};

ZoneCache& Cache() {
  static ZoneCache* cache = new ZoneCache();
  return *cache;
}

std::shared_ptr<const TimeZone> Resolve(std::string_view id) {
  if (auto offset = ParseZoneOffsetId(id)) {
    std::string normalized = std::string(id);
    if (id == "Z" || id[0] == '+' || id[0] == '-') normalized = OffsetId(*offset);
    return std::make_shared<const TimeZone>(normalized, *offset);
  }
  for (const auto& [short_id, target] : kShortIds) {
    if (id == short_id) return Resolve(target);
  }
  if (!IsSafeRegionId(id)) return nullptr;
  auto data = ReadZoneFile(id);
  if (!data) return nullptr;
  return TimeZone::FromTzif(std::string(id), *data);
}

}  // namespace

std::optional<int32_t> ParseZoneOffsetId(std::string_view id) {
  if (id == "Z") return 0;
  if (!id.empty() && (id[0] == '+' || id[0] == '-')) return ParseSignedOffset(id);
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (id.substr(0, prefix.size()) == prefix) {
      std::string_view rest = id.substr(prefix.size());
      if (rest.empty()) return 0;
      if (rest[0] == '+' || rest[0] == '-') return ParseSignedOffset(rest);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<TimeZone::Rule> ParsePosixTzRule(std::string_view text) { return RuleParser(text).Parse(); }

TimeZone::TimeZone(std::string id, int32_t fixed_offset) : id_(std::move(id)), initial_offset_(fixed_offset) {}

std::shared_ptr<const TimeZone> TimeZone::Find(std::string_view id) {
  ZoneCache& cache = Cache();
  std::string key(id);
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    auto it = cache.zones.find(key);
    if (it != cache.zones.end()) return it->second;
  }
  // Load outside the lock; a racing loader produces an equal zone.
  std::shared_ptr<const TimeZone> zone = Resolve(id);
  std::lock_guard<std::mutex> lock(cache.mutex);
  // Unknown ids are cached too (as nullptr), bounded so junk ids cannot grow memory.
  if (zone || cache.zones.size() < 4096) cache.zones.emplace(key, zone);
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::Fixed(int32_t offset_seconds) {
  return std::make_shared<const TimeZone>(OffsetId(offset_seconds), offset_seconds);
}

const std::shared_ptr<const TimeZone>& TimeZone::Utc() {
  static const auto* utc = new std::shared_ptr<const TimeZone>(std::make_shared<const TimeZone>("UTC", 0));
  return *utc;
}

std::shared_ptr<const TimeZone> TimeZone::FromTzif(std::string id, std::string_view data) {
  ByteReader reader(data);
  char version = 0;
  TzifCounts counts{};
  if (!ReadHeader(reader, &version, &counts)) return nullptr;
  size_t time_size = 4;
  if (version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    size_t v1 = DataBlockSize(counts, 4);
    if (!reader.Has(v1)) return nullptr;
    reader.Skip(v1);
    if (!ReadHeader(reader, &version, &counts)) return nullptr;
    time_size = 8;
  }
  if (!reader.Has(DataBlockSize(counts, time_size))) return nullptr;

  auto zone = std::make_shared<TimeZone>(std::move(id), 0);
  std::vector<int64_t> times(counts.time);
  for (auto& t : times) t = time_size == 8 ? reader.I64() : static_cast<int32_t>(reader.U32());
  std::vector<uint8_t> type_index(counts.time);
  for (auto& index : type_index) {
    index = reader.U8();
    if (index >= counts.type) return nullptr;
  }
  std::vector<int32_t> type_offsets(counts.type);
  for (auto& offset : type_offsets) {
    offset = static_cast<int32_t>(reader.U32());
    reader.Skip(2);  // isdst, abbreviation index
    if (offset < -25 * 3600 || offset > 26 * 3600) return nullptr;
  }
  reader.Skip(counts.chars + counts.leap * (time_size + 4) + counts.isstd + counts.isut);

  zone->initial_offset_ = type_offsets[0];
  for (size_t i = 0; i < times.size(); ++i) {
    if (i > 0 && times[i] <= times[i - 1]) return nullptr;  // must ascend
    int32_t offset = type_offsets[type_index[i]];
    int32_t previous = zone->offsets_.empty() ? zone->initial_offset_ : zone->offsets_.back();
    if (offset == previous) continue;  // e.g. only the abbreviation changed
    zone->transitions_.push_back(times[i]);
    zone->offsets_.push_back(offset);
  }
  if (version >= '2') {
    // Footer: "\n<POSIX TZ>\n".
    std::string_view rest = reader.Rest();
    if (rest.size() >= 2 && rest[0] == '\n') {
      size_t end = rest.find('\n', 1);
      if (end != std::string_view::npos && end > 1) {
        auto rule = ParsePosixTzRule(rest.substr(1, end - 1));
        if (rule) zone->rule_ = rule;
      }
    }
  }
  return zone;
}

int32_t TimeZone::RuleOffsetAt(int64_t utc_seconds) const {
  const Rule& rule = *rule_;
  if (!rule.has_dst) return rule.std_offset;
  // The transitions of the years around the instant, in UTC; the last one at
  // or before the instant decides (handles southern-hemisphere rules too).
  int64_t year = CivilFromDays(FloorDiv(utc_seconds, 86400)).year;
  int64_t best_time = INT64_MIN;
  int32_t best_offset = rule.std_offset;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    int64_t start = RuleDateLocalSeconds(rule.start, y) - rule.std_offset;
    int64_t end = RuleDateLocalSeconds(rule.end, y) - rule.dst_offset;
    if (start <= utc_seconds && start > best_time) {
      best_time = start;
      best_offset = rule.dst_offset;
    }
    if (end <= utc_seconds && end > best_time) {
      best_time = end;
      best_offset = rule.std_offset;
    }
  }
  return best_offset;
}

int32_t TimeZone::OffsetSecondsAtUtc(int64_t utc_micros) const {
  int64_t seconds = FloorDiv(utc_micros, kMicrosPerSecond);
  if (transitions_.empty()) return rule_ ? RuleOffsetAt(seconds) : initial_offset_;
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), seconds);
  if (it == transitions_.begin()) return initial_offset_;
  if (it == transitions_.end() && rule_) return RuleOffsetAt(seconds);
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int64_t TimeZone::UtcToLocal(int64_t utc_micros) const {
  return SaturatingAdd(utc_micros, static_cast<int64_t>(OffsetSecondsAtUtc(utc_micros)) * kMicrosPerSecond);
}

int64_t TimeZone::LocalToUtc(int64_t local_micros) const {
  if (is_fixed()) return SaturatingAdd(local_micros, -static_cast<int64_t>(initial_offset_) * kMicrosPerSecond);
  // The offsets in force a day before and a day after bound any transition
  // near this wall-clock time (zones change at most once a day).
  int64_t earlier = OffsetSecondsAtUtc(SaturatingAdd(local_micros, -kMicrosPerDay)) * kMicrosPerSecond;
  int64_t later = OffsetSecondsAtUtc(SaturatingAdd(local_micros, kMicrosPerDay)) * kMicrosPerSecond;
  auto valid = [&](int64_t offset) {
    return OffsetSecondsAtUtc(SaturatingAdd(local_micros, -offset)) * kMicrosPerSecond == offset;
  };
  if (valid(earlier)) return SaturatingAdd(local_micros, -earlier);  // overlap: the earlier offset
  if (valid(later)) return SaturatingAdd(local_micros, -later);
  // Gap: shifted forward by its length, i.e. read with the offset before it.
  return SaturatingAdd(local_micros, -earlier);
}

}  // namespace tarn
