#!/usr/bin/env python3
"""Writes week-1.ndjson and week-2.ndjson: two weeks of one shop's sessions with a planted drop.

Both weeks: 300 sessions view a product, 180 add it to the cart. Week 1: 108 start the checkout and
76 order. Week 2 (the planted drop): 76 start the checkout and 53 order, and the sessions lost after
the cart end more often on /shipping-costs; starting the checkout takes a minute longer. Deterministic: no randomness, run it again for the same bytes.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# (sessions reaching view, cart, checkout, purchase), and where the sessions lost after each step end.
WEEKS = {
    "week-1.ndjson": {
        "start": "2026-11-23", "epoch": 1795392000, "reached": [300, 180, 108, 76],
        "exits": [[("/p/1", 70), ("/p/2", 30), ("/home", 20)],
                  [("/cart", 40), ("/shipping-costs", 20), ("/p/2", 12)],
                  [("/checkout/payment", 22), ("/checkout/address", 10)]],
    },
    "week-2.ndjson": {
        "start": "2026-11-30", "epoch": 1795996800, "reached": [300, 180, 76, 53], "slower_checkout": 60,
        "exits": [[("/p/1", 72), ("/p/2", 28), ("/home", 20)],
                  [("/cart", 40), ("/shipping-costs", 50), ("/p/2", 14)],
                  [("/checkout/payment", 15), ("/checkout/address", 8)]],
    },
}

STEPS = [("Product Viewed", "/p/1"), ("Product Added", "/cart"), ("Checkout Started", "/checkout"),
         ("Order Completed", "/thank-you")]


def sessions(week):
    """Each session's (event, page) list: the steps it reached, then its exit page when it was lost."""
    reached = week["reached"]
    out = []
    for step in range(len(reached)):
        lost = reached[step] - (reached[step + 1] if step + 1 < len(reached) else 0)
        pages = [page for page, count in week["exits"][step] for _ in range(count)] if step < 3 else []
        assert step == 3 or len(pages) == lost, (step, len(pages), lost)
        for index in range(lost):
            events = list(STEPS[:step + 1])
            if step < 3:
                exit_page = pages[index]
                events.append(("Page Viewed", exit_page))
            out.append(events)
    return out


for name, week in WEEKS.items():
    lines = []
    for number, events in enumerate(sessions(week)):
        user = "u%04d" % number
        start = week["epoch"] + number * 1800 + 7  # one session per user, an hour apart at most
        time = start
        for offset, (event, page) in enumerate(events):
            if offset > 0:
                time += 45 + number % 7 * 20 + (week.get("slower_checkout", 0) if event == "Checkout Started" else 0)
            lines.append(json.dumps({"user": user, "time": time, "event": event, "page": page}, separators=(",", ":")))
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
