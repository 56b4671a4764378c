// Command-line parsing for the tarn CLI: positional arguments and --flags,
// hand-written and small. Accepts "--name value", "--name=value", short
// aliases ("-n 5") and "--" to end the flags.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
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
  bool repeatable = false;  ///< may be given several times (GetAll); otherwise twice is a usage error
};

struct ParsedArgs {
  std::vector<std::string> positional;
  /// Flags given, by long name, each with its values in order ("" for switches).
  std::map<std::string, std::vector<std::string>, std::less<>> values;

  bool Has(std::string_view flag) const { return values.find(flag) != values.end(); }
  /// The flag's value (the last, for a repeatable flag), if given.
  std::optional<std::string> Get(std::string_view flag) const;
  /// Every value of a repeatable flag, in the order given.
  std::vector<std::string> GetAll(std::string_view flag) const;
};

/// Parses `args` against `specs`; throws UsageError for an unknown flag or a
/// missing value. "-h"/"--help" are recorded as the switch "help".
ParsedArgs ParseArgs(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

/// A non-negative integer flag value; throws UsageError naming the flag otherwise.
int64_t ParseCount(std::string_view flag, std::string_view text);

/// The KEY=VALUE settings of every --conf given (each may hold several,
/// comma-separated), in order; throws UsageError (pointing at `help`) for an
/// entry without '='.
std::vector<std::pair<std::string, std::string>> ConfSettings(const ParsedArgs& parsed, const std::string& help);

/// Splits "a,b.c" on commas; throws UsageError for an empty entry.
std::vector<std::string> SplitList(std::string_view flag, std::string_view text);

}  // namespace tarn::cli
