"""Regenerate faq_queries.jsonl and complaints.jsonl from the *_src.py files."""
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from queries_src import Q, NULL
from complaints_src import C
out = os.path.dirname(here)
with open(os.path.join(out, "faq_queries.jsonl"), "w", encoding="utf-8") as f:
    rows = [{"q": q, "expect": e, "style": s} for e, s, q in Q] + [{"q": q, "expect": None, "style": s} for s, q in NULL]
    # interleave nulls among answerable queries deterministically
    import random
    random.Random(20261203).shuffle(rows)
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(os.path.join(out, "complaints.jsonl"), "w", encoding="utf-8") as f:
    rows = [{"text": t, "unit": u, "style": s} for u, s, t in C]
    import random
    random.Random(20261204).shuffle(rows)
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print("written")
