#!/usr/bin/env python3
"""Cross-checks the statistics of `journey compare` against statsmodels.

  python3 Tests/crosscheck/statistics_crosscheck.py [--journey .build/release/journey] [--pairs 12] [--seed 1]

For each of several generated pairs of data sets (seeded; sizes from 1 to 5,000 sessions, conversion
rates from 0 to 1, degenerate pairs included: nobody or everybody converting on both sides, a side
of one unit, a step nobody reaches), writes two NDJSON files in the shape of
Fixtures/compare/shop.yaml, runs `journey report -f json` on each and `journey compare -f json` on
the two, and checks, per funnel step:

- the units the generator planted, and the conversions from start and from the previous step;
- the p-value against `statsmodels.stats.proportion.proportions_ztest` (two-sided, pooled standard
  error: its defaults) of step units out of step-1 units (from start) and out of the previous
  step's units (from previous); journey's null where statsmodels gives NaN (undefined);
- each side's 95% Wilson interval against `proportion_confint(method="wilson")`; null without trials;
- `significant` is p < 0.05 with at least 30 units on each side; `change_points` is (current − base) × 100.

The same pair is then one data set with a `group` field and a persona `first_touch: {field: group,
equals: base}`: the persona's `versus_rest` (SPEC §9) per step is checked the same way, the base
side against the current side as the rest (conversion from start; the p-value shown only with at
least 30 entrants on each side), and `(no persona)` is its mirror.

Exits 0 when everything matches (1e-9 relative), 1 with every difference listed otherwise; exits 0
with a message when statsmodels is not installed (pip install statsmodels).
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import warnings

try:
    import numpy as np
    from statsmodels.stats.proportion import proportion_confint, proportions_ztest
except ImportError as error:
    print("statistics_crosscheck: skipped: statsmodels is not installed (pip install statsmodels): %s" % error)
    sys.exit(0)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIG = os.path.join(ROOT, "Fixtures", "compare", "shop.yaml")
STEPS = [("Product Viewed", "/p/1"), ("Product Added", "/cart"), ("Checkout Started", "/checkout"),
         ("Order Completed", "/thank-you")]
EXIT_PAGES = ["/p/1", "/p/2", "/home", "/shipping-costs", "/help"]
TOLERANCE = 1e-9


def find_journey(path):
    for candidate in [path, os.path.join(ROOT, ".build/release/journey"), os.path.join(ROOT, ".build/debug/journey")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.exit("statistics_crosscheck: no journey binary (swift build, or --journey PATH)")


def depths(rng, units, rates):
    """How deep each of `units` sessions goes: step 1 always, then each next step with its rate."""
    out = []
    for _ in range(units):
        depth = 1
        for rate in rates:
            if rng.random() >= rate:
                break
            depth += 1
        out.append(depth)
    return out


def write_sessions(path, rng, session_depths, epoch):
    lines = []
    for number, depth in enumerate(session_depths):
        user = "u%05d" % number
        time = epoch + number * 3600
        for event, page in STEPS[:depth]:
            lines.append(json.dumps({"user": user, "time": time, "event": event, "page": page}))
            time += rng.randint(5, 600)
        if depth < len(STEPS):
            lines.append(json.dumps({"user": user, "time": time, "event": "Page Viewed", "page": rng.choice(EXIT_PAGES)}))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))


def reached(session_depths):
    return [sum(1 for d in session_depths if d > step) for step in range(len(STEPS))]


# (base sessions, base rates of cart/checkout/purchase, current sessions, current rates); None: random.
FIXED_PAIRS = [
    (3, [1, 1, 1], 4, [1, 1, 1]),  # everybody converts on both sides: every test undefined
    (50, [0, 0, 0], 80, [0, 0, 0]),  # nobody goes on: undefined too
    (1, [1, 0, 0], 2000, [0.5, 0.5, 0.5]),  # a side of one unit
    (400, [0.5, 0.0, 0.0], 400, [0.5, 0.2, 0.0]),  # a step nobody reaches in the base
    (5000, [0.6, 0.6, 0.7], 5000, [0.6, 0.45, 0.7]),  # a planted drop at checkout
    (120, [0.3, 0.3, 0.3], 90, [0.35, 0.25, 0.5]),
]


class Checker:
    def __init__(self):
        self.failures = []
        self.count = 0

    def same(self, what, got, expected):
        self.count += 1
        if expected is None or (isinstance(expected, float) and math.isnan(expected)):
            ok = got is None
        elif got is None:
            ok = False
        elif isinstance(expected, bool) or isinstance(expected, int):
            ok = got == expected
        else:
            ok = abs(float(got) - float(expected)) <= TOLERANCE * max(1.0, abs(float(expected)))
        if not ok:
            self.failures.append("%s: journey %r, statsmodels %r" % (what, got, expected))


def z_test(x1, n1, x2, n2):
    if n1 == 0 or n2 == 0:
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        _, p = proportions_ztest(np.array([x1, x2]), np.array([n1, n2]))
    return None if math.isnan(p) else float(p)


def wilson(x, n):
    if n == 0:
        return None
    low, high = proportion_confint(x, n, alpha=0.05, method="wilson")
    return (max(0.0, float(low)), min(1.0, float(high)))


def check_rate(check, label, rate, base, current):
    (x1, n1), (x2, n2) = base, current
    expected = z_test(x1, n1, x2, n2)
    check.same(label + " p_value", rate["p_value"], expected)
    check.same(label + " significant", rate["significant"],
               expected is not None and expected < 0.05 and n1 >= 30 and n2 >= 30)
    for side, (x, n) in (("base", base), ("current", current)):
        interval, reference = rate[side + "_interval"], wilson(x, n)
        if reference is None:
            check.same(label + " " + side + "_interval", interval, None)
        elif interval is None:
            check.failures.append("%s %s_interval: journey null, statsmodels %r" % (label, side, reference))
        else:
            check.same(label + " " + side + "_interval.lower", interval["lower"], reference[0])
            check.same(label + " " + side + "_interval.upper", interval["upper"], reference[1])
    check.same(label + " change_points", rate["change_points"], (rate["current"] - rate["base"]) * 100)


PERSONAS = """
personas:
  - name: Base
    first_touch: { field: group, equals: base }
"""


def write_grouped(path, sides):
    """One data set of both sides: user ids prefixed by the side, every event with its `group`."""
    lines = []
    for group, data in sides:
        with open(data, encoding="utf-8") as f:
            for line in f:
                event = json.loads(line)
                event["user"] = group + "-" + event["user"]
                event["group"] = group
                lines.append(json.dumps(event))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))


def check_versus_rest(check, label, step, persona, rest):
    """One step of `versus_rest`: `persona` and `rest` are (step units, entrants)."""
    (x1, n1), (x2, n2) = persona, rest
    check.same(label + " units", step["units"], x1)
    check.same(label + " entrants", step["entrants"], n1)
    check.same(label + " rest_units", step["rest_units"], x2)
    check.same(label + " rest_entrants", step["rest_entrants"], n2)
    expected = z_test(x1, n1, x2, n2) if n1 >= 30 and n2 >= 30 else None
    check.same(label + " p_value", step["p_value"], expected)
    check.same(label + " significant", step["significant"], expected is not None and expected < 0.05)
    for key, (x, n) in (("interval", persona), ("rest_interval", rest)):
        interval, reference = step[key], wilson(x, n)
        if reference is None:
            check.same(label + " " + key, interval, None)
        elif interval is None:
            check.failures.append("%s %s: journey null, statsmodels %r" % (label, key, reference))
        else:
            check.same(label + " " + key + ".lower", interval["lower"], reference[0])
            check.same(label + " " + key + ".upper", interval["upper"], reference[1])
    if n1 == 0 or n2 == 0:
        check.same(label + " difference_points", step["difference_points"], None)
    else:
        check.same(label + " difference_points", step["difference_points"], (x1 / n1 - x2 / n2) * 100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journey", help="path to journey (default: .build/release/journey, then debug)")
    parser.add_argument("--pairs", type=int, default=12, help="pairs of data sets, the fixed ones included")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    journey = find_journey(args.journey)
    rng = random.Random(args.seed)
    pairs = list(FIXED_PAIRS)
    while len(pairs) < args.pairs:
        pairs.append((rng.randint(1, 3000), [rng.random() for _ in range(3)], rng.randint(1, 3000),
                      [rng.random() for _ in range(3)]))
    check = Checker()
    with tempfile.TemporaryDirectory(prefix="journey-stats-") as work:
        for index, (base_units, base_rates, current_units, current_rates) in enumerate(pairs):
            counts = []
            files = []
            for side, units, rates, epoch in (("base", base_units, base_rates, 1795392000),
                                              ("current", current_units, current_rates, 1800000000)):
                session_depths = depths(rng, units, rates)
                data = os.path.join(work, "%d-%s.ndjson" % (index, side))
                report = os.path.join(work, "%d-%s.json" % (index, side))  # next to its data
                write_sessions(data, rng, session_depths, epoch)
                # Degenerate pairs warn (a stage no event reaches): kept off the check's own output.
                subprocess.run([journey, "report", "-c", CONFIG, data, "-o", report, "--progress", "never"], check=True,
                               stderr=subprocess.PIPE)
                counts.append(reached(session_depths))
                files.append(report)
            result = subprocess.run([journey, "compare", files[0], files[1], "-f", "json"], check=True,
                                    stdout=subprocess.PIPE)
            steps = json.loads(result.stdout)["steps"]
            base, current = counts
            grouped = os.path.join(work, "%d-grouped.ndjson" % index)
            write_grouped(grouped, [("base", files[0][:-len(".json")] + ".ndjson"),
                                    ("current", files[1][:-len(".json")] + ".ndjson")])
            config = os.path.join(work, "personas.yaml")
            with open(CONFIG, encoding="utf-8") as f, open(config, "w", encoding="utf-8") as out:
                out.write(f.read() + PERSONAS)
            result = subprocess.run([journey, "report", "-c", config, grouped, "-f", "json", "--progress", "never"],
                                    check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            personas = json.loads(result.stdout)["personas"]
            check.same("pair %d persona names" % index, [p["name"] for p in personas] == ["Base", "(no persona)"], True)
            for name, own, rest, section in (("Base", base, current, personas[0]),
                                             ("(no persona)", current, base, personas[1])):
                for step, entry in enumerate(section["versus_rest"]):
                    label = "pair %d persona %s step %d" % (index, name, step + 1)
                    check_versus_rest(check, label, entry, (own[step], own[0]), (rest[step], rest[0]))
            for step, entry in enumerate(steps):
                label = "pair %d (%d vs %d sessions) step %d %s" % (index, base_units, current_units, step + 1, entry["label"])
                check.same(label + " units.base", entry["units"]["base"], base[step])
                check.same(label + " units.current", entry["units"]["current"], current[step])
                check_rate(check, label + " from start", entry["conversion_from_start"],
                           (base[step], base[0]), (current[step], current[0]))
                previous = step - 1 if step > 0 else 0
                check_rate(check, label + " from previous", entry["conversion_from_previous"],
                           (base[step], base[previous]), (current[step], current[previous]))
    for failure in check.failures:
        print("DIFFERENT " + failure)
    print("statistics_crosscheck: %d pairs, %d of %d comparisons equal" % (
        len(pairs), check.count - len(check.failures), check.count))
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
