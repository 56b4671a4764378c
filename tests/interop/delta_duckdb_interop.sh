#!/usr/bin/env bash
# tarn-written Delta tables read by an independent reader: tarn creates
# tables (partitioned with characters Spark escapes, with checkpoints, after
# INSERT OVERWRITE of a partition and of a whole table); DuckDB reconstructs
# each snapshot from `_delta_log` (checkpoint + JSON commits) and the Parquet
# files (delta_reconstruct.mjs) and must find exactly tarn's rows. Both also
# read the checkpoint file itself and must agree on its add actions. One table
# goes through OPTIMIZE, OPTIMIZE ZORDER BY and VACUUM RETAIN 0 HOURS first.
#   delta_duckdb_interop.sh TARN_CLI PEERS_DIR WORK_DIR
set -euo pipefail
tarn="$1" peers="$2" work="$(realpath -m "$3")"
if [ ! -d "$peers/node_modules/@duckdb/node-api" ]; then
  echo "DuckDB peers not installed in $peers (scripts/setup-peers.sh installs them)" >&2
  exit 1
fi
cp "$(dirname "$0")/delta_reconstruct.mjs" "$peers/"
rm -rf "$work"
mkdir -p "$work"
events="$work/events" names="$work/names" ctas="$work/ctas" maint="$work/maint"

"$tarn" sql -S -e "
CREATE TABLE delta.\`$events\` (id BIGINT, name STRING, p INT, d DATE, ok BOOLEAN, amount DECIMAL(10,2))
  USING DELTA PARTITIONED BY (p) TBLPROPERTIES ('delta.checkpointInterval' = '3');
INSERT INTO delta.\`$events\` SELECT id, concat('n', id), CAST(id % 4 AS INT), date_add(DATE'2024-01-01', CAST(id AS INT)),
  id % 2 = 0, CAST(id AS DECIMAL(10,2)) / 4 FROM range(200);
INSERT INTO delta.\`$events\` VALUES (1000, 'x', NULL, NULL, NULL, NULL);
INSERT OVERWRITE delta.\`$events\` PARTITION (p = 1) VALUES (2000, 'over', DATE'1999-12-31', true, 1.5);
INSERT INTO delta.\`$events\` SELECT id, 'late', 2, NULL, false, 0 FROM range(5);
CREATE TABLE delta.\`$names\` (k STRING, v INT) USING DELTA PARTITIONED BY (k) TBLPROPERTIES ('delta.checkpointInterval' = '2');
INSERT INTO delta.\`$names\` VALUES ('a b/c:d', 1), ('x=y%z', 2), ('', 3), (NULL, 4), ('ünï', 5), ('q?*[]{}^#''\"', 6);
INSERT INTO delta.\`$names\` VALUES ('a b/c:d', 10);
CREATE TABLE delta.\`$ctas\` USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '2')
  AS SELECT id, id * id AS sq FROM range(50);
INSERT OVERWRITE delta.\`$ctas\` SELECT id, -id FROM range(7);
INSERT INTO delta.\`$ctas\` SELECT id, 0 FROM range(3);
CREATE TABLE delta.\`$maint\` (id BIGINT, a BIGINT, p INT) USING DELTA PARTITIONED BY (p) TBLPROPERTIES ('delta.checkpointInterval' = '2');
INSERT INTO delta.\`$maint\` SELECT id, id * 7 % 13, CAST(id % 2 AS INT) FROM range(100);
INSERT INTO delta.\`$maint\` SELECT id, id * 5 % 11, CAST(id % 2 AS INT) FROM range(100, 150);
INSERT OVERWRITE delta.\`$maint\` PARTITION (p = 1) SELECT id, 0 FROM range(150, 160);
OPTIMIZE delta.\`$maint\`;
OPTIMIZE delta.\`$maint\` ZORDER BY (a, id);
SET spark.databricks.delta.retentionDurationCheck.enabled = false;
VACUUM delta.\`$maint\` RETAIN 0 HOURS;
" > /dev/null

status=0
for table in "$events" "$names" "$ctas" "$maint"; do
  "$tarn" sql -S --format json -e "SELECT * FROM delta.\`$table\`" > "$table.tarn.jsonl"
  node "$peers/delta_reconstruct.mjs" "$table" "$table.tarn.jsonl" || status=1
  # The checkpoint tarn wrote, read directly by tarn and by DuckDB.
  version=$(sed -n 's/.*"version":\([0-9]*\).*/\1/p' "$table/_delta_log/_last_checkpoint")
  checkpoint="$table/_delta_log/$(printf '%020d' "$version").checkpoint.parquet"
  ours=$("$tarn" sql -S --format csv -e "SELECT count(*), count(add), count(metaData), count(protocol) FROM read_files('$checkpoint')" | tail -1)
  theirs=$(node "$peers/delta_reconstruct.mjs" --checkpoint "$checkpoint")
  if [ "$ours" = "$theirs" ]; then
    echo "  checkpoint $version: tarn and DuckDB read the same actions (rows, adds, metaData, protocol: $ours)"
  else
    echo "  checkpoint $version: tarn $ours, DuckDB $theirs: DIFFERENT"; status=1
  fi
done
exit $status
