#!/usr/bin/env python3
"""journey side by side with gzip -dc, igzip -dc, DuckDB and chDB, in one run.

  Benchmarks/compare [--events 5000000] [--runs 3] [--quick] [--shape uniform|varied|both]
                     [--journey PATH] [--strict]

1. Generates each data set once (cached in Benchmarks/.cache/): journey-datagen Segment-style
   NDJSON, the same events as one gzip file and as four; --shape both (the default) makes two:
   `--shape uniform` (one track-call line shape) and `--shape varied` (track/page/identify calls
   whose members, key order, escapes and numbers vary as in real exports; the same journeys), and
   everything below runs on each, reported as a section of its own.
2. Times, round-robin (for each run: for each input: for each tool, the tool order rotated per
   run), each command's wall time and peak RSS (/usr/bin/time %M):
     gzip -dc FILES > /dev/null, igzip -dc FILES > /dev/null (sequential over the four files),
     journey report -c journey.yaml FILES -f json -o OUT  (JOURNEY_INFLATE=zlib: "journey (zlib)";
       JOURNEY_INFLATE=builtin: "journey (built-in inflater)", what runs where ISA-L does not load;
       the default inflater: "journey", run separately only when it is neither),
     the same report in DuckDB SQL and in chDB SQL (one python process per run, whole process timed),
     and journey with compare_lib/spec-style.yaml, a config like the SPEC's example (bot-filter regex,
       rules on paths and URLs, midnight and campaign splits, dedupe, two breakdowns, user scope):
       "journey (SPEC-style config)", timed only (no SQL twin; --no-spec-style skips it).
3. Checks journey's numbers against DuckDB's and chDB's, prints per data set a Markdown table
   (medians, ratios) and the issue's targets as PASS/FAIL lines, and saves it all to
   Benchmarks/.cache/compare-latest.md (raw measurements: compare-latest.json).

Exit status: 1 when a command fails or journey's numbers differ from DuckDB's or chDB's (on either
data set); with --strict also when a target FAILs; 0 otherwise.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import journey_sql  # noqa: E402

GZIP, IGZIP = "gzip -dc", "igzip -dc"
J_ZLIB, J_DEFAULT = "journey (zlib)", "journey"
J_BUILTIN = "journey (built-in inflater)"
JOURNEYS = (J_ZLIB, J_BUILTIN, J_DEFAULT)
J_SPEC = "journey (SPEC-style config)"
SPEC_STYLE_CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spec-style.yaml")
DUCKDB, CHDB = "DuckDB", "chDB"


def is_builtin(version):
    """Whether `journey --version` names journey's own inflater."""
    return bool(version) and "journey's inflater" in version


def tool_versions(journey):
    def run(argv, env=None):
        try:
            out = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **(env or {})})
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return None
    versions = {
        J_DEFAULT: run([journey, "--version"]),
        J_ZLIB: run([journey, "--version"], {"JOURNEY_INFLATE": "zlib"}),
        J_BUILTIN: run([journey, "--version"], {"JOURNEY_INFLATE": "builtin"}),
        GZIP: run(["gzip", "--version"]),
        IGZIP: run(["igzip", "--version"]) if shutil.which("igzip") else None,
    }
    try:
        import duckdb
        versions[DUCKDB] = "duckdb " + duckdb.__version__
    except ImportError:
        versions[DUCKDB] = None
    try:
        from importlib.metadata import version
        versions[CHDB] = "chdb " + version("chdb")
    except Exception:  # noqa: BLE001
        versions[CHDB] = None
    return versions


def build_tools(args, journey, versions, config, outdir):
    """name → function(input name, files) → (argv, env, output path or None)."""
    python = sys.executable
    engine = os.path.join(bench.HERE, "journey_sql.py")

    def out(name, label):
        return os.path.join(outdir, f"{name}-{label.replace(' ', '')}.json".replace("(", "").replace(")", ""))

    def journey_cmd(name, env, config=config):
        def make(label, files):
            path = out(name.replace(" ", "_"), label)
            return ([journey, "report", "-c", config, *files, "-f", "json", "-o", path,
                     "--quiet", "--progress", "never"], env, path)
        return make

    tools = {GZIP: lambda label, files: (["gzip", "-dc", *files], None, None)}
    if versions[IGZIP]:
        tools[IGZIP] = lambda label, files: (["igzip", "-dc", *files], None, None)
    tools[J_ZLIB] = journey_cmd("journey_zlib", {"JOURNEY_INFLATE": "zlib"})
    if is_builtin(versions[J_BUILTIN]) and versions[J_BUILTIN] != versions[J_DEFAULT]:
        tools[J_BUILTIN] = journey_cmd("journey_builtin", {"JOURNEY_INFLATE": "builtin"})
    if versions[J_DEFAULT] != versions[J_ZLIB]:
        tools[J_DEFAULT] = journey_cmd("journey", None)
    if not args.no_spec_style:
        tools[J_SPEC] = journey_cmd("journey_spec_style", None, SPEC_STYLE_CONFIG)
    for name, key, wanted in ((DUCKDB, "duckdb", not args.no_duckdb), (CHDB, "chdb", not args.no_chdb)):
        if wanted and versions[name]:
            def make(label, files, key=key):
                path = out(key, label)
                return ([python, engine, key, "--config", config, "--out", path, *files], None, path)
            tools[name] = make
    return tools


def verify(report_path, engine_path, label, engine):
    """journey's JSON vs an engine's result with the crosscheck's comparison: (same?, differences)."""
    xc = journey_sql.crosscheck(need_duckdb=True)
    try:
        with open(report_path, encoding="utf-8") as handle:
            report = json.load(handle)
        with open(engine_path, encoding="utf-8") as handle:
            result = json.load(handle)
    except (OSError, ValueError) as error:
        return False, [f"cannot read results: {error}"]
    cfg = xc.effective_config(report)
    check = xc.Checker()
    xc.compare(check, f"{label} vs {engine}", report, journey_sql.denormalized(result), cfg)
    compared = sum(1 for r in check.rows if r[4] is not None)
    return not check.failures, [f"{what}: journey {xc.short(got, 200)} · {engine} {xc.short(want, 200)}"
                                for _, what, got, want in check.failures] or [f"{compared} numbers equal"]


def fmt(value, digits=2):
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def run_shape(args, shape, meta, journey, versions, runs):
    """Times every tool on one data set, checks the numbers; returns (Markdown lines, targets,
    failed commands, any mismatch, raw samples)."""
    outdir = os.path.join(bench.CACHE, "compare-out", shape)
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    tools = build_tools(args, journey, versions, meta["config"], outdir)
    inputs = [(label, meta["inputs"][label]) for label in [i.strip() for i in args.inputs.split(",")]]
    names = list(tools)

    bench.warm([f for _, files in inputs for f in files])
    samples = {(n, label): [] for n in names for label, _ in inputs}
    outputs, failed = {}, []
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]
        for label, files in inputs:
            for name in order:
                argv, env, path = tools[name](label, files)
                okay = (0, 3) if name in (*JOURNEYS, J_SPEC) else (0,)
                m = bench.measure(argv, env, ok_status=okay)
                if m.status not in okay:
                    failed.append(f"{name} on {label} ({shape}): exit {m.status}")
                    continue
                samples[(name, label)].append(m)
                if path:
                    outputs[(name, label)] = path
                bench.log(f"{shape:<7}  run {run + 1}/{runs}  {label:<7}  {name:<15} {m.wall:8.2f} s  {m.rss_kib / 1024 if m.rss_kib else 0:8.1f} MiB")

    # Medians, peaks.
    wall = {k: bench.median([m.wall for m in v]) for k, v in samples.items()}
    rss = {k: (max(m.rss_kib for m in v) / 1024 if v and all(m.rss_kib for m in v) else None) for k, v in samples.items()}
    spread = {k: (min(m.wall for m in v), max(m.wall for m in v)) if v else None for k, v in samples.items()}

    # Correctness: journey's JSON vs DuckDB and chDB, per input.
    same, details = {}, []
    for label, _ in inputs:
        for j in JOURNEYS:
            if (j, label) not in outputs:
                continue
            for engine in (DUCKDB, CHDB):
                if (engine, label) in outputs:
                    ok, notes = verify(outputs[(j, label)], outputs[(engine, label)], f"{j}, {label}", engine)
                    same[(j, label, engine)] = ok
                    details.append(f"- {j}, {label} vs {engine}: {'same numbers' if ok else 'DIFFERENT'} — " + "; ".join(notes[:6]))
    ties = None
    for label, _ in inputs:
        if (DUCKDB, label) in outputs:
            with open(outputs[(DUCKDB, label)]) as handle:
                ties = json.load(handle).get("ties", ties)

    # The table.
    lines = []
    what = {"uniform": "one Segment track-call shape on every line",
            "varied": "track/page/identify calls, members, key order, escapes and numbers varying line by line"}
    lines.append(f"#### `--shape {shape}` data ({what.get(shape, shape)})")
    lines.append("")
    lines.append(f"- data: {meta['events']:,} events, {meta['users']:,} users (journey-datagen NDJSON --shape {shape}, "
                 f"seed {meta['seed']}, gzip -6); {meta['plain_bytes'] / 2**20:,.0f} MiB plain, "
                 f"{meta['plain_bytes'] / meta['events']:.0f} bytes a line on average, "
                 + ", ".join(f"{label} {b / 2**20:,.0f} MiB gz" for label, b in meta["compressed_bytes"].items()))
    lines.append("")
    header = ["tool", "input", "wall s (median)", "min–max", "peak RSS MiB", "× gzip -dc", "× igzip -dc",
              "× DuckDB wall", "× chDB wall", "× DuckDB RSS", "same numbers as DuckDB", "as chDB"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|")
    for label, _ in inputs:
        for name in names:
            key = (name, label)
            if not samples[key]:
                lines.append(f"| {name} | {label} | failed | | | | | | | | | |")
                continue
            is_journey = name in JOURNEYS
            lo, hi = spread[key]
            row = [name, label, fmt(wall[key]), f"{lo:.2f}–{hi:.2f}", fmt(rss[key], 1),
                   fmt(ratio(wall[key], wall.get((GZIP, label)))),
                   fmt(ratio(wall[key], wall.get((IGZIP, label)))),
                   fmt(ratio(wall[key], wall.get((DUCKDB, label)))) if is_journey else "",
                   fmt(ratio(wall[key], wall.get((CHDB, label)))) if is_journey else "",
                   fmt(ratio(rss[key], rss.get((DUCKDB, label)))) if is_journey else "",
                   {True: "yes", False: "**no**", None: "—"}[same.get((name, label, DUCKDB))] if is_journey else "",
                   {True: "yes", False: "**no**", None: "—"}[same.get((name, label, CHDB))] if is_journey else ""]
            lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for label, _ in inputs:
        for name in (*JOURNEYS, J_SPEC):
            if (name, label) in rss and rss[(name, label)]:
                lines.append(f"- bytes per event, {name}, {label}: {rss[(name, label)] * 2**20 / meta['events']:.1f} "
                             f"(peak RSS / {meta['events']:,} events)")
    if ties is not None:
        lines.append(f"- (user, instant) pairs with more than one event: {ties} (the tie rule {'does not matter here' if ties == 0 else 'matters: chDB breaks ties by its own read order'})")
    lines.extend(details)
    if failed:
        lines.append("- failed commands: " + "; ".join(failed))
    lines.append("")

    # Targets.
    default = J_DEFAULT if J_DEFAULT in tools else J_ZLIB
    note = "" if default == J_DEFAULT else " [default inflater is zlib in this build]"
    targets = []

    def target(text, value, limit):
        if value is None:
            targets.append(f"SKIP  {shape}: {text}: not measured")
            return
        verdict = "PASS" if value <= limit else "FAIL"
        targets.append(f"{verdict}  {shape}: {text}: {value:.2f} (target ≤ {limit})")

    # Issue 16's targets (ratios of medians in this run).
    one, four = "1 file", "4 files"
    target(f"1 file, ISA-L: {default} wall / igzip -dc{note}", ratio(wall.get((default, one)), wall.get((IGZIP, one))), 1.5)
    # "zlib only": a machine without ISA-L, where journey inflates with its own inflater (the default
    # there); zlib's own inflate (JOURNEY_INFLATE=zlib) is shown for comparison.
    # (A journey without its own inflater falls back to zlib.)
    without_isal = J_BUILTIN if J_BUILTIN in tools else J_DEFAULT if is_builtin(versions[J_DEFAULT]) else J_ZLIB
    target(f"1 file, zlib only (no ISA-L): {without_isal} wall / gzip -dc",
           ratio(wall.get((without_isal, one)), wall.get((GZIP, one))), 0.5)
    value = ratio(wall.get((J_ZLIB, one)), wall.get((GZIP, one)))
    if value is not None:
        targets.append(f"INFO  {shape}: 1 file, zlib's inflate forced: {J_ZLIB} wall / gzip -dc: {value:.2f}")
    target(f"4 files, ISA-L: {default} wall / DuckDB{note}", ratio(wall.get((default, four)), wall.get((DUCKDB, four))), 0.2)
    target(f"4 files, ISA-L: {default} wall / chDB{note}", ratio(wall.get((default, four)), wall.get((CHDB, four))), 0.3)
    for engine in (DUCKDB, CHDB):
        s = same.get((default, four, engine))
        targets.append(("SKIP " if s is None else "PASS " if s else "FAIL ") + f" {shape}: 4 files: {default} same numbers as {engine}"
                       + ("" if s is None else ": yes" if s else ": no"))
    for label in (one, four):
        target(f"{label}: {J_SPEC} wall / {default}'s", ratio(wall.get((J_SPEC, label)), wall.get((default, label))), 1.2)
    for label in (four, one):
        target(f"{label}: {default} peak RSS / DuckDB's", ratio(rss.get((default, label)), rss.get((DUCKDB, label))), 0.2)
    lines.append("```")
    lines.extend(targets)
    lines.append("```")
    lines.append("")
    raw = {"meta": meta,
           "samples": {f"{n} | {l}": [{"wall": m.wall, "rss_kib": m.rss_kib} for m in v] for (n, l), v in samples.items()}}
    return lines, targets, failed, any(v is False for v in same.values()), raw


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--events", type=int, default=None, help="events in the data set (default 5000000)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs of every command (default 3)")
    parser.add_argument("--quick", action="store_true", help="300k events, 1 run: tests the script itself")
    parser.add_argument("--shape", choices=["uniform", "varied", "both"], default="both",
                        help="journey-datagen's line shape: uniform, varied, or both data sets one after the other (default)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--journey", help="journey binary (default: .build/release/journey, built if missing)")
    parser.add_argument("--datagen", help="journey-datagen binary (default: .build/release/journey-datagen)")
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument("--no-chdb", action="store_true")
    parser.add_argument("--no-spec-style", action="store_true", help="skip journey with compare_lib/spec-style.yaml")
    parser.add_argument("--inputs", default="1 file,4 files", help="comma-separated: '1 file', '4 files'")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target FAILs")
    args = parser.parse_args()
    events = args.events or (300_000 if args.quick else 5_000_000)
    runs = args.runs or (1 if args.quick else 3)
    shapes = list(bench.SHAPES) if args.shape == "both" else [args.shape]

    os.makedirs(bench.CACHE, exist_ok=True)
    journey = bench.find_or_build(args.journey, "journey")
    datagen = bench.find_or_build(args.datagen, "journey-datagen")
    metas = {shape: bench.dataset(datagen, events, args.seed, shape=shape) for shape in shapes}
    versions = tool_versions(journey)

    lines = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines.append(f"### journey compare — {now}")
    lines.append("")
    lines.append(f"- journey commit {bench.git_commit(journey)}; `{versions[J_DEFAULT]}`; with JOURNEY_INFLATE=zlib: `{versions[J_ZLIB]}`; with JOURNEY_INFLATE=builtin: `{versions[J_BUILTIN]}`")
    lines.append(f"- data sets: {', '.join(f'--shape {shape}' for shape in shapes)} (a section each)")
    lines.append(f"- {runs} run(s) per command, round-robin, files in the page cache; {os.cpu_count()} cores "
                 f"({platform.machine()}), shared; {', '.join(v for k, v in versions.items() if v and k not in JOURNEYS)}")
    lines.append("- wall: median (min–max); RSS: highest peak; ratios of median walls against the same input; "
                 "4 files: gzip/igzip decompress them one after the other, journey and the SQL engines may use both cores")
    if versions[J_DEFAULT] == versions[J_ZLIB]:
        lines.append(f"- the default inflater is zlib in this build (no ISA-L backend yet): \"{J_ZLIB}\" is also the default journey")
    elif is_builtin(versions[J_DEFAULT]):
        lines.append(f"- ISA-L does not load here: the default journey inflates with its own inflater (\"{J_BUILTIN}\" is the default journey)")
    lines.append("")

    targets, failed, mismatch, raw = [], [], False, {"versions": versions, "runs": runs, "shapes": {}}
    for shape in shapes:
        section, shape_targets, shape_failed, shape_mismatch, shape_raw = run_shape(args, shape, metas[shape], journey, versions, runs)
        lines.extend(section)
        targets += shape_targets
        failed += shape_failed
        mismatch = mismatch or shape_mismatch
        raw["shapes"][shape] = shape_raw

    text = "\n".join(lines).rstrip("\n") + "\n"
    print(text)
    with open(os.path.join(bench.CACHE, "compare-latest.md"), "w", encoding="utf-8") as handle:
        handle.write(text)
    with open(os.path.join(bench.CACHE, "compare-latest.json"), "w", encoding="utf-8") as handle:
        json.dump(raw, handle, indent=2)
    bench.log(f"saved {os.path.join(bench.CACHE, 'compare-latest.md')}")

    if failed or mismatch:
        sys.exit(1)
    if args.strict and any(t.startswith("FAIL") for t in targets):
        sys.exit(1)


if __name__ == "__main__":
    main()
