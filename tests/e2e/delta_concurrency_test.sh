#!/usr/bin/env bash
# Delta commits across processes:
#  1. N tarn processes append k rows each (one INSERT per commit) to one table at
#     the same time: no commit is lost (N×k rows, version N×k).
#  2. A writer killed with SIGKILL at random points of a stream of commits
#     leaves a table that reads at its last committed version (rows = version,
#     one row per commit) and accepts the next commit.
#   delta_concurrency_test.sh TARN_CLI
set -euo pipefail
tarn="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t="$work/t"
sql() { "$tarn" sql -S --format csv -e "$1"; }
# The last line of a one-value CSV result.
value() { sql "$1" | tail -1; }

sql "CREATE TABLE delta.\`$t\` (writer INT, i INT) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '5')" >/dev/null
writers=4 commits=6
pids=()
for w in $(seq 1 $writers); do
  ( for i in $(seq 1 $commits); do sql "INSERT INTO delta.\`$t\` VALUES ($w, $i)" >/dev/null; done ) &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
rows=$(value "SELECT count(DISTINCT writer, i) FROM delta.\`$t\`")
version=$(sql "DESCRIBE HISTORY delta.\`$t\` LIMIT 1" | tail -1 | cut -d, -f1)
expected=$((writers * commits))
if [ "$rows" != "$expected" ] || [ "$version" != "$expected" ]; then
  echo "concurrent appends: $rows distinct rows at version $version, expected $expected" >&2
  exit 1
fi
echo "concurrent appends: $writers writers x $commits commits = $rows rows at version $version"

k="$work/k"
sql "CREATE TABLE delta.\`$k\` (i INT) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '3')" >/dev/null
script="$work/inserts.sql"
for i in $(seq 1 200); do echo "INSERT INTO delta.\`$k\` VALUES ($i);"; done > "$script"
for round in 1 2 3 4 5; do
  "$tarn" sql -S -f "$script" >/dev/null 2>&1 &
  writer=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -9 "$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  rows=$(value "SELECT count(*) FROM delta.\`$k\`")
  version=$(sql "DESCRIBE HISTORY delta.\`$k\` LIMIT 1" | tail -1 | cut -d, -f1)
  if [ "$rows" != "$version" ]; then
    echo "round $round: after SIGKILL the table has $rows rows at version $version" >&2
    exit 1
  fi
  sql "INSERT INTO delta.\`$k\` VALUES (-1)" >/dev/null
  after=$(sql "DESCRIBE HISTORY delta.\`$k\` LIMIT 1" | tail -1 | cut -d, -f1)
  if [ "$after" != "$((version + 1))" ]; then
    echo "round $round: the next commit after the kill is version $after, expected $((version + 1))" >&2
    exit 1
  fi
  echo "SIGKILL round $round: version $version read back ($rows rows), the next commit is $after"
done
