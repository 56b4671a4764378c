#!/usr/bin/env bash
# Fuzzes with libFuzzer (clang, ASan+UBSan) for a bounded time:
#   parquet: the Parquet reader, seeded with every Parquet file of ../shared/testdata;
#   sql:     the SQL statement parser, seeded with the Spark golden-test inputs (*.sql);
#   text:    the CSV and JSON readers, seeded with small CSV, JSON-lines and multi-line JSON files.
#   scripts/fuzz.sh [seconds=300] [parquet|sql|text]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
target="${2:-parquet}"
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTARN_FUZZ=ON -DTARN_SANITIZE=ON -DTARN_BUILD_TESTS=OFF -DTARN_BUILD_BENCH=OFF >/dev/null
case "$target" in
  parquet)
    ninja -C "$build" parquet_reader_fuzz
    corpus="$build/fuzz-corpus"
    mkdir -p "$corpus"
    # (large_string_map holds a legitimate 1 GiB string: too slow a seed under ASan.)
    find ../shared/testdata/parquet -name '*.parquet' -size -2M ! -name 'large_string_map*' -exec cp -n {} "$corpus/" \;
    "$build/src/formats/parquet/fuzz/parquet_reader_fuzz" "$corpus" -max_total_time="$seconds" \
      -rss_limit_mb=4096 -malloc_limit_mb=2048 -max_len=1048576 -timeout=20 -print_final_stats=1
    ;;
  sql)
    ninja -C "$build" sql_parser_fuzz
    corpus="$build/fuzz-corpus-sql"
    mkdir -p "$corpus"
    # One seed per statement of the golden inputs (small seeds mutate better), plus the whole files.
    find ../shared/testdata/spark-sql-tests/inputs -name '*.sql' -exec cp -n {} "$corpus/" \;
    find ../shared/testdata/spark-sql-tests/inputs -name '*.sql' -print0 |
      xargs -0 cat | awk -v dir="$corpus" 'BEGIN { RS = ";" } NF { n++; print > (dir "/stmt-" n ".sql"); close(dir "/stmt-" n ".sql") }'
    "$build/src/sql/fuzz/sql_parser_fuzz" "$corpus" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1
    ;;
  text)
    ninja -C "$build" text_reader_fuzz
    corpus="$build/fuzz-corpus-text"
    mkdir -p "$corpus"
    # The first byte picks the reader and its options (see text_reader_fuzz.cc): even = CSV, odd = JSON.
    printf '\x0aid,name,price,day\n1,"a, b",1.5,2024-01-02\n2,"say ""hi""",,2024-02-03\n' > "$corpus/csv-header-infer"
    printf '\x04a;b\n"multi\nline";x\n\\"esc";\n' > "$corpus/csv-multiline"
    printf '\x01{"a":1,"b":"x","c":[1,2],"d":{"e":null}}\n{"a":2.5,"b":true}\nnot json\n' > "$corpus/json-lines"
    printf '\x03[{"a":1},{"a":{"b":[1,2,{"c":"d"}]}}]' > "$corpus/json-multiline"
    printf '\x05// comment\n{"ts":"2024-01-02T03:04:05Z","n":1e400,"s":"\\u00e9"}\n' > "$corpus/json-comments"
    "$build/src/formats/files/fuzz/text_reader_fuzz" "$corpus" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1
    ;;
  *)
    echo "usage: scripts/fuzz.sh [seconds] [parquet|sql|text]" >&2
    exit 2
    ;;
esac
