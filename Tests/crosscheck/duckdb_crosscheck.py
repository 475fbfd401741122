#!/usr/bin/env python3
"""Cross-checks `journey report` against the same numbers computed independently with DuckDB.

  python3 Tests/crosscheck/duckdb_crosscheck.py --journey .build/release/journey \
      [--datagen .build/release/journey-datagen] [--events 200000] [--formats ndjson,csv]
      [--shapes uniform,varied]

1. Generates a data set with journey-datagen (several files, lines shuffled within windows,
   late events in later files; `--shapes varied` also its shape-varying NDJSON: track/page/identify
   calls, null userIds, members in other orders, escapes), runs `journey report -c DIR/journey.yaml FILES -f json` in seven
   funnel modes (session/ordered; user/ordered; user/ordered with a window; session/any; user/any
   with a window; session/strict; user/strict with a window; the window runs with `--to`, so units
   are in progress), and recomputes in DuckDB
   SQL: events, users, sessions (30 min timeout, strictly greater gap splits; order = time, then
   file order, then line), units, units without a stage, the funnel (units per step, dropped, in
   progress, conversions, median/p90 seconds from the previous step along the counted chain),
   stage transitions with (start)/(exit), top paths (cut at max_path_length with a final "…", ties
   lexicographic), breakdowns (first non-empty value per unit, top N, "(other)", "(none)") and the
   journey map (reach, entrants, touchpoints per stage, time in stage, next and exit touchpoints,
   lift, time to convert with its histogram).
2. The same on a hand-made file of boundary cases (EDGE_ROWS) in seven modes.
3. Runs the presets on the real data sets in ../shared/data (rees46, otto, trivago, diginetica,
   cdnow, and the access logs with `combined` / `common`; skipped when absent), some also in user
   scope, with a window, or with another touchpoint: the event count against DuckDB's record count
   minus journey's rejects (access logs: lines parsed, rejected and excluded in SQL), and, mirroring
   the effective config from journey's JSON (session ids or timeout, stage rules, excludes, funnel,
   touchpoint), the same full comparison.

Exits 0 only when every compared number matches; otherwise prints each difference and exits 1.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import duckdb

ELLIPSIS = "\u2026"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# ---------------------------------------------------------------------------------------------
# Reporting


class Checker:
    """Collects comparisons of journey's numbers with DuckDB's, per data set."""

    def __init__(self):
        self.failures = []
        self.rows = []  # (data set, what, journey, duckdb, ok)

    def same(self, dataset, what, got, expected, tolerance=None):
        if tolerance is not None and got is not None and expected is not None:
            ok = abs(float(got) - float(expected)) <= tolerance * max(1.0, abs(float(expected)))
        else:
            ok = got == expected
        self.rows.append((dataset, what, got, expected, ok))
        if not ok:
            self.failures.append((dataset, what, got, expected))
        return ok

    def note(self, dataset, text):
        self.rows.append((dataset, text, "", "", None))

    def print_table(self):
        width = max((len(r[1]) for r in self.rows), default=10)
        width = min(width, 60)
        current = None
        for dataset, what, got, expected, ok in self.rows:
            if dataset != current:
                print(f"\n== {dataset}")
                current = dataset
            if ok is None:
                print(f"  -- {what}")
                continue
            mark = "ok  " if ok else "DIFF"
            shown = short(got)
            line = f"  {mark} {what:<{width}} {shown}"
            if not ok:
                line += f"   (duckdb: {short(expected)})"
            print(line)

    def print_failures(self):
        if not self.failures:
            return
        print(f"\n{len(self.failures)} mismatch(es):")
        for dataset, what, got, expected in self.failures:
            print(f"  [{dataset}] {what}\n      journey: {short(got, 400)}\n      duckdb:  {short(expected, 400)}")


def short(value, limit=70):
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


# ---------------------------------------------------------------------------------------------
# journey


def run_journey(journey, args, dataset):
    command = [journey, "report", *args, "-f", "json", "--quiet", "--progress", "never"]
    result = subprocess.run(command, capture_output=True)
    # Exit 3 (too many rejects) still writes the report.
    if result.returncode not in (0, 3):
        sys.exit(f"[{dataset}] journey failed (exit {result.returncode}): {' '.join(command)}\n"
                 f"{result.stderr.decode(errors='replace')}")
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as error:
        sys.exit(f"[{dataset}] journey's output is not JSON ({error}): {result.stdout[:300]!r}")


# ---------------------------------------------------------------------------------------------
# DuckDB: the events table every check starts from
#
#   ev(rn BIGINT, uid VARCHAR, ts BIGINT microseconds, event VARCHAR, sess VARCHAR, bval VARCHAR)
#   rn: input order (files in sorted path order, then line); sess: the export's session id
#   (NULL when sessions come from the timeout); bval: the first breakdown field's value.


def connect():
    con = duckdb.connect()
    # One thread and insertion order preserved: row_number() OVER () is then file order, line
    # order. It is verified against a plain gzip scan for the generated data.
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    return con


def null_if_empty(expr):
    return f"NULLIF({expr}, '')"


def load_generated(con, directory, fmt, files, touchpoint=None):
    file_list = "[" + ", ".join(sql_string(f) for f in files) + "]"
    if fmt == "ndjson":
        con.execute(f"""
            CREATE OR REPLACE TABLE raw AS
            SELECT row_number() OVER () AS rn, *
            FROM read_ndjson({file_list}, filename = true, columns = {{
                'messageId': 'VARCHAR', 'userId': 'VARCHAR', 'anonymousId': 'VARCHAR',
                'event': 'VARCHAR', 'timestamp': 'VARCHAR', 'context': 'JSON'}})""")
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT rn, messageId AS mid, filename,
                   COALESCE({null_if_empty('userId')}, {null_if_empty('anonymousId')}) AS uid,
                   epoch_us(CAST(rtrim("timestamp", 'Z') AS TIMESTAMP)) AS ts,
                   event, NULL::VARCHAR AS sess,
                   {null_if_empty("context->>'$.campaign.source'")} AS bval,
                   {touchpoint_sql(touchpoint, json_column="context")} AS tp
            FROM raw""")
    else:
        con.execute(f"""
            CREATE OR REPLACE TABLE raw AS
            SELECT row_number() OVER () AS rn, *
            FROM read_csv({file_list}, filename = true, header = true, all_varchar = true,
                          quote = '"', escape = '"', delim = ',')""")
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT rn, message_id AS mid, filename,
                   COALESCE({null_if_empty('user_id')}, {null_if_empty('anonymous_id')}) AS uid,
                   epoch_us(CAST(rtrim("timestamp", 'Z') AS TIMESTAMP)) AS ts,
                   event, NULL::VARCHAR AS sess, {null_if_empty('source')} AS bval,
                   {touchpoint_sql(touchpoint)} AS tp
            FROM raw""")


MESSAGE_ID = re.compile(r'"messageId":\s*"([^"]*)"')


def verify_row_order(con, files, fmt):
    """DuckDB's rn must be file order then line order: compare with a plain scan of the ids."""
    expected = []
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            if fmt == "ndjson":
                for line in handle:
                    # Anywhere in the line (the varied shape moves it), a plain id without escapes.
                    expected.append(MESSAGE_ID.search(line).group(1))
            else:
                next(handle)
                for line in handle:
                    expected.append(line[:16])
    got = [row[0] for row in con.execute("SELECT mid FROM ev ORDER BY rn").fetchall()]
    return got == expected


def sql_string(text):
    return "'" + str(text).replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------
# Mirroring journey's effective config


def stage_case(rules, event_field="event", columns=None):
    """SQL CASE for first-match-wins rules; None if a rule is not mirrorable. `columns` maps the
    other field names the rules may test to SQL expressions (access logs: method, path, status…)."""
    branches = []
    for rule in rules:
        condition = rule_condition(rule, event_field, columns)
        if condition is None:
            return None
        branches.append(f"WHEN {condition} THEN {sql_string(rule['stage'])}")
    return "CASE " + " ".join(branches) + " ELSE NULL END" if branches else "NULL"


def rule_condition(rule, event_field="event", columns=None):
    """A rule's condition as SQL, or None when it tests a field that is not mirrored."""
    if "condition" in rule:
        return condition_sql(rule["condition"], event_field, columns)
    keys = {k: v for k, v in rule.items() if k != "stage"}
    if set(keys) == {"event"}:
        names = keys["event"] if isinstance(keys["event"], list) else [keys["event"]]
        return "event IN (" + ", ".join(sql_string(n) for n in names) + ")"
    return None


def glob_regex(pattern):
    """journey's glob (GlobPattern.swift) as an RE2 pattern for a full match: `*` any run (`/`
    included), `?` one character, `[abc]` / `[a-z]` / `[!abc]` sets, `\\x` a literal x."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re_escape(pattern[i]))
        elif c == "[":
            j = i + 1
            negated = j < len(pattern) and pattern[j] in "!^"
            if negated:
                j += 1
            items, first = [], True
            while j < len(pattern) and (pattern[j] != "]" or first):
                first = False
                if j + 2 < len(pattern) and pattern[j + 1] == "-" and pattern[j + 2] != "]":
                    low, high = sorted((pattern[j], pattern[j + 2]))
                    items.append(re_escape(low) + "-" + re_escape(high))
                    j += 3
                else:
                    items.append(re_escape(pattern[j]))
                    j += 1
            if j >= len(pattern):
                return None
            out.append("[" + ("^" if negated else "") + "".join(items) + "]")
            i = j
        else:
            out.append(re_escape(c))
        i += 1
    return "(?s)" + "".join(out)


def re_escape(char):
    return "\\" + char if not char.isalnum() and char != "_" and ord(char) < 128 else char


def condition_sql(condition, event_field="event", columns=None):
    """journey's JSON rendering of a condition: {field, op} or any/all/not nesting. The field is the
    event field (column `event`) or one of `columns` (name → SQL expression); NULL when missing."""
    if not isinstance(condition, dict):
        return None
    for key, joiner in (("any", " OR "), ("all", " AND ")):
        if key in condition and len(condition) == 1:
            parts = [condition_sql(c, event_field, columns) for c in condition[key]]
            return None if None in parts or not parts else "(" + joiner.join(parts) + ")"
    if "not" in condition and len(condition) == 1:
        inner = condition_sql(condition["not"], event_field, columns)
        return None if inner is None else f"NOT COALESCE({inner}, false)"
    field = condition.get("field")
    if field in ("event", event_field):
        value = "event"
    elif columns and field in columns:
        value = columns[field]
    else:
        return None
    ops = {k: v for k, v in condition.items() if k != "field"}
    if len(ops) != 1:
        return None
    (op, arg), = ops.items()
    # A missing value matches no operator but `exists: false` (CompiledCondition.swift).
    if op == "equals":
        return f"COALESCE({value} = {sql_string(arg)}, false)"
    if op == "in":
        return f"COALESCE({value} IN (" + ", ".join(sql_string(n) for n in arg) + "), false)"
    if op == "exists":
        present = f"({value} IS NOT NULL AND {value} <> '')"
        return present if arg else f"NOT {present}"
    if op == "glob":
        regex = glob_regex(arg)
        return None if regex is None else f"COALESCE(regexp_full_match({value}, {sql_string(regex)}), false)"
    if op == "regex":
        return f"COALESCE(regexp_matches({value}, {sql_string(arg)}), false)"
    if op == "prefix":
        return f"COALESCE(starts_with({value}, {sql_string(arg)}), false)"
    if op == "suffix":
        return f"COALESCE(suffix({value}, {sql_string(arg)}), false)"
    if op == "contains":
        return f"COALESCE(contains({value}, {sql_string(arg)}), false)"
    if op in ("gt", "gte", "lt", "lte"):
        symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        return f"COALESCE(TRY_CAST(trim({value}) AS DOUBLE) {symbol} {float(arg)!r}, false)"
    return None


def effective_config(report):
    """The parts of journey's `config` section the SQL mirrors, with the spec's defaults."""
    config = report.get("config") or {}
    sessions = config.get("sessions") or {}
    funnel = config.get("funnel") or {}
    report_settings = config.get("report") or {}
    fields = (config.get("input") or {}).get("fields") or {}
    return {
        "stages": config.get("stages") or [],
        "rules": config.get("rules") or [],
        "timeout": parse_duration(sessions.get("timeout", "30m")),
        "session_field": fields.get("session"),
        "event_field": fields.get("event") or "event",
        "scope": funnel.get("scope", "session"),
        "order": funnel.get("order", "ordered"),
        # The funnel window applies in user scope only (ReportSettings.effectiveWindow).
        "window": parse_duration(funnel.get("window")) if funnel.get("scope", "session") == "user" else None,
        "exclude": config.get("exclude") or [],
        "top_paths": report_settings.get("top_paths", 20),
        "max_path_length": report_settings.get("max_path_length", 10),
        "breakdowns": config.get("breakdown") or config.get("breakdowns") or [],
        # The touchpoint fields in use: `touchpoint:` (a field or a list), else the event field; none: [].
        "touchpoint": touchpoint_fields(config.get("touchpoint"), fields.get("event")),
        "min_units": int(((config.get("journey_map") or {}).get("min_units")) or 25),
        "other": {k: sessions.get(k) for k in ("split_at_midnight", "new_on_change", "max_duration")},
        "dedupe": config.get("dedupe"),
        "raw": config,
    }


def parse_duration(value):
    """'30m' → microseconds; numbers are seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value * 1_000_000)
    text = str(value).strip()
    units = {"ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000}
    for suffix in ("ms", "s", "m", "h", "d"):
        if text.endswith(suffix) and text[: -len(suffix)].replace(".", "", 1).isdigit():
            return int(float(text[: -len(suffix)]) * units[suffix])
    if text.replace(".", "", 1).isdigit():
        return int(float(text) * 1_000_000)
    raise ValueError(f"cannot read duration {value!r}")


# ---------------------------------------------------------------------------------------------
# The report in SQL


def build_chain(con, cfg, k, window):
    """Table chainpos(step, sid, p, t, d): per unit, the counted chain's step events (position,
    time, µs from the previous step), SPEC §4 funnel semantics written independently of journey's
    FunnelMatcher: every candidate chain is computed and the deepest (ties: earliest start) kept."""
    order = cfg["order"]
    if k == 0:
        con.execute("CREATE OR REPLACE TABLE chainpos (step BIGINT, sid VARCHAR, p BIGINT, t BIGINT, d BIGINT)")
        return
    following = "PARTITION BY sid ORDER BY pos ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"
    if order == "ordered" and window is None:
        # Greedy earliest chain: step j = the first S_j strictly after step j-1 (optimal without a window).
        ctes = ["c0 AS (SELECT sid, min(pos) AS p, arg_min(ts, pos) AS t, NULL::BIGINT AS d "
                "FROM st WHERE si = 0 GROUP BY sid)"]
        for j in range(1, k):
            ctes.append(
                f"c{j} AS (SELECT st.sid, min(st.pos) AS p, arg_min(st.ts, st.pos) AS t, "
                f"arg_min(st.ts, st.pos) - any_value(c{j - 1}.t) AS d "
                f"FROM st JOIN c{j - 1} ON st.sid = c{j - 1}.sid AND st.pos > c{j - 1}.p "
                f"WHERE st.si = {j} GROUP BY st.sid)")
        con.execute("CREATE OR REPLACE TABLE chainpos AS WITH " + ", ".join(ctes) + " " +
                    " UNION ALL ".join(f"SELECT {j} AS step, sid, p, t, d FROM c{j}" for j in range(k)))
    elif order == "ordered":
        # Every S1 event starts a chain (ClickHouse windowFunnel): step j = the first S_j after step
        # j-1 (n{j}: the first position of S_j at or after a position), kept only while
        # t_j − t_0 ≤ window; the deepest chain counts, ties to the earliest start.
        columns = ", ".join(f"min(pos) FILTER (WHERE si = {j}) OVER w AS n{j}" for j in range(1, k))
        con.execute(f"CREATE OR REPLACE TABLE nx AS SELECT sid, pos{', ' + columns if columns else ''} "
                    f"FROM st WINDOW w AS ({following})")
        ctes = ["c0 AS (SELECT sid, pos AS p0, ts AS t0 FROM st WHERE si = 0)"]
        for j in range(1, k):
            ctes.append(
                f"c{j} AS (SELECT c.*, b.pos AS p{j}, b.ts AS t{j} FROM c{j - 1} c "
                f"LEFT JOIN nx a ON a.sid = c.sid AND a.pos = c.p{j - 1} + 1 "
                f"LEFT JOIN st b ON b.sid = c.sid AND b.pos = a.n{j} AND b.ts - c.t0 <= {window})")
        deepest_chain(con, ctes, k)
    elif order == "any":
        if window is None:
            # Step j: the first event of the (j+1)-th distinct stage to appear.
            con.execute("""
                CREATE OR REPLACE TABLE firsts AS
                SELECT sid, min(pos) AS p, arg_min(ts, pos) AS t FROM st WHERE si IS NOT NULL GROUP BY sid, si""")
        else:
            # Every staged event starts a window [t, t + window] over the staged events from it on;
            # the most distinct stages win, ties to the earliest start; the steps are the first
            # occurrences of those stages from the start.
            columns = ", ".join(f"min(pos) FILTER (WHERE si = {j}) OVER w AS n{j}, "
                                f"min(ts) FILTER (WHERE si = {j}) OVER w AS m{j}" for j in range(k))
            firsts = ", ".join(f"{{'p': n{j}, 't': m{j}}}" for j in range(k))
            con.execute(f"""
                CREATE OR REPLACE TABLE firsts AS
                WITH nx AS (SELECT sid, pos, ts, si, {columns} FROM st WINDOW w AS ({following})),
                starts AS (SELECT sid, pos, list_filter([{firsts}], lambda x: x.p IS NOT NULL AND x.t - ts <= {window}) AS l
                           FROM nx WHERE si IS NOT NULL),
                best AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY sid ORDER BY len(l) DESC, pos) AS r
                                        FROM starts) WHERE r = 1)
                SELECT sid, e.p AS p, e.t AS t FROM (SELECT sid, unnest(l) AS e FROM best)""")
        con.execute("""
            CREATE OR REPLACE TABLE chainpos AS
            SELECT row_number() OVER (PARTITION BY sid ORDER BY p) - 1 AS step, sid, p, t,
                   t - lag(t) OVER (PARTITION BY sid ORDER BY p) AS d
            FROM firsts""")
    elif order == "strict":
        # Visits: runs of one stage among the staged events. A chain is an S1 event followed by the
        # next visits S2, S3, … (each at its first event; no other stage between); without a window
        # each S1 visit's first event starts one, with a window every S1 event, the visits counted
        # while t_j − t_1 ≤ window. The deepest counts, ties to the earliest start.
        con.execute("""
            CREATE OR REPLACE TABLE sv AS
            SELECT sid, si, pos, ts, first,
                   sum(first::INT) OVER (PARTITION BY sid ORDER BY pos ROWS UNBOUNDED PRECEDING) AS vi
            FROM (SELECT sid, si, pos, ts, COALESCE(lag(si) OVER (PARTITION BY sid ORDER BY pos) <> si, true) AS first
                  FROM st WHERE si IS NOT NULL)""")
        starts = "si = 0" + (" AND first" if window is None else "")
        ctes = [f"c0 AS (SELECT sid, vi AS v0, pos AS p0, ts AS t0 FROM sv WHERE {starts})"]
        limit = "" if window is None else f" AND b.ts - c.t0 <= {window}"
        for j in range(1, k):
            ctes.append(
                f"c{j} AS (SELECT c.*, b.pos AS p{j}, b.ts AS t{j} FROM c{j - 1} c "
                f"LEFT JOIN sv b ON b.sid = c.sid AND b.first AND b.vi = c.v0 + {j} AND b.si = {j} "
                f"AND c.p{j - 1} IS NOT NULL{limit})")
        deepest_chain(con, ctes, k)
    else:
        raise ValueError(f"funnel order {order!r} is not mirrored")


def deepest_chain(con, ctes, k):
    """From candidate chains `c{k-1}` (columns p0, t0 … p{k-1}, t{k-1}; NULL past a chain's depth):
    the deepest per unit, ties to the earliest start, as table `chainpos` (step, sid, p, t, d)."""
    depth = " + ".join(["1"] + [f"(p{j} IS NOT NULL)::INT" for j in range(1, k)])
    con.execute("CREATE OR REPLACE TABLE best AS WITH " + ", ".join(ctes) + f"""
        SELECT * EXCLUDE (r) FROM (
            SELECT *, row_number() OVER (PARTITION BY sid ORDER BY {depth} DESC, p0) AS r FROM c{k - 1})
        WHERE r = 1""")
    con.execute("CREATE OR REPLACE TABLE chainpos AS " + " UNION ALL ".join(
        f"SELECT {j} AS step, sid, p{j} AS p, t{j} AS t, "
        f"{'NULL::BIGINT' if j == 0 else f't{j} - t{j - 1}'} AS d FROM best WHERE p{j} IS NOT NULL"
        for j in range(k)))


def compute(con, cfg):
    """Everything journey reports, from table `ev`, in SQL. Returns plain Python values."""
    stages = cfg["stages"]
    case = stage_case(cfg["rules"], cfg["event_field"], cfg.get("columns"))
    if case is None:
        raise ValueError("the stage rules use conditions this script does not mirror")
    stage_index = "CASE stage " + " ".join(
        f"WHEN {sql_string(s)} THEN {i}" for i, s in enumerate(stages)) + " ELSE NULL END"

    # Sessions: the export's ids (per user), or the inactivity timeout (gap strictly greater).
    if cfg["session_field"]:
        con.execute("""
            CREATE OR REPLACE TABLE se AS
            SELECT *, uid || chr(31) || COALESCE(sess, '') AS sid FROM ev""")
    else:
        timeout = cfg["timeout"]
        con.execute(f"""
            CREATE OR REPLACE TABLE se AS
            SELECT *, uid || chr(31) || CAST(
                     sum(CASE WHEN prev IS NULL OR ts - prev > {timeout} THEN 1 ELSE 0 END)
                     OVER (PARTITION BY uid ORDER BY ts, rn ROWS UNBOUNDED PRECEDING) AS VARCHAR) AS sid
            FROM (SELECT *, lag(ts) OVER (PARTITION BY uid ORDER BY ts, rn) AS prev FROM ev)""")
    # The unit (column `sid` from here on): the session, or with `scope: user` the user's whole history.
    unit = "uid" if cfg["scope"] == "user" else "sid"
    con.execute(f"""
        CREATE OR REPLACE TABLE st AS
        SELECT {unit} AS sid, ts, rn, bval, tp, stage, {stage_index} AS si,
               row_number() OVER (PARTITION BY {unit} ORDER BY ts, rn) AS pos
        FROM (SELECT *, {case} AS stage FROM se)""")

    out = {}
    out["events"], out["users"], out["sessions"], out["first"], out["last"] = con.execute(
        "SELECT count(*), count(DISTINCT uid), count(DISTINCT sid), min(ts), max(ts) FROM se").fetchone()
    out["units"] = con.execute("SELECT count(DISTINCT sid) FROM st").fetchone()[0]
    out["units_without_stage"] = con.execute("""
        SELECT count(*) FROM (SELECT sid FROM st GROUP BY sid HAVING count(stage) = 0)""").fetchone()[0]

    k = len(stages)
    window = cfg["window"]
    build_chain(con, cfg, k, window)
    # Per unit: depth, the chain's first step time; in progress (user scope with a window): reached
    # step 1 but not the last, and the window from the chain's first step still open at the data's
    # last event (strictly: last − t0 < window).
    # A persona's units are decided against the whole data's end, not the persona's own last event.
    last = cfg.get("data_last", out["last"]) if out["last"] is not None else 0
    in_progress = (f"(depth BETWEEN 1 AND {k - 1} AND {last} - t0 < {window})" if window is not None else "false")
    con.execute(f"""
        CREATE OR REPLACE TABLE depth AS
        SELECT *, {in_progress} AS inprog FROM (
            SELECT u.sid, COALESCE(c.depth, 0) AS depth, c.t0
            FROM (SELECT DISTINCT sid FROM st) u
            LEFT JOIN (SELECT sid, count(*) AS depth, min(t) FILTER (WHERE step = 0) AS t0
                       FROM chainpos GROUP BY sid) c USING (sid))""")
    con.execute("CREATE OR REPLACE TABLE chain AS SELECT step, sid FROM chainpos")
    rows = con.execute("""
        SELECT step, count(*) AS units, quantile_cont(d, 0.5) / 1e6 AS median, quantile_cont(d, 0.9) / 1e6 AS p90
        FROM chainpos GROUP BY step ORDER BY step""").fetchall()
    per_step = {step: (units, median, p90) for step, units, median, p90 in rows}
    ended = dict(((depth, inprog), n) for depth, inprog, n in con.execute(
        "SELECT depth, inprog, count(*) FROM depth GROUP BY ALL").fetchall())
    out["funnel"] = []
    for step in range(k):
        units, median, p90 = per_step.get(step, (0, None, None))
        last_step = step == k - 1
        out["funnel"].append({
            "stage": stages[step], "units": units, "median": median, "p90": p90,
            # Dropped: reached this step and not the next, not in progress.
            "dropped": 0 if last_step else ended.get((step + 1, False), 0),
            "in_progress": 0 if last_step else ended.get((step + 1, True), 0)})

    # Visits: staged events with consecutive repeats of a stage collapsed.
    con.execute("""
        CREATE OR REPLACE TABLE vn AS
        SELECT sid, stage, row_number() OVER (PARTITION BY sid ORDER BY pos) AS vi
        FROM (SELECT sid, pos, stage, lag(stage) OVER (PARTITION BY sid ORDER BY pos) AS previous
              FROM st WHERE stage IS NOT NULL)
        WHERE previous IS NULL OR previous <> stage""")
    out["transitions"] = {
        (f, t): c for f, t, c in con.execute("""
            SELECT f, t, count(*) FROM (
                SELECT '(start)' AS f, stage AS t FROM vn WHERE vi = 1
                UNION ALL
                SELECT stage AS f, COALESCE(lead(stage) OVER (PARTITION BY sid ORDER BY vi), '(exit)') AS t
                FROM vn)
            GROUP BY f, t""").fetchall()}

    cut = int(cfg["max_path_length"])
    cut_expr = (f"CASE WHEN len(l) > {cut} THEN list_append(l[1:{cut}], {sql_string(ELLIPSIS)}) ELSE l END"
                if cut > 0 else "l")
    out["paths"] = [(list(path), units) for path, units in con.execute(f"""
        SELECT {cut_expr} AS path, count(*) AS units
        FROM (SELECT sid, list(stage ORDER BY vi) AS l FROM vn GROUP BY sid)
        GROUP BY path ORDER BY units DESC, path ASC LIMIT {int(cfg['top_paths'])}""").fetchall()]

    out["map"] = compute_map(con, cfg)

    # Breakdown by the first non-empty value in the unit (first touch).
    breakdowns = cfg["breakdowns"]
    if breakdowns:
        top = int(breakdowns[0].get("top", 10))
        per_value = con.execute(f"""
            WITH first_touch AS (
                SELECT sid, arg_min(bval, pos) FILTER (WHERE bval IS NOT NULL) AS value
                FROM st GROUP BY sid),
            chain_units AS (SELECT f.value, c.step, count(*) AS units
                FROM chain c JOIN first_touch f USING (sid) GROUP BY ALL)
            SELECT f.value, count(*) AS units,
                   list((SELECT list(units ORDER BY step) FROM chain_units cu
                         WHERE cu.value IS NOT DISTINCT FROM f.value)) [1] AS steps
            FROM first_touch f GROUP BY f.value""").fetchall()
        named = sorted(((v, u, s or []) for v, u, s in per_value if v is not None),
                       key=lambda r: (-r[1], r[0]))
        values = {}
        for value, units, steps in named[:top]:
            values[value] = (units, pad(steps, k))
        rest = named[top:]
        if rest:
            values["(other)"] = (sum(r[1] for r in rest),
                                 [sum(pad(r[2], k)[j] for r in rest) for j in range(k)])
        for value, units, steps in per_value:
            if value is None:
                values["(none)"] = (units, pad(steps or [], k))
        # Each listed value's own journey map: reach per stage, stage events, whole-funnel time to convert.
        con.execute("""
            CREATE OR REPLACE TABLE ft AS
            SELECT sid, arg_min(bval, pos) FILTER (WHERE bval IS NOT NULL) AS value FROM st GROUP BY sid""")
        value_maps = {}
        for value in [v for v, _, _ in named[:top]]:
            reach = dict(con.execute(f"""
                SELECT stage, count(DISTINCT sid) FROM st JOIN ft USING (sid)
                WHERE stage IS NOT NULL AND ft.value = {sql_string(value)} GROUP BY stage""").fetchall())
            events = dict(con.execute(f"""
                SELECT stage, count(*) FROM st JOIN ft USING (sid)
                WHERE stage IS NOT NULL AND ft.value = {sql_string(value)} GROUP BY stage""").fetchall())
            whole = con.execute(f"""
                SELECT count(*), quantile_cont(l.t - f.t, 0.5) / 1e6
                FROM chainpos f JOIN chainpos l ON f.sid = l.sid AND f.step = 0 AND l.step = {k - 1}
                JOIN ft ON ft.sid = f.sid WHERE ft.value = {sql_string(value)}""").fetchone()
            value_maps[value] = {"reach": [reach.get(st_, 0) for st_ in stages],
                                 "events": [events.get(st_, 0) for st_ in stages], "whole": whole}
        out["breakdown_maps"] = value_maps
        out["breakdown"] = {"field": breakdowns[0].get("field"), "top": [v for v, _, _ in named[:top]],
                            "values": values}
    return out


def pad(steps, k):
    steps = list(steps)
    return steps + [0] * (k - len(steps))


# ---------------------------------------------------------------------------------------------
# The journey map in SQL (SPEC §8), from `st` (with `tp`, the touchpoint) and `chainpos`


def touchpoint_fields(touchpoint, event_field):
    if isinstance(touchpoint, dict):  # a future shape {fields: […]}
        touchpoint = touchpoint.get("fields")
    if touchpoint:
        return [touchpoint] if isinstance(touchpoint, str) else list(touchpoint)
    return [event_field] if event_field else []


def touchpoint_sql(fields, json_column=None, columns=None):
    """The touchpoint as SQL: the first non-empty of `fields` (columns of the source by name, or
    `columns[field]` expressions, or members of `json_column`); NULL when there is none."""
    if not fields:
        return "NULL::VARCHAR"
    parts = []
    for field in fields:
        if columns and field in columns:
            parts.append(null_if_empty(columns[field]))
        elif json_column and field.startswith(json_column + "."):
            parts.append(null_if_empty(f"{json_column}->>'$.{field[len(json_column) + 1:]}'"))
        else:
            parts.append(null_if_empty('"' + field.replace('"', '""') + '"'))
    return "COALESCE(" + ", ".join(parts) + ")" if len(parts) > 1 else parts[0]


BIN_EDGES = [0, 10, 30, 60, 300, 900, 1800, 3600, 21600, 86400, 604800]
LISTED = 100


def distribution(con, table, column):
    """count, min, p25, median, p75, p90, p95, p99, max, mean (seconds) and bin counts of µs durations."""
    row = con.execute(f"""
        SELECT count({column}), min({column}) / 1e6, quantile_cont({column}, 0.25) / 1e6,
               quantile_cont({column}, 0.5) / 1e6, quantile_cont({column}, 0.75) / 1e6,
               quantile_cont({column}, 0.9) / 1e6, quantile_cont({column}, 0.95) / 1e6,
               quantile_cont({column}, 0.99) / 1e6, max({column}) / 1e6, avg({column}) / 1e6
        FROM {table}""").fetchone()
    keys = ["count", "min", "p25", "median", "p75", "p90", "p95", "p99", "max", "mean"]
    result = dict(zip(keys, row))
    bins = []
    for i, edge in enumerate(BIN_EDGES):
        upper = f"AND {column} < {BIN_EDGES[i + 1] * 1_000_000}" if i + 1 < len(BIN_EDGES) else ""
        bins.append(con.execute(f"SELECT count(*) FROM {table} WHERE {column} >= {edge * 1_000_000} {upper}").fetchone()[0])
    result["histogram"] = bins
    return result


def ranked(rows, limit=LISTED):
    """(value, units, …) rows ranked as journey lists them: units desc, value asc; top `limit`."""
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:limit]


def compute_map(con, cfg):
    stages = cfg["stages"]
    k = len(stages)
    m = {}
    m["units"] = con.execute("SELECT count(*) FROM depth").fetchone()[0]
    m["entrants"] = con.execute("SELECT count(*) FROM depth WHERE depth >= 1").fetchone()[0]
    reach = dict(con.execute("SELECT stage, count(DISTINCT sid) FROM st WHERE stage IS NOT NULL GROUP BY stage").fetchall())
    m["reach"] = [reach.get(s, 0) for s in stages]
    m["no_stage_units"] = con.execute("SELECT count(DISTINCT sid) FROM st WHERE stage IS NULL").fetchone()[0]
    # Touchpoints per stage ('(no stage)' for unlabelled events).
    rows = con.execute("""
        SELECT COALESCE(stage, chr(0)) AS s, COALESCE(tp, chr(0)) AS v, count(*) AS events, count(DISTINCT sid) AS units
        FROM st GROUP BY ALL""").fetchall()
    touch = {}
    for stage, value, events, units in rows:
        key = None if stage == "\x00" else stage
        entry = touch.setdefault(key, {"events": 0, "named": [], "none": None})
        entry["events"] += events
        if value == "\x00":
            entry["none"] = (events, units)
        else:
            entry["named"].append((value, units, events))
    m["touchpoints"] = {}
    for key, entry in touch.items():
        top = ranked(entry["named"])
        m["touchpoints"][key] = {
            "events": entry["events"], "distinct": len(entry["named"]),
            "listed": [(v, e, u) for v, u, e in top], "none": entry["none"]}
    # Time in stage: per visit (consecutive staged events of one stage; unlabelled events between them
    # do not end it), its first event → the next visit's first event, or → the unit's last event.
    con.execute("""
        CREATE OR REPLACE TABLE vt AS
        SELECT sid, stage, vstart,
               COALESCE(lead(vstart) OVER (PARTITION BY sid ORDER BY vpos), lastts) - vstart AS d
        FROM (SELECT sid, stage, pos AS vpos, ts AS vstart, lastts
              FROM (SELECT s.sid, s.pos, s.ts, s.stage, lag(s.stage) OVER (PARTITION BY s.sid ORDER BY s.pos) AS previous,
                           l.lastts
                    FROM st s JOIN (SELECT sid, max(ts) AS lastts FROM st GROUP BY sid) l USING (sid)
                    WHERE s.stage IS NOT NULL)
              WHERE previous IS NULL OR previous <> stage)""")
    tis = {stage: (count, median, p90) for stage, count, median, p90 in con.execute("""
        SELECT stage, count(*), quantile_cont(d, 0.5) / 1e6, quantile_cont(d, 0.9) / 1e6 FROM vt GROUP BY stage""").fetchall()}
    m["time_in_stage"] = [tis.get(s, (0, None, None)) for s in stages]
    # Where attention is lost: units whose depth is j + 1 and not in progress. Next: the event right
    # after the chain's step-j event (any event, the window does not apply). Exit: the unit's last
    # event; with a window, its last event at or before t0 + window.
    window = cfg["window"]
    if window is None:
        last_event = "SELECT sid, max(pos) AS last FROM st GROUP BY sid"
    else:
        last_event = f"""SELECT s.sid, max(s.pos) AS last FROM st s JOIN depth d USING (sid)
                         WHERE d.depth >= 1 AND s.ts - d.t0 <= {window} GROUP BY s.sid"""
    con.execute(f"""
        CREATE OR REPLACE TABLE exit_tp AS
        SELECT s.sid, s.tp FROM st s JOIN ({last_event}) m ON s.sid = m.sid AND s.pos = m.last""")
    m["exits"] = []
    for j in range(k - 1):
        base = f"""
            SELECT c.sid, c.p FROM chainpos c JOIN depth USING (sid)
            WHERE c.step = {j} AND depth.depth = {j + 1} AND NOT depth.inprog"""
        dropped = con.execute(f"SELECT count(*) FROM ({base})").fetchone()[0]
        nxt = con.execute(f"""
            SELECT CASE WHEN n.sid IS NULL THEN '(exit)' ELSE COALESCE(n.tp, '(none)') END AS v, count(*)
            FROM ({base}) b LEFT JOIN st n ON n.sid = b.sid AND n.pos = b.p + 1 GROUP BY v""").fetchall()
        ext = con.execute(f"""
            SELECT COALESCE(l.tp, '(none)') AS v, count(*)
            FROM ({base}) b JOIN exit_tp l USING (sid) GROUP BY v""").fetchall()
        m["exits"].append({"dropped": dropped, "next": ranked(nxt), "exit": ranked(ext)})
    # Lift: success = depth k, failure = 1 ≤ depth < k and not in progress; the distinct non-empty
    # touchpoints of the unit (user scope: of its events from the chain's first step, within the window).
    successes, failures = con.execute(f"""
        SELECT count(*) FILTER (WHERE depth = {k}),
               count(*) FILTER (WHERE depth >= 1 AND depth < {k} AND NOT inprog) FROM depth""").fetchone()
    if cfg["scope"] == "user":
        inside = "s.ts >= d.t0" + (f" AND s.ts - d.t0 <= {window}" if window is not None else "")
    else:
        inside = "true"
    rated = []
    for value, st_, ft in con.execute(f"""
            SELECT tp, count(*) FILTER (WHERE depth = {k}), count(*) FILTER (WHERE depth >= 1 AND depth < {k} AND NOT inprog)
            FROM (SELECT DISTINCT s.sid, s.tp, d.depth, d.inprog FROM st s JOIN depth d USING (sid)
                  WHERE s.tp IS NOT NULL AND d.depth >= 1 AND {inside})
            GROUP BY tp""").fetchall():
        if st_ + ft < cfg["min_units"]:
            continue
        odds = ((st_ + 1) * (failures - ft + 1)) / ((successes - st_ + 1) * (ft + 1))
        rated.append((value, st_, ft, odds))
    m["lift"] = {
        "successes": successes, "failures": failures,
        "above": sorted([r for r in rated if r[3] > 1], key=lambda r: (-r[3], r[0]))[:10],
        "below": sorted([r for r in rated if r[3] < 1], key=lambda r: (r[3], r[0]))[:10]}
    # Time to convert: per step from the previous (chainpos.d), whole funnel for depth = k.
    m["ttc_steps"] = [None] + [distribution(con, f"(SELECT d FROM chainpos WHERE step = {j})", "d") for j in range(1, k)]
    if k > 0:
        con.execute(f"""
            CREATE OR REPLACE TABLE whole AS
            SELECT l.t - f.t AS d FROM chainpos f JOIN chainpos l ON f.sid = l.sid AND f.step = 0 AND l.step = {k - 1}""")
        m["ttc_whole"] = distribution(con, "whole", "d")
    return m


def compare_map(check, dataset, report, db):
    m = db["map"]
    jm = report.get("journey_map") or {}
    check.same(dataset, "journey_map.units", jm.get("units"), m["units"])
    check.same(dataset, "journey_map.entrants", jm.get("entrants"), m["entrants"])
    columns = jm.get("stages") or []
    check.same(dataset, "journey_map stages", [c.get("stage") for c in columns], db_stage_names(db))
    for i, column in enumerate(columns[: len(m["reach"])]):
        name = f"map[{column.get('stage')}]"
        check.same(dataset, f"{name}.reach", column.get("reach"), m["reach"][i])
        count, median, p90 = m["time_in_stage"][i]
        tis = column.get("time_in_stage") or {}
        check.same(dataset, f"{name}.time_in_stage.count", tis.get("count"), count)
        for key, ours in (("median_seconds", median), ("p90_seconds", p90)):
            check.same(dataset, f"{name}.time_in_stage.{key}", tis.get(key), ours, tolerance=None if ours is None else 1e-6)
        compare_touchpoints(check, dataset, f"{name}.touchpoints", column.get("touchpoints"),
                            m["touchpoints"].get(column.get("stage")))
        if i < len(m["exits"]):
            exits = column.get("exits") or {}
            want = m["exits"][i]
            check.same(dataset, f"{name}.exits.dropped", exits.get("dropped"), want["dropped"])
            for key in ("next", "exit"):
                got = [(e.get("value"), e.get("units")) for e in exits.get(key) or [] if e.get("value") != "(other)"]
                check.same(dataset, f"{name}.exits.{key} ({len(want[key])} values)", got, [tuple(r) for r in want[key]])
    compare_touchpoints(check, dataset, "map[(no stage)].touchpoints", jm.get("no_stage"), m["touchpoints"].get(None))
    lift = report.get("lift") or {}
    check.same(dataset, "lift successes, failures", (lift.get("successes"), lift.get("failures")),
               (m["lift"]["successes"], m["lift"]["failures"]))
    for side in ("above", "below"):
        got = [(e.get("touchpoint"), e.get("successes"), e.get("failures")) for e in lift.get(side) or []]
        check.same(dataset, f"lift.{side} ({len(m['lift'][side])})", got, [r[:3] for r in m["lift"][side]])
        for entry, want in zip(lift.get(side) or [], m["lift"][side]):
            check.same(dataset, f"lift.{side} {want[0]} odds ratio", entry.get("odds_ratio"), want[3], tolerance=1e-9)
    ttc = (report.get("funnel") or {}).get("time_to_convert") or {}
    for j, want in enumerate(m["ttc_steps"]):
        if want is not None:
            got = (ttc.get("steps") or [None] * (j + 1))[j] if j < len(ttc.get("steps") or []) else None
            compare_distribution(check, dataset, f"time_to_convert.steps[{j}]", got, want)
    if "ttc_whole" in m:
        compare_distribution(check, dataset, "time_to_convert.whole", ttc.get("whole"), m["ttc_whole"])


def db_stage_names(db):
    return [s["stage"] for s in db["funnel"]]


def compare_touchpoints(check, dataset, name, got, want):
    if want is None:
        check.same(dataset, f"{name}", (got or {}).get("events", 0), 0)
        return
    got = got or {}
    check.same(dataset, f"{name}.events", got.get("events"), want["events"])
    check.same(dataset, f"{name}.distinct", got.get("distinct"), want["distinct"])
    listed = [(v.get("value"), v.get("events"), v.get("units")) for v in got.get("values") or []
              if v.get("value") not in ("(other)", "(none)")]
    check.same(dataset, f"{name} (top {len(want['listed'])} values, in order)", listed, want["listed"])
    none = [(v.get("events"), v.get("units")) for v in got.get("values") or [] if v.get("value") == "(none)"]
    check.same(dataset, f"{name}.(none)", none[0] if none else None, want["none"])


def compare_distribution(check, dataset, name, got, want):
    got = got or {}
    check.same(dataset, f"{name}.count", got.get("count"), want["count"])
    for key in ("min", "p25", "median", "p75", "p90", "p95", "p99", "max", "mean"):
        ours = want[key]
        check.same(dataset, f"{name}.{key}_seconds", got.get(f"{key}_seconds"), ours,
                   tolerance=None if ours is None else 1e-6)
    check.same(dataset, f"{name}.histogram", [b.get("count") for b in got.get("histogram") or []], want["histogram"])


# ---------------------------------------------------------------------------------------------
# Comparison


def compare(check, dataset, report, db, cfg, expect_events=None):
    """Every number of `db` against the report. `db` from `compute` has them all; Benchmarks/compare's
    engines (journey_sql.py: DuckDB and chDB) compute the funnel, transitions, paths and breakdown
    values only, so the units, dropped/in-progress split, findings and journey map are compared
    when `db` has them."""
    summary = report.get("summary", {})
    check.same(dataset, "summary.events", summary.get("events"), db["events"] if expect_events is None else expect_events)
    check.same(dataset, "summary.users", summary.get("users"), db["users"])
    check.same(dataset, "summary.sessions", summary.get("sessions"), db["sessions"])
    if "units" in db:
        check.same(dataset, "summary.units", summary.get("units"), db["units"])
    check.same(dataset, "summary.units_without_stage", summary.get("units_without_stage"), db["units_without_stage"])
    check.same(dataset, "summary.first_event (µs)", iso_to_us(summary.get("first_event")), db["first"])
    check.same(dataset, "summary.last_event (µs)", iso_to_us(summary.get("last_event")), db["last"])

    funnel = report.get("funnel") or {}
    check.same(dataset, "funnel scope, order, window (s)", (funnel.get("scope"), funnel.get("order"), funnel.get("window_seconds")),
               (cfg["scope"], cfg["order"], None if cfg["window"] is None else cfg["window"] / 1e6))
    steps = funnel.get("steps") or []
    # `any` counts "units with ≥ j distinct stages": no stage name, labels "≥ 1 stage", "≥ 2 stages"…
    if cfg["order"] == "any":
        names = [None] * len(db["funnel"])
        labels = ["≥ 1 stage" if j == 0 else f"≥ {j + 1} stages" for j in range(len(db["funnel"]))]
    else:
        names = labels = [s["stage"] for s in db["funnel"]]
    check.same(dataset, "funnel stages", [s.get("stage") for s in steps], names)
    check.same(dataset, "funnel labels", [s.get("label") for s in steps], labels)
    first = db["funnel"][0]["units"] if db["funnel"] else 0
    for j, (got, want) in enumerate(zip(steps, db["funnel"])):
        name = f"funnel[{j}] {labels[j]}"
        check.same(dataset, f"{name}.units", got.get("units"), want["units"])
        if "dropped" in want:
            check.same(dataset, f"{name}.dropped, in_progress", (got.get("dropped"), got.get("in_progress")),
                       (want["dropped"], want["in_progress"]))
        if first:
            check.same(dataset, f"{name}.conversion_from_start", got.get("conversion_from_start"),
                       want["units"] / first, tolerance=1e-9)
        if j > 0 and db["funnel"][j - 1]["units"]:
            check.same(dataset, f"{name}.conversion_from_previous", got.get("conversion_from_previous"),
                       want["units"] / db["funnel"][j - 1]["units"], tolerance=1e-9)
        if j > 0:
            for key, ours in (("median_seconds_from_previous", want["median"]), ("p90_seconds_from_previous", want["p90"])):
                theirs = got.get(key)
                if ours is None or theirs is None:
                    check.same(dataset, f"{name}.{key}", theirs, ours)
                else:
                    check.same(dataset, f"{name}.{key}", theirs, ours, tolerance=1e-6)

    if "map" in db:
        compare_findings(check, dataset, funnel.get("findings") or {}, db, labels)

    got_transitions = {(t["from"], t["to"]): t["count"] for t in report.get("transitions") or [] if t.get("count")}
    missing = {p: c for p, c in db["transitions"].items() if got_transitions.get(p) != c}
    extra = {p: c for p, c in got_transitions.items() if p not in db["transitions"]}
    ok = check.same(dataset, f"transitions ({len(db['transitions'])} pairs, {sum(db['transitions'].values())} moves)",
                    "equal" if not missing and not extra else
                    {" → ".join(p): got_transitions.get(p) for p in list(missing)[:8] + list(extra)[:8]},
                    "equal" if not missing and not extra else
                    {" → ".join(p): db["transitions"].get(p) for p in list(missing)[:8] + list(extra)[:8]})
    del ok

    got_paths = [(list(p["path"]), p["units"]) for p in report.get("paths") or []]
    check.same(dataset, f"paths (top {len(db['paths'])}, in order)", got_paths, db["paths"])

    if "map" in db:
        compare_map(check, dataset, report, db)

    if "breakdown" in db:
        field = db["breakdown"]["field"]
        got_breakdowns = [b for b in report.get("breakdowns") or [] if b.get("field") == field]
        if not got_breakdowns:
            check.same(dataset, f"breakdown {field}", None, "present")
        else:
            got_values = {v["value"]: (v.get("units"), [s.get("units") for s in v.get("funnel") or []])
                          for v in got_breakdowns[0].get("values") or []}
            for value, (units, funnel) in db["breakdown"]["values"].items():
                check.same(dataset, f"breakdown {field}={value} units, funnel", got_values.get(value), (units, funnel))
            by_value = {v["value"]: v for v in got_breakdowns[0].get("values") or []}
            for value, want in (db.get("breakdown_maps") or {}).items():
                got = by_value.get(value) or {}
                columns = (got.get("journey_map") or {}).get("stages") or []
                check.same(dataset, f"breakdown {field}={value} map reach, stage events",
                           ([c.get("reach") for c in columns], [(c.get("touchpoints") or {}).get("events") for c in columns]),
                           (want["reach"], want["events"]))
                whole = (got.get("time_to_convert") or {}).get("whole") or {}
                count, median = want["whole"]
                check.same(dataset, f"breakdown {field}={value} time to convert count", whole.get("count"), count)
                check.same(dataset, f"breakdown {field}={value} time to convert median", whole.get("median_seconds"),
                           median, tolerance=None if median is None else 1e-6)
            extra_values = sorted(set(got_values) - set(db["breakdown"]["values"]))
            if extra_values:
                check.same(dataset, f"breakdown {field} values", extra_values, [])


def compare_findings(check, dataset, got, db, labels):
    """SPEC §8 findings over steps ≥ 1, ties to the earliest step: the largest drop (the units step
    j−1 dropped: in-progress units are not lost; none when no unit is lost),
    the lowest conversion from the previous step (previous step with units), the slowest step
    (highest median from the previous) and the top exit touchpoint of the largest drop's units."""
    steps = db["funnel"]
    largest = lowest = slowest = None
    for j in range(1, len(steps)):
        if largest is None or steps[j - 1]["dropped"] > steps[largest - 1]["dropped"]:
            largest = j
        if steps[j - 1]["units"] > 0:
            conversion = steps[j]["units"] / steps[j - 1]["units"]
            if lowest is None or conversion < steps[lowest]["units"] / steps[lowest - 1]["units"]:
                lowest = j
        if steps[j]["median"] is not None and (slowest is None or steps[j]["median"] > steps[slowest]["median"]):
            slowest = j
    if largest is not None and steps[largest - 1]["dropped"] == 0:
        largest = None

    def entry(key):
        value = got.get(key)
        return None if value is None else (value.get("step"), value.get("label"), value.get("value"))

    check.same(dataset, "findings.largest_drop", entry("largest_drop"), None if largest is None else
               (largest, labels[largest], steps[largest - 1]["dropped"]))
    want = None if lowest is None else (lowest, labels[lowest], steps[lowest]["units"] / steps[lowest - 1]["units"])
    theirs = entry("lowest_conversion")
    check.same(dataset, "findings.lowest_conversion (step, label)", theirs and theirs[:2], want and want[:2])
    if theirs and want:
        check.same(dataset, "findings.lowest_conversion value", theirs[2], want[2], tolerance=1e-9)
    want = None if slowest is None else (slowest, labels[slowest], steps[slowest]["median"])
    theirs = entry("slowest_step")
    check.same(dataset, "findings.slowest_step (step, label)", theirs and theirs[:2], want and want[:2])
    if theirs and want:
        check.same(dataset, "findings.slowest_step value", theirs[2], want[2], tolerance=1e-6)
    top = got.get("top_exit_of_largest_drop")
    exits = db["map"]["exits"][largest - 1]["exit"] if largest is not None and largest - 1 < len(db["map"]["exits"]) else []
    check.same(dataset, "findings.top_exit_of_largest_drop", None if top is None else (top.get("value"), top.get("units")),
               tuple(exits[0][:2]) if exits else None)


def iso_to_us(text):
    if not text:
        return None
    con = duckdb.connect()
    return con.execute("SELECT epoch_us(CAST(rtrim(?, 'Z') AS TIMESTAMP))", [text.replace("T", " ")]).fetchone()[0]


# ---------------------------------------------------------------------------------------------
# Data sets


# The generated data's funnel variants: (key, journey arguments, funnel block for a temporary config
# or None, --to). The datagen's journey.yaml says `scope: session, order: ordered` and has no window;
# the window runs end the data early (`--to`: the later events count as out of range) so that many
# units are still in progress when the data ends.
GENERATED_CUT = "2026-11-08"
GENERATED_VARIANTS = [
    ("session", [], None, None),
    ("user", ["--scope", "user"], None, None),
    ("user-window", [], "funnel:\n  scope: user\n  order: ordered\n  window: 1d\n", GENERATED_CUT),
    ("any", ["--order", "any"], None, None),
    ("user-any-window", [], "funnel:\n  scope: user\n  order: any\n  window: 12h\n", GENERATED_CUT),
    ("strict", ["--order", "strict"], None, None),
    ("user-strict-window", [], "funnel:\n  scope: user\n  order: strict\n  window: 1d\n", GENERATED_CUT),
]


def check_generated(check, journey, datagen, events, fmt, seed, files, workdir, only, shape="uniform"):
    variants = [v for v in GENERATED_VARIANTS if selected(only, f"generated-{v[0]}")]
    if not variants:
        return
    directory = os.path.join(workdir, f"gen-{fmt}-{shape}")
    shutil.rmtree(directory, ignore_errors=True)
    subprocess.run([datagen, "--events", str(events), "--seed", str(seed), "--files", str(files),
                    "--format", fmt, "--shape", shape, "--out", directory, "--gzip-level", "1"], check=True)
    paths = sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.startswith("events-"))
    config = os.path.join(directory, "journey.yaml")
    with open(config, encoding="utf-8") as handle:
        base_yaml = handle.read()
    default_funnel = "funnel:\n  scope: session\n  order: ordered\n"
    con = connect()
    loaded = False
    for key, extra, funnel_block, cut in variants:
        shown = fmt if shape == "uniform" else f"{fmt} {shape}"
        dataset = f"generated {shown} ({events} events, {files} files, seed {seed}) {key}"
        config_path = config
        if funnel_block is not None:
            if default_funnel not in base_yaml:
                check.same(dataset, "datagen config has the expected funnel block", base_yaml, default_funnel)
                continue
            config_path = os.path.join(workdir, f"journey-{fmt}-{shape}-{key}.yaml")
            with open(config_path, "w", encoding="utf-8") as handle:
                handle.write(base_yaml.replace(default_funnel, funnel_block))
        if cut:
            extra = extra + ["--to", cut]
        # The event files, not the folder: a folder input also reads journey.yaml as data.
        report = run_journey(journey, ["-c", config_path, *paths, *extra], dataset)
        cfg = effective_config(report)
        if not loaded:
            load_generated(con, directory, fmt, paths, cfg["touchpoint"])
            check.same(dataset, "DuckDB row order = file order, line order", verify_row_order(con, paths, fmt), True)
            con.execute("CREATE OR REPLACE TABLE ev_all AS SELECT * FROM ev")
            loaded = True
        total = con.execute("SELECT count(*) FROM ev_all").fetchone()[0]
        cut_us = iso_to_us(cut) if cut else None
        con.execute("CREATE OR REPLACE TABLE ev AS SELECT * FROM ev_all" + (f" WHERE ts < {cut_us}" if cut else ""))
        check.same(dataset, "summary.rejected", report.get("summary", {}).get("rejected"), 0)
        # Events at or after --to are out of range: counted apart from `exclude:` (journey-report/3).
        check.same(dataset, "summary.out_of_range (--to)", report.get("summary", {}).get("out_of_range"),
                   con.execute(f"SELECT count(*) FROM ev_all WHERE ts >= {cut_us}").fetchone()[0] if cut else 0)
        check.same(dataset, "summary.excluded", report.get("summary", {}).get("excluded"), 0)
        check.note(dataset, f"config: sessions {'by ' + cfg['session_field'] if cfg['session_field'] else 'timeout ' + str(cfg['timeout'] // 60_000_000) + 'm'}, "
                   f"funnel {describe_funnel(cfg)}, stages {cfg['stages']}" + (f"; events before {cut} (--to)" if cut else ""))
        if any(cfg["other"].values()):
            check.same(dataset, "config mirrored (no extra session splits)", cfg["raw"], "mirrorable")
            continue
        db = compute(con, cfg)
        compare(check, dataset, report, db, cfg, expect_events=total)
        if key in ("session", "user-window"):
            persona_path = config_path + ".personas.yaml"
            with open(config_path, encoding="utf-8") as handle, open(persona_path, "w", encoding="utf-8") as out:
                personas = generated_personas(cfg["breakdowns"][0]["field"])
                out.write(handle.read() + persona_yaml(personas))
            report = run_journey(journey, ["-c", persona_path, *paths, *extra], dataset + " personas")
            check_personas(check, dataset, con, report, cfg, personas,
                           dict(PERSONA_COLUMNS, pv_in_hour=within_count("Product Viewed", 3600),
                                plv_count=plain_count("Product List Viewed"), oc_count=plain_count("Order Completed")))


# `dedupe: messageId` (SPEC: a user's event whose value was seen before for that user is dropped,
# the later one in (time, input order)) on journey-datagen's varied NDJSON with message ids
# rewritten line by line: a repeat of the same user's earlier id (some written with a \\u escape
# of their first character: equal once decoded), the line before's id (mostly another user's: no
# duplicate), an empty id and no id (never duplicates). DuckDB drops row_number() > 1 per
# (user, id) in (ts, rn) and computes every number again; journey runs on one thread and on two
# (blocks and files committed apart: the parallel ingest's dedupe log).
DEDUPE_VARIANTS = [("dedupe-session", ["--scope", "session"]), ("dedupe-user", ["--scope", "user"]),
                   ("dedupe-session-1-thread", ["--scope", "session", "--threads", "1"])]


def rewrite_message_ids(sources, targets):
    """Copies `sources` to `targets` with message ids rewritten (see DEDUPE_VARIANTS); returns how
    many lines got each kind of id, and each line's (anonymousId, timestamp) in order (the message
    id no longer tells lines apart)."""
    last_of_user, previous, kinds, line_number, lines_seen = {}, None, {}, 0, []
    for source, target in zip(sources, targets):
        with gzip.open(source, "rt", encoding="utf-8") as lines, \
                gzip.open(target, "wt", encoding="utf-8", newline="\n") as out:
            for line in lines:
                line_number += 1
                record = json.loads(line)
                user = record.get("userId") or record.get("anonymousId")
                lines_seen.append((record.get("anonymousId"), record.get("timestamp")))
                kind, escape = "own", False
                case = line_number % 20
                if case in (0, 1, 5) and user in last_of_user:
                    record["messageId"], kind, escape = last_of_user[user], "repeat", case == 5
                elif case == 2 and previous:
                    record["messageId"], kind = previous, "the line before's"
                elif case == 3:
                    record["messageId"], kind = "", "empty"
                elif case == 4:
                    record.pop("messageId", None)
                    kind = "none"
                kinds[kind] = kinds.get(kind, 0) + 1
                text = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
                mid = record.get("messageId")
                if escape and mid:
                    plain = '"messageId":' + json.dumps(mid, ensure_ascii=False)
                    escaped = '"messageId":"' + f"\\u{ord(mid[0]):04x}" + json.dumps(mid, ensure_ascii=False)[2:]
                    assert plain in text
                    text = text.replace(plain, escaped, 1)
                out.write(text + "\n")
                if mid:
                    last_of_user[user] = mid
                    previous = mid
    return kinds, lines_seen


def check_dedupe(check, journey, datagen, workdir, only, events=60_000, seed=7):
    variants = [v for v in DEDUPE_VARIANTS if selected(only, v[0])]
    if not variants:
        return
    directory = os.path.join(workdir, "dedupe")
    generated = os.path.join(directory, "generated")
    shutil.rmtree(directory, ignore_errors=True)
    subprocess.run([datagen, "--events", str(events), "--seed", str(seed), "--files", "2", "--format", "ndjson",
                    "--shape", "varied", "--out", generated, "--gzip-level", "1"], check=True)
    sources = sorted(os.path.join(generated, f) for f in os.listdir(generated) if f.startswith("events-"))
    paths = [os.path.join(directory, os.path.basename(f)) for f in sources]
    kinds, lines_seen = rewrite_message_ids(sources, paths)
    config_path = os.path.join(directory, "journey.yaml")
    with open(os.path.join(generated, "journey.yaml"), encoding="utf-8") as handle, \
            open(config_path, "w", encoding="utf-8") as out:
        out.write(handle.read() + "dedupe: messageId\n")
    con = connect()
    loaded = False
    for key, extra in variants:
        dataset = f"generated ndjson varied ({events} events, 2 files, seed {seed}, message ids rewritten) {key}"
        report = run_journey(journey, ["-c", config_path, *paths, *extra], dataset)
        cfg = effective_config(report)
        check.same(dataset, "config: dedupe field", cfg["dedupe"], "messageId")
        if not loaded:
            load_generated(con, directory, "ndjson", paths, cfg["touchpoint"])
            rows = con.execute('SELECT anonymousId, "timestamp" FROM raw ORDER BY rn').fetchall()
            check.same(dataset, "DuckDB row order = file order, line order", [tuple(r) for r in rows] == lines_seen, True)
            con.execute("CREATE OR REPLACE TABLE ev_all AS SELECT * FROM ev")
            con.execute("""CREATE OR REPLACE TABLE ev AS SELECT * FROM ev_all
                           QUALIFY mid IS NULL OR mid = ''
                                OR row_number() OVER (PARTITION BY uid, mid ORDER BY ts, rn) = 1""")
            loaded = True
            check.note(dataset, "message ids: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
        total, kept = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("ev_all", "ev"))
        summary = report.get("summary", {})
        check.same(dataset, "summary.rejected", summary.get("rejected"), 0)
        check.same(dataset, "summary.duplicates", summary.get("duplicates"), total - kept)
        db = compute(con, cfg)
        compare(check, dataset, report, db, cfg, expect_events=total)


# A hand-made data set of boundary cases, in the datagen's NDJSON shape: (user, ms after
# 2026-01-01T00:00:00Z, event, page path = the touchpoint, campaign source). Input order matters
# (events at the same instant keep it). Window 1h, timeout 30m; the data's last event is at 10h.
H, M = 3_600_000, 60_000
EDGE_ROWS = [
    # Chain step exactly at t0 + window counts; 1 ms later does not. Next: /c1; exit: /b1 (last in window).
    ("u1", 0, "A", "/a1", "google"), ("u1", H, "B", "/b1", ""), ("u1", H + 1, "C", "/c1", ""),
    # A later S1 gets deeper (every S1 starts a chain); the earlier start reaches only step 1.
    ("u2", 0, "A", "/a", "bing"), ("u2", 90 * M, "A", "/a2", ""), ("u2", 2 * H, "B", "/b", ""),
    ("u2", 2 * H + 10 * M, "C", "/c", ""),
    # Two starts reach the same depth: the earliest counts (its step 2 is 20m after, not 10m).
    ("u15", 0, "A", "/a", ""), ("u15", 10 * M, "A", "/a", ""), ("u15", 20 * M, "B", "/b", ""),
    # strict: another stage between steps breaks a chain (visits A B A B C: the second A counts);
    # with a window a later S1 event of the same visit may start the chain that fits.
    ("u16", 0, "A", "/a", ""), ("u16", M, "X", "/x", ""), ("u16", 2 * M, "B", "/b", ""), ("u16", 3 * M, "A", "/a2", ""),
    ("u16", 4 * M, "B", "/b", ""), ("u16", 5 * M, "C", "/c", ""),
    ("u17", 0, "A", "/a", ""), ("u17", 50 * M, "A", "/a2", ""), ("u17", 70 * M, "B", "/b", ""),
    # Same instant: input order decides (B before A: no B after A; A before B: depth 2).
    ("u3", 0, "B", "/b", ""), ("u3", 0, "A", "/a", ""),
    ("u4", 0, "A", "/a", "google"), ("u4", 0, "B", "/b", "bing"),
    # In progress: last event − t0 < window (strictly): u5 exactly a window before the end is dropped.
    ("u5", 9 * H, "A", "/a", ""), ("u6", 9 * H + 1, "A", "/a", ""), ("u6", 9 * H + 2, "B", "/b", ""),
    ("u7", 10 * H, "X", "/end", ""),
    # Next = the event right after the step (unstaged); exit = the last event inside the window, not /p4.
    ("u8", 0, "A", "/p1", ""), ("u8", M, "X", "/p2", ""), ("u8", 30 * M, "X", "/p3", ""), ("u8", 2 * H, "X", "/p4", ""),
    # Lift in user scope: /pre (before t0) and /post (after the window) are not the unit's.
    ("u9", -M, "X", "/pre", ""), ("u9", 0, "A", "/a", ""), ("u9", 10 * M, "B", "/b", ""),
    ("u9", 20 * M, "C", "/c", ""), ("u9", 3 * H, "X", "/post", ""),
    # any with a window: two starts with 2 stages each → the earliest; a stage exactly at t0 + window counts.
    ("u10", 0, "A", "/a", ""), ("u10", 30 * M, "B", "/b", ""), ("u10", 70 * M, "C", "/c", ""),
    ("u11", 0, "A", "/a", ""), ("u11", H, "C", "/c", ""),
    ("u12", 0, "X", "/x", "google"),
    # Sessions: a gap of exactly 30m does not split, 30m + 1 ms does.
    ("u13", 0, "A", "/a", ""), ("u13", 30 * M, "B", "/b", ""), ("u13", 60 * M + 1, "C", "/c", ""),
    # No touchpoint: (none); an anonymous user.
    ("u14", 0, "A", "", ""), ("u14", M, "B", "", ""),
    ("~anon", 0, "C", "/c", ""), ("~anon", M, "A", "/a", ""), ("~anon", 2 * M, "B", "/b", ""),
    ("~anon", 3 * M, "C", "/c2", ""),
]
EDGE_CONFIG = """input:
  format: ndjson
  fields:
    user: [userId, anonymousId]
    time: timestamp
    event: event
sessions:
  timeout: 30m
touchpoint: context.page.path
stages: [a, b, c]
rules:
  - stage: c
    event: C
  - stage: b
    event: B
  - stage: a
    event: A
funnel:
  scope: user
  order: ordered
  window: 1h
breakdown:
  - field: context.campaign.source
    top: 2
journey_map:
  min_units: 1
"""
EDGE_VARIANTS = [("user-window", []), ("user-any-window", ["--order", "any"]), ("user", None),
                 ("session", ["--scope", "session"]), ("session-any", ["--scope", "session", "--order", "any"]),
                 ("user-strict-window", ["--order", "strict"]), ("session-strict", ["--scope", "session", "--order", "strict"])]


def check_edge(check, journey, workdir, only):
    variants = [v for v in EDGE_VARIANTS if selected(only, f"edge-{v[0]}")]
    if not variants:
        return
    directory = os.path.join(workdir, "edge")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "events-000.ndjson.gz")
    start = 1767225600000  # 2026-01-01T00:00:00Z in ms
    with gzip.open(path, "wt", encoding="utf-8", newline="\n") as handle:
        for i, (user, offset, event, page, source) in enumerate(EDGE_ROWS):
            millis = start + offset
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis // 1000)) + f".{millis % 1000:03d}Z"
            context = {"page": {"path": page}} if page else {}
            if source:
                context["campaign"] = {"source": source}
            record = {"messageId": f"{i:016x}", "userId": "" if user.startswith("~") else user,
                      "anonymousId": user, "event": event, "timestamp": stamp, "context": context}
            handle.write(json.dumps(record, separators=(",", ":")) + "\n")
    con = connect()
    loaded = False
    for key, extra in variants:
        dataset = f"edge cases ({len(EDGE_ROWS)} events) {key}"
        config_path = os.path.join(directory, "journey.yaml")
        text = EDGE_CONFIG if extra is not None else EDGE_CONFIG.replace("  window: 1h\n", "")
        with open(config_path, "w", encoding="utf-8") as handle:
            handle.write(text)
        report = run_journey(journey, ["-c", config_path, path, *(extra or [])], dataset)
        cfg = effective_config(report)
        if not loaded:
            load_generated(con, directory, "ndjson", [path], cfg["touchpoint"])
            check.same(dataset, "DuckDB row order = file order, line order", verify_row_order(con, [path], "ndjson"), True)
            loaded = True
        check.same(dataset, "summary.rejected", report.get("summary", {}).get("rejected"), 0)
        check.note(dataset, f"funnel {describe_funnel(cfg)}, stages {cfg['stages']}")
        db = compute(con, cfg)
        compare(check, dataset, report, db, cfg)
        if key in ("user-window", "session"):
            with open(config_path, "a", encoding="utf-8") as handle:
                handle.write(persona_yaml(PERSONAS))
            report = run_journey(journey, ["-c", config_path, path, *(extra or [])], dataset + " personas")
            check_personas(check, dataset, con, report, cfg, PERSONAS,
                           dict(PERSONA_COLUMNS, b_in_hour=within_count("B", 3600), c_count=plain_count("C"),
                                a_count=plain_count("A")))


# Personas (SPEC §9) mirrored in SQL over `ev` (uid, ts, rn, event, bval = the campaign source):
# (name, YAML, SQL over the per-user table `pu`). first_touch: the first non-empty value in
# (time, input order); did … within w: the most matching events in a closed window of length w
# (a window ending at each matching event).
PERSONAS = [
    ("Google first", "first_touch: { field: context.campaign.source, equals: google }", "first_source = 'google'"),
    ("Two of a kind", "did: { event: B, at_least: 2, within: 1h }", "b_in_hour >= 2"),
    ("Never C", "not: { did: { event: C } }", "c_count = 0"),
    ("Busy non-Google", "all:\n      - not: { first_touch: { field: context.campaign.source, equals: google } }\n"
     "      - did: { event: A, at_least: 2, at_most: 3 }", "first_source IS DISTINCT FROM 'google' AND a_count BETWEEN 2 AND 3"),
]
def generated_personas(source_field):
    """The generated data's personas; `source_field`: the campaign source (its name differs in CSV)."""
    return [(name, text.replace("context.campaign.source", source_field), sql) for name, text, sql in GENERATED_PERSONAS]


GENERATED_PERSONAS = [
    ("Google first", "first_touch: { field: context.campaign.source, equals: google }", "first_source = 'google'"),
    ("Researcher", "did: { event: Product Viewed, at_least: 3, within: 1h }", "pv_in_hour >= 3"),
    ("Browsing, never buying", "all:\n      - did: { event: Product List Viewed, at_least: 2 }\n"
     "      - not: { did: { event: Order Completed } }", "plv_count >= 2 AND oc_count = 0"),
]
PERSONA_COLUMNS = {
    "first_source": "(SELECT uid, first(bval ORDER BY ts, rn) FILTER (WHERE bval IS NOT NULL) AS v FROM ev GROUP BY uid)",
}


def persona_yaml(personas):
    return "personas:\n" + "".join(f"  - name: {name}\n    {text}\n" for name, text, _ in personas)


def within_count(event, seconds):
    return f"""(SELECT uid, max(c) AS v FROM (
                  SELECT uid, count(*) OVER (PARTITION BY uid ORDER BY ts
                         RANGE BETWEEN {seconds * 1_000_000} PRECEDING AND CURRENT ROW) AS c
                  FROM ev WHERE event = {sql_string(event)}) GROUP BY uid)"""


def plain_count(event):
    return f"(SELECT uid, count(*) AS v FROM ev WHERE event = {sql_string(event)} GROUP BY uid)"


def check_personas(check, dataset, con, report, cfg, personas, columns):
    """Each persona's users (membership in SQL), the overlap, and the persona's numbers: the SQL of
    the whole report on its users' events alone, in-progress decided at the whole data's end."""
    sections = report.get("personas") or []
    names = [name for name, _, _ in personas] + ["(no persona)"]
    check.same(dataset, "personas", [p.get("name") for p in sections], names)
    if [p.get("name") for p in sections] != names:
        return
    joins = " ".join(f"LEFT JOIN {sql} AS {column} USING (uid)" for column, sql in columns.items())
    selects = ", ".join(f"{column}.v AS {column}" for column in columns)
    con.execute(f"CREATE OR REPLACE TABLE pu AS SELECT u.uid, {selects} FROM (SELECT DISTINCT uid FROM ev) u {joins}")
    for column in columns:
        if column.endswith("_count") or column.endswith("_in_hour"):
            con.execute(f"UPDATE pu SET {column} = 0 WHERE {column} IS NULL")
    member = ", ".join(f"({condition}) IS TRUE AS p{i}" for i, (_, _, condition) in enumerate(personas))
    con.execute(f"CREATE OR REPLACE TABLE pm AS SELECT uid, {member} FROM pu")
    n = len(personas)
    overlap = [[con.execute(f"SELECT count(*) FROM pm WHERE p{i} AND p{j}").fetchone()[0] for j in range(n)]
               for i in range(n)]
    check.same(dataset, "persona_overlap", (report.get("persona_overlap") or {}).get("users"), overlap)
    whole_last = con.execute("SELECT max(ts) FROM ev").fetchone()[0]
    con.execute("CREATE OR REPLACE TABLE ev_whole AS SELECT * FROM ev")
    try:
        for i, section in enumerate(sections):
            where = f"p{i}" if i < n else " AND ".join(f"NOT p{j}" for j in range(n))
            users = con.execute(f"SELECT count(*) FROM pm WHERE {where}").fetchone()[0]
            label = f"{dataset} persona {section['name']}"
            check.same(label, "users", section.get("users"), users)
            if users == 0:
                continue
            con.execute(f"CREATE OR REPLACE TABLE ev AS SELECT * FROM ev_whole WHERE uid IN (SELECT uid FROM pm WHERE {where})")
            persona_cfg = dict(cfg, breakdowns=[], data_last=whole_last)
            db = compute(con, persona_cfg)
            summary = {"events": db["events"], "users": section.get("users"), "sessions": section.get("sessions"),
                       "units": section.get("units"), "units_without_stage": section.get("units_without_stage"),
                       "first_event": us_to_iso(db["first"]), "last_event": us_to_iso(db["last"])}
            pseudo = dict(section, summary=summary, breakdowns=[])
            compare(check, label, pseudo, db, persona_cfg)
    finally:
        con.execute("CREATE OR REPLACE TABLE ev AS SELECT * FROM ev_whole")


def us_to_iso(us):
    return None if us is None else time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(us // 1_000_000)) + f".{us % 1_000_000:06d}Z"


def describe_funnel(cfg):
    window = "" if cfg["window"] is None else f" window {cfg['window'] // 1_000_000}s"
    return f"{cfg['scope']}/{cfg['order']}{window}"


def selected(only, key):
    """--only: comma-separated names; a data set runs when one of them is part of its key."""
    return not only or any(name in key for name in only)


def real_sets(data_dir, workdir):
    """(key, preset, file, extra journey arguments, temporary config text or None)."""
    rees46 = os.path.join(data_dir, "rees46-oct2019-head", "rees46-2019-Oct-first17435rows.csv.gz")
    trivago = os.path.join(data_dir, "trivago-recsys2019-val100k", "trivago-recsys2019-validation-first100003rows.csv.gz")
    cdnow = os.path.join(data_dir, "cdnow-master", "CDNOW_master.txt.gz")
    return [
        ("rees46", "rees46", rees46, [], None),
        # User scope without a window: units are users, export sessions counted per user.
        ("rees46-user", "rees46", rees46, ["--scope", "user"], None),
        # User scope with a window (seconds resolution: chain steps and in-progress units on the bounds).
        ("rees46-user-window", "rees46", rees46, [], "input:\n  preset: rees46\nfunnel:\n  scope: user\n  window: 10m\n"),
        ("otto", "otto", os.path.join(data_dir, "otto-recsys-sample", "otto-train-sample.jsonl.gz"), [], None),
        ("trivago", "trivago", trivago, [], None),
        # The trivago preset with the hotel/destination/filter `reference` as the touchpoint.
        ("trivago-reference", "trivago", trivago, [], "input:\n  preset: trivago\ntouchpoint: reference\n"),
        ("trivago-user-window", "trivago", trivago, [], "input:\n  preset: trivago\nfunnel:\n  scope: user\n  window: 1h\n"),
        ("diginetica", "diginetica", os.path.join(data_dir, "diginetica-cikm2016-sample", "sample_train-item-views.csv.gz"), [], None),
        # cdnow's preset counts customers (user scope); its sessions are compared in session scope too.
        ("cdnow", "cdnow", cdnow, ["--scope", "session"], None),
        ("cdnow-user", "cdnow", cdnow, [], None),
        # Access logs: the `combined` / `common` presets (order any, path touchpoints, excludes).
        ("apache", "combined", os.path.join(data_dir, "apache-semicomplete-2015", "apache_logs.gz"), [], None),
        ("apache-user-window", "combined", os.path.join(data_dir, "apache-semicomplete-2015", "apache_logs.gz"), [],
         "input:\n  preset: combined\nfunnel:\n  scope: user\n  window: 1h\n"),
        ("nasa", "common", os.path.join(data_dir, "nasa-aug95-head-corrupted", "NASA_access_log_Aug95-first1930lines.gz"), [], None),
    ]


# Access logs (AccessLogRecordParser.swift): tokens split by runs of spaces, `[time]` up to the first
# `]`, quoted fields with backslash escapes whose closing quote ends the line or is followed by a
# space, a numeric status, a byte count or `-`; combined adds a quoted referer and user agent (a
# common line is accepted in combined mode; text after the user agent is ignored).
QUOTED = r'"((?:[^"\\]|\\.)*)"'
LOG_LINE = r'^ *([^ ]+) +([^ ]+) +([^ ]+) +\[([^\]]+)\] *' + QUOTED + r' +([0-9]+) +([0-9]+|-)(?:$| (.*)$)'
LOG_TAIL = r'^ *' + QUOTED + r' +' + QUOTED + r'(?:$| )'
ACCESS_FIELDS = ["client", "ident", "auth", "time", "request", "method", "path", "protocol", "status", "bytes",
                 "referer", "user_agent"]
ACCESS_COLUMNS = {f: f'"{f}"' for f in ACCESS_FIELDS}


def unescape_sql(expr):
    """`\\"` → `"`, `\\\\` → `\\` (other backslashes stay), then `-` is null."""
    return f"""NULLIF(NULLIF(regexp_replace({expr}, '\\\\(["\\\\])', '\\1', 'g'), '-'), '')"""


def load_access(con, path, fmt, cfg):
    """Parses an access log in SQL into `ev` (plus the log fields as columns); returns the counts
    (records read as events incl. excluded, rejected, excluded)."""
    quoted = sql_string(path)
    dash = lambda e: f"NULLIF(NULLIF({e}, '-'), '')"
    con.execute(f"""
        CREATE OR REPLACE TABLE lines AS
        SELECT rn, regexp_replace(line, '\r$', '') AS line FROM (
            SELECT row_number() OVER () AS rn, line
            FROM read_csv({quoted}, header = false, delim = '\x01', quote = '', escape = '',
                          columns = {{'line': 'VARCHAR'}}, auto_detect = false))
        WHERE line IS NOT NULL AND trim(line, ' \t\r') <> ''""")
    con.execute(f"""
        CREATE OR REPLACE TABLE parsed AS
        SELECT rn, regexp_matches(line, {sql_string(LOG_LINE)}) AS ok,
               regexp_extract(line, {sql_string(LOG_LINE)},
                              ['client', 'ident', 'auth', 'time', 'request', 'status', 'bytes', 'rest']) AS g
        FROM lines""")
    tail_ok = "true" if fmt == "common" else f"(ltrim(g.rest, ' ') = '' OR regexp_matches(g.rest, {sql_string(LOG_TAIL)}))"
    tail = (f"regexp_extract(g.rest, {sql_string(LOG_TAIL)}, ['referer', 'user_agent'])" if fmt != "common"
            else "{'referer': '', 'user_agent': ''}")
    con.execute(f"""
        CREATE OR REPLACE TABLE fields AS
        SELECT rn, ok AND {tail_ok} AS ok,
               {dash('g.client')} AS "client", {dash('g.ident')} AS "ident", {dash('g.auth')} AS "auth",
               {dash('g.time')} AS "time", {dash('g.status')} AS "status", {dash('g.bytes')} AS "bytes",
               {unescape_sql('g.request')} AS "request",
               CASE WHEN {fmt != 'common'} AND ltrim(g.rest, ' ') <> '' THEN {unescape_sql('t.referer')} END AS "referer",
               CASE WHEN {fmt != 'common'} AND ltrim(g.rest, ' ') <> '' THEN {unescape_sql('t.user_agent')} END AS "user_agent"
        FROM (SELECT *, {tail} AS t FROM parsed)""")
    # The request line: method up to the first space; protocol after the last space (if after the
    # first); the path between them.
    con.execute(f"""
        CREATE OR REPLACE TABLE fields2 AS
        SELECT *,
               CASE WHEN s1 = 0 THEN "request" ELSE {dash('left("request", s1 - 1)')} END AS "method",
               CASE WHEN s1 = 0 THEN NULL WHEN s2 > s1 THEN {dash('substr("request", s1 + 1, s2 - s1 - 1)')}
                    ELSE {dash('substr("request", s1 + 1)')} END AS "path",
               CASE WHEN s1 > 0 AND s2 > s1 THEN {dash('substr("request", s2 + 1)')} END AS "protocol"
        FROM (SELECT *, strpos("request", ' ') AS s1,
                     CASE WHEN strpos(reverse("request"), ' ') = 0 THEN 0
                          ELSE length("request") - strpos(reverse("request"), ' ') + 1 END AS s2
              FROM fields)""")
    user_fields = (cfg["raw"].get("input") or {}).get("fields", {}).get("user")
    parts = user_fields.get("combine") if isinstance(user_fields, dict) else None
    if not parts or any(p not in ACCESS_COLUMNS for p in parts):
        raise ValueError(f"user key {user_fields!r} not mirrored")
    # user = {combine: [...]}: the values joined with " \x1F " (missing ones empty); none: rejected.
    key = " || ' ' || chr(31) || ' ' || ".join(f"COALESCE({ACCESS_COLUMNS[p]}, '')" for p in parts)
    anyone = " OR ".join(f"{ACCESS_COLUMNS[p]} IS NOT NULL" for p in parts)
    exclude = [condition_sql(c, "event", ACCESS_COLUMNS) for c in cfg["exclude"]]
    if None in exclude:
        raise ValueError(f"exclude rules not mirrored: {cfg['exclude']!r}")
    excluded = "(" + " OR ".join(exclude) + ")" if exclude else "false"
    con.execute(f"""
        CREATE OR REPLACE TABLE acc AS
        SELECT *, CASE WHEN {anyone} THEN {key} END AS uid,
               epoch_us(try_strptime("time", '%d/%b/%Y:%H:%M:%S %z')) AS ts
        FROM fields2""")
    rejected, accepted, dropped = con.execute(f"""
        SELECT count(*) FILTER (WHERE NOT ok OR uid IS NULL OR ts IS NULL),
               count(*) FILTER (WHERE ok AND uid IS NOT NULL AND ts IS NOT NULL),
               count(*) FILTER (WHERE ok AND uid IS NOT NULL AND ts IS NOT NULL AND {excluded})
        FROM acc""").fetchone()
    con.execute(f"""
        CREATE OR REPLACE TABLE ev AS
        SELECT rn, uid, ts, NULL::VARCHAR AS event, NULL::VARCHAR AS sess, NULL::VARCHAR AS bval,
               {touchpoint_sql(cfg["touchpoint"], columns=ACCESS_COLUMNS)} AS tp,
               {", ".join(ACCESS_COLUMNS.values())}
        FROM acc WHERE ok AND uid IS NOT NULL AND ts IS NOT NULL AND NOT {excluded}""")
    cfg["columns"] = ACCESS_COLUMNS
    return accepted, rejected, dropped


def check_real(check, journey, key, name, path, extra, config_text, workdir):
    dataset = f"{key} ({os.path.basename(path)}{', ' + ' '.join(extra) if extra else ''})"
    if not os.path.exists(path):
        check.note(dataset, "skipped: data set absent")
        return
    if config_text:
        config_path = os.path.join(workdir, f"{key}.yaml")
        with open(config_path, "w", encoding="utf-8") as handle:
            handle.write(config_text)
        report = run_journey(journey, ["-c", config_path, path] + extra, dataset)
        check.note(dataset, "config: " + config_text.replace("\n", " ").strip())
    else:
        report = run_journey(journey, ["--preset", name, path] + extra, dataset)
    cfg = effective_config(report)
    summary = report.get("summary", {})
    rejected = summary.get("rejected") or 0
    con = connect()
    quoted = sql_string(path)
    expect_events = None
    if name in ("combined", "common"):
        try:
            accepted, db_rejected, db_excluded = load_access(con, path, name, cfg)
        except ValueError as error:
            check.same(dataset, "config mirrored (else the full comparison is skipped)", str(error), "mirrored")
            return
        # The rejects are mirrored (lines the parser refuses, no user, no/bad time), not taken from journey.
        check.same(dataset, "summary.rejected (log lines refused)", rejected, db_rejected)
        check.same(dataset, "summary.excluded (bots, static files, status ≥ 400)", summary.get("excluded"), db_excluded)
        records = accepted + db_rejected  # the non-blank lines
        expect_events = accepted
    elif name == "rees46":
        records = con.execute(f"""SELECT count(*) FROM read_csv({quoted}, header = true, all_varchar = true,
                                  null_padding = true)""").fetchone()[0]
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT row_number() OVER () AS rn, user_id AS uid,
                   epoch_us(strptime(event_time, '%Y-%m-%d %H:%M:%S UTC')) AS ts,
                   event_type AS event, user_session AS sess, NULL::VARCHAR AS bval,
                   {touchpoint_sql(cfg["touchpoint"])} AS tp
            FROM read_csv({quoted}, header = true, all_varchar = true, null_padding = true)
            WHERE user_session IS NOT NULL""")
        check.note(dataset, "rows with a missing last column (the truncated final row) count as rejected")
    elif name == "otto":
        records = con.execute(f"""SELECT sum(len(events)) FROM read_json({quoted}, format = 'newline_delimited',
                                  columns = {{'session': 'BIGINT', 'events': 'STRUCT(aid BIGINT, ts BIGINT, type VARCHAR)[]'}})""").fetchone()[0]
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT line * 1000000 + i AS rn, CAST(session AS VARCHAR) AS uid, e.ts * 1000 AS ts,
                   e.type AS event, NULL::VARCHAR AS sess, NULL::VARCHAR AS bval,
                   {touchpoint_sql(cfg["touchpoint"], columns={"type": "e.type", "aid": "CAST(e.aid AS VARCHAR)", "events.type": "e.type", "events.aid": "CAST(e.aid AS VARCHAR)"})} AS tp
            FROM (SELECT line, session, generate_subscripts(events, 1) AS i, unnest(events) AS e
                  FROM (SELECT row_number() OVER () AS line, * FROM read_json({quoted}, format = 'newline_delimited',
                        columns = {{'session': 'BIGINT', 'events': 'STRUCT(aid BIGINT, ts BIGINT, type VARCHAR)[]'}})))""")
    elif name == "diginetica":
        # user_id, or the session id where user_id is NA; time = the date + timeframe milliseconds;
        # the one rule tests that item_id exists, so the mirrored "event" is the item id.
        source = f"read_csv({quoted}, delim = ';', header = true, all_varchar = true)"
        records = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT row_number() OVER () AS rn,
                   CASE WHEN user_id IS NULL OR user_id IN ('', 'NA') THEN session_id ELSE user_id END AS uid,
                   epoch_us(CAST(eventdate AS DATE)) + CAST(timeframe AS BIGINT) * 1000 AS ts,
                   item_id AS event, session_id AS sess, NULL::VARCHAR AS bval,
                   {touchpoint_sql(cfg["touchpoint"])} AS tp
            FROM {source}""")
        cfg["event_field"] = "item_id"
    elif name == "cdnow":
        # Whitespace-aligned columns (customer_id, date YYYYMMDD, cds, dollars), CRLF, a header line.
        source = f"""(SELECT regexp_split_to_array(trim(regexp_replace(line, '\\r$', '')), '\\s+') AS f
                      FROM read_csv({quoted}, header = false, delim = '\x01', quote = '', escape = '',
                                    columns = {{'line': 'VARCHAR'}}))"""
        records = con.execute(f"SELECT count(*) - 1 FROM {source}").fetchone()[0]
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT rn, f[1] AS uid, epoch_us(strptime(f[2], '%Y%m%d')) AS ts, f[1] AS event,
                   NULL::VARCHAR AS sess, NULL::VARCHAR AS bval,
                   {touchpoint_sql(cfg["touchpoint"], columns={"customer_id": "f[1]", "date": "f[2]", "cds": "f[3]", "dollars": "f[4]"})} AS tp
            FROM (SELECT row_number() OVER () AS rn, f FROM {source}) WHERE rn > 1""")
        cfg["event_field"] = "customer_id"
    else:  # trivago
        records = con.execute(f"""SELECT count(*) FROM read_csv({quoted}, header = true, all_varchar = true)""").fetchone()[0]
        field = (cfg["breakdowns"][0].get("field") if cfg["breakdowns"] else None)
        bval = null_if_empty(field) if field in ("device", "platform", "city") else "NULL::VARCHAR"
        con.execute(f"""
            CREATE OR REPLACE TABLE ev AS
            SELECT row_number() OVER () AS rn, user_id AS uid, CAST("timestamp" AS BIGINT) * 1000000 AS ts,
                   action_type AS event, session_id AS sess, {bval} AS bval,
                   {touchpoint_sql(cfg["touchpoint"])} AS tp
            FROM read_csv({quoted}, header = true, all_varchar = true)""")
    check.same(dataset, "summary.events = records − rejected", summary.get("events"), records - rejected)
    check.note(dataset, f"records {records}, journey rejected {rejected}, excluded {summary.get('excluded')}; "
               f"sessions {'by ' + str(cfg['session_field']) if cfg['session_field'] else 'timeout'}, "
               f"funnel {describe_funnel(cfg)}, stages {cfg['stages']}, touchpoint {cfg['touchpoint']}")
    if any(cfg["other"].values()):
        check.same(dataset, "config mirrored (no extra session splits)", cfg["other"], "mirrored")
        return
    try:
        db = compute(con, cfg)
    except ValueError as error:
        check.same(dataset, "config mirrored (else the full comparison is skipped)", str(error), "mirrored")
        return
    compare(check, dataset, report, db, cfg, expect_events=expect_events)


# ---------------------------------------------------------------------------------------------


def find_binary(explicit, product):
    if explicit:
        return explicit
    for build in ("release", "debug"):
        candidate = os.path.join(ROOT, ".build", build, product)
        if os.path.exists(candidate):
            return candidate
    sys.exit(f"cannot find {product}: build it (swift build -c release --product {product}) or pass its path")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journey", help="path to the journey binary (default: .build/release/journey)")
    parser.add_argument("--datagen", help="path to journey-datagen (default: .build/release/journey-datagen)")
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--formats", default="ndjson", help="comma-separated: ndjson,csv")
    parser.add_argument("--shapes", default="uniform",
                        help="comma-separated journey-datagen shapes: uniform,varied (varied: NDJSON only)")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/data"), help="folder of the real data sets")
    parser.add_argument("--no-real", action="store_true", help="skip the real data sets")
    parser.add_argument("--no-generated", action="store_true", help="skip the generated data")
    parser.add_argument("--keep", help="generate into this folder and keep it")
    parser.add_argument("--only", help="comma-separated data set keys (or parts of them) to run, e.g. "
                        "generated-user,apache; keys: " + ", ".join(
                            [f"generated-{v[0]}" for v in GENERATED_VARIANTS] + [f"edge-{v[0]}" for v in EDGE_VARIANTS] + [r[0] for r in real_sets("", "")]))
    args = parser.parse_args()

    journey = find_binary(args.journey, "journey")
    only = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else None
    check = Checker()
    workdir = args.keep or tempfile.mkdtemp(prefix="journey-crosscheck-")
    try:
        if not args.no_generated:
            wanted = any(selected(only, f"generated-{v[0]}") for v in GENERATED_VARIANTS)
            datagen = find_binary(args.datagen, "journey-datagen") if wanted else None
            for fmt in [f.strip() for f in args.formats.split(",") if f.strip()] if wanted else []:
                for shape in [s.strip() for s in args.shapes.split(",") if s.strip()]:
                    if shape != "uniform" and fmt != "ndjson":
                        continue  # journey-datagen writes the varied shape as NDJSON only
                    check_generated(check, journey, datagen, args.events, fmt, args.seed, args.files, workdir, only, shape)
            check_edge(check, journey, workdir, only)
            if any(selected(only, v[0]) for v in DEDUPE_VARIANTS):
                check_dedupe(check, journey, find_binary(args.datagen, "journey-datagen"), workdir, only)
        if not args.no_real:
            for key, name, path, extra, config_text in real_sets(args.data, workdir):
                if selected(only, key):
                    check_real(check, journey, key, name, path, extra, config_text, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    check.print_table()
    check.print_failures()
    compared = sum(1 for r in check.rows if r[4] is not None)
    if check.failures:
        print(f"\nFAIL: {len(check.failures)} of {compared} comparisons differ")
        sys.exit(1)
    print(f"\nOK: all {compared} comparisons match")


if __name__ == "__main__":
    main()
