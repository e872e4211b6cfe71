#!/usr/bin/env bash
# Whole-process figures for docs/benchmarks.md: what a user feels.
#   - `preflight list` start to exit, 1,000 and 10,000 records (hyperfine),
#     with the list index warm and cold;
#   - `preflight` (home screen) start to first frame in a 120x40 pty
#     (benches/first_frame.py), with its peak RSS;
#   - `export --all` to Markdown and `check`, 1,000 and 10,000 records;
#   - peak RSS of `list` (/usr/bin/time -v).
# Everything runs on one core (taskset -c 1). Needs hyperfine, GNU time and
# python3 (`apt-get install -y hyperfine time python3`).
#
# Usage: benches/whole-process.sh [BINARY]   (default: a fresh release build)
# Stores are generated (seed 1) under target/whole-process/ and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  cargo build --release --quiet
  bin=$PWD/target/release/preflight
fi
work=$PWD/target/whole-process
mkdir -p "$work/config" "$work/home"
# Never the user's config or home.
export PREFLIGHT_CONFIG_DIR=$work/config HOME=$work/home
unset PREFLIGHT_STORE PREFLIGHT_AUTHOR
core="taskset -c 1"

for n in 1000 10000; do
  store=$work/store-$n
  if [ ! -d "$store/records" ]; then
    "$PWD/target/release/preflight" generate --records "$n" --seed 1 --out "$store" >/dev/null \
      || "$bin" generate --records "$n" --seed 1 --out "$store" >/dev/null
  fi
  # Published names are assigned by the first export; do that once so the
  # timed exports do not also save records.
  "$bin" -q --store "$store" export --all --out "$work/warm-export-$n" >/dev/null 2>&1 || true
  rm -rf "$work/warm-export-$n"
done

echo "## preflight list"
for n in 1000 10000; do
  store=$work/store-$n
  $core hyperfine -N --warmup 3 --runs 20 --style basic \
    "$bin --store $store list"
  $core hyperfine --warmup 1 --runs 5 --style basic \
    --prepare "rm -rf $store/.cache" -n "list $n, cold index (rebuilt)" \
    "$bin --store $store list >/dev/null"
  /usr/bin/time -f "peak RSS, list $n: %M KB" "$bin" --store "$store" list >/dev/null
done

echo "## first frame (home screen, 120x40 pty)"
for n in 1000 10000; do
  echo -n "$n records: "
  $core python3 benches/first_frame.py "$bin" "$work/store-$n" 20
done

echo "## export --all (Markdown) into an empty folder"
for n in 1000 10000; do
  out=$work/export-$n
  $core hyperfine --warmup 0 --runs 3 --style basic \
    --prepare "rm -rf $out" -n "export --all $n" \
    "$bin -q --store $work/store-$n export --all --out $out"
  /usr/bin/time -f "peak RSS, export --all $n: %M KB" \
    "$bin" -q --store "$work/store-$n" export --all --out "$out"
  rm -rf "$out"
done

echo "## check over every record"
for n in 1000 10000; do
  # check exits 1 when records have gaps (the generated ones are overdue).
  $core hyperfine -N -i --warmup 1 --runs 5 --style basic \
    "$bin --store $work/store-$n check"
done
