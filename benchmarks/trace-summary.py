#!/usr/bin/env python3
"""Summarises a dotnet-trace speedscope file (booking-load.sh TRACE=1): of the sampled thread time whose stack passes
through a frame matching FOCUS (default: the booking endpoints and services), how much was spent inclusively in each
frame (top N), and in which category (the leaf-most frame of the stack that matches one of CATEGORIES).
Usage: python3 trace-summary.py FILE.speedscope.json [FOCUS-REGEX] [N]"""
import collections
import json
import re
import sys

path = sys.argv[1]
focus = re.compile(sys.argv[2] if len(sys.argv) > 2 else r"LeadRouting\.Web\.(Api\.BookingApi|Booking\.)")
top = int(sys.argv[3]) if len(sys.argv) > 3 else 45
CATEGORIES = [
    ("SQLite busy wait (sqlite3 busy handler / sleep)", re.compile(r"sqlite3_busy|usleep|nanosleep|Thread\.Sleep", re.I)),
    ("SQLite step (native query/commit)", re.compile(r"sqlite3_step|raw\.sqlite3|SQLitePCL", re.I)),
    ("Microsoft.Data.Sqlite", re.compile(r"Microsoft\.Data\.Sqlite")),
    ("EF Core query compile/materialise", re.compile(r"Microsoft\.EntityFrameworkCore")),
    ("SlotFinder (Core)", re.compile(r"LeadRouting\.Core\.Booking")),
    ("JSON", re.compile(r"System\.Text\.Json")),
    ("lead writer / effects", re.compile(r"LeadWriter|BookingEffects")),
    ("GC / allocation", re.compile(r"GC|Gc|Alloc")),
]

doc = json.load(open(path))
frames = [f["name"] for f in doc["shared"]["frames"]]
inclusive = collections.Counter()
category = collections.Counter()
total = 0.0
all_time = 0.0


def add(stack, weight):
    global total, all_time
    all_time += weight
    names = [frames[i] for i in stack]
    if not any(focus.search(n) for n in names):
        return
    total += weight
    for name in set(names):
        inclusive[name] += weight
    for leaf in reversed(names):
        for label, pattern in CATEGORIES:
            if pattern.search(leaf):
                category[label] += weight
                return
    category["other (leaf outside the categories)"] += weight


for profile in doc["profiles"]:
    if profile["type"] == "sampled":
        for stack, weight in zip(profile["samples"], profile["weights"]):
            add(stack, weight)
    else:
        stack, last = [], None
        for event in profile["events"]:
            if stack and last is not None:
                add(list(stack), event["at"] - last)
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()

unit = doc["profiles"][0].get("unit", "?") if doc["profiles"] else "?"
print(f"thread time through the focus frames: {total:.1f} {unit} of {all_time:.1f} {unit} sampled on all threads")
print("by category (leaf-most matching frame):")
for label, weight in category.most_common():
    print(f"  {100 * weight / max(total, 1e-9):5.1f}%  {label}")
print(f"top {top} frames by inclusive time (share of the focus time):")
for name, weight in inclusive.most_common(top):
    print(f"  {100 * weight / max(total, 1e-9):5.1f}%  {name[:160]}")
