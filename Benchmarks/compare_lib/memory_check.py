#!/usr/bin/env python3
"""--memory gives the same report: journey unlimited vs journey capped at a quarter of its event buffer.

  Benchmarks/memory-check [--events 5000000] [--input '4 files'|'1 file'] [--journey PATH]

Uses (or generates) the cached data set of Benchmarks/compare. Runs `journey report -c journey.yaml
FILES -f json` twice under /usr/bin/time: without a limit, then with

  --memory = 40 bytes × events / 4

i.e. a quarter of the event buffer the unlimited run holds at its peak (EventStore keeps every
event as a 40-byte EventRecord until the end of input; --memory caps exactly that buffer:
`bufferedCount × 40 > limit` spills every partition as a sorted run). A quarter of the measured
peak RSS is not used: RSS also counts inflate/parse buffers, interned strings and the
allocator's slack, so that limit could exceed the event buffer and never spill. The capped run
gets its own TMPDIR, watched every 20 ms, to show that runs were really spilled.

Prints both peak RSS values and wall times; exit 1 when the two JSON reports are not
byte-identical, a run fails, or no spill was observed (the check would be vacuous).
"""

import argparse
import filecmp
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

EVENT_RECORD_BYTES = 40


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--input", default="4 files", choices=["4 files", "1 file"])
    bench.add_binary_arguments(parser)
    args = parser.parse_args()
    journey, datagen = bench.binaries(args)
    meta = bench.dataset(datagen, args.events, args.seed)
    files = meta["inputs"][args.input]
    work = os.path.join(bench.CACHE, "memory-check")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    tmp = os.path.join(work, "tmp")
    os.makedirs(tmp)
    bench.warm(files)

    def report(path, extra, env=None, watch=None):
        argv = [journey, "report", "-c", meta["config"], *files, "-f", "json", "-o", path,
                "--quiet", "--progress", "never", *extra]
        m = bench.measure(argv, env, ok_status=(0, 3), watch=watch)
        if m.status not in (0, 3):
            sys.exit(f"memory-check: journey failed (exit {m.status}): {' '.join(argv)}\n{m.stderr}")
        return m

    unlimited_json = os.path.join(work, "unlimited.json")
    limited_json = os.path.join(work, "limited.json")
    bench.log(f"journey report, {meta['events']:,} events, {args.input}, no limit …")
    free = report(unlimited_json, [])
    limit = EVENT_RECORD_BYTES * meta["events"] // 4

    watch, seen = bench.folder_watcher(tmp)

    bench.log(f"journey report --memory {limit} (40 B × {meta['events']:,} events / 4) …")
    # JOURNEY_MEMORY_FLOOR=0: with a small --events the quarter is under the 16 MiB floor of --memory.
    capped = report(limited_json, ["--memory", str(limit)], env={"TMPDIR": tmp, "JOURNEY_MEMORY_FLOOR": "0"}, watch=watch)
    identical = filecmp.cmp(unlimited_json, limited_json, shallow=False)
    leftovers = sum(len(n) for _, _, n in os.walk(tmp))

    mib = lambda kib: f"{kib / 1024:,.1f} MiB" if kib else "?"  # noqa: E731
    print(f"journey commit {bench.git_commit(journey)}, {meta['events']:,} events ({args.input})")
    print(f"  unlimited           wall {free.wall:7.2f} s   peak RSS {mib(free.rss_kib):>12}")
    print(f"  --memory {limit / 2**20:,.1f} MiB  wall {capped.wall:7.2f} s   peak RSS {mib(capped.rss_kib):>12}"
          f"   (spill files seen: up to {seen['files']}, {seen['bytes'] / 2**20:,.1f} MiB; left behind: {leftovers})")
    print(f"  peak RSS capped / unlimited: {capped.rss_kib / free.rss_kib:.2f}" if free.rss_kib and capped.rss_kib else "")
    print(f"  reports byte-identical: {'yes' if identical else 'NO'} ({os.path.getsize(unlimited_json):,} bytes)")
    failed = False
    if not identical:
        print(f"FAIL: the reports differ: diff {unlimited_json} {limited_json}")
        failed = True
    if seen["files"] == 0:
        print("FAIL: no spill file was seen in the capped run's TMPDIR: --memory had no effect, the check is vacuous")
        failed = True
    if leftovers:
        print(f"FAIL: {leftovers} temporary file(s) left in {tmp}")
        failed = True
    if failed:
        sys.exit(1)
    print("PASS: --memory gives the same report")


if __name__ == "__main__":
    main()
