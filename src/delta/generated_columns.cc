#include "delta/generated_columns.h"

#include <regex>

#include "common/error.h"
#include "delta/json_util.h"
#include "delta/write_util.h"

namespace tarn::delta {
namespace {

constexpr const char* kStart = "delta.identity.start";
constexpr const char* kStep = "delta.identity.step";
constexpr const char* kHighWaterMark = "delta.identity.highWaterMark";
constexpr const char* kAllowExplicitInsert = "delta.identity.allowExplicitInsert";

std::optional<int64_t> LongMember(const DeltaField& field, const char* key) {
  std::optional<std::string> text = FieldMetadata(field, key);
  if (!text) return std::nullopt;
  try {
    size_t used = 0;
    const int64_t value = std::stoll(*text, &used);
    if (used == text->size()) return value;
  } catch (...) {
  }
  ThrowError(ErrorClass::kDeltaIdentityColumnInconsistentMetadata,
             {{"colName", field.name}, {"hasStart", key}, {"hasStep", *text}, {"hasInsert", "not an integer"}});
}

[[noreturn]] void Overflow() {
  ThrowError(ErrorClass::kArithmeticOverflow,
             {{"message", "identity column values exceed the BIGINT range"}, {"alternative", ""}, {"config", "spark.sql.ansi.enabled"}});
}

}  // namespace

std::optional<std::string> GenerationExpression(const DeltaField& field) {
  std::optional<std::string> raw = FieldMetadata(field, kGenerationExpressionKey);
  if (!raw) return std::nullopt;
  simdjson::dom::parser parser;
  const std::string file = "the metadata of field " + field.name;
  json::Where where{file, 0};
  std::string_view text;
  if (json::Parse(parser, *raw, where).get_string().get(text)) json::Fail(where, "delta.generationExpression is not a string");
  return std::string(text);
}

void SetGenerationExpression(DeltaField& field, const std::string& expression) {
  SetFieldMetadata(field, kGenerationExpressionKey, JsonQuote(expression));
}

std::optional<IdentityInfo> IdentityOf(const DeltaField& field) {
  std::optional<int64_t> start = LongMember(field, kStart);
  std::optional<int64_t> step = LongMember(field, kStep);
  if (!start && !step) return std::nullopt;
  std::optional<std::string> explicit_insert = FieldMetadata(field, kAllowExplicitInsert);
  if (!start || !step || !explicit_insert) {
    ThrowError(ErrorClass::kDeltaIdentityColumnInconsistentMetadata,
               {{"colName", field.name}, {"hasStart", start ? "true" : "false"}, {"hasStep", step ? "true" : "false"},
                {"hasInsert", explicit_insert ? "true" : "false"}});
  }
  IdentityInfo info;
  info.start = *start;
  info.step = *step;
  info.high_water_mark = LongMember(field, kHighWaterMark);
  info.allow_explicit_insert = *explicit_insert == "true";
  return info;
}

void SetIdentity(DeltaField& field, const IdentityInfo& info) {
  SetFieldMetadata(field, kStart, std::to_string(info.start));
  SetFieldMetadata(field, kStep, std::to_string(info.step));
  if (info.high_water_mark) {
    SetFieldMetadata(field, kHighWaterMark, std::to_string(*info.high_water_mark));
  } else {
    RemoveFieldMetadata(field, kHighWaterMark);
  }
  SetFieldMetadata(field, kAllowExplicitInsert, info.allow_explicit_insert ? "true" : "false");
}

IdentityRange AllocateIdentityValues(const IdentityInfo& info, int64_t count) {
  IdentityRange range;
  if (info.high_water_mark) {
    if (__builtin_add_overflow(*info.high_water_mark, info.step, &range.first)) Overflow();
  } else {
    range.first = info.start;
  }
  int64_t span = 0;
  if (count <= 0) {
    range.high_water_mark = info.high_water_mark.value_or(0);
    return range;
  }
  if (__builtin_mul_overflow(count - 1, info.step, &span) || __builtin_add_overflow(range.first, span, &range.high_water_mark)) {
    Overflow();
  }
  return range;
}

std::optional<std::string> DateOfColumn(const std::string& expression) {
  static const std::regex kDateOf(R"(^\s*(?:CAST\s*\(\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s+AS\s+DATE\s*\)|)"
                                  R"(TO_DATE\s*\(\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*\))\s*$)",
                                  std::regex::icase);
  std::smatch m;
  if (!std::regex_match(expression, m, kDateOf)) return std::nullopt;
  std::string column = m[1].matched ? m[1].str() : m[2].str();
  if (column.size() >= 2 && column.front() == '`') column = column.substr(1, column.size() - 2);
  return column;
}

void MergeHighWaterMarks(DeltaSchema& restored, const DeltaSchema& latest) {
  for (DeltaField& field : restored.fields) {
    std::optional<IdentityInfo> info = IdentityOf(field);
    if (!info) continue;
    for (const DeltaField& later : latest.fields) {
      if (later.physical_name != field.physical_name) continue;
      const std::optional<IdentityInfo> reached = IdentityOf(later);
      if (!reached || !reached->high_water_mark) continue;
      const int64_t mark = *reached->high_water_mark;
      const bool further = !info->high_water_mark ||
                           (info->step > 0 ? mark > *info->high_water_mark : mark < *info->high_water_mark);
      if (!further) continue;
      info->high_water_mark = mark;
      SetIdentity(field, *info);
    }
  }
}

void SyncIdentityHighWaterMark(DeltaField& field, std::optional<int64_t> extreme) {
  std::optional<IdentityInfo> info = IdentityOf(field);
  if (!info || !extreme) return;
  // The first start + n * step (n >= 0) at or beyond the extreme value.
  __int128 n = 0;
  const __int128 distance = static_cast<__int128>(*extreme) - info->start;
  if ((info->step > 0 && distance > 0) || (info->step < 0 && distance < 0)) {
    n = (distance + info->step - (info->step > 0 ? 1 : -1)) / info->step;
  }
  const __int128 candidate = info->start + n * info->step;
  if (candidate > INT64_MAX || candidate < INT64_MIN) Overflow();
  int64_t mark = static_cast<int64_t>(candidate);
  if (info->high_water_mark) {
    mark = info->step > 0 ? std::max(mark, *info->high_water_mark) : std::min(mark, *info->high_water_mark);
  }
  info->high_water_mark = mark;
  SetIdentity(field, *info);
}

}  // namespace tarn::delta
