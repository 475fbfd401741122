#!/usr/bin/env bash
# Ingest throughput of `journey` against `gzip -dc` on one gzipped NDJSON file (SPEC §7).
#
#   Benchmarks/ingest-ratio.sh [FILE.gz]
#
# Runs, alternating, RUNS times (default 5) each:
#   gzip -dc FILE > /dev/null
#   journey report --preset PRESET FILE -f json -o TMP/report.json (MODE=report, the default)
#   journey inspect --preset PRESET FILE > /dev/null              (MODE=inspect)
# and prints each median wall time and the ratio journey / gzip (1.00 = as fast as decompressing alone).
#
# Without FILE, a Segment-style NDJSON file of LINES lines (default 1,000,000; seeded, so always the same
# bytes) is generated once into Benchmarks/.cache/ (git-ignored) and reused.
#
# Environment: JOURNEY (a journey binary; default: `swift build -c release --product journey` in the
# repository root), PRESET (segment), MODE (report | inspect), RUNS (5), LINES (1000000), THREADS (unset:
# journey's default, all cores).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${RUNS:-5}"
preset="${PRESET:-segment}"
mode="${MODE:-report}"
lines="${LINES:-1000000}"

file="${1:-}"
if [ -z "$file" ]; then
  mkdir -p "$here/.cache"
  file="$here/.cache/segment-$lines.ndjson.gz"
  if [ ! -s "$file" ]; then
    echo "generating $file ($lines lines, seed 42)…" >&2
    python3 - "$lines" <<'PY' | gzip -n -6 > "$file.tmp"
import random, sys
n = int(sys.argv[1])
rng = random.Random(42)  # seeded: the same file every time
events = ["Page Viewed"] * 3 + ["Product List Viewed", "Product Viewed", "Product Viewed", "Products Searched",
          "Product Added", "Cart Viewed", "Checkout Started", "Payment Info Entered", "Order Completed",
          "Signed In", "Newsletter Subscribed"]
paths = ["/", "/blog/spring-sale", "/blog/how-to-choose", "/c/shoes", "/c/bags", "/p/", "/cart",
         "/checkout/step-1", "/search"]
sources = ["google", "facebook", "newsletter", "bing", "instagram", "", ""]
mediums = ["cpc", "social", "email", "organic", "referral", ""]
users = 200_000
start = 1_793_491_200  # 2026-11-01T00:00:00Z
out = sys.stdout
import datetime
epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
for i in range(n):
    # heavy-tailed users: log-uniform rank
    user = min(users - 1, int((users + 1) ** rng.random()) - 1)
    seconds = start + i * 2_592_000 // n + rng.randrange(600)
    ts = (epoch + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % rng.randrange(1000)
    path = rng.choice(paths)
    if path == "/p/":
        path += str(1000 + rng.randrange(9000))
    source, medium = rng.choice(sources), rng.choice(mediums)
    uid = "null" if rng.randrange(5) == 0 else '"u%d"' % user
    out.write(
        '{"type":"track","event":"%s","messageId":"msg-%d-%d","userId":%s,"anonymousId":"anon-%d",'
        '"timestamp":"%s","context":{"page":{"url":"https://shop.example.com%s?ref=%s","path":"%s"},'
        '"campaign":{"source":"%s","medium":"%s"},"userAgent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/%d.0"},'
        '"properties":{"product_id":"p%d","price":%.2f,"currency":"EUR"}}\n'
        % (rng.choice(events), i, rng.getrandbits(32), uid, user, ts, path, source, path, source, medium,
           100 + user % 30, 10_000 + rng.randrange(90_000), rng.randrange(50_000) / 100))
PY
    mv "$file.tmp" "$file"
  fi
fi
[ -r "$file" ] || { echo "Error: cannot read $file" >&2; exit 2; }

journey="${JOURNEY:-}"
if [ -z "$journey" ]; then
  (cd "$root" && swift build -c release --product journey >&2)
  journey="$root/.build/release/journey"
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
journey_cmd=("$journey")
case "$mode" in
  # Reports are written atomically (temporary file + rename in the output's folder): never -o /dev/null.
  report) journey_cmd+=(report --preset "$preset" "$file" -f json -o "$scratch/report.json" --progress never) ;;
  inspect) journey_cmd+=(inspect --preset "$preset" "$file") ;;
  *) echo "Error: MODE must be report or inspect (got $mode)" >&2; exit 1 ;;
esac
[ -n "${THREADS:-}" ] && [ "$mode" = report ] && journey_cmd+=(--threads "$THREADS")

# Wall seconds of one run of "$@" (stdout discarded), via bash's own clock.
time_run() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f\n", b - a }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

gzip_times=()
journey_times=()
for i in $(seq 1 "$runs"); do
  gzip_times+=("$(time_run gzip -dc "$file")")
  journey_times+=("$(time_run "${journey_cmd[@]}")")
  printf 'run %d: gzip -dc %.3f s, journey %.3f s\n' "$i" "${gzip_times[-1]}" "${journey_times[-1]}" >&2
done

gzip_median=$(printf '%s\n' "${gzip_times[@]}" | median)
journey_median=$(printf '%s\n' "${journey_times[@]}" | median)
bytes=$(stat -c %s "$file")
lines_in=$(gzip -dc "$file" | wc -l)
echo "file:            $file ($bytes bytes gzipped, $lines_in lines)"
echo "load average:    $(cut -d' ' -f1-3 /proc/loadavg)  (on $(nproc) cores)"
printf 'gzip -dc:        median %.3f s over %d runs\n' "$gzip_median" "$runs"
printf 'journey %-7s: median %.3f s over %d runs  (%s)\n' "$mode" "$journey_median" "$runs" "${journey_cmd[*]:1}"
awk -v j="$journey_median" -v g="$gzip_median" 'BEGIN { printf "ratio journey/gzip: %.2f\n", j / g }'
