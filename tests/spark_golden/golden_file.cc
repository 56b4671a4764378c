#include "golden_file.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace tarn::golden {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string TrimRight(const std::string& s) {
  size_t e = s.size();
  while (e > 0 && IsSpace(s[e - 1])) --e;
  return s.substr(0, e);
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool GoldenBlock::expects_error() const {
  if (schema != "struct<>" || output.empty()) return false;
  std::string first = output.substr(0, output.find('\n'));
  if (!EndsWith(first, "Exception") && !EndsWith(first, "Error")) return false;
  // A Java class name: dotted identifiers, no spaces.
  for (char c : first) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '$')) return false;
  }
  return true;
}

std::optional<std::string> GoldenBlock::error_class() const {
  static const std::string kKey = "\"errorClass\" : \"";
  size_t pos = output.find(kKey);
  if (pos == std::string::npos) return std::nullopt;
  pos += kKey.size();
  size_t end = output.find('"', pos);
  if (end == std::string::npos) return std::nullopt;
  return output.substr(pos, end - pos);
}

std::optional<std::vector<GoldenBlock>> ParseGoldenOutput(const std::string& text) {
  // Spark: text.split("-- !query.*\n"); the first piece is the header.
  static const std::string kMarker = "-- !query";
  std::vector<std::string> pieces;
  size_t start = 0;
  while (true) {
    size_t marker = text.find(kMarker, start);
    if (marker == std::string::npos) break;
    size_t newline = text.find('\n', marker);
    if (newline == std::string::npos) break;
    pieces.push_back(text.substr(start, marker - start));
    start = newline + 1;
  }
  pieces.push_back(text.substr(start));
  if (pieces.size() < 4 || (pieces.size() - 1) % 3 != 0) return std::nullopt;
  std::vector<GoldenBlock> blocks;
  for (size_t i = 1; i + 2 < pieces.size(); i += 3) {
    GoldenBlock block;
    block.statement = Trim(pieces[i]);
    block.schema = Trim(pieces[i + 1]);
    block.output = TrimRight(pieces[i + 2]);
    blocks.push_back(std::move(block));
  }
  return blocks;
}

std::vector<std::pair<std::string, std::string>> ParseSetDirectives(const std::string& sql_text) {
  std::vector<std::pair<std::string, std::string>> settings;
  std::istringstream lines(sql_text);
  std::string line;
  while (std::getline(lines, line)) {
    std::string trimmed = Trim(line);
    if (trimmed.rfind("--SET", 0) != 0) continue;
    std::string rest = Trim(trimmed.substr(5));
    size_t pos = 0;
    while (pos <= rest.size()) {
      size_t comma = rest.find(',', pos);
      std::string item = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      size_t eq = item.find('=');
      if (eq != std::string::npos) settings.emplace_back(Trim(item.substr(0, eq)), Trim(item.substr(eq + 1)));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  return settings;
}

std::optional<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace tarn::golden
