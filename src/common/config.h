// Config: a session's settings, keyed by Spark's exact names (spark.sql.*) or
// tarn's own (spark.tarn.*, tarn.*). Known keys are declared in config.cc with
// their type, default and doc; unknown spark.* keys are kept as plain strings,
// as Spark's SET does.
//
// Thread safety: a Config is owned by one session; copy it to share.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tarn {

enum class ConfigType { kBool, kInt, kString, kBytes };

struct ConfigEntry {
  std::string_view key;
  ConfigType type;
  std::string_view default_value;
  std::string_view doc;
};

/// Every key tarn knows, sorted by key.
const std::vector<ConfigEntry>& KnownConfigEntries();
const ConfigEntry* FindConfigEntry(std::string_view key);

class Config {
 public:
  /// Validates the value for known keys (INVALID_CONF_VALUE on a bad one).
  Status Set(std::string_view key, std::string_view value);
  void Unset(std::string_view key);
  /// The explicit value, else the default of a known key, else nullopt.
  std::optional<std::string> Get(std::string_view key) const;
  /// Typed getters; the key must be known (a bug otherwise).
  bool GetBool(std::string_view key) const;
  int64_t GetInt(std::string_view key) const;
  /// Byte sizes accept Spark's suffixes: 10b, 64k, 128m, 2g.
  int64_t GetBytes(std::string_view key) const;
  std::string GetString(std::string_view key) const;
  /// Keys set explicitly, sorted.
  const std::map<std::string, std::string, std::less<>>& explicit_values() const { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

/// Parses "true"/"false" (case-insensitive).
std::optional<bool> ParseBool(std::string_view text);
/// Parses a byte size with an optional b/k/m/g/t suffix (Spark's JavaUtils.byteStringAs).
std::optional<int64_t> ParseBytes(std::string_view text);

}  // namespace tarn
