#!/usr/bin/env bash
# Partial reports (SPEC §12) on the benchmark data: one run of every user, N partition runs with
# -f partial, `journey merge` of them; prints wall time and peak RSS of each, whether the merged
# JSON equals the single run's byte for byte, and each partial's size per unit and per distinct
# path, and the share of its sections (gzip of each section alone).
#
#   Benchmarks/partial-sizes.sh CONFIG [OUT]        (N=4 JOURNEY=… DATA=… to change)
#   Benchmarks/partial-sizes.sh Benchmarks/compare_lib/spec-style.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
J=${JOURNEY:-.build/release/journey}
D=${DATA:-Benchmarks/.cache/segment2-5000000-u500000-seed42/one/events.ndjson.gz}
C=${1:?usage: Benchmarks/partial-sizes.sh CONFIG [OUT]}
OUT=${2:-/tmp/journey-partial-sizes}
N=${N:-4}
rm -rf "$OUT"; mkdir -p "$OUT"
/usr/bin/time -f "single run: %e s, %M KiB" "$J" report -q --max-bad-ratio 1 -c "$C" "$D" -f json -o "$OUT/single.json"
for k in $(seq 0 $((N - 1))); do
  /usr/bin/time -f "partial $k/$N: %e s, %M KiB" "$J" report -q --max-bad-ratio 1 -c "$C" "$D" --partition "$k/$N" -o "$OUT/p$k.jpart"
done
/usr/bin/time -f "merge: %e s, %M KiB" "$J" merge -q --max-bad-ratio 1 "$OUT"/p*.jpart -o "$OUT/merged.json"
if cmp -s "$OUT/single.json" "$OUT/merged.json"; then echo "merged JSON == single run's (bytes)"; else echo "merged JSON DIFFERS"; exit 1; fi
python3 - "$OUT" "$N" <<'PY'
import base64, gzip, json, os, sys
out, n = sys.argv[1], int(sys.argv[2])
count = lambda packed: sum(b < 128 for b in base64.b64decode(packed))
for k in range(n):
    path = f"{out}/p{k}.jpart"
    size = os.path.getsize(path)
    d = json.loads(gzip.open(path).read())
    w = d["engine"]["whole"]
    paths = count(w["paths"]["lengths"])
    undecided = count(w["undecided"]["starts"])
    print(f"p{k}: {size:,} bytes, {w['units']:,} units ({size / max(1, w['units']):.2f} B/unit), "
          f"{paths:,} distinct paths, {undecided:,} undecided units")
    if k == 0:
        gz = lambda x: len(gzip.compress(json.dumps(x, sort_keys=True, separators=(",", ":")).encode()))
        sections = {"paths": w["paths"], "journey map": w["map"], "breakdowns": w["breakdowns"],
                    "undecided": w["undecided"], "personas": d["engine"].get("personas"),
                    "values": d["engine"]["values"], "the rest": {key: v for key, v in d.items() if key != "engine"}}
        for name, value in sections.items():
            print(f"  {name}: {gz(value):,} bytes gzipped alone")
        print(f"  paths: {gz(w['paths']) / max(1, paths):.1f} bytes per distinct path")
PY
