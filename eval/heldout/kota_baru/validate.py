#!/usr/bin/env python3
"""Validate the Kota Tirtamulya held-out set (formats, ids, counts). It never runs the engine.

KB: the field rules of docs/knowledge-base.md checked in plain Python (known fields only, identifiers,
exactly one triage unit, category labels of at most 40 characters, entry labels of at most 60, no
variants, no routing.yaml). Then faq_queries.jsonl, complaints.jsonl and understanding.jsonl: keys,
that every referenced id exists, the required counts, no duplicates, no query copying an entry question.
`tanggap kb check kb` is left to the lead (the blind author ran no tanggap command).

Usage: python3 validate.py
"""

import glob
import json
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
KINDS = [
    "question",
    "report",
    "follow_up",
    "status",
    "answer",
    "correction",
    "cancel",
    "human",
    "emergency",
    "greeting",
    "thanks",
    "political",
    "abusive",
    "hoax_check",
    "spam",
    "small_talk",
]
CONTEXTS = [
    "idle",
    "asked_description",
    "asked_location",
    "asked_category",
    "asked_photo",
    "confirming",
    "after_ticket",
]
STYLES = [
    "casual",
    "slang",
    "typo",
    "formal",
    "javanese",
    "sundanese",
    "betawi",
    "english",
    "mixed",
    "story",
    "emotional",
    "emoji",
    "short",
]
MIN_KIND = {"cancel": 20, "hoax_check": 20, "emergency": 20, "report": 25}
errors = []


def err(msg):
    errors.append(msg)


def load(name):
    with open(os.path.join(KB, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def check_fields(where, obj, required, optional=()):
    for k in required:
        if k not in obj or (isinstance(obj[k], str) and not obj[k].strip()):
            err(f"{where}: missing or empty field {k!r}")
    for k in obj:
        if k not in required and k not in optional:
            err(f"{where}: unknown field {k!r}")


# ---- KB -------------------------------------------------------------------------------------------
agency = load("agency.yaml")
check_fields(
    "agency.yaml",
    agency,
    ("id", "name", "short_name", "signature", "timezone"),
    ("ticket_prefix", "contacts", "emergency"),
)
if not re.match(r"^[A-Z]{2,5}$", agency.get("ticket_prefix", "ADU")):
    err("agency.yaml: ticket_prefix must be 2 to 5 capital letters")

units = load("units.yaml")["units"]
unit_ids = [u["id"] for u in units]
for u in units:
    check_fields(f"units.yaml {u.get('id')}", u, ("id", "name", "scope"), ("parent", "triage"))
    if not ID_RE.match(u["id"]):
        err(f"unit {u['id']}: bad identifier")
if len(set(unit_ids)) != len(unit_ids):
    err("units.yaml: duplicate unit ids")
triage = [u["id"] for u in units if u.get("triage")]
if len(triage) != 1:
    err(f"units.yaml: exactly one triage unit expected, found {triage}")
if not 12 <= len(units) <= 14:
    err(f"units.yaml: 12 to 14 units expected, found {len(units)}")

cats = load("categories.yaml")["categories"]
for c in cats:
    check_fields(f"categories.yaml {c.get('id')}", c, ("id", "label", "unit", "description"))
    if len(c["label"]) > 40:
        err(f"category {c['id']}: label longer than 40 characters")
    if c["unit"] not in unit_ids:
        err(f"category {c['id']}: unknown unit {c['unit']}")
if len({c["id"] for c in cats}) != len(cats):
    err("categories.yaml: duplicate ids")
if not any(c["unit"] in triage for c in cats):
    err("categories.yaml: no catch-all category for the triage unit")
if os.path.exists(os.path.join(KB, "routing.yaml")):
    err("kb/routing.yaml must not exist")

entries = []
for path in sorted(glob.glob(os.path.join(KB, "faq", "*.yaml"))):
    for e in load(os.path.join("faq", os.path.basename(path)))["entries"]:
        entries.append(e)
        where = f"{os.path.basename(path)} {e.get('id')}"
        check_fields(where, e, ("id", "question", "answer", "unit"), ("label", "tags", "kind"))
        if not ID_RE.match(e["id"]):
            err(f"{where}: bad identifier")
        if e["unit"] not in unit_ids:
            err(f"{where}: unknown unit {e['unit']}")
        if len(e.get("label", "")) > 60 or "?" in e.get("label", ""):
            err(f"{where}: label longer than 60 characters or with a question mark")
        if e.get("kind", "faq") not in ("faq", "hoax_clarification"):
            err(f"{where}: unknown kind {e.get('kind')}")
        if e.get("kind") == "hoax_clarification" and not e["answer"].startswith(
            "Informasi tersebut tidak benar."
        ):
            err(f"{where}: hoax answer must start with the verdict")
        if re.search(r"Rp\s?\d", e["answer"]):
            err(f"{where}: answer states an amount of money")
entry_ids = [e["id"] for e in entries]
dups = [i for i, n in Counter(entry_ids).items() if n > 1]
if dups:
    err(f"duplicate entry ids: {dups}")
if not 70 <= len(entries) <= 90:
    err(f"70 to 90 FAQ entries expected, found {len(entries)}")
entry_set = set(entry_ids)


def read_jsonl(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        raw = f.read()
    if "\\u" in raw:
        err(f"{name}: ASCII-escaped unicode")
    for n, line in enumerate(raw.splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as x:
            err(f"{name}:{n}: invalid JSON ({x})")
    return rows


# ---- faq_queries.jsonl ----------------------------------------------------------------------------
qs = read_jsonl("faq_queries.jsonl")
for r in qs:
    if set(r) != {"q", "expect"}:
        err(f"faq_queries: keys {sorted(r)}")
    if r.get("expect") is not None and r["expect"] not in entry_set:
        err(f"faq_queries: unknown entry id {r['expect']!r}")
nulls = sum(1 for r in qs if r.get("expect") is None)
if len(qs) != 250:
    err(f"faq_queries: 250 rows expected, found {len(qs)}")
if not 55 <= nulls <= 65:
    err(f"faq_queries: about 60 null rows expected, found {nulls}")
per_entry = Counter(r["expect"] for r in qs if r.get("expect"))
few = [i for i in entry_ids if per_entry[i] < 2]
if few:
    err(f"faq_queries: entries with fewer than 2 queries: {few}")
qtexts = [r["q"].strip().lower() for r in qs]
if len(set(qtexts)) != len(qtexts):
    err("faq_queries: duplicate queries")
questions = {e["question"].strip().lower().rstrip("?") for e in entries}
for t in qtexts:
    if t.rstrip("?") in questions:
        err(f"faq_queries: query copies an entry question: {t!r}")

# ---- complaints.jsonl -----------------------------------------------------------------------------
cs = read_jsonl("complaints.jsonl")
for r in cs:
    if set(r) != {"text", "unit"}:
        err(f"complaints: keys {sorted(r)}")
    if r.get("unit") not in unit_ids:
        err(f"complaints: unknown unit {r.get('unit')!r}")
n_triage = sum(1 for r in cs if r.get("unit") in triage)
if len(cs) != 160:
    err(f"complaints: 160 rows expected, found {len(cs)}")
if not 19 <= n_triage <= 27:
    err(f"complaints: about 1 in 7 (23) triage rows expected, found {n_triage}")
missing = set(unit_ids) - {r.get("unit") for r in cs}
if missing:
    err(f"complaints: units without complaints: {sorted(missing)}")
if len({r["text"].lower() for r in cs}) != len(cs):
    err("complaints: duplicate texts")

# ---- understanding.jsonl --------------------------------------------------------------------------
us = read_jsonl("understanding.jsonl")
for n, r in enumerate(us, 1):
    if (
        not {"text", "kind", "context", "style", "pii"}
        <= set(r)
        <= {"text", "kind", "context", "style", "pii", "note"}
    ):
        err(f"understanding:{n}: keys {sorted(r)}")
    if r.get("kind") not in KINDS or r.get("context") not in CONTEXTS or r.get("style") not in STYLES:
        err(
            f"understanding:{n}: unknown kind, context or style "
            f"{[r.get(k) for k in ('kind', 'context', 'style')]}"
        )
    if not isinstance(r.get("pii"), bool):
        err(f"understanding:{n}: pii not a bool")
    if r.get("kind") in ("answer", "correction") and r.get("context") == "idle":
        err(f"understanding:{n}: {r['kind']} in idle")
kc = Counter(r.get("kind") for r in us)
if len(us) != 200:
    err(f"understanding: 200 rows expected, found {len(us)}")
for k in KINDS:
    if kc[k] < MIN_KIND.get(k, 8):
        err(f"understanding: kind {k}: {kc[k]} < {MIN_KIND.get(k, 8)}")
    if k not in ("answer", "correction") and not any(r["kind"] == k and r["context"] != "idle" for r in us):
        err(f"understanding: kind {k} has no non-idle example")
if len({(r["text"].lower(), r["context"]) for r in us}) != len(us):
    err("understanding: duplicate (text, context)")

# ---- report ---------------------------------------------------------------------------------------
print(f"units: {len(units)} (triage {triage}); categories: {len(cats)}")
print(f"FAQ entries: {len(entries)} ({sum(e.get('kind') == 'hoax_clarification' for e in entries)} hoax)")
print(
    f"faq_queries: {len(qs)} ({len(qs) - nulls} answerable, {nulls} null); min per entry "
    f"{min(per_entry[i] for i in entry_ids)}"
)
print(f"complaints: {len(cs)} ({n_triage} triage)", dict(sorted(Counter(r["unit"] for r in cs).items())))
print(f"understanding: {len(us)}", dict(kc.most_common()))
print("  contexts:", dict(Counter(r["context"] for r in us).most_common()))
if errors:
    print(f"\n{len(errors)} problem(s):", *errors, sep="\n  - ")
    sys.exit(1)
print("\nAll checks passed.")
