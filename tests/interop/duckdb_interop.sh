#!/usr/bin/env bash
# tarn ⇄ DuckDB: for every codec and page version, tarn writes a file with
# every type; DuckDB reads it and writes it back with its own writer; tarn
# reads DuckDB's file and must find every row identical to what it wrote.
# Polars reads tarn's file as well (row and null counts per column).
#   duckdb_interop.sh TOOL PEERS_DIR WORK_DIR
set -euo pipefail
tool="$1" peers="$2" work="$3"
if [ ! -d "$peers/node_modules/@duckdb/node-api" ]; then
  echo "DuckDB peers not installed in $peers (scripts/setup-peers.sh installs them)" >&2
  exit 1
fi
cp "$(dirname "$0")/duckdb_rewrite.mjs" "$(dirname "$0")/polars_read.mjs" "$peers/"
mkdir -p "$work"
status=0
for codec in uncompressed snappy gzip zstd lz4_raw brotli; do
  for pages in v1 v2; do
    ours="$(realpath -m "$work/tarn_${codec}_${pages}.parquet")"
    theirs="$(realpath -m "$work/duckdb_${codec}_${pages}.parquet")"
    "$tool" write "$ours" "$codec" "$pages"
    node "$peers/duckdb_rewrite.mjs" "$ours" "$theirs"
    printf '%-13s %s: ' "$codec" "$pages"
    "$tool" compare "$ours" "$theirs" || status=1
    # Polars reads tarn's file too (all but the INTERVAL column, which Polars does not support).
    columns=$("$tool" stats "$ours" interval | cut -d' ' -f1)
    # shellcheck disable=SC2086
    if [ "$(node "$peers/polars_read.mjs" "$ours" $columns)" = "$("$tool" stats "$ours" interval)" ]; then
      echo "              polars: rows and null counts of $(echo $columns | wc -w) columns agree"
    else
      echo "              polars: FAIL"; status=1
    fi
  done
done
exit $status
