#!/usr/bin/env python3
"""journey on Spark: exact reports over inputs no single machine holds (SPEC §12).

    spark-submit --files journey contrib/spark/journey_spark.py --journey ./journey \\
        -c shop.yaml --partitions 64 -o out/funnel -f html hdfs:///exports/2026-11/day-01.ndjson.gz ...
    python3 contrib/spark/journey_spark.py --master 'local[2]' --journey .build/release/journey \\
        -c shop.yaml --partitions 8 -o /tmp/funnel -f html exports/

1. Spark reads every input whole (`sc.binaryFiles`, gzip included, one task per file) and pipes
   its bytes through `journey keys --input-name PATH --input-index I -`: one line per record with
   the user key exactly as journey makes it (presets, fallbacks and `combine:` stay journey's),
   and one `#input` line per file (collected on the driver: they are small).
2. Spark's own function says each record's partition, `pmod(xxhash64(key), N)` on the key's bytes,
   and its shuffle (`repartitionAndSortWithinPartitions`) gives partition p exactly partition p's
   records, sorted by (input, line).
3. Each partition, after a `#journey-keyed/1` header line (its claim `p/N`, the config, the
   inputs), goes through `journey report --keyed -f partial-base64 -o -` (`RDD.pipe`), which
   rebuilds the files (each record at its own line) and writes the partition's partial report.
4. The driver decodes the N partials into OUT/part-NNNNN.jpart and runs `journey merge` into
   OUT.json and one OUT.<ext> per -f: byte for byte the report one `journey report` over all the
   inputs gives.

Records travel through RDD.pipe as text: a record that is not UTF-8 stops the job (naming its
input and line) rather than reach journey altered.
"""

import argparse
import base64
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time

EXTENSIONS = {"json": "json", "html": "html", "csv": "csv", "markdown": "md", "table": "txt"}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="journey_spark.py",
        description="Run `journey report` on Spark: keys, Spark's shuffle by user, partials, merge.")
    parser.add_argument("--journey", required=True, help="the journey binary on the driver (ship it with --files for the executors)")
    parser.add_argument("--executor-journey", help="the binary's path on the executors (default: --journey's absolute path in local mode, else ./NAME, where --files puts it)")
    config = parser.add_mutually_exclusive_group(required=True)
    config.add_argument("-c", "--config", help="the journey config (read on the driver)")
    config.add_argument("--preset", help="a journey preset instead of a config")
    parser.add_argument("--partitions", type=int, required=True, help="N: Spark partitions, one journey report each")
    parser.add_argument("-o", "--output", required=True, help="OUT: partials go to OUT/, the report to OUT.json and OUT.<ext>")
    parser.add_argument("-f", "--format", action="append", default=[], choices=sorted(EXTENSIONS), help="another output format (repeatable); JSON is always written")
    parser.add_argument("--master", help="Spark master for the local form, e.g. local[2] (spark-submit sets it otherwise)")
    parser.add_argument("--from", dest="from_", help="passed to journey report")
    parser.add_argument("--to", help="passed to journey report")
    parser.add_argument("--timeout", help="passed to journey report")
    parser.add_argument("--title", help="passed to journey report")
    parser.add_argument("--strict", action="store_true", help="passed to journey report: a truncated or corrupt gzip input is fatal")
    parser.add_argument("--input-format", help="passed to journey keys and report")
    parser.add_argument("--max-line-length", help="passed to journey keys and report")
    parser.add_argument("--max-bad-ratio", help="passed to journey merge (the partitions' own runs accept any share)")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders (every file below, as journey expands them), or URIs (hdfs://…)")
    arguments = parser.parse_args(argv)
    if arguments.partitions < 1:
        parser.error(f"--partitions must be positive (got {arguments.partitions})")
    return arguments


def expand_inputs(arguments, config=None):
    """The inputs as journey expands them: folders to every regular file below (sorted by path
    bytes), less hidden entries, linked folders and YAML files; URIs (with ://) as they are. Also
    the YAML files left out, less `config` itself (journey's `config-skipped` warnings)."""
    files = []
    skipped = []
    for argument in arguments:
        if argument == "-":
            raise SystemExit("journey_spark.py: standard input cannot be read by Spark; name the files")
        if "://" in argument or not os.path.isdir(argument):
            if "://" not in argument and not os.access(argument, os.R_OK):
                raise SystemExit(f"Error: {argument}: no such file or directory (or not readable)")
            files.append(argument)
            continue
        found = []

        def collect(folder):
            prefix = folder if folder.endswith("/") else folder + "/"
            for name in os.listdir(folder):
                if name.startswith("."):
                    continue
                path = prefix + name
                if os.path.isdir(path):
                    if not os.path.islink(path):
                        collect(path)
                elif os.path.isfile(path):
                    (configs if name.lower().endswith((".yaml", ".yml")) else found).append(path)

        configs = []
        collect(argument)
        if not found:
            raise SystemExit(f"Error: {argument}: the folder has no input files")
        files += sorted(found, key=by_bytes)
        own = os.path.realpath(config) if config else None
        skipped += [path for path in sorted(configs, key=by_bytes) if os.path.realpath(path) != own]
    return files, skipped


def by_bytes(path):
    return path.encode("utf-8", "surrogateescape")


def spark_path(path):
    """What sc.binaryFiles reads: URIs as they are, local paths absolute; Hadoop's glob characters
    escaped, so that a file named `day[1].csv` is that file and not a pattern."""
    if "://" not in path:
        path = "file://" + os.path.abspath(path)
    return "".join("\\" + c if c in "{}[]*?" else c for c in path)


def unescape(field):
    """The bytes of a `journey keys` KEY or RECORD field."""
    if b"\\" not in field:
        return field
    out = bytearray()
    i = 0
    while i < len(field):
        c = field[i]
        if c == 0x5C and i + 1 < len(field):
            out.append({0x74: 0x09, 0x6E: 0x0A, 0x72: 0x0D, 0x5C: 0x5C}.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def keys_of_files(binary, config_name, config_text, options, names):
    """The mapPartitions function of step 1: (index, bytes) of a file → its `keys` lines as
    (key, input, line, raw line), the `#input` line as (None, input, -1, json)."""

    def run(partition):
        folder = tempfile.mkdtemp(prefix="journey-spark-keys-")
        try:
            config = []
            if config_text is not None:
                path = os.path.join(folder, os.path.basename(config_name) or "journey.yaml")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(config_text)
                config = ["-c", path]
            for index, content in partition:
                command = [binary, "keys", "-q", *config, *options, "--input-name", names[index], "--input-index", str(index), "-"]
                process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

                def feed(stream=process.stdin, data=content):
                    try:
                        stream.write(data)
                    except BrokenPipeError:
                        pass
                    finally:
                        stream.close()

                feeder = threading.Thread(target=feed)
                feeder.start()
                for raw in process.stdout:
                    line = raw[:-1] if raw.endswith(b"\n") else raw
                    if line.startswith(b"#input\t"):
                        yield (None, index, -1, line[len(b"#input\t"):])
                        continue
                    key, input_text, line_text, _ = line.split(b"\t", 3)
                    yield (unescape(key), int(input_text), int(line_text), line)
                feeder.join()
                status = process.wait()
                if status != 0:
                    raise RuntimeError(f"journey keys failed on {names[index]} (exit status {status}); its stderr is in the executor's log")
        finally:
            for name in os.listdir(folder):
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)

    return run


def main(argv):
    arguments = parse_arguments(argv)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.types import BinaryType, IntegerType, LongType, StructField, StructType
    from pyspark import StorageLevel

    files, skipped = expand_inputs(arguments.inputs, arguments.config)
    config_text = None
    if arguments.config:
        with open(arguments.config, encoding="utf-8") as handle:
            config_text = handle.read()
    builder = SparkSession.builder.appName("journey").config("spark.ui.showConsoleProgress", "false")
    if arguments.master:
        builder = builder.master(arguments.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    n = arguments.partitions
    driver_binary = os.path.abspath(arguments.journey)
    if arguments.executor_journey:
        binary = arguments.executor_journey
    elif sc.master.startswith("local"):
        binary = driver_binary
    else:
        binary = "./" + os.path.basename(arguments.journey)
    shared = []  # options keys and report must agree on
    if arguments.preset:
        shared += ["--preset", arguments.preset]
    if arguments.input_format:
        shared += ["--input-format", arguments.input_format]
    if arguments.max_line_length:
        shared += ["--max-line-length", arguments.max_line_length]
    started = time.time()

    # 1. Keys: one task per file, each file's bytes through `journey keys`.
    per_file = [sc.binaryFiles(spark_path(path)).map(lambda pair, i=i: (i, pair[1])) for i, path in enumerate(files)]
    contents = sc.union(per_file) if len(per_file) > 1 else per_file[0]
    keyed = contents.mapPartitions(keys_of_files(binary, arguments.config or "", config_text, shared, files))
    keyed = keyed.persist(StorageLevel.MEMORY_AND_DISK)
    inputs = sorted((json.loads(row[3]) for row in keyed.filter(lambda row: row[0] is None).collect()), key=lambda o: o["index"])
    keys_seconds = time.time() - started
    if [o["index"] for o in inputs] != list(range(len(files))):
        raise SystemExit(f"journey_spark.py: expected one #input line per input, got {[o['index'] for o in inputs]}")

    # 2. Spark's partition of each key, by Spark's own function, then its shuffle.
    schema = StructType([
        StructField("key", BinaryType(), False), StructField("input", IntegerType(), False),
        StructField("line", LongType(), False), StructField("raw", BinaryType(), False)])
    records = spark.createDataFrame(keyed.filter(lambda row: row[0] is not None).map(lambda r: (bytearray(r[0]), r[1], r[2], bytearray(r[3]))), schema)
    parts = records.select(F.pmod(F.xxhash64(F.col("key")), F.lit(n)).alias("part"), "input", "line", "raw")
    shuffled = parts.rdd.map(lambda r: ((r[0], r[1], r[2]), bytes(r[3]))).repartitionAndSortWithinPartitions(
        n, partitionFunc=lambda key: key[0], keyfunc=lambda key: key)

    # 3. Each partition, after its header, through `journey report --keyed`.
    config = {"path": arguments.config, "text": config_text} if arguments.config else None

    def with_header(p, partition):
        header = {"partition": f"{p}/{n}", "config": config, "inputs": inputs, "arguments": arguments.inputs, "skipped": skipped}
        yield "#journey-keyed/1\t" + json.dumps(header, ensure_ascii=False, separators=(",", ":"))
        for (part, input_index, line_number), raw in partition:
            if part != p:
                raise RuntimeError(f"Spark put a record of partition {part} in partition {p}")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise RuntimeError(f"{files[input_index]}:{line_number}: the record is not UTF-8, which RDD.pipe cannot carry")

    report = [binary, "report", "--keyed", "-q", "--max-bad-ratio", "1", "-f", "partial-base64", "-o", "-"] + shared
    for option, value in (("--from", arguments.from_), ("--to", arguments.to), ("--timeout", arguments.timeout), ("--title", arguments.title)):
        if value is not None:
            report += [option, value]
    if arguments.strict:
        report.append("--strict")
    piped = shuffled.mapPartitionsWithIndex(with_header, preservesPartitioning=True).pipe(" ".join(shlex.quote(a) for a in report), checkCode=True)
    partials = piped.mapPartitionsWithIndex(lambda p, lines: [(p, list(lines))]).collect()
    keyed.unpersist()
    spark_seconds = time.time() - started

    # 4. The partials on the driver, and the merge.
    os.makedirs(arguments.output, exist_ok=True)
    paths = []
    sizes = []
    for p, lines in sorted(partials):
        text = [line for line in lines if line.strip()]
        if len(text) != 1:
            raise SystemExit(f"journey_spark.py: partition {p}/{n} gave {len(text)} lines, not one partial")
        path = os.path.join(arguments.output, f"part-{p:05d}.jpart")
        data = base64.b64decode(text[0])
        with open(path, "wb") as handle:
            handle.write(data)
        paths.append(path)
        sizes.append(len(data))
    spark.stop()
    merge = [driver_binary, "merge", *paths, "-f", "json", "-o", arguments.output + ".json"]
    for form in arguments.format:
        if form != "json":
            merge += ["-f", form, "-o", f"{arguments.output}.{EXTENSIONS[form]}"]
    if arguments.max_bad_ratio is not None:
        merge += ["--max-bad-ratio", arguments.max_bad_ratio]
    merge_started = time.time()
    status = subprocess.call(merge)
    print(json.dumps({"partitions": n, "inputs": len(files), "spark_seconds": round(spark_seconds, 3),
                      "keys_seconds": round(keys_seconds, 3), "merge_seconds": round(time.time() - merge_started, 3),
                      "partial_bytes": sizes, "merge_status": status}), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
