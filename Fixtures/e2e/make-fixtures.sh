#!/bin/sh
# Rebuilds the derived fixtures in Fixtures/e2e from the hand-written plain files.
# gzip -n: no name or time stamp in the header, so the bytes are reproducible.
set -eu
cd "$(dirname "$0")"
gzip -n -1 -c tiny.ndjson > tiny-1.ndjson.gz
gzip -n -9 -c tiny.ndjson > tiny-9.ndjson.gz
head -n 9 tiny.ndjson | gzip -n -9 -c > part-a.gz.tmp
tail -n +10 tiny.ndjson | gzip -n -1 -c > part-b.gz.tmp
cat part-a.gz.tmp part-b.gz.tmp > tiny-two-members.ndjson.gz
rm part-a.gz.tmp part-b.gz.tmp
size=$(wc -c < tiny-9.ndjson.gz)
head -c $((size * 2 / 3)) tiny-9.ndjson.gz > tiny-truncated.ndjson.gz
: > empty.ndjson
rm -rf folder && mkdir -p folder/b-later folder/a-first
head -n 6 tiny.ndjson > folder/c-last.ndjson
sed -n 7,12p tiny.ndjson | gzip -n -9 -c > folder/a-first/part.ndjson.gz
tail -n +13 tiny.ndjson > folder/b-later/part.ndjson
# tiny.csv / tiny.tsv: the events of tiny.ndjson as flat rows (user, time, event, source) plus a
# free-text note; the CSV's notes use RFC 4180 quoting: commas, "" escapes, embedded CRLF/LF.
python3 - <<'PY'
import json
rows = [json.loads(line) for line in open("tiny.ndjson", encoding="utf-8")]
notes = ['plain', 'has, a comma', 'say ""hi""', 'two\r\nlines', 'three\nlines\nhere', '']
def csv_field(text):
    return '"' + text + '"' if any(c in text for c in ',"\r\n') else text
with open("tiny.csv", "w", encoding="utf-8", newline="") as csv, open("tiny.tsv", "w", encoding="utf-8", newline="") as tsv:
    csv.write("userId,timestamp,event,source,note\r\n")
    tsv.write("userId\ttimestamp\tevent\tsource\tnote\n")
    for i, row in enumerate(rows):
        source = row.get("context", {}).get("campaign", {}).get("source", "")
        note = notes[i % len(notes)]
        csv.write(",".join([row["userId"], row["timestamp"], csv_field(row["event"]), source, csv_field(note)]) + "\r\n")
        plain = note.replace('""', '"').replace("\r\n", " ").replace("\n", " ")
        tsv.write("\t".join([row["userId"], row["timestamp"], row["event"], source, plain]) + "\n")
PY
