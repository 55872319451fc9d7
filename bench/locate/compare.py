"""Checks that locate outputs agree point by point: same ids in the same order, same key.

usage: /usr/bin/python3 compare.py REFERENCE.csv OTHER.csv [OTHER.csv ...]
Prints one line per file; exits 1 on any disagreement.
"""
import csv
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for r in reader:
            yield r[0], (r[1] if len(r) > 1 else "")


reference = list(rows(sys.argv[1]))
failed = False
for path in sys.argv[2:]:
    other = list(rows(path))
    if len(other) != len(reference):
        print(f"{path}: {len(other)} rows, reference has {len(reference)}")
        failed = True
        continue
    bad = [(i, a, b) for i, (a, b) in enumerate(zip(reference, other)) if a != b]
    located = sum(1 for _, k in other if k)
    if bad:
        failed = True
        i, a, b = bad[0]
        print(f"{path}: {len(bad)} of {len(other)} rows differ; first at row {i + 1}: {a} vs {b}")
    else:
        print(f"{path}: all {len(other)} rows agree ({located} located)")
sys.exit(1 if failed else 0)
