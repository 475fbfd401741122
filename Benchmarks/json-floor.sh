#!/usr/bin/env bash
# How fast can a validating JSON parse of these lines be here? journey's NDJSON parser against
# simdjson (the fastest JSON parser there is: SIMD, AVX-512 where the processor has it) on the same
# lines, one core each. The answer bounds what any pipeline that validates every line can reach.
#
#   Benchmarks/json-floor.sh [FILE.ndjson]
#
# Without FILE: the first LINES lines (default 200,000) of Benchmarks/compare's data set (generated
# with journey-datagen if missing). Needs g++ and Debian's libsimdjson-dev (installed if missing and
# apt-get is allowed), and builds the Benchmarks package for `Parsing.ndjson.file`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
lines="${LINES:-200000}"
file="${1:-}"
if [ -z "$file" ]; then
  mkdir -p "$here/.cache"
  file="$here/.cache/json-floor-$lines.ndjson"
  if [ ! -s "$file" ]; then
    data="$(ls -d "$here"/.cache/segment2-5000000-*/one 2>/dev/null | head -1 || true)"
    if [ -n "$data" ]; then
      gzip -dc "$data"/events.ndjson.gz | head -n "$lines" > "$file.tmp" || true
    else
      (cd "$root" && swift build -c release --product journey-datagen >/dev/null)
      tmp="$(mktemp -d)"
      "$root/.build/release/journey-datagen" --events "$lines" --seed 42 --files 1 --gzip-level 0 --out "$tmp" >/dev/null
      cat "$tmp"/events-*.ndjson > "$file.tmp"
      rm -rf "$tmp"
    fi
    mv "$file.tmp" "$file"
  fi
fi

if [ ! -f /usr/include/simdjson.h ]; then
  echo "installing libsimdjson-dev…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsimdjson-dev >/dev/null
fi
build="$here/.cache/json-floor"
mkdir -p "$build"
g++ -O3 -march=native -std=c++17 -o "$build/floor" "$here/json-floor/floor.cpp" -lsimdjson

floor_out="$("$build/floor" "$file")"
echo "$floor_out"
cd "$here"
bench_out="$(JOURNEY_BENCH_NDJSON="$file" swift package --disable-sandbox benchmark --target NDJSONScan \
  --filter 'Parsing.ndjson.file' --metric wallClock --no-progress 2>&1)"
FLOOR="$floor_out" BENCH="$bench_out" LINES_IN_FILE="$(wc -l < "$file")" python3 - <<'PY'
import os, re
lines = int(os.environ["LINES_IN_FILE"])
row = next(l for l in os.environ["BENCH"].splitlines() if "Time (wall clock)" in l)
cells = [c.strip() for c in row.split("\u2502")]
p50 = float(cells[4])  # metric, p0, p25, p50
print(f"journey NDJSONRecordParser (Parsing.ndjson.file): median {p50:.1f} ms, {p50 * 1e6 / lines:.0f} ns a line")
for mode, median in re.findall(r"\((.*?)\): median ([0-9.]+) ms", os.environ["FLOOR"]):
    print(f"journey / simdjson {mode.split(',')[0]}: {p50 / float(median):.2f}")
PY
