// Command-line parsing for the tarn CLI: positional arguments and --flags,
// hand-written and small. Accepts "--name value", "--name=value", short
// aliases ("-n 5") and "--" to end the flags.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::cli {

/// A mistake in how tarn was called (exit code 2), as opposed to a failure
/// while doing the work (a tarn::Error, exit code 1).
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message, std::string help = "tarn --help")
      : std::runtime_error(message), help_(std::move(help)) {}
  /// The command that explains correct usage.
  const std::string& help() const { return help_; }

 private:
  std::string help_;
};

struct FlagSpec {
  std::string_view name;  ///< without dashes: "format"
  char short_name = 0;    ///< 'f' for -f, 0 for none
  bool takes_value = true;
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string, std::less<>> values;  ///< flags given, by long name ("" for switches)

  bool Has(std::string_view flag) const { return values.find(flag) != values.end(); }
  std::optional<std::string> Get(std::string_view flag) const;
};

/// Parses `args` against `specs`; throws UsageError for an unknown flag or a
/// missing value. "-h"/"--help" are recorded as the switch "help".
ParsedArgs ParseArgs(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

/// A non-negative integer flag value; throws UsageError naming the flag otherwise.
int64_t ParseCount(std::string_view flag, std::string_view text);

/// Splits "a,b.c" on commas; throws UsageError for an empty entry.
std::vector<std::string> SplitList(std::string_view flag, std::string_view text);

}  // namespace tarn::cli
