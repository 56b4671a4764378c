#!/usr/bin/env bash
# Randomized DML on tarn's Delta tables against DuckDB, and the change data
# feed replayed onto an empty table (cdf_dml_random.mjs says how).
#   cdf_dml_random.sh TARN_CLI PEERS_DIR WORK_DIR [extra cdf_dml_random.mjs options]
# Fixed seeds by default; TARN_CDF_SEEDS=1,2,...  TARN_CDF_STATEMENTS=N for longer runs.
set -euo pipefail
tarn="$1" peers="$2" work="$(realpath -m "$3")"
shift 3
if [ ! -d "$peers/node_modules/@duckdb/node-api" ]; then
  echo "DuckDB peers not installed in $peers (scripts/setup-peers.sh installs them)" >&2
  exit 1
fi
cp "$(dirname "$0")/cdf_dml_random.mjs" "$peers/"
exec node "$peers/cdf_dml_random.mjs" --tarn "$tarn" --work "$work" "$@"
