#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) one after another, merging what it finds
# into fuzz/corpus/<target>/, and logs libFuzzer's final stats to fuzz/logs/<target>.log.
# Needs nightly and cargo-fuzz: `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
mkdir -p logs
for target in verify header claims jwks; do
  cargo +nightly fuzz run "$target" -O -- -max_total_time="$seconds" -print_final_stats=1 \
    > "logs/$target.log" 2>&1 || echo "$target: libFuzzer exited non-zero (see logs/$target.log)"
done
