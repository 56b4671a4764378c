#!/usr/bin/env bash
# Fuzzes the Parquet reader with libFuzzer (clang, ASan+UBSan) for a bounded
# time, seeded with every Parquet file of ../shared/testdata.
#   scripts/fuzz.sh [seconds=300]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTARN_FUZZ=ON -DTARN_SANITIZE=ON -DTARN_BUILD_TESTS=OFF -DTARN_BUILD_BENCH=OFF >/dev/null
ninja -C "$build" parquet_reader_fuzz
corpus="$build/fuzz-corpus"
mkdir -p "$corpus"
# (large_string_map holds a legitimate 1 GiB string: too slow a seed under ASan.)
find ../shared/testdata/parquet -name '*.parquet' -size -2M ! -name 'large_string_map*' -exec cp -n {} "$corpus/" \;
"$build/src/formats/parquet/fuzz/parquet_reader_fuzz" "$corpus" -max_total_time="$seconds" \
  -rss_limit_mb=4096 -malloc_limit_mb=2048 -max_len=1048576 -timeout=20 -print_final_stats=1
