// Time zones as Spark (java.time) resolves spark.sql.session.timeZone and the
// zone suffixes of timestamp text: region ids ("America/Los_Angeles") from the
// system's TZif files under /usr/share/zoneinfo (64-bit transitions, then the
// POSIX TZ footer rule for instants past the last one), Java's SHORT_IDS
// ("PST", "EST", ...), and fixed offsets ("+08:00", "-0530", "Z", "UTC",
// "GMT+8", "UTC-03:30").
//
// Thread safety: TimeZone is immutable; Find() is safe from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn {

class TimeZone {
 public:
  /// The zone for a Spark zone id, or nullptr when the id is unknown or
  /// malformed. Zones are loaded once and cached.
  static std::shared_ptr<const TimeZone> Find(std::string_view id);
  /// The zone at a fixed offset from UTC (|offset| <= 18 hours).
  static std::shared_ptr<const TimeZone> Fixed(int32_t offset_seconds);
  /// UTC.
  static const std::shared_ptr<const TimeZone>& Utc();

  /// Parses a zone's TZif file contents (exposed for tests); nullptr if corrupt.
  static std::shared_ptr<const TimeZone> FromTzif(std::string id, std::string_view data);

  /// The id as given (offsets normalised as Java prints them: "+08:00", "Z").
  const std::string& id() const { return id_; }
  bool is_fixed() const { return transitions_.empty() && !rule_; }

  /// Offset from UTC (local = UTC + offset) in force at this instant.
  int32_t OffsetSecondsAtUtc(int64_t utc_micros) const;
  /// utc_micros + offset.
  int64_t UtcToLocal(int64_t utc_micros) const;
  /// The instant of a wall-clock time, by java.time's ZonedDateTime.of rules:
  /// in a gap (spring forward) the time is shifted forward by the gap's
  /// length; in an overlap (fall back) the earlier offset wins.
  int64_t LocalToUtc(int64_t local_micros) const;

  /// A POSIX TZ rule ("PST8PDT,M3.2.0,M11.1.0"), used past the last transition.
  struct Rule {
    int32_t std_offset = 0;  ///< seconds east of UTC
    int32_t dst_offset = 0;
    bool has_dst = false;
    struct Date {
      char kind = 'M';  ///< 'J': Julian 1..365 without Feb 29; 'D': zero-based day; 'M': month.week.weekday
      int day = 0, week = 0, month = 0;
      int32_t time = 7200;  ///< seconds after local midnight (may be negative or > 24h)
    };
    Date start, end;
  };

  TimeZone(std::string id, int32_t fixed_offset);  // use Find/Fixed

 private:
  int32_t RuleOffsetAt(int64_t utc_seconds) const;

  std::string id_;
  int32_t initial_offset_ = 0;       // before the first transition (or always, when fixed)
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offset from transitions_[i] on
  std::optional<Rule> rule_;
};

/// Parses a POSIX TZ string; nullopt when malformed.
std::optional<TimeZone::Rule> ParsePosixTzRule(std::string_view text);

/// Parses a fixed-offset zone id ("Z", "+8", "+08:00", "-0530", "UTC", "GMT+8",
/// "UTC-03:30", "UT"), returning the offset in seconds; nullopt otherwise.
std::optional<int32_t> ParseZoneOffsetId(std::string_view id);

}  // namespace tarn
