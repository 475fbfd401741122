#!/usr/bin/env python3
"""The Spark job (contrib/spark/journey_spark.py) in local mode against journey alone (SPEC §12).

Generates about 1 M events twice (NDJSON in 4 gzipped files, and CSV in 2) with journey-datagen, runs the
job with `--master local[2]`, and asserts that its merged JSON equals `journey report -c CONFIG
INPUT… -f json` byte for byte. Prints the wall time of the Spark run and of journey alone, and the
partials' sizes. Skips (exit 0, saying why) where java or pyspark is missing.

    python3 Tests/spark/test_spark.py [--journey .build/release/journey] [--events 1000000]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def skip_reason():
    java = shutil.which("java")
    if java is None:
        return "java is not installed (Spark needs Java 17)"
    try:
        subprocess.run([java, "-version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        return f"java does not run ({error})"
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark)"
    return None


def run_case(name, journey, datagen, events, files, fmt, partitions, scratch):
    data = os.path.join(scratch, name)
    subprocess.run([datagen, "--events", str(events), "--format", fmt, "--files", str(files), "--seed", "15", "--out", data],
                   check=True, capture_output=True)
    config = os.path.join(data, "journey.yaml")
    single = os.path.join(scratch, f"{name}-single.json")
    started = time.time()
    alone = subprocess.run([journey, "report", "-q", "-c", config, data, "-f", "json", "-o", single], capture_output=True, text=True)
    journey_seconds = time.time() - started
    if alone.returncode != 0:
        raise SystemExit(f"FAIL {name}: journey report exited {alone.returncode}: {alone.stderr}")
    out = os.path.join(scratch, f"{name}-spark")
    started = time.time()
    job = subprocess.run(
        [sys.executable, os.path.join(ROOT, "contrib/spark/journey_spark.py"), "--master", "local[2]", "--journey", journey,
         "-c", config, "--partitions", str(partitions), "-o", out, "-f", "html", data],
        capture_output=True, text=True)
    spark_seconds = time.time() - started
    if job.returncode != 0:
        sys.stderr.write(job.stderr[-20000:])
        raise SystemExit(f"FAIL {name}: the Spark job exited {job.returncode}")
    with open(single, "rb") as handle:
        expected = handle.read()
    with open(out + ".json", "rb") as handle:
        merged = handle.read()
    sizes = [os.path.getsize(os.path.join(out, part)) for part in sorted(os.listdir(out))]
    stages = next((line for line in job.stderr.splitlines() if line.startswith('{"partitions"')), "{}")
    print(f"{name}: the job's own account: {stages}")
    inputs = [os.path.join(data, f) for f in os.listdir(data) if not f.endswith(".yaml")]
    input_bytes = sum(os.path.getsize(f) for f in inputs)
    summary = json.loads(expected)["summary"]
    print(f"{name}: {summary['events']} events, {summary['users']} users, {len(inputs)} files ({input_bytes} bytes), "
          f"N = {partitions}: Spark local[2] {spark_seconds:.1f} s wall (job and merge), journey alone {journey_seconds:.1f} s; "
          f"partials {sizes} bytes ({sum(sizes)} in all)")
    if merged != expected:
        diff = subprocess.run(["diff", single, out + ".json"], capture_output=True, text=True).stdout
        raise SystemExit(f"FAIL {name}: the Spark job's JSON differs from journey's:\n{diff[:4000]}")
    if not os.path.exists(out + ".html"):
        raise SystemExit(f"FAIL {name}: no {out}.html")
    print(f"ok {name}: the merged JSON equals journey's byte for byte")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journey", default=os.path.join(ROOT, ".build/release/journey"))
    parser.add_argument("--datagen", default=os.path.join(ROOT, ".build/release/journey-datagen"))
    parser.add_argument("--events", type=int, default=1_000_000, help="events of each case (NDJSON in 4 files, CSV in 2)")
    parser.add_argument("--partitions", type=int, default=4)
    arguments = parser.parse_args()
    reason = skip_reason()
    if reason:
        print(f"skipped: the Spark test needs java and pyspark: {reason}")
        return 0
    for binary in (arguments.journey, arguments.datagen):
        if not os.access(binary, os.X_OK):
            raise SystemExit(f"FAIL: no {binary}: swift build -c release --product journey --product journey-datagen")
    scratch = tempfile.mkdtemp(prefix="journey-spark-test-")
    try:
        run_case("ndjson", os.path.abspath(arguments.journey), arguments.datagen, arguments.events, 4, "ndjson", arguments.partitions, scratch)
        run_case("csv", os.path.abspath(arguments.journey), arguments.datagen, arguments.events, 2, "csv", arguments.partitions, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
