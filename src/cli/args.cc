#include "cli/args.h"

#include <charconv>

namespace tarn::cli {

std::optional<std::string> ParsedArgs::Get(std::string_view flag) const {
  auto it = values.find(flag);
  if (it == values.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(std::string_view flag) const {
  auto it = values.find(flag);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

ParsedArgs ParseArgs(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      parsed.values["help"] = {""};
      continue;
    }
    // "--name[=value]" or "-x".
    std::string_view name;
    std::optional<std::string> inline_value;
    const FlagSpec* spec = nullptr;
    if (arg[1] == '-') {
      std::string_view body = std::string_view(arg).substr(2);
      size_t eq = body.find('=');
      name = body.substr(0, eq);
      if (eq != std::string_view::npos) inline_value = std::string(body.substr(eq + 1));
      for (const FlagSpec& s : specs) {
        if (s.name == name) spec = &s;
      }
    } else if (arg.size() == 2) {
      for (const FlagSpec& s : specs) {
        if (s.short_name != 0 && s.short_name == arg[1]) spec = &s;
      }
    }
    if (spec == nullptr) throw UsageError("unknown option '" + arg + "'");
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        throw UsageError("option '--" + std::string(spec->name) + "' needs a value");
      }
    } else if (inline_value) {
      throw UsageError("option '--" + std::string(spec->name) + "' takes no value");
    }
    std::vector<std::string>& given = parsed.values[std::string(spec->name)];
    if (!given.empty() && !spec->repeatable) {
      throw UsageError("option '--" + std::string(spec->name) + "' is given more than once");
    }
    given.push_back(std::move(value));
  }
  return parsed;
}

int64_t ParseCount(std::string_view flag, std::string_view text) {
  int64_t value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    throw UsageError("invalid value '" + std::string(text) + "' for --" + std::string(flag) +
                     ": expected a non-negative integer");
  }
  return value;
}

std::vector<std::string> SplitList(std::string_view flag, std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) throw UsageError("empty entry in --" + std::string(flag) + " '" + std::string(text) + "'");
    items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return items;
}

std::vector<std::pair<std::string, std::string>> ConfSettings(const ParsedArgs& parsed, const std::string& help) {
  std::vector<std::pair<std::string, std::string>> settings;
  for (const std::string& given : parsed.GetAll("conf")) {
    for (const std::string& kv : SplitList("conf", given)) {
      auto eq = kv.find('=');
      if (eq == std::string::npos) throw UsageError("--conf needs KEY=VALUE, got '" + kv + "'", help);
      settings.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
  }
  return settings;
}

}  // namespace tarn::cli
