#!/usr/bin/env bash
# contrib/speed.sh OLD NEW [RUNS]: journey report on the 5M-event compare data set (one file, four files, and the
# SPEC-style config), OLD and NEW alternating, RUNS (5) each; prints median wall seconds, ratio, peak RSS,
# and the JOURNEY_TRACE phase CPU seconds (median) of each.
set -uo pipefail
old=$(readlink -f "$1"); new=$(readlink -f "$2"); runs=${3:-5}
repo=$(readlink -f "$(dirname "$0")/..")
# The data set of Benchmarks/compare (made there once: `Benchmarks/compare --events 5000000`, or bench.dataset).
d=$repo/Benchmarks/.cache/segment2-5000000-u500000-seed42
[ -f "$d/meta.json" ] || { echo "speed.sh: no $d; run Benchmarks/compare once first" >&2; exit 1; }
spec=$repo/Benchmarks/compare_lib/spec-style.yaml
out=$(mktemp -d /tmp/speed-XXXXXX)
declare -A inputs=( ["1 file"]="$d/one/events.ndjson.gz" ["4 files"]="$d/four/events-000.ndjson.gz $d/four/events-001.ndjson.gz $d/four/events-002.ndjson.gz $d/four/events-003.ndjson.gz" )
for r in $(seq 1 "$runs"); do
  for label in "1 file" "4 files" "spec"; do
    cfg=$d/journey.yaml; files=${inputs["1 file"]}
    [ "$label" = "4 files" ] && files=${inputs["4 files"]}
    [ "$label" = spec ] && cfg=$spec
    order="old new"; [ $((r % 2)) = 0 ] && order="new old"
    for side in $order; do
      bin=$old; [ $side = new ] && bin=$new
      key="${label// /_}.$side"
      /usr/bin/time -f "%e %M" -o "$out/time" env JOURNEY_TRACE=1 "$bin" report -c "$cfg" $files -f json -o "$out/$key.json" 2> "$out/trace"
      echo "$(cat "$out/time")" >> "$out/$key.times"
      grep 'journey trace' "$out/trace" | awk '{print $3, $7}' | tr '\n' ' ' >> "$out/$key.phases"; echo >> "$out/$key.phases"
    done
  done
done
python3 - "$out" <<'PY'
import sys, statistics, os
out = sys.argv[1]
def med(xs): return statistics.median(xs)
print("| input | old wall (median) | new wall (median) | new/old | old RSS MiB | new RSS MiB | old CPU s by phase | new CPU s by phase |")
print("|---|---|---|---|---|---|---|---|")
for label in ["1_file", "4_files", "spec"]:
    row = [label.replace("_", " ")]
    walls, rss, phases = {}, {}, {}
    for side in ["old", "new"]:
        t = [l.split() for l in open(f"{out}/{label}.{side}.times")]
        walls[side] = med([float(a) for a, b in t]); rss[side] = med([int(b) for a, b in t]) / 1024
        ph = {}
        for line in open(f"{out}/{label}.{side}.phases"):
            f = line.split()
            for i in range(0, len(f), 2): ph.setdefault(f[i], []).append(float(f[i + 1]))
        phases[side] = ", ".join(f"{k} {med(v):.2f}" for k, v in ph.items())
    same = open(f"{out}/{label}.old.json").read() == open(f"{out}/{label}.new.json").read()
    print(f"| {row[0]} | {walls['old']:.2f} s | {walls['new']:.2f} s | {walls['new']/walls['old']:.3f} | {rss['old']:.0f} | {rss['new']:.0f} | {phases['old']} | {phases['new']} |" + ("" if same else " REPORTS DIFFER"))
PY
rm -rf "$out"
