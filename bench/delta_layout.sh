#!/usr/bin/env bash
# Delta data layout benchmark: how many files a selective query reads (after
# file skipping on per-file min/max statistics) before and after
# OPTIMIZE ZORDER BY (a, b), and on a liquid-clustered copy (CLUSTER BY (a, b)
# + OPTIMIZE). The table: `rows` rows of (id, a, b, payload) written in id
# order, with a and b scattered (multiplicative hashes of id), cut into files
# of delta.targetFileSize = 2 MiB (OPTIMIZE cuts at 2 MiB too), so before any layout work every file spans
# the whole range of a and of b.
# Files read = the active files whose stats admit the predicate (what tarn's
# DeltaTable::PlanFiles keeps), counted with SQL over the table's _delta_log;
# rows scanned and time come from EXPLAIN ANALYZE's Scan node.
#   bench/delta_layout.sh [rows=10000000] [tarn binary]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
tarn="${2:-}"
if [ -z "$tarn" ]; then
  build=build-bench
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTARN_BUILD_TESTS=OFF >/dev/null
  ninja -C "$build" -j2 tarn_cli >/dev/null
  tarn="$build/src/cli/tarn"
fi
dir="$(mktemp -d /tmp/tarn_delta_layout.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
sql() { "$tarn" sql --format csv -e "$1"; }
# Active files whose statistics admit `column = value` (adds not removed by a later commit).
files_read() {  # table column value (column "1" value 1: every active file)
  local log="$1/_delta_log/*.json" removes="SELECT CAST(NULL AS STRING) AS path WHERE false"
  if [ -n "$(grep -l '"remove"' "$1"/_delta_log/*.json 2>/dev/null | head -1)" ]; then
    removes="SELECT remove.path AS path FROM json.\`$log\` WHERE remove IS NOT NULL"
  fi
  sql "WITH adds AS (SELECT add.path AS path, from_json(add.stats, 'numRecords BIGINT, minValues STRUCT<a: BIGINT, b: BIGINT>, maxValues STRUCT<a: BIGINT, b: BIGINT>') AS s FROM json.\`$log\` WHERE add IS NOT NULL),
       removed AS ($removes)
       SELECT count(*) AS files, sum(s.numRecords) AS rows_in_files FROM adds
       WHERE path NOT IN (SELECT path FROM removed) AND ${2/#[ab]/s.minValues.$2} <= $3 AND ${2/#[ab]/s.maxValues.$2} >= $3" | tail -1
}
total_files() { files_read "$1" 1 1 | cut -d, -f1; }
scan_line() {  # table column value: the Scan node's rows and the query time of EXPLAIN ANALYZE
  sql "EXPLAIN ANALYZE SELECT count(*), sum(id) FROM delta.\`$1\` WHERE $2 = $3" |
    grep -E "^ *time=.*rows out|^Query:" | tail -2 | tr '\n' ' ' | sed 's/  */ /g'
}
report() {  # label table
  for q in "a 4242" "b 777"; do
    set -- "$1" "$2" $q
    echo "$1 | $(total_files "$2") files | WHERE $3 = $4 | files read,rows in them: $(files_read "$2" "$3" "$4") | $(scan_line "$2" "$3" "$4")"
  done
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); rows: $rows"
t="$dir/zorder"
c="$dir/clustered"
gen="SELECT id, (id * 7919) % 100000 AS a, (id * 104729 + 13) % 100000 AS b, concat('row-', CAST(id AS STRING)) AS payload FROM range(0, $rows)"
props="TBLPROPERTIES ('delta.targetFileSize' = '2097152', 'delta.checkpointInterval' = '1000')"
start=$(date +%s.%N)
sql "CREATE TABLE delta.\`$t\` USING DELTA $props AS $gen" >/dev/null
echo "write: $(echo "$(date +%s.%N) - $start" | bc) s"
report "before" "$t"
start=$(date +%s.%N)
sql "SET spark.databricks.delta.optimize.maxFileSize = 2097152; OPTIMIZE delta.\`$t\` ZORDER BY (a, b)" >/dev/null
echo "OPTIMIZE ZORDER BY (a, b): $(echo "$(date +%s.%N) - $start" | bc) s"
report "after ZORDER" "$t"
sql "CREATE TABLE delta.\`$c\` USING DELTA CLUSTER BY (a, b) $props AS $gen" >/dev/null
start=$(date +%s.%N)
sql "OPTIMIZE delta.\`$c\`" >/dev/null
echo "OPTIMIZE (liquid, CLUSTER BY (a, b)): $(echo "$(date +%s.%N) - $start" | bc) s"
report "after clustering" "$c"
# Same answers everywhere.
for tbl in "$t" "$c"; do sql "SELECT count(*), sum(a), sum(b), sum(id) FROM delta.\`$tbl\`" | tail -1; done
