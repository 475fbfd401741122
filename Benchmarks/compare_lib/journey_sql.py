#!/usr/bin/env python3
"""journey's report (SPEC §4) computed by a SQL engine, for Benchmarks/compare.

  python3 journey_sql.py duckdb|chdb --config journey.yaml --out result.json FILE...

One process per run: Benchmarks/compare times the whole process (interpreter start, engine
import, reading the gzipped NDJSON, the SQL, writing the result). Both engines compute, from the
generated Segment-style export and the journey.yaml next to it: events, users, sessions (timeout,
gap strictly greater; order = time, then input order), units without a stage, the ordered
session funnel (greedy earliest chain: units per step, median/p90 seconds from the previous
step), stage transitions with (start)/(exit), top paths (cut at max_path_length with "…", ties
lexicographic) and the first breakdown (first non-empty value per unit, top N, "(other)",
"(none)").

DuckDB reuses the SQL of Tests/crosscheck/duckdb_crosscheck.py (`compute`); only the loading is
specific (typed columns, all cores). chDB (in-process ClickHouse) gets its own ClickHouse SQL
with the same semantics: per user a time-sorted array of events, split into sessions with
arraySplit, the funnel chain with arrayFold, visits by dropping consecutive repeats.

The result is written as JSON (see `normalized()`), compared with journey's report by compare.py.
"""

import argparse
import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "crosscheck"))

ELLIPSIS = "\u2026"


def crosscheck(need_duckdb):
    """The cross-check module. It imports duckdb at the top; the chDB process does not need it
    (its helpers used here are pure Python), so a placeholder keeps duckdb's import time out of
    chDB's measurement."""
    if not need_duckdb and "duckdb" not in sys.modules:
        sys.modules["duckdb"] = types.ModuleType("duckdb")
    import duckdb_crosscheck  # noqa: E402  (Tests/crosscheck, on sys.path above)
    return duckdb_crosscheck


def load_config(path, xc):
    import yaml
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    cfg = xc.effective_config({"config": raw})
    if cfg["scope"] != "session" or cfg["order"] != "ordered" or any(cfg["other"].values()) or cfg["session_field"]:
        sys.exit(f"{path}: only session scope, ordered funnel, timeout sessions are mirrored in SQL")
    return cfg


def normalized(db, engine):
    """The crosscheck's result dict (tuple keys) as JSON-friendly values."""
    out = {"engine": engine}
    for key in ("events", "users", "sessions", "units_without_stage", "first", "last", "funnel", "paths"):
        out[key] = db[key]
    out["transitions"] = [[f, t, c] for (f, t), c in sorted(db["transitions"].items())]
    if "breakdown" in db:
        b = db["breakdown"]
        out["breakdown"] = {"field": b["field"], "top": b["top"],
                            "values": {v: [u, s] for v, (u, s) in b["values"].items()}}
    for key in ("ties",):
        if key in db:
            out[key] = db[key]
    return out


def denormalized(result):
    """normalized() back to what duckdb_crosscheck.compare expects."""
    db = dict(result)
    db["transitions"] = {(f, t): c for f, t, c in result["transitions"]}
    db["paths"] = [(list(p), u) for p, u in result["paths"]]
    if "breakdown" in result:
        b = result["breakdown"]
        db["breakdown"] = {"field": b["field"], "top": b["top"],
                           "values": {v: (u, list(s)) for v, (u, s) in b["values"].items()}}
    return db


def breakdown_values(per_value, top, k):
    """[(value or None, units, [units per step])] → top N by units (ties by value), (other), (none):
    the crosscheck's rule."""
    named = sorted(((v, u, list(s)) for v, u, s in per_value if v is not None), key=lambda r: (-r[1], r[0]))
    pad = lambda s: list(s) + [0] * (k - len(s))  # noqa: E731
    values = {}
    for value, units, steps in named[:top]:
        values[value] = (units, pad(steps))
    rest = named[top:]
    if rest:
        values["(other)"] = (sum(r[1] for r in rest), [sum(pad(r[2])[j] for r in rest) for j in range(k)])
    for value, units, steps in per_value:
        if value is None:
            values["(none)"] = (units, pad(steps))
    return [v for v, _, _ in named[:top]], values


# ---------------------------------------------------------------------------------------------
# DuckDB


def run_duckdb(cfg, files, xc):
    import duckdb
    con = duckdb.connect()
    threads = os.environ.get("COMPARE_DUCKDB_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Insertion order is kept (DuckDB's default), so row_number() OVER () follows the files as
    # given, then the lines: the tie rule (same user, same instant) needs it; `ties` counts how
    # often it matters at all.
    con.execute("SET preserve_insertion_order = true")
    file_list = "[" + ", ".join(xc.sql_string(f) for f in files) + "]"
    con.execute(f"""
        CREATE TABLE ev AS
        SELECT row_number() OVER () AS rn,
               COALESCE(NULLIF(userId, ''), NULLIF(anonymousId, '')) AS uid,
               epoch_us(CAST(rtrim("timestamp", 'Z') AS TIMESTAMP)) AS ts,
               event, NULL::VARCHAR AS sess,
               NULLIF(context.campaign.source, '') AS bval,
               NULLIF(event, '') AS tp
        FROM read_ndjson({file_list}, columns = {{
            'userId': 'VARCHAR', 'anonymousId': 'VARCHAR', 'event': 'VARCHAR', 'timestamp': 'VARCHAR',
            'context': 'STRUCT(campaign STRUCT(source VARCHAR))'}})""")
    db = xc.compute(con, cfg)
    db["ties"] = con.execute(
        "SELECT count(*) FROM (SELECT uid, ts FROM ev GROUP BY uid, ts HAVING count(*) > 1)").fetchone()[0]
    return db


# ---------------------------------------------------------------------------------------------
# chDB


def ch_source(files):
    """ClickHouse file() path for the inputs: one path, or {a,b,…} when they share a folder."""
    folders = {os.path.dirname(os.path.abspath(f)) for f in files}
    if len(files) == 1:
        return os.path.abspath(files[0])
    if len(folders) != 1:
        sys.exit("chdb: pass files from one folder")
    return folders.pop() + "/{" + ",".join(os.path.basename(f) for f in files) + "}"


def run_chdb(cfg, files, xc):
    from chdb import session
    stages = cfg["stages"]
    k = len(stages)
    index = {s: i + 1 for i, s in enumerate(stages)}
    branches = []
    for rule in cfg["rules"]:
        condition = xc.rule_condition(rule, cfg["event_field"])
        if condition is None:
            sys.exit("chdb: the stage rules use conditions this script does not mirror")
        branches += [condition, str(index[rule["stage"]])]
    stage_expr = f"multiIf({', '.join(branches)}, 0)" if branches else "0"
    names = "[" + ", ".join(xc.sql_string(s) for s in stages) + "]"
    timeout = int(cfg["timeout"])
    source = xc.sql_string(ch_source(files))
    settings = "SETTINGS output_format_json_quote_64bit_integers = 0, output_format_json_quote_denormals = 0"

    s = session.Session()

    def rows(sql):
        text = s.query(sql + " " + settings, "JSONCompactEachRow").bytes().decode()
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    # One row per session: its events sorted by (time, input order), stage indexes (0: none),
    # the funnel chain's event times (greedy earliest chain), visits, first-touch value.
    s.query(f"""
        CREATE TABLE ss ENGINE = Memory AS
        WITH ev AS (
            SELECT coalesce(nullIf(userId, ''), nullIf(anonymousId, '')) AS uid,
                   toUnixTimestamp64Micro(parseDateTime64BestEffort(timestamp, 6, 'UTC')) AS ts,
                   rowNumberInAllBlocks() AS rn,
                   toUInt8({stage_expr}) AS si,
                   JSONExtractString(context, 'campaign', 'source') AS bval
            FROM file({source}, 'JSONEachRow',
                      'userId Nullable(String), anonymousId Nullable(String), event String, timestamp String, context String')
        ),
        users AS (
            SELECT uid, arraySort(groupArray((ts, _file_rn, si, bval))) AS evs
            FROM (SELECT uid, ts, rn AS _file_rn, si, bval FROM ev)
            GROUP BY uid
        )
        SELECT uid, s, st, v, arrayMap(x -> {names}[x], v) AS vs, ct, ft
        FROM (
            SELECT uid, s, st,
                   arrayFilter((x, p) -> x != p, st, arrayPopBack(arrayPushFront(st, toUInt8(0)))) AS v,
                   arrayFold((acc, e) -> if(e.3 = length(acc) + 1, arrayPushBack(acc, e.1), acc), s,
                             CAST([], 'Array(Int64)')) AS ct,
                   arrayFirst(x -> x != '', arrayMap(e -> e.4, s)) AS ft
            FROM (
                SELECT uid, s, arrayMap(e -> e.3, arrayFilter(e -> e.3 > 0, s)) AS st
                FROM (
                    SELECT uid, s FROM users
                    ARRAY JOIN arraySplit((e, b) -> b, evs,
                        arrayMap((e, p) -> e.1 - p.1 > {timeout}, evs, arrayPopBack(arrayPushFront(evs, evs[1])))) AS s)))
        SETTINGS input_format_json_read_objects_as_strings = 1""")

    out = {}
    (out["events"], out["users"], out["sessions"], out["units_without_stage"], out["first"], out["last"]) = rows("""
        SELECT sum(length(s)), uniqExact(uid), count(), countIf(length(v) = 0), min(s[1].1), max(s[-1].1) FROM ss""")[0]

    parts = []
    for j in range(1, k + 1):
        parts.append(f"countIf(length(ct) >= {j})")
        if j > 1:
            parts.append(f"quantilesExactInclusiveIf(0.5, 0.9)(ct[{j}] - ct[{j - 1}], length(ct) >= {j})")
    row = rows("SELECT " + ", ".join(parts) + " FROM ss")[0]
    funnel, pos = [], 0
    for j in range(k):
        units = row[pos]
        pos += 1
        median = p90 = None
        if j > 0:
            q = row[pos]
            pos += 1
            if units:
                median, p90 = q[0] / 1e6, q[1] / 1e6
        funnel.append({"stage": stages[j], "units": units, "median": median, "p90": p90})
    out["funnel"] = funnel

    out["transitions"] = {(f, t): c for f, t, c in rows("""
        SELECT p.1 AS f, p.2 AS t, count()
        FROM ss ARRAY JOIN arrayZip(arrayPushFront(vs, '(start)'), arrayPushBack(vs, '(exit)')) AS p
        WHERE length(vs) > 0 GROUP BY f, t""")}

    cut = int(cfg["max_path_length"])
    cut_expr = (f"if(length(vs) > {cut}, arrayPushBack(arraySlice(vs, 1, {cut}), {xc.sql_string(ELLIPSIS)}), vs)"
                if cut > 0 else "vs")
    out["paths"] = [(list(p), u) for p, u in rows(f"""
        SELECT {cut_expr} AS path, count() AS units FROM ss WHERE length(vs) > 0
        GROUP BY path ORDER BY units DESC, path ASC LIMIT {int(cfg['top_paths'])}""")]

    if cfg["breakdowns"]:
        top = int(cfg["breakdowns"][0].get("top", 10))
        steps = ", ".join(f"countIf(length(ct) >= {j})" for j in range(1, k + 1))
        per_value = [(v if v != "" else None, u, s_) for v, u, s_ in rows(f"""
            SELECT ft, count(), [{steps}] FROM ss GROUP BY ft""")]
        top_values, values = breakdown_values(per_value, top, k)
        out["breakdown"] = {"field": cfg["breakdowns"][0].get("field"), "top": top_values, "values": values}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engine", choices=["duckdb", "chdb"])
    parser.add_argument("--config", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    xc = crosscheck(need_duckdb=args.engine == "duckdb")
    cfg = load_config(args.config, xc)
    db = run_duckdb(cfg, args.files, xc) if args.engine == "duckdb" else run_chdb(cfg, args.files, xc)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(normalized(db, args.engine), handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
