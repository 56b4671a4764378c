#include "common/utf8.h"

#include <cstdint>

namespace tarn {

size_t DecodeUtf8(std::string_view text, size_t pos, char32_t* code_point, bool* well_formed) {
  if (well_formed) *well_formed = false;
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(pos);
  if (lead < 0x80) {
    *code_point = lead;
    if (well_formed) *well_formed = true;
    return 1;
  }
  // Well-formed sequences (Unicode Table 3-7): the second byte's range depends
  // on the lead byte, which excludes overlongs, surrogates and > U+10FFFF.
  int length;
  uint8_t low = 0x80, high = 0xBF;
  char32_t value;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, value = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, value = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    *code_point = kReplacementCharacter;
    return 1;
  }
  size_t consumed = 1;
  for (int i = 1; i < length; ++i) {
    if (pos + consumed >= text.size()) break;
    uint8_t next = byte(pos + consumed);
    if (next < low || next > high) break;
    value = (value << 6) | (next & 0x3F);
    ++consumed;
    low = 0x80, high = 0xBF;
  }
  if (consumed != static_cast<size_t>(length)) {
    *code_point = kReplacementCharacter;
    return consumed;
  }
  *code_point = value;
  if (well_formed) *well_formed = true;
  return consumed;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

int CodePointWidth(char32_t c) {
  // Combining marks and zero-width characters (the common blocks; exact
  // widths need the full Unicode tables, which a table printer does not).
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
      (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x200B && c <= 0x200F) ||
      c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F)) {
    return 0;
  }
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    pos += DecodeUtf8(text, pos, &c);
    width += CodePointWidth(c);
  }
  return width;
}

}  // namespace tarn
