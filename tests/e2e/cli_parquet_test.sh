#!/usr/bin/env bash
# End-to-end tests of the `tarn` CLI's parquet commands against the shared
# Parquet files and their oracles (../shared/testdata/parquet, MANIFEST.md).
#
# Usage: cli_parquet_test.sh TARN_BINARY PARQUET_TESTDATA_DIR
# Exit status: 0 when every check passes; the failures are listed otherwise.
set -u

TARN=${1:?usage: cli_parquet_test.sh TARN_BINARY PARQUET_TESTDATA_DIR}
DATA=${2:?usage: cli_parquet_test.sh TARN_BINARY PARQUET_TESTDATA_DIR}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

failures=0
checks=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run ARGS...: runs tarn, leaving stdout in $TMP/out, stderr in $TMP/err, status in $rc.
run() {
  "$TARN" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  checks=$((checks + 1))
}

# expect_ok DESCRIPTION: exit 0 and nothing on stderr.
expect_ok() {
  [ "$rc" -eq 0 ] || fail "$1: exit $rc, stderr: $(head -c 300 "$TMP/err")"
  [ ! -s "$TMP/err" ] || fail "$1: unexpected stderr: $(head -c 300 "$TMP/err")"
}

# expect_error DESCRIPTION CODE PATTERN: exit CODE and exactly one stderr line matching PATTERN.
expect_error() {
  [ "$rc" -eq "$2" ] || fail "$1: exit $rc, expected $2"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$1: expected one stderr line, got: $(cat "$TMP/err")"
  grep -Eq -- "$3" "$TMP/err" || fail "$1: stderr does not match '$3': $(cat "$TMP/err")"
}

# expect_out DESCRIPTION PATTERN: stdout matches the (extended) regular expression.
expect_out() {
  grep -Eq -- "$2" "$TMP/out" || fail "$1: stdout does not match '$2': $(head -c 500 "$TMP/out")"
}

# The oracle's row lines for FILE (first N rows when the oracle lists only some).
oracle_rows() {
  sed -n '/^"rows": \[/,$p' "$DATA/expected/$1.json" | grep '^{' | sed 's/,$//'
}

# --- help, version, usage errors ------------------------------------------------------

run --help
expect_ok "tarn --help"
expect_out "tarn --help" "^Usage: tarn <command>"
expect_out "tarn --help" "parquet"

run parquet --help
expect_ok "tarn parquet --help"
expect_out "tarn parquet --help" "schema FILE"
expect_out "tarn parquet --help" "--format table\|csv\|json"

run parquet cat --help
expect_ok "tarn parquet cat --help"

run version
expect_ok "tarn version"
expect_out "tarn version" "^tarn [0-9]"

run
expect_error "no command" 2 "^tarn: missing command"
run frobnicate
expect_error "unknown command" 2 "^tarn: unknown command 'frobnicate'"
run parquet
expect_error "parquet without subcommand" 2 "needs a subcommand"
run parquet frob x.parquet
expect_error "unknown subcommand" 2 "unknown subcommand 'parquet frob'"
run parquet cat
expect_error "missing FILE" 2 "needs a FILE"
run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" --bogus
expect_error "unknown flag" 2 "unknown option '--bogus'"
run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" --limit -3
expect_error "negative limit" 2 "invalid value '-3' for --limit"
run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" --limit
expect_error "limit without value" 2 "'--limit' needs a value"
run parquet schema "$DATA/parquet-testing/data/alltypes_plain.parquet" --format xml
expect_error "unknown format" 2 "unknown format 'xml'"
run parquet schema a.parquet b.parquet
expect_error "two files" 2 "unexpected argument 'b.parquet'"

# --- file errors: one "[CLASS] message SQLSTATE: xxxxx" line, exit 1 -------------------------

run parquet cat "$TMP/missing.parquet"
expect_error "missing file" 1 "^\[PATH_NOT_FOUND\] .*missing\.parquet.* SQLSTATE: 42K03$"
run parquet meta "$TMP"
expect_error "directory" 1 "^\[FAILED_READ_FILE\] .*directory.*SQLSTATE: KD001$"
run parquet schema "$DATA/MANIFEST.md"
expect_error "not parquet" 1 "^\[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER\] .*SQLSTATE: KD001$"
run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" --columns no_such_column
expect_error "unknown column" 1 "^\[UNRESOLVED_COLUMN.*no_such_column.*SQLSTATE: 42703$"
head -c 100 "$DATA/parquet-testing/data/alltypes_plain.parquet" >"$TMP/truncated.parquet"
run parquet cat "$TMP/truncated.parquet"
expect_error "truncated file" 1 "^\[FAILED_READ_FILE.*SQLSTATE: KD001$"

# --- schema ------------------------------------------------------------------------------

run parquet schema "$DATA/parquet-testing/data/nested_lists.snappy.parquet"
expect_ok "schema tree"
cat >"$TMP/expected" <<'EOF'
root
 |-- a: array (nullable = true)
 |    |-- element: array (containsNull = true)
 |    |    |-- element: array (containsNull = true)
 |    |    |    |-- element: string (containsNull = true)
 |-- b: integer (nullable = false)
EOF
cmp -s "$TMP/out" "$TMP/expected" || fail "schema tree: $(diff "$TMP/expected" "$TMP/out")"

run parquet schema "$DATA/parquet-testing/data/nested_lists.snappy.parquet" --format json
expect_ok "schema json"
expect_out "schema json" '^\{"type":"struct","fields":\[\{"name":"a","type":\{"type":"array","elementType":'
expect_out "schema json" '\{"name":"b","type":"integer","nullable":false,"metadata":\{\}\}\]\}$'

run parquet schema "$DATA/parquet-testing/data/nulls.snappy.parquet" -f csv
expect_ok "schema csv"
expect_out "schema csv" "^column,type,nullable$"

# --- cat: canonical JSON lines equal the oracle --------------------------------------------

for file in parquet-testing/data/nested_maps.snappy.parquet parquet-testing/data/nullable.impala.parquet \
  parquet-testing/data/nulls.snappy.parquet parquet-testing/data/fixed_length_decimal.parquet \
  parquet-testing/data/binary.parquet parquet-testing/data/float16_nonzeros_and_nans.parquet \
  parquet-testing/data/delta_byte_array.parquet parquet-testing/data/datapage_v2.snappy.parquet \
  duckdb/nullbyte.parquet duckdb/decimal_stats.parquet duckdb/map.parquet hyparquet/uuid.parquet; do
  run parquet cat "$DATA/$file" --format json
  expect_ok "cat json $file"
  oracle_rows "$file" >"$TMP/expected"
  cmp -s "$TMP/out" "$TMP/expected" || fail "cat json $file differs from the oracle: $(diff "$TMP/expected" "$TMP/out" | head -4)"
done

# Whole-file checksums (the oracle lists only 100 rows of these).
if command -v python3 >/dev/null; then
  for file in duckdb/lineitem-top10000.gzip.parquet duckdb/p2.parquet; do
    run parquet cat "$DATA/$file" -f json
    expect_ok "cat json $file"
    result=$(python3 - "$TMP/out" "$DATA/expected/$file.json" <<'EOF'
import json, sys
def fnv(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
lines = open(sys.argv[1], 'rb').read().split(b'\n')[:-1]
total = sum(fnv(line) for line in lines) & 0xFFFFFFFFFFFFFFFF
expected = json.load(open(sys.argv[2]))
ok = len(lines) == expected['row_count'] and f'{total:016x}' == expected['checksum']['row_sum_hex']
print('ok' if ok else f'{len(lines)} rows, sum {total:016x}; expected {expected["row_count"]}, {expected["checksum"]["row_sum_hex"]}')
EOF
)
    [ "$result" = ok ] || fail "checksum $file: $result"
  done
fi

# --- cat: options and other formats ------------------------------------------------------

run parquet cat "$DATA/duckdb/lineitem-top10000.gzip.parquet" -f json -n 3 --columns l_orderkey,l_shipdate
expect_ok "cat --columns --limit"
[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "cat --limit 3 printed $(wc -l <"$TMP/out") lines"
expect_out "cat --columns" '^\{"l_orderkey":[0-9]+,"l_shipdate":"[0-9]{4}-[0-9]{2}-[0-9]{2}"\}$'

run parquet cat "$DATA/parquet-testing/data/nulls.snappy.parquet" -c b_struct.b_c_int -f json -n 1
expect_ok "cat nested column path"
expect_out "cat nested column path" '^\{"b_struct":\{"b_c_int":'

run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" --limit 0 -f json
expect_ok "cat --limit 0"
[ ! -s "$TMP/out" ] || fail "cat --limit 0 printed rows"

run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" -f csv -n 2
expect_ok "cat csv"
cat >"$TMP/expected" <<'EOF'
id,bool_col,tinyint_col,smallint_col,int_col,bigint_col,float_col,double_col,date_string_col,string_col,timestamp_col
4,true,0,0,0,0,0.0,0.0,30332f30312f3039,30,2009-03-01 00:00:00
5,false,1,1,1,10,1.1,10.1,30332f30312f3039,31,2009-03-01 00:01:00
EOF
cmp -s "$TMP/out" "$TMP/expected" || fail "cat csv: $(diff "$TMP/expected" "$TMP/out")"

run parquet cat "$DATA/parquet-testing/data/alltypes_plain.parquet" -n 2 --columns id,bool_col
expect_ok "cat table"
cat >"$TMP/expected" <<'EOF'
┌─────┬──────────┐
│  id │ bool_col │
│ int │ boolean  │
├─────┼──────────┤
│   4 │ true     │
│   5 │ false    │
└─────┴──────────┘
2 rows
EOF
cmp -s "$TMP/out" "$TMP/expected" || fail "cat table: $(diff "$TMP/expected" "$TMP/out")"

run parquet cat "$DATA/duckdb/lineitem-top10000.gzip.parquet" --columns l_orderkey
expect_ok "cat table default row cap"
expect_out "cat table default row cap" "^10000 rows \(100 shown\)$"
[ "$(grep -c '│' "$TMP/out")" -eq 102 ] || fail "table should show 100 rows plus 2 header lines"

# --- meta ------------------------------------------------------------------------------------

run parquet meta "$DATA/duckdb/date_stats.parquet" -f json
expect_ok "meta json"
expect_out "meta json" '^\{"file":".*date_stats.parquet","file_size":2668,"format_version":1,"num_rows":2,"num_row_groups":1,"num_columns":6,"created_by":"parquet-cpp-arrow version 6.0.1","metadata_keys":\["ARROW:schema"\]\}$'
expect_out "meta json" '^\{"row_group":0,"column":"date_val","physical_type":"INT32","logical_type":"DATE","codec":"SNAPPY",.*"null_count":0,"min":"1900-01-01","max":"2030-12-31"\}$'
[ "$(wc -l <"$TMP/out")" -eq 7 ] || fail "meta json: expected 1 file line + 6 chunk lines"

run parquet meta "$DATA/duckdb/decimal_stats.parquet" -f csv
expect_ok "meta csv"
expect_out "meta csv" '^0,dec4,FIXED_LEN_BYTE_ARRAY\(2\),"DECIMAL\(4,1\)",SNAPPY,.*,-999\.9,999\.9$'

run parquet meta "$DATA/hyparquet/signs.parquet"
expect_ok "meta table"
expect_out "meta table" "│ num_rows +│ 4 +│"
expect_out "meta table" "unsigned_int64 .* 18446744073709551615 │$"

# --- generate: tarn's writer, read back by tarn ------------------------------------------------

run generate lineitem --scale 0.0005 --out "$TMP/lineitem.parquet"
expect_ok "generate lineitem"
expect_out "generate lineitem" "^wrote [0-9]+ rows to "
rows=$(sed -E 's/^wrote ([0-9]+) rows.*/\1/' "$TMP/out")
run parquet cat "$TMP/lineitem.parquet" -f json -c l_orderkey,l_comment
expect_ok "cat generated"
[ "$(wc -l < "$TMP/out")" -eq "$rows" ] || fail "cat generated: $(wc -l < "$TMP/out") rows, generate said $rows"
expect_out "cat generated" '^\{"l_orderkey":1,"l_comment":"[a-zA-Z ]+"\}$'
run parquet schema "$TMP/lineitem.parquet"
expect_out "schema generated" "l_extendedprice: decimal\(15,2\) \(nullable = false\)"
run generate lineitem --out "$TMP/x.parquet" --scale 0
expect_error "generate bad scale" 2 "--scale must be a number"
run generate lineitem
expect_error "generate without --out" 2 "needs --out FILE"

# --- bench tpch generate --------------------------------------------------------------------

run bench tpch generate --sf 0.001 --out "$TMP/tpch"
expect_ok "bench tpch generate"
for table in region nation supplier customer part partsupp orders lineitem; do
  [ -s "$TMP/tpch/$table.parquet" ] || fail "bench tpch generate: no $table.parquet"
done
run parquet cat "$TMP/tpch/nation.parquet" -f csv
expect_ok "cat nation"
[ "$(wc -l < "$TMP/out")" -eq 26 ] || fail "nation: $(wc -l < "$TMP/out") csv lines, expected header + 25"
run bench tpch generate --sf 0 --out "$TMP/tpch0"
expect_error "bench bad sf" 2 "--sf must be a scale factor"

echo "$checks runs, $failures failures"
[ "$failures" -eq 0 ]
