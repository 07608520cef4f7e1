#!/usr/bin/env python3
"""Write the three jsonl files of the Kota Tirtamulya held-out set from the *_src.py lists here."""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import complaints_src  # noqa: E402
import queries_src  # noqa: E402
import understanding_src  # noqa: E402


def write(name, rows):
    with open(os.path.join(HERE, "..", name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    rows = [{"q": q, "expect": eid} for eid, qs in queries_src.ANSWERABLE.items() for q in qs]
    rows += [{"q": q, "expect": None} for q in queries_src.NULL]
    # interleave nulls among answerable lines so the file is not sorted by answer
    rows.sort(key=lambda r: hash_key(r["q"]))
    write("faq_queries.jsonl", rows)
    write("complaints.jsonl", [{"text": t, "unit": u} for t, u in complaints_src.COMPLAINTS])
    und = []
    for row in understanding_src.R:
        text, kind, context, style, pii = row[:5]
        r = {"text": text, "kind": kind, "context": context, "style": style, "pii": pii}
        if len(row) > 5:
            r["note"] = row[5]
        und.append(r)
    write("understanding.jsonl", und)
    print(f"understanding.jsonl: {len(und)}")
    print(f"faq_queries.jsonl: {len(rows)}; complaints.jsonl: {len(complaints_src.COMPLAINTS)}")


def hash_key(text):
    """A stable pseudo-random order (Python's hash() is salted per run)."""
    h = 0
    for ch in text:
        h = (h * 131 + ord(ch)) % 1_000_003
    return h


if __name__ == "__main__":
    main()
