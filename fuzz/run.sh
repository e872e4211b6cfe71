#!/usr/bin/env bash
# Runs one fuzz target for a while: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags]
# (default 300 s). New inputs go to fuzz/corpus/TARGET (not committed),
# crashes to fuzz/artifacts/TARGET. The committed seeds in fuzz/seeds/TARGET
# are read too. cargo-fuzz asks rustc for unstable flags (-Z sanitizer and
# sancov); on the stable toolchain RUSTC_BOOTSTRAP=1 allows them. One
# fuzzer at a time, one process (-jobs is left at its default of 0).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags]}
seconds=${2:-300}
shift $(( $# >= 2 ? 2 : 1 ))
mkdir -p "corpus/$target"
seeds=()
if [ -d "seeds/$target" ]; then
  seeds=("seeds/$target")
fi
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
