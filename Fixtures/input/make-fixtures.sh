#!/bin/sh
# Rebuilds the gzip fixtures from the plain files in this folder (gzip -n: no name or time, same bytes every time).
set -eu
cd "$(dirname "$0")"
gzip -n -1 -c events.ndjson > events-1.ndjson.gz
gzip -n -9 -c events.ndjson > events-9.ndjson.gz
head -n 100 events.ndjson | gzip -n -9 -c > part-a.gz.tmp
tail -n +101 events.ndjson | gzip -n -1 -c > part-b.gz.tmp
cat part-a.gz.tmp part-b.gz.tmp > two-members.ndjson.gz
rm part-a.gz.tmp part-b.gz.tmp
size=$(wc -c < events-9.ndjson.gz)
head -c $((size / 2)) events-9.ndjson.gz > truncated.ndjson.gz
# Corrupt: bytes 1000..1007 of the deflate data overwritten with 0xff.
cp events-9.ndjson.gz corrupt.ndjson.gz
printf '\377\377\377\377\377\377\377\377' | dd of=corrupt.ndjson.gz bs=1 seek=1000 conv=notrunc status=none
{ cat events-9.ndjson.gz; printf 'this is not gzip\n'; } > trailing-garbage.ndjson.gz
{ cat events-9.ndjson.gz; head -c 4096 /dev/zero; } > zero-padded.ndjson.gz
gzip -n -9 -c < /dev/null > empty.gz
: > empty.txt
gzip -n -6 -c quoted.csv > quoted.csv.gz
