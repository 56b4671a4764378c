#!/usr/bin/env bash
# MERGE, UPDATE and OPTIMIZE racing other tarn processes on one Delta table,
# and killed mid-write (Delta's WriteSerializable conflict rules, see
# src/delta/README.md "Writing"):
#  1. a MERGE into partition p=0 while other processes append to p=1..3
#     succeeds, and every appended row and the MERGE's changes are there;
#  2. a MERGE (and an UPDATE) of p=0 racing a DELETE of p=0's files: the
#     loser fails with DELTA_CONCURRENT_DELETE_READ / _DELETE_DELETE (or
#     DELTA_CONCURRENT_APPEND), the table equals the winner's commit applied
#     alone — nothing lost, nothing resurrected;
#  3. OPTIMIZE while other processes append: it succeeds, no appended row is
#     lost and no row is doubled;
#  4. OPTIMIZE racing a DELETE of p=0: as in 2;
#  5. MERGE and OPTIMIZE killed with SIGKILL at random moments: the table reads
#     as the version before or the version after the statement, and the next
#     commit lands.
# Races depend on timing: each case repeats until the interleaving it is about
# happened (a commit landed between the statement's read and its commit), and
# fails if it never does.
#   delta_dml_concurrency_test.sh TARN_CLI
# (ONLY=race_delete ONLY_ARGS="merge_sql MERGE" runs one case.)
set -euo pipefail
tarn="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sql() { "$tarn" sql -S --format csv -e "$1"; }
value() { sql "$1" | tail -1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
rows=2000000       # 500000 per partition
attempts=10
# count, sum(id), sum(v) and rows per partition: the table's content.
state() { value "SELECT concat_ws('/', CAST(count(*) AS STRING), CAST(sum(id) AS STRING), CAST(sum(v) AS STRING),
                  CAST(sum(CASE WHEN p = 0 THEN 1 ELSE 0 END) AS STRING)) FROM delta.\`$1\`"; }
latest_version() { sql "DESCRIBE HISTORY delta.\`$1\` LIMIT 1" | tail -1 | cut -d, -f1; }
# The readVersion of the last commit made by operation $2 (empty when there is none).
commit_of() { grep -l "\"operation\":\"$2\"" "$1"/_delta_log/*.json 2>/dev/null | sort | tail -1; }
read_version_of() { grep -o '"readVersion":[0-9]*' "$1" | head -1 | cut -d: -f2; }
version_of_file() { basename "$1" .json | sed 's/^0*//;s/^$/0/'; }
# Whether a commit landed between the statement's read and its commit.
interleaved() {
  local file; file=$(commit_of "$1" "$2")
  [ -n "$file" ] && [ "$(read_version_of "$file")" -lt $(( $(version_of_file "$file") - 1 )) ]
}
make_table() {  # path: ids 0..rows-1 in p = id % 4, v = id; a file per partition
  sql "CREATE TABLE delta.\`$1\` USING DELTA PARTITIONED BY (p) TBLPROPERTIES ('delta.checkpointInterval' = '4')
       AS SELECT id, CAST(id % 4 AS INT) AS p, id AS v FROM range(0, $rows)" >/dev/null
}
# Appends one row per commit to p=1..3 until the file $2 exists; the values
# appended go to $3 (one per line).
append_until() {
  local t=$1 stop=$2 log=$3 i=0
  while [ ! -e "$stop" ] || [ "$i" -eq 0 ]; do
    local id=$(( 10000000 + RANDOM * 100 + i ))
    if sql "INSERT INTO delta.\`$t\` VALUES ($id, $(( i % 3 + 1 )), $id)" >/dev/null 2>&1; then echo "$id" >> "$log"; fi
    i=$((i + 1))
  done
}
sum_file() { if [ -s "$1" ]; then paste -sd+ "$1" | bc; else echo 0; fi; }
count_file() { if [ -s "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

# MERGE of p=0: every p=0 row gets v + 1000000, ids rows..rows+36 step 4 are inserted into p=0.
merge_sql() {
  echo "MERGE INTO delta.\`$1\` AS t USING (SELECT id FROM range(0, $((rows + 40)), 4)) AS s
        ON t.p = 0 AND t.id = s.id
        WHEN MATCHED THEN UPDATE SET v = t.v + 1000000
        WHEN NOT MATCHED THEN INSERT (id, p, v) VALUES (s.id, 0, s.id)"
}
update_sql() { echo "UPDATE delta.\`$1\` SET v = v + 1000000 WHERE p = 0"; }
optimize_sql() { echo "OPTIMIZE delta.\`$1\`"; }
delete_sql() { echo "DELETE FROM delta.\`$1\` WHERE p = 0"; }

# The state after `statement` runs alone on a copy of the table in its current state.
state_after() {  # table statement-function
  rm -rf "$work/copy"
  cp -r "$1" "$work/copy"
  sql "$($2 "$work/copy")" >/dev/null
  state "$work/copy"
  rm -rf "$work/copy"
}

# --- 1 and 3: a statement racing appends to other partitions ------------------
race_appends() {  # statement-function operation-name
  local fn=$1 op=$2
  for attempt in $(seq 1 $attempts); do
    local t="$work/append_${op}_$attempt"
    make_table "$t"
    # OPTIMIZE needs small files to compact: ten more commits of p=0..3 rows.
    if [ "$op" = OPTIMIZE ]; then
      local inserts=""
      for k in $(seq 1 10); do inserts+="INSERT INTO delta.\`$t\` SELECT id, CAST(id % 4 AS INT), id FROM range($((rows * k)), $((rows * k + 1000)));"; done
      sql "$inserts" >/dev/null
    fi
    local expected_alone; expected_alone=$(state_after "$t" "$fn")
    rm -f "$work/stop" "$work/appended.1" "$work/appended.2"
    append_until "$t" "$work/stop" "$work/appended.1" & local a1=$!
    append_until "$t" "$work/stop" "$work/appended.2" & local a2=$!
    sleep 0.3
    local status=0
    sql "$($fn "$t")" >/dev/null 2>"$work/err" || status=$?
    touch "$work/stop"
    wait "$a1" "$a2"
    [ "$status" -eq 0 ] || fail "$op racing appends to other partitions failed: $(head -c 400 "$work/err")"
    # The statement alone + the appended rows (p=1..3, v = id).
    cat "$work/appended.1" "$work/appended.2" > "$work/appended" 2>/dev/null || true
    local n s
    n=$(count_file "$work/appended"); s=$(sum_file "$work/appended")
    IFS=/ read -r c0 i0 v0 p0 <<< "$expected_alone"
    local expected="$((c0 + n))/$((i0 + s))/$((v0 + s))/$p0"
    local got; got=$(state "$t")
    [ "$got" = "$expected" ] || fail "$op racing $n appends: table is $got, expected $expected"
    if interleaved "$t" "$op"; then
      echo "$op racing appends: succeeded with $n appends committed meanwhile; table $got as expected (attempt $attempt)"
      rm -rf "$t"
      return
    fi
    rm -rf "$t"
  done
  fail "$op never raced an append in $attempts attempts"
}

# --- 2 and 4: a statement racing a DELETE of the same files ------------------
race_delete() {  # statement-function operation-name
  local fn=$1 op=$2
  for attempt in $(seq 1 $attempts); do
    local t="$work/delete_${op}_$attempt"
    make_table "$t"
    if [ "$op" = OPTIMIZE ]; then
      local inserts=""
      for k in $(seq 1 10); do inserts+="INSERT INTO delta.\`$t\` SELECT id, CAST(id % 4 AS INT), id FROM range($((rows * k)), $((rows * k + 1000)));"; done
      sql "$inserts" >/dev/null
    fi
    # The serial outcomes.
    local before; before=$(state "$t")
    rm -rf "$work/serial"; cp -r "$t" "$work/serial"
    sql "$($fn "$work/serial")" >/dev/null; sql "$(delete_sql "$work/serial")" >/dev/null
    local stmt_then_delete; stmt_then_delete=$(state "$work/serial")
    rm -rf "$work/serial"; cp -r "$t" "$work/serial"
    sql "$(delete_sql "$work/serial")" >/dev/null
    local delete_only; delete_only=$(state "$work/serial")
    sql "$($fn "$work/serial")" >/dev/null
    local delete_then_stmt; delete_then_stmt=$(state "$work/serial")
    rm -rf "$work/serial"
    local stmt_only; stmt_only=$(state_after "$t" "$fn")

    local s_status=0 d_status=0
    sql "$($fn "$t")" >/dev/null 2>"$work/err.stmt" & local sp=$!
    sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
    sql "$(delete_sql "$t")" >/dev/null 2>"$work/err.delete" || d_status=$?
    wait "$sp" || s_status=$?
    local got; got=$(state "$t")
    local conflict='DELTA_CONCURRENT_(DELETE_READ|DELETE_DELETE|APPEND)'
    if [ "$s_status" -ne 0 ]; then
      grep -Eq "$conflict" "$work/err.stmt" || fail "$op racing DELETE failed without a concurrent-modification error: $(head -c 400 "$work/err.stmt")"
      [ "$d_status" -eq 0 ] || fail "$op and DELETE both failed"
      [ "$got" = "$delete_only" ] || fail "$op lost to DELETE but the table is $got, expected the DELETE alone: $delete_only"
      echo "$op racing DELETE: $op failed with $(grep -Eo "$conflict" "$work/err.stmt" | head -1); table $got = the DELETE alone (attempt $attempt)"
      rm -rf "$t"; return
    elif [ "$d_status" -ne 0 ]; then
      grep -Eq "$conflict" "$work/err.delete" || fail "DELETE racing $op failed without a concurrent-modification error: $(head -c 400 "$work/err.delete")"
      [ "$got" = "$stmt_only" ] || fail "DELETE lost to $op but the table is $got, expected $op alone: $stmt_only"
      echo "$op racing DELETE: DELETE failed with $(grep -Eo "$conflict" "$work/err.delete" | head -1); table $got = $op alone (attempt $attempt)"
      rm -rf "$t"; return
    fi
    # Both committed: they did not overlap; the table is one of the serial orders.
    [ "$got" = "$stmt_then_delete" ] || [ "$got" = "$delete_then_stmt" ] ||
      fail "$op and DELETE both committed but the table is $got, neither $stmt_then_delete nor $delete_then_stmt"
    [ "$before" != "$got" ] || fail "$op and DELETE both committed but nothing changed"
    rm -rf "$t"
  done
  fail "$op never raced the DELETE in $attempts attempts"
}

# --- 5: SIGKILL during MERGE / OPTIMIZE -------------------------------------------
kill_during() {  # statement-function operation-name
  local fn=$1 op=$2
  local t="$work/kill_$op"
  make_table "$t"
  local before_commit=0
  for round in 1 2 3 4 5 6; do
    # Ten small files per round, so that OPTIMIZE has work each time.
    local inserts=""
    for k in $(seq 1 10); do
      inserts+="INSERT INTO delta.\`$t\` SELECT id, CAST(id % 4 AS INT), id FROM range($((rows * (round * 10 + k))), $((rows * (round * 10 + k) + 1000)));"
    done
    sql "$inserts" >/dev/null
    local before version_before after
    before=$(state "$t")
    version_before=$(latest_version "$t")
    after=$(state_after "$t" "$fn")
    # The binary itself in the background (a shell function would run in a subshell, which SIGKILL would not reach past).
    "$tarn" sql -S -e "$($fn "$t")" >/dev/null 2>&1 & local pid=$!
    sleep "0.$((RANDOM % 5))$((RANDOM % 10))"  # 0 to 0.49 s: most kills land before the commit
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local got version
    got=$(state "$t") || fail "after SIGKILL of $op the table does not read"
    version=$(latest_version "$t")
    if [ "$version" = "$version_before" ]; then
      [ "$got" = "$before" ] || fail "$op killed before its commit, but the table is $got, not $before"
      before_commit=$((before_commit + 1))
    elif [ "$version" = "$((version_before + 1))" ]; then
      [ "$got" = "$after" ] || fail "$op committed before the kill, but the table is $got, not $after"
    else
      fail "after SIGKILL of $op the table is at version $version (was $version_before)"
    fi
    sql "INSERT INTO delta.\`$t\` VALUES ($((50000000 + round)), 1, 0)" >/dev/null
    local next; next=$(latest_version "$t")
    [ "$next" = "$((version + 1))" ] || fail "the commit after killing $op is version $next, expected $((version + 1)); log: $(ls "$t/_delta_log" | tail -5 | tr '\n' ' ')"
    echo "SIGKILL $op round $round: version $version_before -> $version, table $got; the next commit is $((version + 1))"
  done
  [ "$before_commit" -gt 0 ] || fail "$op committed before every kill"
  rm -rf "$t"
}

[ -n "${ONLY:-}" ] && { "$ONLY" ${ONLY_ARGS:-}; exit; }
race_appends merge_sql MERGE
race_appends optimize_sql OPTIMIZE
race_delete merge_sql MERGE
race_delete update_sql UPDATE
race_delete optimize_sql OPTIMIZE
kill_during merge_sql MERGE
kill_during optimize_sql OPTIMIZE
