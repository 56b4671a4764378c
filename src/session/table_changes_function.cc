#include "session/table_changes_function.h"

#include "common/error.h"
#include "common/strings.h"
#include "delta/delta_table.h"
#include "delta/table_changes.h"
#include "session/session.h"
#include "session/session_internal.h"
#include "session/table_statements.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn {
namespace {

[[noreturn]] void BadArgument(const std::string& parameter, const std::string& message) {
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "`" + parameter + "`"}, {"function", "`table_changes`"}, {"message", message}});
}

/// A table name as written in the string argument: dotted parts, each
/// optionally in backticks ('db.t', 'delta.`/data/t`'); a bare path ('/data/t')
/// is a Delta path.
std::vector<std::string> TableNameParts(const std::string& text) {
  if (!text.empty() && text[0] == '/') return {"delta", text};
  std::vector<std::string> parts;
  std::string part;
  bool quoted = false, started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '`' && i + 1 < text.size() && text[i + 1] == '`') {
        part.push_back('`');
        ++i;
      } else if (c == '`') {
        quoted = false;
      } else {
        part.push_back(c);
      }
    } else if (c == '`') {
      quoted = started = true;
    } else if (c == '.') {
      if (!started) BadArgument("table_str", "the table name '" + text + "' is malformed");
      parts.push_back(part);
      part.clear();
      started = false;
    } else if (c != ' ' || started) {
      part.push_back(c);
      started = true;
    }
  }
  if (quoted || !started) BadArgument("table_str", "the table name '" + text + "' is malformed");
  parts.push_back(part);
  return parts;
}

/// A version or a timestamp bound from one argument.
delta::ChangeBound Bound(const VectorPtr& arg, const std::string& parameter, const std::string& time_zone) {
  delta::ChangeBound bound;
  const DataType& type = arg->type();
  switch (type.id()) {
    case TypeId::kByte: bound.version = arg->ValueAt<int8_t>(0); break;
    case TypeId::kShort: bound.version = arg->ValueAt<int16_t>(0); break;
    case TypeId::kInt: bound.version = arg->ValueAt<int32_t>(0); break;
    case TypeId::kLong: bound.version = arg->ValueAt<int64_t>(0); break;
    case TypeId::kTimestamp: bound.timestamp_ms = FloorDiv(arg->ValueAt<int64_t>(0), 1000); break;
    case TypeId::kTimestampNtz:
    case TypeId::kDate:
    case TypeId::kString: {
      auto zone = TimeZone::Find(time_zone);
      if (!zone) zone = TimeZone::Utc();
      int64_t micros = 0;
      if (type.id() == TypeId::kDate) {
        micros = zone->LocalToUtc(int64_t{arg->ValueAt<int32_t>(0)} * 86'400'000'000);
      } else if (type.id() == TypeId::kTimestampNtz) {
        micros = zone->LocalToUtc(arg->ValueAt<int64_t>(0));
      } else {
        const std::string text(arg->StringAt(0).view());
        const size_t first = text.find_first_not_of(" \t\n");
        const size_t last = text.find_last_not_of(" \t\n");
        auto parsed = ParseTimestamp(first == std::string::npos ? "" : text.substr(first, last - first + 1));
        if (!parsed) {
          ThrowError(ErrorClass::kDeltaInvalidTimestampFormat,
                     {{"timestamp", text}, {"format", "yyyy-MM-dd HH:mm:ss[.SSSSSS][zone]"}});
        }
        if (parsed->offset_seconds) {
          micros = parsed->micros - int64_t{*parsed->offset_seconds} * 1'000'000;
        } else if (!parsed->zone_id.empty()) {
          auto named = TimeZone::Find(parsed->zone_id);
          if (!named) {
            ThrowError(ErrorClass::kDeltaInvalidTimestampFormat,
                       {{"timestamp", text}, {"format", "yyyy-MM-dd HH:mm:ss[.SSSSSS][zone]"}});
          }
          micros = named->LocalToUtc(parsed->micros);
        } else {
          micros = zone->LocalToUtc(parsed->micros);
        }
      }
      bound.timestamp_ms = FloorDiv(micros, 1000);
      break;
    }
    default:
      BadArgument(parameter, "a version (integer) or a timestamp is required, not " + type.ToString());
  }
  return bound;
}

}  // namespace

plan::PlanPtr ResolveTableChanges(Session& session, const std::vector<VectorPtr>& args, const std::string& time_zone) {
  if (args.size() < 2 || args.size() > 3) {
    ThrowError(ErrorClass::kWrongNumArgs, {{"functionName", "`table_changes`"},
                                           {"expectedNum", "[2, 3]"},
                                           {"actualNum", std::to_string(args.size())}});
  }
  if (args[0]->type().id() != TypeId::kString || args[0]->IsNull(0)) {
    BadArgument("table_str", "a table name or path string is required");
  }
  if (args[1]->IsNull(0)) BadArgument("start", "the start version or timestamp must not be NULL");
  const std::string table_text(args[0]->StringAt(0).view());
  const std::vector<std::string> name = TableNameParts(table_text);
  plan::PlanPtr table_plan = TableStatements(session).ResolveTable(name);
  if (!table_plan) {
    std::string quoted;
    for (const std::string& part : name) quoted += (quoted.empty() ? "" : ".") + ("`" + part + "`");
    ThrowError(ErrorClass::kTableOrViewNotFound, {{"relationName", quoted}});
  }
  const auto* delta_table =
      table_plan->kind == plan::PlanKind::kScan ? dynamic_cast<const delta::DeltaTable*>(table_plan->table.get()) : nullptr;
  if (!delta_table) ThrowError(ErrorClass::kDeltaMissingDeltaTable, {{"tableName", table_text}});

  const delta::ChangeBound start = Bound(args[1], "start", time_zone);
  std::optional<delta::ChangeBound> end;
  if (args.size() == 3 && !args[2]->IsNull(0)) end = Bound(args[2], "end", time_zone);
  const delta::Snapshot& snapshot = delta_table->snapshot();
  return ScanPlan(delta::TableChanges::Open(snapshot.fs_ptr(), snapshot.table_path(), start, end));
}

}  // namespace tarn
