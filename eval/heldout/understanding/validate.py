import json, collections, re, sys
KINDS = "question report follow_up status answer correction cancel human emergency greeting thanks political abusive hoax_check spam small_talk".split()
CTX = "idle asked_description asked_location asked_category asked_photo confirming after_ticket".split()
STY = "casual slang typo formal javanese sundanese betawi english mixed story emotional emoji short".split()
MIN = {k: 25 for k in KINDS}
MIN.update({k: 40 for k in "emergency report cancel hoax_check question answer".split()})
rows, errs = [], []
with open("understanding_heldout.jsonl", encoding="utf-8") as f:
    raw = f.read()
if "\\u" in raw: errs.append("ASCII-escaped unicode found")
for n, line in enumerate(raw.splitlines(), 1):
    try: o = json.loads(line)
    except Exception as e: errs.append(f"line {n}: bad json {e}"); continue
    if set(o) - {"text","kind","context","style","pii","note"} or not {"text","kind","context","style","pii"} <= set(o):
        errs.append(f"line {n}: bad keys {sorted(o)}")
    if o.get("kind") not in KINDS: errs.append(f"line {n}: kind {o.get('kind')}")
    if o.get("context") not in CTX: errs.append(f"line {n}: context {o.get('context')}")
    if o.get("style") not in STY: errs.append(f"line {n}: style {o.get('style')}")
    if not isinstance(o.get("pii"), bool): errs.append(f"line {n}: pii not bool")
    if not o.get("text","").strip(): errs.append(f"line {n}: empty text")
    if o.get("kind") in ("answer","correction") and o.get("context") == "idle": errs.append(f"line {n}: {o['kind']} in idle")
    rows.append(o)
texts = collections.Counter((o["text"].lower(), o["context"]) for o in rows)
for t, c in texts.items():
    if c > 1: errs.append(f"duplicate text x{c}: {t}")
kc = collections.Counter(o["kind"] for o in rows)
for k in KINDS:
    if kc[k] < MIN[k]: errs.append(f"kind {k}: {kc[k]} < {MIN[k]}")
for k in KINDS:
    if k in ("answer","correction"): continue
    if not any(o["kind"] == k and o["context"] != "idle" for o in rows): errs.append(f"kind {k}: no non-idle example")
# heuristic PII check: flag unmarked NIK/phone/email
for o in rows:
    t = o["text"]
    looks = bool(re.search(r"\b\d{16}\b|\b08\d{2}[- ]?\d{4}[- ]?\d{3,5}\b|\+?62[ ]?8\d{2}[- ]?\d{3,4}[- ]?\d{3,5}|\b628\d{8,11}\b|[\w.]+@[\w-]+\.\w+|\b[Nn][Oo]\.? ?\d+|Nomor \d+", t))
    if looks != o["pii"]: print("PII check?", o["pii"], t[:90])
print("total", len(rows))
print("kinds:", dict(sorted(kc.items(), key=lambda x: -x[1])))
print("contexts:", dict(collections.Counter(o["context"] for o in rows).most_common()))
print("styles:", dict(collections.Counter(o["style"] for o in rows).most_common()))
print("pii:", sum(o["pii"] for o in rows), f"({100*sum(o['pii'] for o in rows)/len(rows):.1f}%)")
ctx_by_kind = collections.defaultdict(collections.Counter)
for o in rows: ctx_by_kind[o["kind"]][o["context"]] += 1
for k in KINDS: print(f"  {k:12s} non-idle={sum(v for c,v in ctx_by_kind[k].items() if c!='idle'):3d} {dict(ctx_by_kind[k])}")
print("ERRORS:" if errs else "OK, no errors", *errs, sep="\n  ")
sys.exit(1 if errs else 0)
