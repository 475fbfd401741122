#!/usr/bin/env bash
# Compares two journey binaries: every report format, sessions, classify, inspect, validate, on every
# data set of ../shared/data with its preset and auto-detection, the fixtures, stdin, one and two threads,
# spilling, small blocks. Exit 0 when every stdout, stderr, exit status and written file is the same.
#   contrib/identical.sh OLD NEW [REPO]   REPO: the checkout whose Fixtures/ to use (default: this one)
# Use it for refactors that must not change behaviour (issue 11): OLD is a release build of the commit before.
set -uo pipefail
old=$(readlink -f "$1"); new=$(readlink -f "$2")
repo=$(readlink -f "${3:-$(dirname "$0")/..}")
data=$(readlink -f "$repo/../shared/data")
work=$(mktemp -d "${TMPDIR:-/tmp}/identical-XXXXXX")
trap 'rm -rf "$work"' EXIT
for side in old new; do
  mkdir -p "$work/$side/tmp"
  ln -s "$repo/Fixtures" "$work/$side/Fixtures"
  ln -s "$data" "$work/$side/data"
done
cases=0; diffs=0; declare -A statuses
# run NAME [ENV=V…] -- ARGS…   (stdin from $STDIN when set)
run() {
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  cases=$((cases + 1))
  for side in old new; do
    local bin=$old; [ $side = new ] && bin=$new
    local dir="$work/$side/run"
    rm -rf "$dir"; mkdir -p "$dir"
    ( cd "$work/$side" && env TMPDIR="$work/$side/tmp" COLUMNS=100 "${envs[@]}" "$bin" "$@" < "${STDIN:-$work/empty}" \
        > "$dir/.stdout" 2> "$dir/.stderr"; echo $? > "$dir/.status" )
    # Files the run wrote in its folder (outputs are named run/…)
  done
  statuses[$(cat "$work/old/run/.status")]=$(( ${statuses[$(cat "$work/old/run/.status")]:-0} + 1 ))
  if ! diff -r "$work/old/run" "$work/new/run" > "$work/diff" 2>&1; then
    diffs=$((diffs + 1))
    echo "DIFF $name: journey $*"; head -n 20 "$work/diff" | sed 's/^/    /'
  fi
}
: > "$work/empty"
datasets=(
  "data/apache-semicomplete-2015/apache_logs.gz combined"
  "data/cdnow-master/CDNOW_master.txt.gz cdnow"
  "data/diginetica-cikm2016-sample/sample_train-item-views.csv.gz diginetica"
  "data/nasa-aug95-head-corrupted/NASA_access_log_Aug95-first1930lines.gz common"
  "data/otto-recsys-sample/otto-train-sample.jsonl.gz otto"
  "data/rees46-oct2019-head/rees46-2019-Oct-first17435rows.csv.gz rees46"
  "data/trivago-recsys2019-val100k/trivago-recsys2019-validation-first100003rows.csv.gz trivago"
  "Fixtures/samples/apache-semicomplete-first2000.log.gz combined"
  "Fixtures/samples/nasa-aug95-first1930lines-corrupted.log.gz common"
  "Fixtures/samples/otto-train-sample.jsonl.gz otto"
  "Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz rees46"
  "Fixtures/presets/amplitude.ndjson amplitude"
  "Fixtures/presets/ga4.ndjson ga4"
  "Fixtures/presets/mixpanel.ndjson mixpanel"
  "Fixtures/presets/posthog.ndjson posthog"
  "Fixtures/presets/segment.ndjson segment"
  "Fixtures/presets/snowplow.ndjson snowplow"
  "Fixtures/e2e/access-combined.log combined"
  "Fixtures/e2e/access-common.log common"
  "Fixtures/e2e/orders-whitespace.txt cdnow"
)
configs=(
  "Fixtures/e2e/tiny.ndjson Fixtures/e2e/tiny.yaml"
  "Fixtures/e2e/tiny.csv Fixtures/e2e/tiny-csv.yaml"
  "Fixtures/e2e/tiny.tsv Fixtures/e2e/tiny-tsv.yaml"
  "Fixtures/e2e/folder Fixtures/e2e/tiny.yaml"
  "Fixtures/e2e/tiny-1.ndjson.gz Fixtures/e2e/tiny.yaml"
  "Fixtures/e2e/tiny-two-members.ndjson.gz Fixtures/e2e/tiny.yaml"
  "Fixtures/e2e/tiny-truncated.ndjson.gz Fixtures/e2e/tiny.yaml"
  "Fixtures/e2e/empty.ndjson Fixtures/e2e/tiny.yaml"
  "Fixtures/e2e/shop.ndjson Fixtures/e2e/shop.yaml"
  "Fixtures/input/events-9.ndjson.gz Fixtures/e2e/shop.yaml"
  "Fixtures/input/corrupt.ndjson.gz Fixtures/e2e/shop.yaml"
  "Fixtures/input/trailing-garbage.ndjson.gz Fixtures/e2e/shop.yaml"
  "Fixtures/input/truncated.ndjson.gz Fixtures/e2e/shop.yaml"
  "Fixtures/input/quoted.csv.gz Fixtures/e2e/tiny-csv.yaml"
)
all_formats=(-f json -o run/r.json -f table -o run/r.txt -f markdown -o run/r.md -f csv -o run/r.csv -f html -o run/r.html)
suite() {  # suite NAME INPUT-ARGS…
  local name=$1; shift
  for t in 1 2; do
    run "$name report t$t" -- report "$@" --threads $t "${all_formats[@]}" --rejects run/rejects.ndjson
    run "$name sessions csv t$t" -- sessions "$@" --threads $t -f csv -o run/s.csv
  done
  run "$name report spill" JOURNEY_MEMORY_FLOOR=0 JOURNEY_BLOCK_BYTES=4096 -- report "$@" --threads 2 --memory 64K -f json -o run/r.json
  run "$name report small blocks t3" JOURNEY_BLOCK_BYTES=1000 -- report "$@" --threads 3 -f json -o run/r.json --rejects run/rejects.ndjson
  run "$name sessions spill" JOURNEY_MEMORY_FLOOR=0 -- sessions "$@" --threads 2 --memory 64K
  run "$name classify" -- classify "$@" --explain --limit 300
  run "$name classify ndjson" -- classify "$@" -f ndjson
  run "$name inspect" -- inspect "$@"
  run "$name inspect json" -- inspect "$@" -f json
  run "$name report strict" -- report "$@" --strict -f json -o run/r.json
  run "$name report from-to scope user order any" -- report "$@" --from 2000-01-01 --to 2030-01-01 --scope user --order any -f json -o run/r.json
}
for entry in "${datasets[@]}"; do
  set -- $entry
  suite "$1 --preset $2" "$1" --preset "$2"
  run "$1 auto" -- report "$1" -f json -o run/r.json
  run "$1 auto table" -- report "$1" -o run/r.txt
done
for entry in "${configs[@]}"; do
  set -- $entry
  suite "$1 -c $2" "$1" -c "$2"
done
# Standard input: detection from the first line, plain and gzip.
for f in data/otto-recsys-sample/otto-train-sample.jsonl.gz Fixtures/e2e/tiny.ndjson Fixtures/e2e/access-combined.log Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz; do
  STDIN="$repo/${f#Fixtures/}"; [ "${f#data/}" != "$f" ] && STDIN="$data/${f#data/}"; [ "${f#Fixtures/}" != "$f" ] && STDIN="$repo/$f"
  STDIN=$STDIN run "stdin $f" -- report - -f json -o run/r.json
  STDIN=$STDIN run "stdin $f t1" -- report - --threads 1 -o run/r.txt
  STDIN=$STDIN run "stdin $f sessions" -- sessions -
done
unset STDIN
# Configs: validate and errors.
for c in "$repo"/Fixtures/config/*.yaml; do
  run "validate $c" -- validate -c "Fixtures/config/$(basename "$c")"
  run "report with $c" -- report Fixtures/e2e/shop.ndjson -c "Fixtures/config/$(basename "$c")" -f json -o run/r.json
done
for p in segment ga4 rees46 combined otto cdnow; do run "init $p" -- init --preset $p; done
# Usage errors.
run "bad scope" -- report Fixtures/e2e/tiny.ndjson -c Fixtures/e2e/tiny.yaml --scope x
run "bad order" -- report Fixtures/e2e/tiny.ndjson -c Fixtures/e2e/tiny.yaml --order x
run "bad input format" -- report Fixtures/e2e/tiny.ndjson -c Fixtures/e2e/tiny.yaml --input-format x
run "input format csv" -- report Fixtures/e2e/tiny.csv -c Fixtures/e2e/tiny.yaml --input-format csv -f json -o run/r.json
run "unknown preset" -- report Fixtures/e2e/tiny.ndjson --preset nope
run "no preset" -- report Fixtures/e2e/tiny.ndjson
run "empty no preset" -- report Fixtures/e2e/empty.ndjson
run "missing file" -- report Fixtures/e2e/nope.ndjson -c Fixtures/e2e/tiny.yaml
run "output over input" -- report Fixtures/e2e/tiny.ndjson -c Fixtures/e2e/tiny.yaml -o Fixtures/e2e/tiny.ndjson
echo "identical.sh: $cases cases, $diffs differ; exit statuses (old):"; for k in "${!statuses[@]}"; do echo "  status $k: ${statuses[$k]}"; done
[ $diffs -eq 0 ]
