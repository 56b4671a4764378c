// Regular-expression functions (rlike, regexp_replace, regexp_extract[_all],
// regexp_count, regexp_instr, regexp_substr, split) and the SQL LIKE engine
// (like, ilike). Spark uses java.util.regex; tarn runs RE2, translating the
// Java syntax RE2 also has (named groups, POSIX \p{...} classes) and
// rejecting the rest (lookaround, backreferences, possessive quantifiers)
// with INVALID_PARAMETER_VALUE naming the function. Search loops follow
// Java's Matcher.find: after an empty match the next search starts one
// character later.
//
// Constant patterns are compiled once when the call is bound; per-row
// patterns are compiled when they change from the previous row.
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/kernel_util.h"
#include "functions/regex_like.h"
#include "functions/registry.h"
#include "functions/string_util.h"
#include "types/coercion.h"

namespace tarn {
namespace {

DataType Str() { return DataType::String(); }
DataType Int() { return DataType::Int(); }
DataType Bool() { return DataType::Boolean(); }

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

[[noreturn]] void ThrowInvalid(std::string_view function, std::string_view parameter, std::string message,
                               ErrorClass error_class = ErrorClass::kInvalidParameterValue) {
  ThrowError(error_class, {{"parameter", "`" + std::string(parameter) + "`"},
                                                  {"function", "`" + std::string(function) + "`"},
                                                  {"message", std::move(message)}});
}

// --- Java regex → RE2 ---------------------------------------------------------------

/// Rewrites the Java-only spellings RE2 understands differently; anything RE2
/// cannot run is left for RE2 to reject.
std::string JavaToRe2(std::string_view java) {
  static const std::pair<const char*, const char*> kPosixClasses[] = {
      {"Lower", "[a-z]"},         {"Upper", "[A-Z]"},          {"ASCII", "[\\x00-\\x7F]"},
      {"Alpha", "[a-zA-Z]"},      {"Digit", "[0-9]"},          {"Alnum", "[a-zA-Z0-9]"},
      {"Punct", "[[:punct:]]"},   {"Graph", "[[:graph:]]"},    {"Print", "[[:print:]]"},
      {"Blank", "[ \\t]"},        {"Cntrl", "[[:cntrl:]]"},    {"XDigit", "[0-9a-fA-F]"},
      {"Space", "[ \\t\\n\\x0B\\f\\r]"}, {"javaLowerCase", "\\p{Ll}"}, {"javaUpperCase", "\\p{Lu}"},
      {"IsAlphabetic", "\\p{L}"}, {"IsDigit", "\\p{Nd}"},     {"IsLetter", "\\p{L}"}};
  std::string out;
  out.reserve(java.size());
  bool in_class = false;
  for (size_t i = 0; i < java.size(); ++i) {
    char c = java[i];
    if (c == '\\' && i + 1 < java.size()) {
      char next = java[i + 1];
      if ((next == 'p' || next == 'P') && i + 2 < java.size() && java[i + 2] == '{') {
        size_t close = java.find('}', i + 3);
        if (close != std::string_view::npos) {
          std::string_view name = java.substr(i + 3, close - i - 3);
          if (name.substr(0, 2) == "Is" && name.size() > 2 && name != "IsAlphabetic" && name != "IsDigit" &&
              name != "IsLetter")
            name.remove_prefix(2);  // \p{IsLatin} → \p{Latin}
          const char* mapped = nullptr;
          for (const auto& [java_name, re2] : kPosixClasses)
            if (name == java_name) mapped = re2;
          if (mapped != nullptr) {
            std::string_view body = mapped;
            bool bracketed = body.front() == '[' && body.back() == ']' && body.substr(0, 2) != "[[";
            if (next == 'P') {
              out += bracketed ? "[^" + std::string(body.substr(1)) : "[^" + std::string(body) + "]";
            } else if (in_class && bracketed) {
              out += body.substr(1, body.size() - 2);
            } else {
              out += body;
            }
          } else {
            out += "\\";
            out += next;
            out += "{";
            out += name;
            out += "}";
          }
          i = close;
          continue;
        }
      }
      if (next == 'Z') {  // end of input but for a final line terminator
        out += "(?:\\n?\\z)";
        ++i;
        continue;
      }
      if (next == 'h') {
        out += in_class ? " \\t\\xA0" : "[ \\t\\xA0]";
        ++i;
        continue;
      }
      out += c;
      out += next;
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < java.size() && java[i + 1] == '^') out += java[++i];
      if (i + 1 < java.size() && java[i + 1] == ']') out += java[++i];  // a leading ']' is literal
      continue;
    }
    // (?<name>...) is a named group (RE2 spells it (?P<name>...)); (?<= and (?<! are lookbehind.
    if (c == '(' && java.substr(i, 3) == "(?<" && i + 3 < java.size() && java[i + 3] != '=' && java[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::shared_ptr<const RE2> CompileRegex(std::string_view pattern, std::string_view function) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  auto re = std::make_shared<const RE2>(JavaToRe2(pattern), options);
  if (!re->ok())
    ThrowInvalid(function, "regexp", Quote(pattern) + " (" + re->error() + ")", ErrorClass::kInvalidParameterValuePattern);
  return re;
}

/// The compiled pattern of each row: the bind-time one for a constant, else
/// the last row's when the text repeats.
class PatternCache {
 public:
  PatternCache(std::shared_ptr<const RE2> constant, std::string function)
      : constant_(std::move(constant)), function_(std::move(function)) {}
  const RE2& Get(std::string_view pattern) {
    if (constant_) return *constant_;
    if (!last_ || pattern != last_text_) {
      last_ = CompileRegex(pattern, function_);
      last_text_ = std::string(pattern);
    }
    return *last_;
  }

 private:
  std::shared_ptr<const RE2> constant_;
  std::string function_;
  std::shared_ptr<const RE2> last_;
  std::string last_text_;
};

/// The bind-time pattern when argument `index` is a non-null constant.
std::shared_ptr<const RE2> ConstantPattern(const std::vector<ArgType>& args, size_t index, std::string_view function) {
  if (index >= args.size()) return nullptr;
  std::optional<std::string_view> text = ConstantArg<std::string_view>(args[index]);
  if (!text || args[index].type.id() != TypeId::kString) return nullptr;
  return CompileRegex(*text, function);
}

/// Calls fn(groups) for each match of `re` in `text` from byte `start`, Java
/// find() style; fn returns false to stop. groups[0] is the whole match.
template <typename Fn>
void ForEachMatch(const RE2& re, std::string_view text, size_t start, int groups, Fn&& fn) {
  std::vector<re2::StringPiece> match(static_cast<size_t>(groups) + 1);
  re2::StringPiece input(text.data(), text.size());
  size_t pos = start;
  while (pos <= text.size()) {
    if (!re.Match(input, pos, text.size(), RE2::UNANCHORED, match.data(), static_cast<int>(match.size()))) return;
    if (!fn(match)) return;
    size_t begin = static_cast<size_t>(match[0].data() - text.data());
    size_t end = begin + match[0].size();
    if (end == begin) {
      if (end >= text.size()) return;
      pos = end + strings::CharWidthAt(text, end);
    } else {
      pos = end;
    }
  }
}

std::string_view GroupText(const re2::StringPiece& group) {
  return group.data() == nullptr ? std::string_view() : std::string_view(group.data(), group.size());
}

// --- binding helpers -------------------------------------------------------------------

/// Binder for (str, regexp[, int...]) functions: checks argument types.
void CheckArgs(std::string_view function, const std::vector<ArgType>& args, size_t min, size_t max,
               size_t string_args) {
  ExpectArgCount(function, args, min, max);
  for (size_t i = 0; i < args.size(); ++i) {
    const DataType want = i < string_args ? Str() : Int();
    if (!CanImplicitCast(args[i].type, want) || (i < string_args && args[i].type.id() == TypeId::kBinary))
      ThrowUnexpectedInputType(i, "\"" + want.ToSql() + "\"", args[i].type);
  }
}

std::vector<DataType> ArgTypes(size_t count, size_t string_args) {
  std::vector<DataType> types;
  for (size_t i = 0; i < count; ++i) types.push_back(i < string_args ? Str() : Int());
  return types;
}

FunctionInfo Info(std::string name, std::string group, std::string usage, ScalarBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.group = std::move(group);
  info.usage = std::move(usage);
  info.scalar = std::move(binder);
  return info;
}

/// Runs fn(row, out) for every row, once when all arguments are constant.
template <typename Fn>
VectorPtr ForRows(std::span<const VectorPtr> args, size_t rows, const DataType& type, Fn&& fn) {
  bool all_constant = !args.empty();
  for (const VectorPtr& arg : args) all_constant &= arg->encoding() == VectorEncoding::kConstant;
  size_t count = all_constant ? 1 : rows;
  VectorPtr out = Vector::Make(type, count);
  for (size_t row = 0; row < count; ++row) {
    bool null = false;
    for (const VectorPtr& arg : args) null |= arg->IsNull(row);
    if (null) out->SetNull(row);
    else fn(row, *out);
  }
  if (count == 1 && rows != 1) return Vector::MakeConstant(out, 0, rows);
  return out;
}

std::string_view View(const VectorPtr& arg, size_t row) { return arg->StringAt(row).view(); }

// --- rlike -------------------------------------------------------------------------------

BoundScalar BindRlike(const std::string& name, const std::vector<ArgType>& args) {
  CheckArgs(name, args, 2, 2, 2);
  BoundScalar bound;
  bound.result_type = Bool();
  bound.arg_types = ArgTypes(2, 2);
  auto constant = ConstantPattern(args, 1, name);
  bound.kernel = [constant, name](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    PatternCache cache(constant, name);
    return ForRows(in, rows, Bool(), [&](size_t row, Vector& out) {
      const RE2& re = cache.Get(View(in[1], row));
      std::string_view s = View(in[0], row);
      WriteValue<bool>(out, row, RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), re));
    });
  };
  return bound;
}

// --- regexp_replace ------------------------------------------------------------------------

/// A Java replacement string (Matcher.appendReplacement): $n and ${name}
/// group references, backslash escapes the next character.
struct Replacement {
  struct Part {
    std::string literal;
    int group = -1;  ///< >= 0: a group reference
  };
  std::vector<Part> parts;
};

Replacement ParseReplacement(std::string_view text, const RE2& re, std::string_view function) {
  Replacement out;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) out.parts.push_back({literal, -1});
    literal.clear();
  };
  int groups = re.NumberOfCapturingGroups();
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (++i >= text.size()) ThrowInvalid(function, "rep", "character to be escaped is missing");
      literal += text[i];
    } else if (c == '$') {
      if (++i >= text.size()) ThrowInvalid(function, "rep", "Illegal group reference: group index is missing");
      int group;
      if (text[i] == '{') {
        size_t close = text.find('}', i);
        if (close == std::string_view::npos) ThrowInvalid(function, "rep", "named capturing group is missing trailing '}'");
        std::string name(text.substr(i + 1, close - i - 1));
        auto it = re.NamedCapturingGroups().find(name);
        if (it == re.NamedCapturingGroups().end()) ThrowInvalid(function, "rep", "No group with name {" + name + "}");
        group = it->second;
        i = close;
      } else {
        if (text[i] < '0' || text[i] > '9') ThrowInvalid(function, "rep", "Illegal group reference");
        group = text[i] - '0';
        // More digits while the longer number is still a group (Java's rule).
        while (i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
          int longer = group * 10 + (text[i + 1] - '0');
          if (longer > groups) break;
          group = longer;
          ++i;
        }
        if (group > groups) ThrowInvalid(function, "rep", "No group " + std::to_string(group));
      }
      flush();
      out.parts.push_back({"", group});
    } else {
      literal += c;
    }
  }
  flush();
  return out;
}

std::string ReplaceAll(const RE2& re, std::string_view s, const Replacement& replacement, int32_t position) {
  // Matching starts at character `position` (1-based); text before it is kept.
  size_t start = strings::CharOffset(s, static_cast<size_t>(position - 1));
  if (position > 1 && start >= s.size() && strings::NumChars(s) < static_cast<size_t>(position)) return std::string(s);
  std::string_view region = s.substr(start);
  std::string out(s.substr(0, start));
  size_t copied = 0;
  int groups = re.NumberOfCapturingGroups();
  ForEachMatch(re, region, 0, groups, [&](const std::vector<re2::StringPiece>& match) {
    size_t begin = static_cast<size_t>(match[0].data() - region.data());
    out.append(region.substr(copied, begin - copied));
    for (const Replacement::Part& part : replacement.parts) {
      if (part.group >= 0) out.append(GroupText(match[static_cast<size_t>(part.group)]));
      else out.append(part.literal);
    }
    copied = begin + match[0].size();
    strings::CheckResultSize("regexp_replace", out.size());
    return true;
  });
  out.append(region.substr(copied));
  return out;
}

BoundScalar BindRegexpReplace(const std::vector<ArgType>& args) {
  CheckArgs("regexp_replace", args, 3, 4, 3);
  BoundScalar bound;
  bound.result_type = Str();
  bound.arg_types = ArgTypes(args.size(), 3);
  auto constant = ConstantPattern(args, 1, "regexp_replace");
  std::shared_ptr<const Replacement> constant_replacement;
  if (constant) {
    if (auto rep = ConstantArg<std::string_view>(args[2]))
      constant_replacement = std::make_shared<const Replacement>(ParseReplacement(*rep, *constant, "regexp_replace"));
  }
  bound.kernel = [constant, constant_replacement](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    PatternCache cache(constant, "regexp_replace");
    return ForRows(in, rows, Str(), [&](size_t row, Vector& out) {
      const RE2& re = cache.Get(View(in[1], row));
      int32_t position = in.size() > 3 ? in[3]->ValueAt<int32_t>(row) : 1;
      if (position <= 0) {
        ThrowInvalid("regexp_replace", "position",
                     "expects a positive integer, but got " + std::to_string(position));
      }
      Replacement parsed;
      const Replacement* replacement = constant_replacement.get();
      if (replacement == nullptr) {
        parsed = ParseReplacement(View(in[2], row), re, "regexp_replace");
        replacement = &parsed;
      }
      out.SetString(row, ReplaceAll(re, View(in[0], row), *replacement, position));
    });
  };
  return bound;
}

// --- regexp_extract, regexp_extract_all, regexp_substr, regexp_count, regexp_instr -------------------

void CheckGroupIndex(std::string_view function, const RE2& re, int32_t index) {
  int groups = re.NumberOfCapturingGroups();
  if (index < 0 || index > groups) {
    ThrowInvalid(function, "idx",
                 "Expects group index between 0 and " + std::to_string(groups) + ", but got " + std::to_string(index),
                 ErrorClass::kInvalidParameterValueRegexGroupIndex);
  }
}

enum class ExtractKind { kExtract, kExtractAll, kSubstr, kCount, kInstr };

BoundScalar BindExtract(const std::string& name, ExtractKind kind, const std::vector<ArgType>& args) {
  bool has_index = kind == ExtractKind::kExtract || kind == ExtractKind::kExtractAll || kind == ExtractKind::kInstr;
  CheckArgs(name, args, 2, has_index ? 3 : 2, 2);
  BoundScalar bound;
  switch (kind) {
    case ExtractKind::kExtract:
    case ExtractKind::kSubstr: bound.result_type = Str(); break;
    case ExtractKind::kExtractAll: bound.result_type = DataType::Array(Str()); break;
    case ExtractKind::kCount:
    case ExtractKind::kInstr: bound.result_type = Int(); break;
  }
  bound.arg_types = ArgTypes(args.size(), 2);
  auto constant = ConstantPattern(args, 1, name);
  int32_t default_index = kind == ExtractKind::kInstr ? 0 : 1;
  DataType type = bound.result_type;
  bound.kernel = [=](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) -> VectorPtr {
    PatternCache cache(constant, name);
    if (kind == ExtractKind::kExtractAll) {
      strings::StringArrayBuilder builder(rows);
      for (size_t row = 0; row < rows; ++row) {
        bool null = false;
        for (const VectorPtr& arg : in) null |= arg->IsNull(row);
        if (!null) {
          const RE2& re = cache.Get(View(in[1], row));
          int32_t index = in.size() > 2 ? in[2]->ValueAt<int32_t>(row) : default_index;
          CheckGroupIndex(name, re, index);
          ForEachMatch(re, View(in[0], row), 0, index, [&](const std::vector<re2::StringPiece>& match) {
            builder.Add(GroupText(match[static_cast<size_t>(index)]));
            return true;
          });
        }
        builder.FinishRow(row, null);
      }
      return builder.Build();
    }
    return ForRows(in, rows, type, [&](size_t row, Vector& out) {
      const RE2& re = cache.Get(View(in[1], row));
      std::string_view s = View(in[0], row);
      int32_t index = in.size() > 2 ? in[2]->ValueAt<int32_t>(row) : default_index;
      switch (kind) {
        case ExtractKind::kExtract: {
          CheckGroupIndex(name, re, index);
          std::string_view found;
          ForEachMatch(re, s, 0, index, [&](const std::vector<re2::StringPiece>& match) {
            found = GroupText(match[static_cast<size_t>(index)]);
            return false;
          });
          out.SetString(row, found);
          break;
        }
        case ExtractKind::kSubstr: {
          std::optional<std::string_view> found;
          ForEachMatch(re, s, 0, 0, [&](const std::vector<re2::StringPiece>& match) {
            found = GroupText(match[0]);
            return false;
          });
          if (!found || found->empty()) out.SetNull(row);
          else out.SetString(row, *found);
          break;
        }
        case ExtractKind::kCount: {
          int32_t count = 0;
          ForEachMatch(re, s, 0, 0, [&](const std::vector<re2::StringPiece>&) {
            ++count;
            return true;
          });
          WriteValue<int32_t>(out, row, count);
          break;
        }
        case ExtractKind::kInstr: {
          CheckGroupIndex(name, re, index);
          int32_t position = 0;
          ForEachMatch(re, s, 0, index, [&](const std::vector<re2::StringPiece>& match) {
            const re2::StringPiece& group = match[static_cast<size_t>(index)];
            if (group.data() != nullptr)
              position = static_cast<int32_t>(strings::NumChars(s.substr(0, group.data() - s.data()))) + 1;
            return false;
          });
          WriteValue<int32_t>(out, row, position);
          break;
        }
        case ExtractKind::kExtractAll: break;
      }
    });
  };
  return bound;
}

// --- split ---------------------------------------------------------------------------------

/// Java's String.split(regex, limit) with Spark's tweaks: limit 0 means no
/// limit (trailing empty strings kept); an empty pattern splits characters.
void Split(const RE2& re, std::string_view s, int32_t limit, strings::StringArrayBuilder& builder) {
  if (limit == 0) limit = -1;
  if (!s.empty() && re.pattern().empty()) {
    std::vector<std::string_view> chars = strings::SplitChars(s);
    size_t count = limit > 0 && static_cast<size_t>(limit) < chars.size() ? static_cast<size_t>(limit) : chars.size();
    size_t consumed = 0;
    for (size_t i = 0; i + 1 < count; ++i) {
      builder.Add(chars[i]);
      consumed += chars[i].size();
    }
    builder.Add(s.substr(consumed));
    return;
  }
  size_t begin = 0;
  int32_t produced = 0;
  ForEachMatch(re, s, 0, 0, [&](const std::vector<re2::StringPiece>& match) {
    if (limit > 0 && produced >= limit - 1) return false;
    size_t at = static_cast<size_t>(match[0].data() - s.data());
    size_t end = at + match[0].size();
    if (at == 0 && end == 0) return true;  // no empty leading part for a zero-width match at the start
    builder.Add(s.substr(begin, at - begin));
    ++produced;
    begin = end;
    return true;
  });
  builder.Add(s.substr(begin));
}

BoundScalar BindSplit(const std::vector<ArgType>& args) {
  CheckArgs("split", args, 2, 3, 2);
  BoundScalar bound;
  bound.result_type = DataType::Array(Str());
  bound.arg_types = ArgTypes(args.size(), 2);
  auto constant = ConstantPattern(args, 1, "split");
  bound.kernel = [constant](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) -> VectorPtr {
    PatternCache cache(constant, "split");
    strings::StringArrayBuilder builder(rows);
    for (size_t row = 0; row < rows; ++row) {
      bool null = false;
      for (const VectorPtr& arg : in) null |= arg->IsNull(row);
      if (!null) {
        int32_t limit = in.size() > 2 ? in[2]->ValueAt<int32_t>(row) : -1;
        Split(cache.Get(View(in[1], row)), View(in[0], row), limit, builder);
      }
      builder.FinishRow(row, null);
    }
    return builder.Build();
  };
  return bound;
}

// --- like / ilike ----------------------------------------------------------------------------

BoundScalar BindLike(const std::string& name, bool ignore_case, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2, 3);
  for (size_t i = 0; i < args.size(); ++i)
    if (!CanImplicitCast(args[i].type, Str()) || args[i].type.id() == TypeId::kBinary)
      ThrowUnexpectedInputType(i, "\"STRING\"", args[i].type);
  char escape = '\\';
  if (args.size() == 3) {
    std::optional<std::string_view> text;
    if (args[2].type.id() == TypeId::kString) text = ConstantArg<std::string_view>(args[2]);
    if (!text || text->size() != 1)
      ThrowInvalid(name, "escape", "the escape character must be a constant string of one character");
    escape = (*text)[0];
  }
  // Only a STRING constant is readable here; others (a DATE, ...) are cast to
  // strings before the kernel runs and compile per row there.
  std::shared_ptr<const LikeMatcher> constant;
  if (args[1].type.id() == TypeId::kString) {
    if (auto pattern = ConstantArg<std::string_view>(args[1]))
      constant = std::make_shared<const LikeMatcher>(LikeMatcher::Compile(*pattern, escape, ignore_case));
  }
  BoundScalar bound;
  bound.result_type = Bool();
  bound.arg_types.assign(args.size(), Str());
  bound.kernel = [constant, escape, ignore_case](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    std::optional<LikeMatcher> last;
    std::string last_pattern;
    return ForRows(in.subspan(0, 2), rows, Bool(), [&](size_t row, Vector& out) {
      const LikeMatcher* matcher = constant.get();
      if (matcher == nullptr) {
        std::string_view pattern = View(in[1], row);
        if (!last || pattern != last_pattern) {
          last = LikeMatcher::Compile(pattern, escape, ignore_case);
          last_pattern = std::string(pattern);
        }
        matcher = &*last;
      }
      WriteValue<bool>(out, row, matcher->Matches(View(in[0], row)));
    });
  };
  return bound;
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry& registry) {
  const char* const rlike_usage =
      "_FUNC_(str, regexp) - Returns true if `str` matches `regexp`, or false otherwise.";
  for (const char* name : {"rlike", "regexp", "regexp_like"}) {
    std::string function = name;
    registry.Add(Info(function, "predicate_funcs", rlike_usage,
                      [function](const std::vector<ArgType>& args, const FunctionContext&) {
                        return BindRlike(function, args);
                      }));
  }
  registry.Add(Info("regexp_replace", "string_funcs",
                    "_FUNC_(str, regexp, rep[, position]) - Replaces all substrings of `str` that match `regexp` with "
                    "`rep`.",
                    [](const std::vector<ArgType>& args, const FunctionContext&) { return BindRegexpReplace(args); }));
  struct Extract {
    const char* name;
    ExtractKind kind;
    const char* usage;
  };
  const Extract extracts[] = {
      {"regexp_extract", ExtractKind::kExtract,
       "_FUNC_(str, regexp[, idx]) - Extract the first string in the `str` that match the `regexp` expression and "
       "corresponding to the regex group index."},
      {"regexp_extract_all", ExtractKind::kExtractAll,
       "_FUNC_(str, regexp[, idx]) - Extract all strings in the `str` that match the `regexp` expression and "
       "corresponding to the regex group index."},
      {"regexp_substr", ExtractKind::kSubstr,
       "_FUNC_(str, regexp) - Returns the substring that matches the regular expression `regexp` within the string "
       "`str`. If the regular expression is not found, the result is null."},
      {"regexp_count", ExtractKind::kCount,
       "_FUNC_(str, regexp) - Returns a count of the number of times that the regular expression pattern `regexp` "
       "is matched in the string `str`."},
      {"regexp_instr", ExtractKind::kInstr,
       "_FUNC_(str, regexp[, idx]) - Searches a string for a regular expression and returns an integer that "
       "indicates the beginning position of the matched substring. Positions are 1-based, not 0-based. If no "
       "match is found, returns 0."},
  };
  for (const Extract& extract : extracts) {
    std::string name = extract.name;
    ExtractKind kind = extract.kind;
    registry.Add(Info(name, "string_funcs", extract.usage,
                      [name, kind](const std::vector<ArgType>& args, const FunctionContext&) {
                        return BindExtract(name, kind, args);
                      }));
  }
  registry.Add(Info("split", "string_funcs",
                    "_FUNC_(str, regex, limit) - Splits `str` around occurrences that match `regex` and returns an "
                    "array with a length of at most `limit`",
                    [](const std::vector<ArgType>& args, const FunctionContext&) { return BindSplit(args); }));
  registry.Add(Info("like", "predicate_funcs",
                    "str _FUNC_ pattern[ ESCAPE escape] - Returns true if str matches `pattern` with `escape`, null "
                    "if any arguments are null, false otherwise.",
                    [](const std::vector<ArgType>& args, const FunctionContext&) {
                      return BindLike("like", false, args);
                    }));
  registry.Add(Info("ilike", "predicate_funcs",
                    "str _FUNC_ pattern[ ESCAPE escape] - Returns true if str matches `pattern` with `escape` "
                    "case-insensitively, null if any arguments are null, false otherwise.",
                    [](const std::vector<ArgType>& args, const FunctionContext&) {
                      return BindLike("ilike", true, args);
                    }));
}

}  // namespace tarn
