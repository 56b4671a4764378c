// How results are shown to people: the spark-sql shell prints every value as
// Spark's CAST(x AS STRING) would, so TIMESTAMP values appear in the session
// time zone (spark.sql.session.timeZone), not in UTC. Front ends (tarn sql,
// the slt runner) pass results through here before printing them.
#pragma once

#include "session/session.h"

namespace tarn {

/// `result` with the values of every column that holds TIMESTAMP values (at
/// any depth) replaced by their text in the session time zone; other columns
/// unchanged. `schema` keeps the declared types (a table header still says
/// `timestamp`); the batches carry the text.
StatementResult InSessionTimeZone(const StatementResult& result, const Config& config);

}  // namespace tarn
