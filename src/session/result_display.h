// How results are shown to people: the spark-sql shell prints every value as
// Spark's CAST(x AS STRING) would, so TIMESTAMP values appear in the session
// time zone (spark.sql.session.timeZone), not in UTC. Front ends (tarn sql,
// the slt runner) pass results through here before printing them.
#pragma once

#include "session/session.h"

namespace tarn {

/// `result` with every column that holds TIMESTAMP values (at any depth)
/// replaced by its text in the session time zone; other columns unchanged.
StatementResult InSessionTimeZone(const StatementResult& result, const Config& config);

}  // namespace tarn
