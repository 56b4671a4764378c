#include "formats/files/file_listing.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "common/error.h"
#include "common/strings.h"
#include "types/coercion.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

constexpr std::string_view kDefaultPartitionName = "__HIVE_DEFAULT_PARTITION__";
// Brace expansion of one segment is bounded so a hostile pattern cannot blow up.
constexpr size_t kMaxBraceExpansions = 4096;

[[noreturn]] void ThrowIo(const Status& status, const std::string& path) {
  if (status.code() == StatusCode::kNotFound) ThrowError(ErrorClass::kPathNotFound, {{"path", path}});
  ThrowError(ErrorClass::kIoError, {{"path", path}, {"message", status.ToString()}});
}

// Collapses repeated slashes and drops trailing ones ("/a//b/" → "/a/b").
std::string StripTrailingSlashes(const std::string& input) {
  std::string path;
  path.reserve(input.size());
  for (char c : input) {
    if (c == '/' && !path.empty() && path.back() == '/') continue;
    path += c;
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string Join(const std::string& dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  if (dir.back() == '/') return dir + std::string(name);
  return dir + "/" + std::string(name);
}

// Expands the first top-level {a,b} group (recursively); false when the
// expansion would exceed the bound or braces do not balance (then the pattern
// is matched literally, as Hadoop rejects it).
bool ExpandBraces(std::string_view pattern, std::vector<std::string>* out) {
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] == '{') {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos) {
    if (out->size() >= kMaxBraceExpansions) return false;
    out->emplace_back(pattern);
    return true;
  }
  int depth = 0;
  size_t close = std::string_view::npos;
  std::vector<size_t> commas;
  for (size_t i = open; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) {
      close = i;
      break;
    }
    if (c == ',' && depth == 1) commas.push_back(i);
  }
  if (close == std::string_view::npos) return false;
  std::string_view head = pattern.substr(0, open);
  std::string_view tail = pattern.substr(close + 1);
  size_t begin = open + 1;
  commas.push_back(close);
  for (size_t comma : commas) {
    std::string alternative(head);
    alternative += pattern.substr(begin, comma - begin);
    alternative += tail;
    if (!ExpandBraces(alternative, out)) return false;
    begin = comma + 1;
  }
  return true;
}

// * ? [set] [!set] [^set] and \x over one segment (no braces).
bool MatchSimple(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size()) {
      char c = p[pi];
      if (c == '*') {
        star_p = pi++;
        star_s = si;
        continue;
      }
      if (c == '?') {
        ++pi;
        ++si;
        continue;
      }
      if (c == '[') {
        size_t j = pi + 1;
        bool negate = j < p.size() && (p[j] == '^' || p[j] == '!');
        if (negate) ++j;
        bool matched = false, closed = false;
        bool first = true;
        while (j < p.size()) {
          if (p[j] == ']' && !first) {
            closed = true;
            break;
          }
          first = false;
          char lo = p[j];
          if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
          char hi = lo;
          if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
            hi = p[j + 2];
            if (hi == '\\' && j + 3 < p.size()) hi = p[++j + 2];
            j += 2;
          }
          if (s[si] >= lo && s[si] <= hi) matched = true;
          ++j;
        }
        if (closed && matched != negate) {
          pi = j + 1;
          ++si;
          continue;
        }
        if (!closed && s[si] == '[') {  // an unclosed '[' is a literal
          ++pi;
          ++si;
          continue;
        }
      } else {
        if (c == '\\' && pi + 1 < p.size()) c = p[++pi];
        if (c == s[si]) {
          ++pi;
          ++si;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::vector<std::string> SplitSegments(const std::string& path) {
  std::vector<std::string> segments;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t slash = path.find('/', begin);
    if (slash == std::string::npos) slash = path.size();
    if (slash > begin) segments.push_back(path.substr(begin, slash - begin));
    begin = slash + 1;
  }
  return segments;
}

// Roots that a glob pattern matches (files or directories), sorted.
std::vector<FileInfo> ExpandGlob(FileSystem& fs, const std::string& pattern) {
  bool absolute = !pattern.empty() && pattern[0] == '/';
  std::vector<std::string> segments = SplitSegments(pattern);
  std::vector<std::string> candidates{absolute ? "/" : ""};
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    std::vector<std::string> next;
    if (!HasGlobPattern(segment)) {
      for (const std::string& candidate : candidates) {
        std::string unescaped;
        for (size_t k = 0; k < segment.size(); ++k) {
          if (segment[k] == '\\' && k + 1 < segment.size()) ++k;
          unescaped += segment[k];
        }
        next.push_back(candidate.empty() && !absolute ? unescaped : Join(candidate, unescaped));
      }
    } else {
      bool pattern_hidden = segment[0] == '.' || segment[0] == '_';
      for (const std::string& candidate : candidates) {
        auto listed = fs.List(candidate.empty() ? "." : candidate);
        if (!listed.ok()) {
          if (listed.status().code() == StatusCode::kNotFound) continue;
          // Not a directory (a file in the middle of the pattern) matches nothing.
          auto info = fs.Stat(candidate.empty() ? "." : candidate);
          if (info.ok() && !info->is_directory) continue;
          ThrowIo(listed.status(), candidate);
        }
        for (const FileInfo& entry : *listed) {
          std::string_view name = BaseName(entry.path);
          if (!pattern_hidden && IsHiddenName(name)) continue;
          if (GlobMatch(segment, name)) next.push_back(Join(candidate, name));
        }
      }
    }
    candidates = std::move(next);
    if (candidates.empty()) break;
  }
  std::vector<FileInfo> roots;
  for (const std::string& candidate : candidates) {
    auto info = fs.Stat(candidate);
    if (!info.ok()) {
      if (info.status().code() == StatusCode::kNotFound) continue;
      ThrowIo(info.status(), candidate);
    }
    info->path = StripTrailingSlashes(candidate);
    roots.push_back(std::move(*info));
  }
  std::sort(roots.begin(), roots.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  roots.erase(std::unique(roots.begin(), roots.end(), [](const FileInfo& a, const FileInfo& b) { return a.path == b.path; }),
              roots.end());
  return roots;
}

void ListLeafFiles(FileSystem& fs, const std::string& directory, int depth, std::vector<FileInfo>* out) {
  // A bound on nesting guards against symlink loops.
  if (depth > 256) ThrowError(ErrorClass::kIoError, {{"path", directory}, {"message", "directories nested too deeply"}});
  auto listed = fs.List(directory);
  if (!listed.ok()) ThrowIo(listed.status(), directory);
  for (FileInfo& entry : *listed) {
    std::string_view name = BaseName(entry.path);
    if (IsHiddenName(name)) continue;
    if (entry.is_directory) {
      ListLeafFiles(fs, entry.path, depth + 1, out);
    } else {
      out->push_back(std::move(entry));
    }
  }
}

// One file's partition directories (walking up from its directory), as Spark's
// PartitioningUtils.parsePartition.
struct ParsedPartition {
  std::vector<std::pair<std::string, std::string>> columns;  // name, raw value (escaped)
  std::string discovered_base;
};

ParsedPartition ParsePartitionPath(const std::string& leaf_dir, const std::set<std::string>& bases) {
  ParsedPartition parsed;
  std::string current = leaf_dir;
  while (true) {
    if (bases.count(current) || current.empty() || current == "/") break;
    std::string_view name = BaseName(current);
    size_t eq = name.find('=');
    bool is_column = eq != std::string_view::npos && eq > 0;
    if (!is_column && !parsed.columns.empty()) break;
    if (is_column) {
      parsed.columns.emplace_back(UnescapePathName(name.substr(0, eq)), std::string(name.substr(eq + 1)));
    }
    std::string parent = Parent(current);
    if (parent == current) break;
    current = parent;
  }
  if (parsed.columns.empty()) {
    parsed.discovered_base = leaf_dir;
  } else {
    parsed.discovered_base = current;
    std::reverse(parsed.columns.begin(), parsed.columns.end());
  }
  return parsed;
}

bool ParseInt64(std::string_view text, int64_t* out) {
  if (text.empty() || text.size() > 40) return false;
  std::string buffer(text);
  const char* begin = buffer.c_str();
  if (*begin != '+' && *begin != '-' && (*begin < '0' || *begin > '9')) return false;
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(begin, &end, 10);
  if (errno != 0 || end != begin + buffer.size()) return false;
  *out = value;
  return true;
}

bool LooksLikeJavaDouble(std::string_view text) {
  // Java's Double.parseDouble: decimal digits with optional sign, fraction,
  // exponent and a d/f suffix, or NaN / Infinity. Hex floats are left out.
  if (text == "NaN" || text == "Infinity" || text == "+Infinity" || text == "-Infinity") return true;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i < text.size() && (text[i] == 'd' || text[i] == 'D' || text[i] == 'f' || text[i] == 'F')) ++i;
  return i == text.size();
}

bool IsIntegralDecimal(const DataType& type) { return type.id() == TypeId::kDecimal && type.scale() == 0; }

}  // namespace

bool HasGlobPattern(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '*' || c == '?' || c == '[' || c == '{') return true;
  }
  return false;
}

bool GlobMatch(std::string_view pattern, std::string_view name) {
  std::vector<std::string> alternatives;
  if (!ExpandBraces(pattern, &alternatives)) return MatchSimple(pattern, name);
  for (const std::string& alternative : alternatives) {
    if (MatchSimple(alternative, name)) return true;
  }
  return false;
}

bool IsHiddenName(std::string_view name) {
  if (name.empty()) return false;
  if (name[0] == '.') return true;
  if (name[0] == '_' && name.find('=') == std::string_view::npos) return true;
  constexpr std::string_view kCopying = "._COPYING_";
  return name.size() >= kCopying.size() && name.substr(name.size() - kCopying.size()) == kCopying;
}

std::string UnescapePathName(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

DataType InferPartitionValueType(const std::string& value) {
  if (value == kDefaultPartitionName) return DataType::Null();
  int64_t integer = 0;
  if (ParseInt64(value, &integer)) {
    return integer >= INT32_MIN && integer <= INT32_MAX ? DataType::Int() : DataType::Long();
  }
  // A big integer: decimal(p,0) when it has at most 38 digits (no fraction: Spark
  // keeps 1.5 a double).
  {
    size_t i = (!value.empty() && (value[0] == '+' || value[0] == '-')) ? 1 : 0;
    size_t digits = value.size() - i;
    bool all_digits = digits > 0 && std::all_of(value.begin() + i, value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (all_digits) {
      size_t first = i;
      while (first + 1 < value.size() && value[first] == '0') ++first;
      size_t precision = value.size() - first;
      if (precision <= static_cast<size_t>(kMaxDecimalPrecision)) return DataType::Decimal(static_cast<int>(precision), 0);
    }
  }
  if (LooksLikeJavaDouble(value)) return DataType::Double();
  std::string unescaped = UnescapePathName(value);
  // Spark's partition timestamp format is "yyyy-MM-dd HH:mm:ss[.S]", the date one "yyyy-MM-dd".
  auto is_ts_shape = [](std::string_view t) {
    return t.size() >= 19 && t[4] == '-' && t[7] == '-' && t[10] == ' ' && t[13] == ':' && t[16] == ':';
  };
  if (is_ts_shape(unescaped)) {
    auto ts = ParseTimestamp(unescaped);
    if (ts && !ts->offset_seconds && ts->zone_id.empty()) return DataType::Timestamp();
  }
  if (unescaped.size() == 10 && unescaped[4] == '-' && unescaped[7] == '-' && ParseDate(unescaped)) {
    return DataType::Date();
  }
  return DataType::String();
}

DataType MergePartitionTypes(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  auto integral_or_decimal = [](const DataType& t) {
    return t.id() == TypeId::kInt || t.id() == TypeId::kLong || IsIntegralDecimal(t);
  };
  if ((a.id() == TypeId::kInt && b.id() == TypeId::kLong) || (a.id() == TypeId::kLong && b.id() == TypeId::kInt)) {
    return DataType::Long();
  }
  if (integral_or_decimal(a) && integral_or_decimal(b)) {
    DataType wider = WiderDecimal(DecimalForIntegral(a), DecimalForIntegral(b));
    if (wider.precision() > kMaxDecimalPrecision) return DataType::String();
    return wider;
  }
  if ((a.id() == TypeId::kDouble && (b.id() == TypeId::kInt || b.id() == TypeId::kLong)) ||
      (b.id() == TypeId::kDouble && (a.id() == TypeId::kInt || a.id() == TypeId::kLong))) {
    return DataType::Double();
  }
  if ((a.id() == TypeId::kDate && b.id() == TypeId::kTimestamp) ||
      (a.id() == TypeId::kTimestamp && b.id() == TypeId::kDate)) {
    return DataType::Timestamp();
  }
  return DataType::String();
}

FileListing ListInputFiles(FileSystem& fs, const std::string& path_or_glob, const ListOptions& options) {
  if (path_or_glob.empty()) ThrowError(ErrorClass::kPathNotFound, {{"path", "''"}});
  std::string path = StripTrailingSlashes(path_or_glob);

  std::vector<FileInfo> roots;
  if (HasGlobPattern(path)) {
    roots = ExpandGlob(fs, path);
  } else {
    auto info = fs.Stat(path);
    if (!info.ok()) ThrowIo(info.status(), path);
    info->path = path;
    roots.push_back(std::move(*info));
  }
  if (roots.empty()) ThrowError(ErrorClass::kPathNotFound, {{"path", path_or_glob}});

  // Leaf files and the base paths partition discovery stops at.
  std::vector<FileInfo> leaves;
  std::set<std::string> bases;
  for (const FileInfo& root : roots) {
    if (root.is_directory) {
      ListLeafFiles(fs, root.path, 0, &leaves);
      bases.insert(root.path);
    } else {
      leaves.push_back(root);
      bases.insert(Parent(root.path));
    }
  }
  if (!options.base_path.empty()) bases = {StripTrailingSlashes(options.base_path)};
  if (!options.path_glob_filter.empty()) {
    std::erase_if(leaves, [&](const FileInfo& f) { return !GlobMatch(options.path_glob_filter, BaseName(f.path)); });
  }
  std::sort(leaves.begin(), leaves.end(), [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  leaves.erase(std::unique(leaves.begin(), leaves.end(), [](const FileInfo& a, const FileInfo& b) { return a.path == b.path; }),
               leaves.end());

  FileListing listing;
  auto to_input = [](const FileInfo& f) {
    InputFile file;
    file.path = f.path;
    file.size = f.size;
    file.modification_time_ms = f.modification_time_ms;
    return file;
  };
  if (options.recursive_file_lookup) {
    for (const FileInfo& f : leaves) listing.files.push_back(to_input(f));
    return listing;
  }

  std::vector<ParsedPartition> parsed;
  parsed.reserve(leaves.size());
  bool any_partitioned = false;
  for (const FileInfo& f : leaves) {
    parsed.push_back(ParsePartitionPath(Parent(f.path), bases));
    any_partitioned |= !parsed.back().columns.empty();
  }
  if (!any_partitioned) {
    for (const FileInfo& f : leaves) listing.files.push_back(to_input(f));
    return listing;
  }

  std::set<std::string> discovered;
  for (const ParsedPartition& p : parsed) discovered.insert(p.discovered_base);
  if (discovered.size() > 1) {
    std::string text;
    for (const std::string& base : discovered) text += "\n\t" + base;
    ThrowError(ErrorClass::kConflictingDirectoryStructures, {{"discoveredBasePaths", text}});
  }

  // Column names must agree (case-insensitively, as Spark's default resolution).
  const ParsedPartition* reference = nullptr;
  std::map<std::string, std::pair<std::string, std::string>> column_lists;  // lower-case key → names, a directory
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (parsed[i].columns.empty()) continue;  // files outside partition directories are not read (as Spark)
    if (!reference) reference = &parsed[i];
    std::string names, key;
    for (const auto& column : parsed[i].columns) {
      names += (names.empty() ? "" : ", ") + column.first;
      for (char c : column.first) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      key += '\0';
    }
    column_lists.emplace(key, std::make_pair(names, Parent(leaves[i].path)));
  }
  if (column_lists.size() > 1) {
    std::string lists, dirs;
    for (const auto& [key, entry] : column_lists) {
      lists += "\n\tPartition column name list: " + entry.first;
      dirs += "\n\t" + entry.second;
    }
    ThrowError(ErrorClass::kConflictingPartitionColumnNames, {{"distinctPartColLists", lists}, {"suspiciousPaths", dirs}});
  }

  size_t num_columns = reference->columns.size();
  std::vector<DataType> types(num_columns, DataType::Null());
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (parsed[i].columns.empty()) continue;
    InputFile file = to_input(leaves[i]);
    for (size_t c = 0; c < num_columns; ++c) {
      const std::string& raw = parsed[i].columns[c].second;
      if (options.infer_partition_column_types) types[c] = MergePartitionTypes(types[c], InferPartitionValueType(raw));
      if (raw == kDefaultPartitionName) {
        file.partition_values.emplace_back(std::nullopt);
      } else {
        file.partition_values.emplace_back(UnescapePathName(raw));
      }
    }
    listing.files.push_back(std::move(file));
  }
  for (size_t c = 0; c < num_columns; ++c) {
    DataType type = types[c].id() == TypeId::kNull ? DataType::String() : types[c];
    listing.partition_schema.push_back(Field{reference->columns[c].first, type, true, ""});
  }
  return listing;
}

}  // namespace tarn
