#!/usr/bin/env bash
# Installs every Debian package tarn's build, tests and benchmarks need.
# Idempotent and non-interactive; run as root on Debian 12.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # compression codecs (Parquet)
  zlib1g-dev libzstd-dev libsnappy-dev liblz4-dev libbrotli-dev
  # text, JSON, hashing
  libre2-dev libutf8proc-dev nlohmann-json3-dev libsimdjson-dev libxxhash-dev libssl-dev
  # Delta deletion vectors
  libroaring-dev
  # CLI
  libreadline-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  # test oracles (DuckDB, Polars through npm)
  # node and npm: see below (the machine may carry its own build of Node.js)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js for the test oracles: only when the machine has none of its own.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi
