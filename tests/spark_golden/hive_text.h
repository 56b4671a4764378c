// Values as Spark's SQLQueryTestSuite writes them: HiveResult.toHiveString
// ("hive result string"). Differs from Dataset.show() text: NULL at top
// level but null inside nested values, strings quoted only when nested,
// arrays [1,2], structs {"a":1}, maps {k:v} with entries sorted as text,
// binary as UTF-8 text, timestamps in the session zone, ANSI intervals in
// Hive style (1-2, 3 04:05:06.000000000).
#pragma once

#include <memory>
#include <string>

#include "columnar/vector.h"
#include "types/time_zone.h"

namespace tarn::golden {

/// Appends row `row` of `vector` (any encoding). `zone` shifts TIMESTAMP (LTZ).
void AppendHiveText(const Vector& vector, size_t row, const TimeZone& zone, bool nested, std::string* out);

}  // namespace tarn::golden
