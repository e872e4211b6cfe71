#!/usr/bin/env bash
# Whole-process figures for docs/benchmarks.md (issues 7 and 16): what a
# user feels, start to exit, with each command's peak RSS.
#
# For each store size (100, 1,000 and 10,000 records, seed 1):
#   - one record: `show ID`, `export ID`, `check ID`, `status ID STATUS`,
#     and `edit ID` (the wizard, start to first frame in a 120x40 pty);
#   - the whole store: `list` on a fresh clone (no .cache/), `list` warm,
#     `cat` of every record file (the floor for a fresh-clone list), `check`
#     of every record, `export --all` into an empty folder and `export
#     --all` again with nothing changed; the home screen's first frame;
#   - side by side with adrs 0.13 (installed by this script from the crate
#     registry): `adrs list` and `adrs doctor` on the folder that
#     `preflight export --all --layout adr` writes from the same store,
#     against `preflight list` and `preflight check` of that store.
# Times are hyperfine's (median, min and max of the wall time over the
# runs, and the mean CPU time, user + system, which a loaded machine
# inflates far less); peak RSS is GNU time's %M (the largest of RSS_RUNS
# separate runs); the exit codes seen are listed (`check` exits 1 when
# records have gaps, as the generated ones do). Commands run at normal
# priority on both cores; set CORE="taskset -c 1" for one core.
#
# Usage: benches/whole-process.sh [BINARY]   (default: a fresh release build)
# Settings (environment):
#   WORK=DIR      where stores, outputs and results go (default
#                 target/whole-process); results in $WORK/results.md
#   SIZES="..."   store sizes (default "100 1000 10000")
#   STORES=DIR    copy DIR/store-N instead of generating it (e.g. the
#                 shared, read-only /work/wt/bench-data); never written to
#   RUNS=10       runs of a short command; LONG_RUNS=3 of `export --all`
#                 into an empty folder and of anything at 10,000 records
#                 that reads the whole store
#   RSS_RUNS=3    separate runs under /usr/bin/time for the peak RSS
#   ADRS=1        the adrs side by side (0 to skip); ADRS_ROOT=DIR where
#                 `cargo install adrs` puts it (default $WORK/adrs; an
#                 existing $ADRS_ROOT/bin/adrs 0.13.x is reused)
#   ID=...        the record of the one-record rows (default: one that
#                 supersedes a record and is superseded by another)
# Needs hyperfine, GNU time and python3; as root, it installs the first two
# with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  cargo build --release --quiet
  bin=$repo/target/release/preflight
fi
work=$(realpath -m "${WORK:-$repo/target/whole-process}")
sizes=${SIZES:-100 1000 10000}
runs=${RUNS:-10}
long_runs=${LONG_RUNS:-3}
rss_runs=${RSS_RUNS:-3}
core=${CORE:-}
id=${ID:-jkct830azw6k6sn4}

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "needs ${missing[*]}: apt-get install -y hyperfine time" >&2
    exit 2
  fi
fi
command -v python3 >/dev/null 2>&1 || { echo "needs python3" >&2; exit 2; }

mkdir -p "$work/config" "$work/home" "$work/json"
# Never the user's config or home.
export PREFLIGHT_CONFIG_DIR=$work/config HOME=$work/home
unset PREFLIGHT_STORE PREFLIGHT_AUTHOR
results=$work/results.md
{
  echo "# whole-process.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "binary: $bin ($("$bin" --version))"
  echo "machine: $(nproc) cores; load at start:$(uptime | sed 's/.*load average//')"
  echo
  echo "| command | records | median | min | max | runs | CPU (user+sys, mean) | peak RSS | exit |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} >"$results"

# measure NAME RECORDS RUNS [hyperfine options...] -- COMMAND...
# Times COMMAND with hyperfine (output discarded, exit code ignored), then
# runs it RSS_RUNS more times under GNU time (after the --prepare command,
# if one was given) for its peak RSS, and adds a row to the results.
measure() {
  local name=$1 n=$2 count=$3
  shift 3
  local opts=() prepare=""
  while [ "$1" != -- ]; do
    if [ "$1" = --prepare ]; then prepare=$2; fi
    opts+=("$1")
    shift
  done
  shift
  local json
  json=$work/json/$(echo "$name-$n" | tr -c 'a-zA-Z0-9-' _).json
  $core hyperfine -N -i --style none --runs "$count" "${opts[@]}" \
    --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null
  local rss=0 kb
  for _ in $(seq "$rss_runs"); do
    [ -z "$prepare" ] || sh -c "$prepare"
    $core /usr/bin/time -f %M -o "$work/rss.txt" "$@" >/dev/null 2>&1 || true
    kb=$(tail -n 1 "$work/rss.txt")
    [ "$kb" -le "$rss" ] || rss=$kb
  done
  python3 - "$json" "$name" "$n" "$rss" <<'EOF' | tee -a "$results"
import json, sys
path, name, n, rss = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(path))["results"][0]
def t(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
codes = ",".join(str(c) for c in sorted(set(r.get("exit_codes") or [])))
print(f"| {name} | {n:,} | {t(r['median'])} | {t(r['min'])} | {t(r['max'])} "
      f"| {len(r['times'])} | {t(r['user'] + r['system'])} | {rss / 1024:.1f} MB | {codes} |")
EOF
}

# A pristine, writable copy of the store of N records: copied from
# $STORES, or generated (seed 1) once and kept as $work/pristine-N.
fresh_store() {
  local n=$1 dest=$2 source=$work/pristine-$1
  if [ -n "${STORES:-}" ]; then
    source=$STORES/store-$n
  elif [ ! -d "$source/records" ]; then
    rm -rf "$source"
    "$bin" generate --records "$n" --seed 1 --out "$source" >/dev/null
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  cp -r "$source/records" "$dest/records"
}

for n in $sizes; do
  store=$work/store-$n
  fresh_store "$n" "$store"
  [ -f "$store/records/$id.json" ] || id=$(ls "$store/records" | head -n 1 | sed 's/\.json$//')
  # Stamps younger than two seconds are not trusted by the list index and
  # the export manifest: let the copy age before anything is cached.
  sleep 3
  # Published names are given by the first export (and saved): do that
  # once, so no timed run also writes records.
  "$bin" -q --store "$store" export --all --out "$work/names-$n" >/dev/null 2>&1 || true
  rm -rf "$work/names-$n"
  sleep 3
  long=$runs
  [ "$n" -lt 10000 ] || long=$long_runs
  p="$bin --store $store"
  echo "## $n records (load:$(uptime | sed 's/.*load average//'))" >&2

  measure "list, fresh clone (no .cache/)" "$n" "$long" \
    --prepare "rm -rf $store/.cache" -- $p list
  measure "list (warm)" "$n" "$runs" --warmup 2 -- $p list
  measure "cat of every record file" "$n" "$runs" --warmup 1 \
    -- sh -c "cat $store/records/*.json"
  measure "show ID" "$n" "$runs" --warmup 2 -- $p show "$id"
  measure "export ID" "$n" "$runs" --warmup 2 -- $p export "$id"
  measure "check ID" "$n" "$runs" --warmup 2 -- $p check "$id"
  measure "check (all)" "$n" "$long" --warmup 1 -- $p check
  measure "export --all, empty folder" "$n" "$long_runs" \
    --prepare "rm -rf $work/wiki-$n" -- $p -q export --all --out "$work/wiki-$n"
  "$bin" -q --store "$store" export --all --out "$work/wiki-$n" >/dev/null
  sleep 2.1
  measure "export --all, nothing changed" "$n" "$runs" --warmup 2 \
    -- $p -q export --all --out "$work/wiki-$n"
  # Each run changes the status (prepare sets it back), so each one writes.
  measure "status ID deprecated" "$n" "$runs" \
    --prepare "$p -q status $id superseded" -- $p -q status "$id" deprecated
  "$bin" -q --store "$store" status "$id" superseded >/dev/null 2>&1 || true
  title=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["title"][:20])' \
    "$store/records/$id.json")
  for screen in home edit; do
    if [ $screen = home ]; then args=(); marker=READINESS; else args=(edit "$id"); marker=$title; fi
    line=$($core python3 benches/first_frame.py "$bin" "$store" "$runs" "$marker" "${args[@]}")
    echo "$line" >&2
    python3 - "$line" "$screen" "$n" "$runs" <<'EOF' | tee -a "$results"
import re, sys
line, screen, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
f = [float(x) for x in re.findall(r"([\d.]+) (?:ms|MB)", line)]
name = "first frame, home (120x40 pty)" if screen == "home" else "first frame, `edit ID` (wizard)"
print(f"| {name} | {n:,} | {f[0]:.1f} ms | {f[1]:.1f} ms | {f[2]:.1f} ms | {runs} | | {f[3]:.1f} MB | |")
EOF
  done
done

if [ "${ADRS:-1}" != 0 ]; then
  adrs_root=$(realpath -m "${ADRS_ROOT:-$work/adrs}")
  adrs=$adrs_root/bin/adrs
  if ! "$adrs" --version 2>/dev/null | grep -q ' 0\.13\.'; then
    cargo install adrs --version '^0.13' --locked --root "$adrs_root"
  fi
  echo "adrs: $("$adrs" --version)" >>"$results"
  for n in $sizes; do
    store=$work/store-$n
    # The same records as adr-tools Markdown (NNNN-title.md, `# N. Title`,
    # `## Status`), in the folder adrs reads by default.
    repo_dir=$work/adr-repo-$n
    rm -rf "$repo_dir"
    mkdir -p "$repo_dir"
    "$bin" -q --store "$store" export --all --layout adr --out "$repo_dir/doc/adr" >/dev/null
    echo doc/adr >"$repo_dir/.adr-dir"
    long=$runs
    [ "$n" -lt 10000 ] || long=$long_runs
    measure "adrs list (adr folder)" "$n" "$runs" --warmup 1 \
      -- sh -c "cd $repo_dir && exec $adrs list"
    measure "preflight list (same records)" "$n" "$runs" --warmup 1 \
      -- sh -c "cd $repo_dir && exec $bin --store $store list"
    measure "adrs doctor (adr folder)" "$n" "$long" --warmup 1 \
      -- sh -c "cd $repo_dir && exec $adrs doctor"
    measure "preflight check (same records)" "$n" "$long" --warmup 1 \
      -- sh -c "cd $repo_dir && exec $bin --store $store check"
  done
fi

echo "load at end:$(uptime | sed 's/.*load average//')" | tee -a "$results"
echo "results: $results" >&2
