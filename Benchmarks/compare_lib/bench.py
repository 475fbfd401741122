"""Shared by compare.py, memory_check.py and memory_scale.py: locating binaries, the cached data set, timing."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
CACHE = os.path.join(BENCH, ".cache")
TIME = "/usr/bin/time"


def log(message):
    print(message, file=sys.stderr, flush=True)


def find_or_build(explicit, product, build=True):
    """.build/release/PRODUCT of this checkout, built when missing (or an explicit path)."""
    if explicit:
        if not os.path.exists(explicit):
            sys.exit(f"{explicit}: not found")
        return os.path.abspath(explicit)
    path = os.path.join(ROOT, ".build", "release", product)
    if not os.path.exists(path):
        if not build:
            sys.exit(f"cannot find {path}: swift build -c release --product {product}")
        log(f"building {product} (swift build -c release --product {product}) …")
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True)
    return path


def git_commit(binary=None):
    """The checkout's HEAD, the last commit that touched the sources (what the binary is built
    from when it is this checkout's .build/release), and uncommitted source changes."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short=10", "HEAD") or "unknown"
    sources = git("log", "-1", "--format=%h %s", "--", "Sources", "Package.swift")
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift")
    text = f"{head} (sources last changed in {sources})" if sources else head
    if dirty:
        text += " + uncommitted changes in Sources"
    if binary and not os.path.abspath(binary).startswith(os.path.join(ROOT, ".build")):
        text += f"; journey binary {binary} (not built from this checkout)"
    return text


# ---------------------------------------------------------------------------------------------
# The data set: generated once, cached in Benchmarks/.cache/segment2-EVENTS-uUSERS-seedSEED/
# (journey-datagen --shape uniform) or segment2-varied-EVENTS-uUSERS-seedSEED/ (--shape varied)
#
#   journey.yaml                 the config journey-datagen wrote (outside the input folders)
#   four/events-00{0..3}.ndjson.gz  journey-datagen --files 4 --gzip-level 6
#   one/events.ndjson.gz         the plain text of the four, recompressed with gzip -6: the
#                                same events in one file (order differs; reports don't)
#   meta.json                    events, users, seed, shape, sizes

SHAPES = ("uniform", "varied")


def dataset(datagen, events, seed=42, users=None, shape="uniform"):
    users = users or max(1, events // 10)
    # "segment2": the line shape of journey-datagen since it writes the Segment envelope (~600 B a line);
    # "-varied": its --shape varied (track/page/identify calls whose members and key order vary).
    name = "segment2" if shape == "uniform" else f"segment2-{shape}"
    directory = os.path.join(CACHE, f"{name}-{events}-u{users}-seed{seed}")
    meta_path = os.path.join(directory, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path) as handle:
            meta = json.load(handle)
        meta.setdefault("shape", shape)
        return relocated(meta, directory)
    shutil.rmtree(directory, ignore_errors=True)
    generated = os.path.join(directory, "generated")
    four = os.path.join(directory, "four")
    one = os.path.join(directory, "one")
    os.makedirs(four)
    os.makedirs(one)
    log(f"generating {events:,} events ({users:,} users, seed {seed}, --shape {shape}) in {directory} …")
    began = time.time()
    # The uniform data is generated without --shape: the same command as before the option existed.
    shape_args = [] if shape == "uniform" else ["--shape", shape]
    subprocess.run([datagen, "--events", str(events), "--users", str(users), "--seed", str(seed),
                    "--format", "ndjson", *shape_args, "--files", "4", "--out", generated, "--gzip-level", "6"],
                   check=True)
    names = sorted(f for f in os.listdir(generated) if f.startswith("events-"))
    if len(names) != 4:
        sys.exit(f"journey-datagen wrote {names}, expected 4 event files")
    for name in names:
        os.rename(os.path.join(generated, name), os.path.join(four, name))
    os.rename(os.path.join(generated, "journey.yaml"), os.path.join(directory, "journey.yaml"))
    os.rmdir(generated)
    four_files = [os.path.join(four, n) for n in names]
    one_file = os.path.join(one, "events.ndjson.gz")
    log("writing one/events.ndjson.gz (gzip -dc four/* | gzip -6) …")
    with open(one_file + ".tmp", "wb") as sink:
        unzip = subprocess.Popen(["gzip", "-dc", *four_files], stdout=subprocess.PIPE)
        zipper = subprocess.Popen(["gzip", "-6", "-c"], stdin=unzip.stdout, stdout=sink)
        unzip.stdout.close()
        if zipper.wait() != 0 or unzip.wait() != 0:
            sys.exit("recompressing into one file failed")
    os.rename(one_file + ".tmp", one_file)
    plain = 0
    with subprocess.Popen(["gzip", "-dc", one_file], stdout=subprocess.PIPE) as process:
        while True:
            block = process.stdout.read(1 << 20)
            if not block:
                break
            plain += len(block)
    meta = {
        "directory": directory, "events": events, "users": users, "seed": seed, "shape": shape,
        "config": os.path.join(directory, "journey.yaml"),
        "inputs": {"1 file": [one_file], "4 files": four_files},
        "compressed_bytes": {"1 file": os.path.getsize(one_file),
                             "4 files": sum(os.path.getsize(f) for f in four_files)},
        "plain_bytes": plain,
        "generated_seconds": round(time.time() - began, 1),
    }
    with open(meta_path, "w") as handle:
        json.dump(meta, handle, indent=2)
    return meta


def relocated(meta, directory):
    """`meta` with its paths under `directory`: a cache copied from another checkout still works."""
    old = meta["directory"]
    if old == directory:
        return meta

    def move(path):
        return os.path.join(directory, os.path.relpath(path, old))
    meta = dict(meta, directory=directory, config=move(meta["config"]))
    meta["inputs"] = {label: [move(p) for p in paths] for label, paths in meta["inputs"].items()}
    return meta


def warm(paths):
    """Reads the files once so every tool starts from the page cache."""
    for path in paths:
        with open(path, "rb") as handle:
            while handle.read(1 << 22):
                pass


# ---------------------------------------------------------------------------------------------
# Timing


class Measurement:
    def __init__(self, wall, rss_kib, status, stderr):
        self.wall = wall
        self.rss_kib = rss_kib
        self.status = status
        self.stderr = stderr


def measure(argv, env=None, ok_status=(0,), watch=None):
    """Runs argv (stdout → /dev/null) under /usr/bin/time: wall seconds (perf_counter around the
    process) and peak RSS (KiB, GNU time's %M of the command). `watch`, if given, is called
    every 20 ms while the command runs (memory_check uses it to see spill files)."""
    stats = os.path.join(CACHE, f".time-{os.getpid()}")
    full_env = dict(os.environ)
    full_env.update(env or {})
    began = time.perf_counter()
    process = subprocess.Popen([TIME, "-f", "%e %M", "-o", stats, *argv], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=full_env)
    stop = threading.Event()
    watcher = None
    if watch:
        def loop():
            while not stop.wait(0.02):
                watch()
        watcher = threading.Thread(target=loop, daemon=True)
        watcher.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - began
    stop.set()
    if watcher:
        watcher.join()
    rss = None
    try:
        with open(stats) as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():
                    rss = int(parts[1])
        os.unlink(stats)
    except OSError:
        pass
    status = process.returncode
    text = stderr.decode(errors="replace")
    if status not in ok_status:
        log(f"  ! exit {status}: {' '.join(argv)}\n{text[-2000:]}")
    return Measurement(wall, rss, status, text)


def add_binary_arguments(parser):
    """--journey and --datagen, as every script here takes them."""
    parser.add_argument("--journey", help="journey binary (default: .build/release/journey, built if missing)")
    parser.add_argument("--datagen", help="journey-datagen binary (default: .build/release/journey-datagen)")


def binaries(args):
    """(journey, journey-datagen) of add_binary_arguments' options, built when missing; makes the cache."""
    os.makedirs(CACHE, exist_ok=True)
    return find_or_build(args.journey, "journey"), find_or_build(args.datagen, "journey-datagen")


def folder_watcher(folder):
    """A `watch` for measure(): records the most files and bytes seen in `folder` at once (spilled
    runs); returns (watch, seen), `seen` the dict it fills with "files" and "bytes"."""
    seen = {"files": 0, "bytes": 0}

    def watch():
        files_now, bytes_now = 0, 0
        for directory, _, names in os.walk(folder):
            for name in names:
                files_now += 1
                try:
                    bytes_now += os.path.getsize(os.path.join(directory, name))
                except OSError:
                    pass
        seen["files"] = max(seen["files"], files_now)
        seen["bytes"] = max(seen["bytes"], bytes_now)

    return watch, seen


def median(values):
    values = sorted(values)
    n = len(values)
    if not n:
        return None
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
