#!/usr/bin/env bash
# Rebuilds the seed corpora in Corpus/<Target>/ from the repository's Fixtures/ (small slices only:
# tens of files per target, each a few KiB at most). Run from anywhere; the output is committed.
# Files a fuzzer adds to its corpus during a campaign are not committed unless they are also kept here.
set -eu  # no pipefail: `gzip -dc | head` ends gzip with SIGPIPE on purpose
cd "$(dirname "$0")"
F=../Fixtures
rm -rf Corpus
mkdir -p Corpus/{FuzzGzip,FuzzFraming,FuzzNDJSON,FuzzCSV,FuzzAccessLog,FuzzTimestamp,FuzzConfig,FuzzGate,FuzzReport}

# gzip: small gzip files as they are, plus small members made here (gzip -n: no name or time).
for f in $F/input/empty.gz $F/input/quoted.csv.gz $F/e2e/tiny-*.gz; do cp "$f" Corpus/FuzzGzip/; done
head -c 2000 $F/input/events.ndjson | gzip -n -1 > Corpus/FuzzGzip/events-head-1.gz
head -c 2000 $F/input/events.ndjson | gzip -n -9 > Corpus/FuzzGzip/events-head-9.gz
head -c 3000 $F/input/corrupt.ndjson.gz > Corpus/FuzzGzip/corrupt-head.gz
head -c 3000 $F/input/truncated.ndjson.gz > Corpus/FuzzGzip/truncated-head.gz
printf 'x' | gzip -n > Corpus/FuzzGzip/one-byte.gz
printf '' | gzip -n > Corpus/FuzzGzip/empty-member.gz
{ printf 'a\n' | gzip -n; printf 'b\n' | gzip -n; printf '\0\0\0\0'; } > Corpus/FuzzGzip/two-members-padded.gz
{ printf 'a\n' | gzip -n; printf 'garbage\n'; } > Corpus/FuzzGzip/trailing-garbage.gz
head -c 1500 $F/e2e/access-combined.log | gzip -n > Corpus/FuzzGzip/access.gz
# stored (uncompressed) deflate blocks: gzip -1 on random-looking bytes
head -c 300 $F/input/quoted.csv.gz | gzip -n -1 > Corpus/FuzzGzip/stored-block.gz

# framing: lines, CSV with quotes and newlines inside them, CRLF, BOM, no final newline.
cp $F/input/quoted.csv $F/e2e/tiny.csv $F/e2e/tiny.tsv $F/e2e/access-common.log $F/e2e/orders-whitespace.txt Corpus/FuzzFraming/
head -c 1500 $F/e2e/tiny.ndjson > Corpus/FuzzFraming/tiny-head.ndjson
printf '\xef\xbb\xbfa,b\r\n"x\r\ny",2\r\n"un""closed,3\nlast' > Corpus/FuzzFraming/bom-crlf.csv
printf 'one\n\n\r\ntwo\r\nthree' > Corpus/FuzzFraming/blank-lines.txt

# NDJSON: a few lines of every vendor shape, and lines with the fuzz target's paths.
for f in $F/presets/*.ndjson; do head -n 3 "$f" | head -c 3000 > Corpus/FuzzNDJSON/$(basename "$f"); done
head -n 4 $F/e2e/tiny.ndjson > Corpus/FuzzNDJSON/tiny.ndjson
head -n 4 $F/e2e/shop.ndjson > Corpus/FuzzNDJSON/shop.ndjson
gzip -dc $F/samples/otto-train-sample.jsonl.gz | head -n 2 | head -c 3000 > Corpus/FuzzNDJSON/otto.ndjson
cat > Corpus/FuzzNDJSON/paths.ndjson <<'JSON'
{"userId":"u1","a":{"b":{"c":[1,2.5e3,-0.0]}},"items":[{"id":"x"},{"id":7}],"n":null,"x.y":true}
{"a":[10,{"b":1}],"p":[{"k":"w","x":1},{"k":"v","x":{"deep":[]}}],"context":{"page":{"url":"https://e.x/\u00e9\ud83d\ude00"}}}
{"events":[{"id":1},{"id":"2"}],"userId":"\"quoted\\"}
{"a":1,"a":2}
{ "b" : "tab\tand\nnewline" , "n" : 123456789012345678901234567890 }
JSON

# CSV/TSV: the fixtures and the REES46 header with a few rows.
cp $F/input/quoted.csv $F/e2e/tiny.csv $F/e2e/tiny.tsv Corpus/FuzzCSV/
gzip -dc $F/samples/rees46-2019-Oct-first2000rows.csv.gz | head -n 6 > Corpus/FuzzCSV/rees46.csv
printf 'a,b,a,"c ""d"""\n1,"x,y",3,\n"",,"z\nz",4\n' > Corpus/FuzzCSV/duplicates-and-quotes.csv

# access logs: combined, common, the NASA lines (split and truncated records among them).
cp $F/e2e/access-combined.log $F/e2e/access-common.log Corpus/FuzzAccessLog/
gzip -dc $F/samples/apache-semicomplete-first2000.log.gz | head -n 5 > Corpus/FuzzAccessLog/apache.log
gzip -dc $F/samples/nasa-aug95-first1930lines-corrupted.log.gz | head -n 5 > Corpus/FuzzAccessLog/nasa.log
printf '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a\\"b\\\\c HTTP/1.0" 200 - "-" "Mozilla \\"x\\""\n' > Corpus/FuzzAccessLog/escapes.log

# timestamps: one file per documented form (SPEC section 2 and TimestampParser's doc comment).
i=0
while IFS= read -r t; do printf '%s' "$t" > Corpus/FuzzTimestamp/t$((i++)); done <<'TIMES'
2024-02-29T12:30:00Z
2024-02-29T12:30:00.123456789+05:30
2026-11-01 12:34:56.123 UTC
2026-11-01 12:34:56 GMT
2026-11-01t00:00z
2026-11-01T23:59:60Z
2026-11-01T10:00:00-0700
2026-11-01T10:00:00+01
2026-11-01T10:00:00,5 +02:00
2026-11-01
0000-01-01T00:00:00Z
9999-12-31T23:59:59.999999-23:59
1541548939
1541548939.25
-1541548939.999
1541548939123
1541548939123456
1541548939123456789
9223372036854775807
19970101
10/Oct/2000:13:55:36 -0700
01/nov/2026:12:34:56
  2026-11-01T00:00:00Z	
TIMES

# configs: the fixtures (good and bad) and a few with every operator, anchors and aliases.
cp $F/config/*.yaml Corpus/FuzzConfig/
cp $F/e2e/tiny.yaml $F/e2e/tiny-csv.yaml Corpus/FuzzConfig/
cat > Corpus/FuzzConfig/operators.yaml <<'YAML'
input:
  preset: segment
exclude:
  - field: context.userAgent
    regex: "(?i)bot|crawler|spider"
  - { field: properties.test, equals: "true" }
stages: [awareness, consideration, decision, purchase]
rules:
  - stage: purchase
    event: Order Completed
  - stage: decision
    url: "https://shop.example.com/checkout/*"
  - stage: consideration
    field: context.page.path
    regex: "^/p/[0-9]+$"
  - stage: consideration
    all:
      - { field: properties.price, gte: 10 }
      - { field: properties.price, lt: 450.5 }
  - stage: awareness
    any:
      - { event: Page Viewed, field: context.page.path, prefix: /blog }
      - { field: context.campaign.medium, in: [cpc, social, email] }
      - { field: context.page.title, contains: sale, suffix: "!" }
  - stage: awareness
    not: { field: context.campaign.source, exists: false }
funnel: { scope: user, order: strict, window: 7d }
breakdown:
  - field: context.campaign.source
    top: 3
report: { top_paths: 5, max_path_length: 4 }
YAML
cat > Corpus/FuzzConfig/anchors.yaml <<'YAML'
input:
  format: csv
  separator: ";"
  time_format: ms
  null_values: [NA, ""]
  fields:
    user: &who [user_id, session_id]
    time: ts
    event: kind
sessions: { timeout: 90s, new_on_change: campaign, max_duration: 2h, split_at_midnight: true, timezone: America/New_York }
dedupe: id
stages: &s [a, b]
rules:
  - &r { stage: a, event: [x, y] }
  - stage: b
    field: *who
    glob: "a*b?[c-d]"
YAML
printf 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n' > Corpus/FuzzConfig/aliases.yaml

# --fail-if gates (SPEC §10), on FuzzGate's stages: view, add-to-cart, "two words", purchase.
printf '%s' 'conversion(purchase) < 2%' > Corpus/FuzzGate/floor
printf '%s' 'conversion("two words", from=previous) < 40% or dropped(add-to-cart) > 5000' > Corpus/FuzzGate/or-previous
printf '%s' 'delta(conversion(purchase)) < -1pp and p < 0.05' > Corpus/FuzzGate/delta
printf '%s' 'median_time(purchase) > 10m and (rejected > 0.5% or units < 1000)' > Corpus/FuzzGate/time-quality
printf '%s' 'reach(view) >= 90% and events != 0 and units(purchase) == 3' > Corpus/FuzzGate/reach

# the whole report: the first byte picks the setup (see FuzzReport.swift: 0 auto, 1 segment, 2 rees46,
# 3 combined, 4 ga4, 5 the rules config, 6 otto, 7 cdnow; modulo 8), the rest is the file.
seed() { { printf "\\x$(printf %02x "$1")"; cat; } > "Corpus/FuzzReport/$2"; }
head -n 8 $F/e2e/tiny.ndjson | seed 0 tiny-auto
head -n 6 $F/presets/segment.ndjson | seed 1 segment
gzip -dc $F/samples/rees46-2019-Oct-first2000rows.csv.gz | head -n 12 | seed 2 rees46
head -n 6 $F/e2e/access-combined.log | seed 3 combined
head -n 3 $F/presets/ga4.ndjson | seed 4 ga4
head -n 8 $F/e2e/shop.ndjson | seed 5 shop-rules
gzip -dc $F/samples/otto-train-sample.jsonl.gz | head -n 1 | head -c 3000 | seed 6 otto
cat $F/e2e/orders-whitespace.txt | seed 7 cdnow
head -n 6 $F/e2e/tiny.ndjson | gzip -n | seed 0 tiny-gzip
cat $F/e2e/tiny.csv | seed 0 tiny-csv
# a high bit in the first byte: also run with two threads and spilling (the same setups).
head -n 8 $F/e2e/tiny.ndjson | seed 128 tiny-auto-spill
head -n 8 $F/e2e/shop.ndjson | seed 133 shop-rules-spill
gzip -dc $F/samples/rees46-2019-Oct-first2000rows.csv.gz | head -n 12 | seed 130 rees46-spill
find Corpus -type f | sed 's|/[^/]*$||' | sort | uniq -c
