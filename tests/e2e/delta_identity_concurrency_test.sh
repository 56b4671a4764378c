#!/usr/bin/env bash
# Two tarn processes inserting into one table with an identity column at the
# same time (session/column_generation.h): each hands out values above the
# high water mark it read and commits the new mark in metaData, so when the
# commits interleave the second fails with DELTA_METADATA_CHANGED instead of
# committing the same values. Every attempt checks that each statement either
# succeeded or failed with that error, and that the table holds exactly the
# rows of the statements that succeeded with the ids 1..count, each once.
# The race depends on timing: it repeats until one attempt interleaved (one
# insert lost), and fails if none did.
#   delta_identity_concurrency_test.sh TARN_CLI
set -euo pipefail
tarn="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
value() { "$tarn" sql -S --format csv -e "$1" | tail -1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
rows=300000
attempts=10
for attempt in $(seq 1 "$attempts"); do
  table="$work/t$attempt"
  "$tarn" sql -S -e "CREATE TABLE delta.\`$table\` (id BIGINT GENERATED ALWAYS AS IDENTITY, v BIGINT) USING DELTA" > /dev/null
  for w in a b; do
    "$tarn" sql -S -e "INSERT INTO delta.\`$table\` (v) SELECT id FROM range($rows)" > "$work/$w.out" 2>&1 &
  done
  wait || true
  succeeded=0 conflicted=0
  for w in a b; do
    if grep -q "num_inserted_rows" "$work/$w.out"; then
      succeeded=$((succeeded + 1))
    elif grep -q "DELTA_METADATA_CHANGED" "$work/$w.out"; then
      conflicted=$((conflicted + 1))
    else
      cat "$work/$w.out" >&2
      fail "attempt $attempt: insert $w neither succeeded nor failed with DELTA_METADATA_CHANGED"
    fi
  done
  [ "$succeeded" -ge 1 ] || fail "attempt $attempt: neither insert committed"
  expected="$((succeeded * rows)),$((succeeded * rows)),1,$((succeeded * rows))"
  got=$(value "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM delta.\`$table\`")
  [ "$got" = "$expected" ] || fail "attempt $attempt: count, distinct ids, min, max = $got, expected $expected"
  echo "attempt $attempt: $succeeded committed, $conflicted lost with DELTA_METADATA_CHANGED; ids 1..$((succeeded * rows)) once each"
  if [ "$conflicted" -eq 1 ]; then
    echo "OK"
    exit 0
  fi
done
fail "the two inserts never interleaved in $attempts attempts"
