#!/usr/bin/env python3
"""Validate the Kabupaten Sukamaju held-out set.

Checks: KB structure (ids, units, categories, no variants, no routing.yaml, hoax count),
faq_queries.jsonl and complaints.jsonl formats, that every referenced id exists, the required
counts and styles, and that `tanggap kb check kb` passes. It never runs faq eval or route eval.

Usage: python3 validate.py [--tanggap PATH]   (default /work/main/.venv/bin/tanggap)
"""
import glob, json, os, re, subprocess, sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
STYLES = {"casual", "slang", "typo", "formal", "javanese", "sundanese", "english", "story", "emotional", "short"}
TRIAGE_LABEL = "triage"
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
errors = []


def err(msg):
    errors.append(msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ---- KB -------------------------------------------------------------------------------------
units = load(os.path.join(KB, "units.yaml"))["units"]
unit_ids = [u["id"] for u in units]
if len(set(unit_ids)) != len(unit_ids):
    err("duplicate unit ids")
triage_units = [u["id"] for u in units if u.get("triage")]
if len(triage_units) != 1:
    err(f"exactly one triage unit expected, found {triage_units}")
service_units = [u for u in unit_ids if u not in triage_units]
if len(service_units) != 14:
    err(f"14 service units expected (plus the triage unit), found {len(service_units)}")

cats = load(os.path.join(KB, "categories.yaml"))["categories"]
if len(cats) > 9:
    err(f"at most 9 categories, found {len(cats)}")
for c in cats:
    if len(c["label"]) > 40:
        err(f"category {c['id']}: label longer than 40 characters")
    if c["unit"] not in unit_ids:
        err(f"category {c['id']}: unknown unit {c['unit']}")
if not any(c["unit"] in triage_units for c in cats):
    err("no catch-all category pointing to the triage unit")

if os.path.exists(os.path.join(KB, "routing.yaml")):
    err("kb/routing.yaml must not exist")

esc = load(os.path.join(KB, "escalation.yaml"))
people = {p["id"] for p in esc["people"]}
for p in esc["people"]:
    if "email" in p and not p["email"].split("@")[1].endswith("example.go.id") and "example" not in p["email"]:
        err(f"person {p['id']}: e-mail must be fictional (example.go.id)")
for uid, spec in esc["units"].items():
    if uid not in unit_ids:
        err(f"escalation: unknown unit {uid}")
    for o in spec.get("officers", []):
        if o not in people:
            err(f"escalation {uid}: unknown officer {o}")
    if spec.get("head") and spec["head"] not in people:
        err(f"escalation {uid}: unknown head {spec['head']}")
if esc.get("supervisor") not in people:
    err("escalation: unknown supervisor")

entries = []
for path in sorted(glob.glob(os.path.join(KB, "faq", "*.yaml"))):
    for e in load(path)["entries"]:
        e["_file"] = os.path.basename(path)
        entries.append(e)
entry_ids = [e["id"] for e in entries]
dups = [i for i, n in Counter(entry_ids).items() if n > 1]
if dups:
    err(f"duplicate entry ids: {dups}")
for e in entries:
    if not ID_RE.match(e["id"]):
        err(f"entry {e['id']}: bad identifier")
    if e.get("variants"):
        err(f"entry {e['id']}: must be written without variants")
    if e["unit"] not in unit_ids:
        err(f"entry {e['id']}: unknown unit {e['unit']}")
    for f in ("question", "answer"):
        if not str(e.get(f, "")).strip():
            err(f"entry {e['id']}: empty {f}")
    if e.get("kind", "faq") == "hoax_clarification" and not e["answer"].startswith("Informasi tersebut tidak benar."):
        err(f"entry {e['id']}: hoax answer must start with the verdict")
    if re.search(r"Rp\s?\d", e["answer"]):
        err(f"entry {e['id']}: answer states an amount of money")
n_hoax = sum(1 for e in entries if e.get("kind") == "hoax_clarification")
if len(entries) < 79:
    err(f"at least 79 FAQ entries expected, found {len(entries)}")
if n_hoax < 5:
    err(f"at least 5 hoax clarifications expected, found {n_hoax}")
entry_set = set(entry_ids)


def read_jsonl(name, keys):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{name}:{n}: empty line")
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as x:
                err(f"{name}:{n}: invalid JSON ({x})")
                continue
            if set(r) != keys:
                err(f"{name}:{n}: keys {sorted(r)} != {sorted(keys)}")
            if r.get("style") not in STYLES:
                err(f"{name}:{n}: unknown style {r.get('style')!r}")
            rows.append(r)
    return rows


# ---- faq_queries.jsonl ------------------------------------------------------------------------
qs = read_jsonl("faq_queries.jsonl", {"q", "expect", "style"})
if len(qs) != 300:
    err(f"faq_queries.jsonl: 300 rows expected, found {len(qs)}")
nulls = [r for r in qs if r["expect"] is None]
if len(nulls) != 75:
    err(f"faq_queries.jsonl: 75 null rows expected, found {len(nulls)}")
for r in qs:
    if r["expect"] is not None and r["expect"] not in entry_set:
        err(f"faq_queries.jsonl: unknown entry id {r['expect']!r}")
    if not str(r["q"]).strip():
        err("faq_queries.jsonl: empty q")
per_entry = Counter(r["expect"] for r in qs if r["expect"] is not None)
few = [i for i in entry_ids if per_entry[i] < 2]
if few:
    err(f"faq_queries.jsonl: entries with fewer than 2 queries: {few}")
if set(r["style"] for r in qs) != STYLES:
    err(f"faq_queries.jsonl: missing styles {STYLES - set(r['style'] for r in qs)}")
qtexts = [r["q"].strip().lower() for r in qs]
if len(set(qtexts)) != len(qtexts):
    err("faq_queries.jsonl: duplicate queries")
questions = {e["question"].strip().lower() for e in entries}
for r in qs:
    if r["q"].strip().lower() in questions:
        err(f"faq_queries.jsonl: query copies an entry question: {r['q']!r}")

# ---- complaints.jsonl -------------------------------------------------------------------------
cs = read_jsonl("complaints.jsonl", {"text", "unit", "style"})
if len(cs) != 150:
    err(f"complaints.jsonl: 150 rows expected, found {len(cs)}")
for r in cs:
    if r["unit"] != TRIAGE_LABEL and r["unit"] not in service_units:
        err(f"complaints.jsonl: unknown unit {r['unit']!r}")
n_triage = sum(1 for r in cs if r["unit"] == TRIAGE_LABEL)
if not 15 <= n_triage <= 23:
    err(f"complaints.jsonl: about 19 triage rows expected, found {n_triage}")
missing_units = set(service_units) - {r["unit"] for r in cs}
if missing_units:
    err(f"complaints.jsonl: units without complaints: {sorted(missing_units)}")
if set(r["style"] for r in cs) != STYLES:
    err(f"complaints.jsonl: missing styles {STYLES - set(r['style'] for r in cs)}")

# ---- tanggap kb check -------------------------------------------------------------------------
tanggap = "/work/main/.venv/bin/tanggap"
if "--tanggap" in sys.argv:
    tanggap = sys.argv[sys.argv.index("--tanggap") + 1]
kb_ok = None
if os.path.exists(tanggap):
    p = subprocess.run([tanggap, "kb", "check", KB], capture_output=True, text=True)
    out = (p.stdout + p.stderr).strip()
    kb_ok = p.returncode == 0
    if not kb_ok and "Traceback" in out and "Configuration problems" not in out:
        kb_ok = None  # the tool itself crashed (e.g. .venv still being installed): not a KB verdict
        err("tanggap kb check could not run (tool error, retry later):\n  " + out.splitlines()[-1])
    elif not kb_ok:
        err("tanggap kb check failed:\n" + out)
else:
    err(f"tanggap not found at {tanggap}; KB load not checked")

# ---- report -----------------------------------------------------------------------------------
print(f"units: {len(unit_ids)} ({len(service_units)} service + triage unit {triage_units})")
print(f"categories: {len(cats)}")
print(f"FAQ entries: {len(entries)} ({n_hoax} hoax clarifications) in {len(set(e['_file'] for e in entries))} files")
print(f"faq_queries: {len(qs)} ({len(qs) - len(nulls)} answerable, {len(nulls)} null); "
      f"min queries per entry {min(per_entry[i] for i in entry_ids)}")
print("  styles:", dict(sorted(Counter(r['style'] for r in qs).items())))
print(f"complaints: {len(cs)} ({n_triage} triage)")
print("  units:", dict(sorted(Counter(r['unit'] for r in cs).items())))
print("  styles:", dict(sorted(Counter(r['style'] for r in cs).items())))
print("tanggap kb check:", {True: "OK", False: "FAILED", None: "not run / tool error"}[kb_ok])
if errors:
    print(f"\n{len(errors)} problem(s):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nAll checks passed.")
