#!/usr/bin/env bash
# contrib/ab.sh CONFIG RUNS BIN… : journey report with CONFIG on the 5M-event compare data set (one
# file), the binaries interleaved RUNS times; prints per binary the median wall, peak RSS and the
# JOURNEY_TRACE engine and ingest CPU seconds (and the sorted walls, to see the spread).
# The data set is Benchmarks/compare's (`Benchmarks/compare --events 5000000` makes it once):
# AB_SHAPE=varied takes the shape-varying one, AB_FILE=PATH any other file; AB_ARGS adds options
# (AB_ARGS="--threads 1": CPU seconds without the second thread's waits, steadier on a shared machine).
set -uo pipefail
cfg=$(readlink -f "$1"); runs=$2; shift 2
repo=$(readlink -f "$(dirname "$0")/..")
case "${AB_SHAPE:-uniform}" in
  varied) d=$repo/Benchmarks/.cache/segment2-varied-5000000-u500000-seed42 ;;
  *) d=$repo/Benchmarks/.cache/segment2-5000000-u500000-seed42 ;;
esac
file=${AB_FILE:-$d/one/events.ndjson.gz}
[ -f "$file" ] || { echo "ab.sh: no $file; run Benchmarks/compare once first" >&2; exit 1; }
out=$(mktemp -d /tmp/ab-XXXXXX)
for _ in $(seq 1 "$runs"); do
  for b in "$@"; do
    n=$(basename "$b")
    /usr/bin/time -f "%e %M" -o "$out/time" env JOURNEY_TRACE=1 "$b" report -c "$cfg" "$file" ${AB_ARGS:-} \
      -f json -o "$out/$n.json" 2> "$out/trace"
    echo "$(cat "$out/time") $(grep 'trace: engine' "$out/trace" | awk '{print $7}') $(grep 'trace: ingest' "$out/trace" | awk '{print $7}')" >> "$out/$n.times"
  done
done
for b in "$@"; do
  python3 - "$out/$(basename "$b").times" "$(basename "$b")" <<'PY'
import statistics as s, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
m = lambda i: s.median(r[i] for r in rows)
print(f"{sys.argv[2]:28s} wall {m(0):.2f} s  rss {m(1) / 1024:.0f} MiB  engine cpu {m(2):.2f}  ingest cpu {m(3):.2f}  walls {sorted(r[0] for r in rows)}")
PY
done
