#!/usr/bin/env bash
# Fuzzes with libFuzzer (clang, ASan+UBSan) for a bounded time:
#   parquet: the Parquet reader, seeded with every Parquet file of ../shared/testdata;
#   sql:     the SQL statement parser, seeded with the Spark golden-test inputs (*.sql).
#   scripts/fuzz.sh [seconds=300] [parquet|sql]
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
  *)
    echo "usage: scripts/fuzz.sh [seconds] [parquet|sql]" >&2
    exit 2
    ;;
esac
