#!/usr/bin/env python3
"""Under a fixed --memory, time grows linearly with the events and the report stays the one of an unlimited run.

  Benchmarks/memory-scale [--events 20000000] [--memory 256M] [--runs 3] [--journey PATH] [--shape varied|uniform]

Uses (or generates, once: about 10 minutes for 20M) journey-datagen's data in four files of a quarter
of the events each (`Benchmarks/.cache/scale-SHAPE-EVENTS-uUSERS-seedSEED/four/`). Runs
`journey report -c journey.yaml … -f json --memory LIMIT` on the first file, the first two and all
four (a quarter, half and all of the events), each with its own TMPDIR watched every 20 ms, then
all four without a limit; --runs rounds of the four, interleaved (a shared machine's speed drifts by
a quarter over minutes), medians.

Prints a Markdown table (wall, seconds per million events, peak RSS, spilled bytes) and exits 1 when
the capped and unlimited reports of all the events differ, the capped run of all the events did not
spill (the check would be vacuous), spill files are left behind, a run fails, or the time per million
events of all the events under the limit is more than 1.25× the quarter's (not linear).
"""

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

LINEAR_SLACK = 1.25


def parse_bytes(text):
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    text = text.strip().upper().rstrip("B").rstrip("I")
    return int(float(text[:-1]) * units[text[-1]]) if text and text[-1] in units else int(text)


def scale_dataset(datagen, events, seed, shape):
    users = max(1, events // 10)
    directory = os.path.join(bench.CACHE, f"scale-{shape}-{events}-u{users}-seed{seed}")
    four = os.path.join(directory, "four")
    config = os.path.join(directory, "journey.yaml")
    if os.path.exists(os.path.join(directory, "done")):
        return config, sorted(os.path.join(four, f) for f in os.listdir(four))
    shutil.rmtree(directory, ignore_errors=True)
    generated = os.path.join(directory, "generated")
    bench.log(f"generating {events:,} events ({users:,} users, seed {seed}, --shape {shape}) in four files …")
    began = time.time()
    subprocess.run([datagen, "--events", str(events), "--users", str(users), "--seed", str(seed), "--format", "ndjson",
                    "--shape", shape, "--files", "4", "--out", generated, "--gzip-level", "6"], check=True)
    os.makedirs(four)
    names = sorted(f for f in os.listdir(generated) if f.startswith("events-"))
    for name in names:
        os.rename(os.path.join(generated, name), os.path.join(four, name))
    os.rename(os.path.join(generated, "journey.yaml"), config)
    os.rmdir(generated)
    with open(os.path.join(directory, "done"), "w") as handle:
        handle.write(f"{time.time() - began:.1f} s\n")
    return config, [os.path.join(four, n) for n in names]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--events", type=int, default=20_000_000)
    parser.add_argument("--memory", default="256M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--shape", default="varied", choices=["varied", "uniform"])
    parser.add_argument("--runs", type=int, default=3)
    bench.add_binary_arguments(parser)
    args = parser.parse_args()
    journey, datagen = bench.binaries(args)
    config, files = scale_dataset(datagen, args.events, args.seed, args.shape)
    if len(files) != 4:
        sys.exit(f"memory-scale: expected four files, found {files}")
    work = os.path.join(bench.CACHE, "memory-scale")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    limit = parse_bytes(args.memory)

    def report(name, inputs, capped, round_):
        path = os.path.join(work, f"{name}.json")
        tmp = os.path.join(work, f"tmp-{name}-{round_}")
        os.makedirs(tmp)
        watch, seen = bench.folder_watcher(tmp)

        argv = [journey, "report", "-c", config, *inputs, "-f", "json", "-o", path, "--quiet", "--progress", "never"]
        if capped:
            argv += ["--memory", str(limit)]
        bench.warm(inputs)
        bench.log(f"round {round_ + 1}/{args.runs}: {name}: {len(inputs)} file(s){' --memory ' + args.memory if capped else ', no limit'} …")
        # JOURNEY_MEMORY_FLOOR=0: a --memory below the 16 MiB floor (a small --events) is kept, not raised.
        m = bench.measure(argv, {"TMPDIR": tmp, "JOURNEY_MEMORY_FLOOR": "0"}, ok_status=(0, 3), watch=watch if capped else None)
        if m.status not in (0, 3):
            sys.exit(f"memory-scale: journey failed (exit {m.status}): {' '.join(argv)}\n{m.stderr}")
        leftovers = sum(len(n) for _, _, n in os.walk(tmp))
        return {"wall": m.wall, "rss": m.rss_kib, "path": path, "spill_files": seen["files"],
                "spill_bytes": seen["bytes"], "leftovers": leftovers}

    quarter = args.events // 4
    runs = [("quarter", files[:1], True, quarter), ("half", files[:2], True, 2 * quarter),
            ("all", files, True, args.events), ("all-unlimited", files, False, args.events)]
    samples = {name: [] for name, *_ in runs}
    for round_ in range(args.runs):
        for name, inputs, capped, _ in runs:
            samples[name].append(report(name, inputs, capped, round_))
    results = {}
    for name, _, _, events in runs:
        rows = samples[name]
        results[name] = ({"wall": bench.median([r["wall"] for r in rows]), "min": min(r["wall"] for r in rows),
                          "max": max(r["wall"] for r in rows), "rss": max(r["rss"] or 0 for r in rows),
                          "path": rows[-1]["path"], "spill_files": max(r["spill_files"] for r in rows),
                          "spill_bytes": max(r["spill_bytes"] for r in rows),
                          "leftovers": sum(r["leftovers"] for r in rows)}, events)

    print(f"#### `Benchmarks/memory-scale` — journey commit {bench.git_commit(journey)}, --shape {args.shape}, "
          f"{args.events:,} events in four files, --memory {args.memory}")
    print()
    print(f"{args.runs} round(s), interleaved; wall: median (min–max)")
    print()
    print("| run | events | wall s | s per million events | peak RSS MiB | spill files (most at once) | spilled MiB (most at once) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, _, capped, _ in runs:
        r, events = results[name]
        print(f"| {name}{' --memory ' + args.memory if capped else ''} | {events:,} | {r['wall']:.2f} ({r['min']:.2f}–{r['max']:.2f}) | "
              f"{r['wall'] / (events / 1e6):.3f} | {r['rss'] / 1024:,.0f} | {r['spill_files']} | {r['spill_bytes'] / 2**20:,.0f} |")
    print()
    failed = []
    all_capped, _ = results["all"]
    all_free, _ = results["all-unlimited"]
    identical = filecmp.cmp(all_capped["path"], all_free["path"], shallow=False)
    print(f"- reports of all {args.events:,} events, capped and unlimited, byte-identical: {'yes' if identical else 'NO'}")
    if not identical:
        failed.append(f"the reports differ: diff {all_capped['path']} {all_free['path']}")
    per_quarter = results["quarter"][0]["wall"] / (quarter / 1e6)
    per_all = all_capped["wall"] / (args.events / 1e6)
    ratio = per_all / per_quarter
    print(f"- time per million events, all / a quarter: {ratio:.2f} (linear: ≤ {LINEAR_SLACK})")
    if ratio > LINEAR_SLACK:
        failed.append(f"not linear: {ratio:.2f} × the quarter's time per million events")
    print(f"- spilling's cost: all events under the limit / without: {all_capped['wall'] / all_free['wall']:.2f}× the wall")
    if all_capped["spill_files"] == 0:
        failed.append("all: no spill file was seen: --memory had no effect, the check is vacuous")
    for name, _, capped, _ in runs:
        r, _ = results[name]
        if r["leftovers"]:
            failed.append(f"{name}: {r['leftovers']} temporary file(s) left behind")
    for failure in failed:
        print(f"FAIL: {failure}")
    if failed:
        sys.exit(1)
    print("PASS: linear under --memory, the same report")


if __name__ == "__main__":
    main()
