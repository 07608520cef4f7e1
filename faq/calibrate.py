"""Fitting the scoring weights: ``python -m faq.calibrate KB_DIR DEV_CASES... [--write]``.

Training data comes from the knowledge base itself plus a hand-written dev set, never from the
held-out evaluation file:

* leave-one-variant-out: remove one variant from its entry, ask it, expect that entry;
* leave-one-entry-out: remove a whole entry, ask its question and variants, expect no answer
  (the hardest kind of unanswerable message: on-topic but not covered);
* the dev cases, asked against the full knowledge base.

Stage 1 fits per-candidate weights (is this candidate the expected entry?) by L2-regularised
logistic regression; stage 2 fits confidence from the top score and its margin over the runner-up.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from faq.evaluate import EvalCase, evaluate, format_report, load_cases
from faq.features import FEATURE_NAMES
from faq.index import CANDIDATES, FaqIndex
from faq.loader import load_kb
from faq.matcher import SINGLE_CANDIDATE_MARGIN, MatchThresholds, ScoringModel
from faq.models import FaqEntry, KnowledgeBase
from faq.weights import DEFAULT_MODEL

RANKER_L2 = 1.0  # strong: the fuzzy features are correlated and free weights flip signs
CONFIDENCE_L2 = 0.5
DEV_WEIGHT = 8.0  # realistic messages count more than the ones derived from the knowledge base
CONFIDENCE_FEATURES = (*FEATURE_NAMES, "margin", "share")
KB_NEGATIVE_WEIGHT = 0.3  # chosen by 2-fold cross-validation on the dev sets


@dataclass(frozen=True)
class Example:
    """One asked query: candidate feature rows, which row is right (-1: none), and a weight."""

    rows: np.ndarray
    correct: int
    weight: float


def kb_examples(kb: KnowledgeBase) -> Iterator[tuple[KnowledgeBase, str, str | None]]:
    """(knowledge base, query, expected id) triples derived from the knowledge base alone."""
    entries = list(kb.entries)
    for position, entry in enumerate(entries):
        for held in range(len(entry.variants)):
            variants = [v for i, v in enumerate(entry.variants) if i != held]
            changed = entry.model_copy(update={"variants": variants})
            yield (
                _with(kb, [*entries[:position], changed, *entries[position + 1 :]]),
                entry.variants[held],
                entry.id,
            )
        rest = entries[:position] + entries[position + 1 :]
        for text in [entry.question, *entry.variants]:
            yield _with(kb, rest), text, None


def _with(kb: KnowledgeBase, entries: list[FaqEntry]) -> KnowledgeBase:
    return kb.model_copy(update={"entries": entries})


def _example(index: FaqIndex, query: str, expect: str | None, weight: float) -> Example | None:
    result = index.match(query, limit=CANDIDATES)
    if not result.candidates:
        return None
    rows = np.array([[m.features[name] for name in FEATURE_NAMES] for m in result.candidates])
    ids = [m.entry_id for m in result.candidates]
    return Example(rows, ids.index(expect) if expect in ids else -1, weight)


def collect(kb: KnowledgeBase, dev: list[EvalCase], dev_weight: float = DEV_WEIGHT) -> list[Example]:
    return kb_derived_examples(kb) + dev_examples(kb, dev, dev_weight)


def kb_derived_examples(kb: KnowledgeBase, negative_weight: float = KB_NEGATIVE_WEIGHT) -> list[Example]:
    """Examples from the knowledge base alone. Its leave-one-entry-out negatives are far harder than
    what citizens ask (an entry's own question, next to its neighbours), so they count less."""
    examples: list[Example] = []
    built: dict[int, FaqIndex] = {}
    for variant_kb, query, expect in kb_examples(kb):
        key = id(variant_kb)
        index = built.get(key) or FaqIndex.build(variant_kb)
        built = {key: index}
        weight = 1.0 if expect is not None else negative_weight
        example = _example(index, query, expect, weight)
        if example is not None:
            examples.append(example)
    return examples


def dev_examples(kb: KnowledgeBase, dev: list[EvalCase], weight: float = DEV_WEIGHT) -> list[Example]:
    full = FaqIndex.build(kb)
    found = (_example(full, case.q, case.expect, weight) for case in dev)
    return [example for example in found if example is not None]


def fit_logistic(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 0.05, offset: np.ndarray | None = None
) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method; returns [bias, *coefficients].

    ``offset`` is added to the linear term as is (a coefficient fixed in advance).
    """
    design = np.hstack([np.ones((x.shape[0], 1)), x])
    fixed = np.zeros(x.shape[0]) if offset is None else offset
    beta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ beta + fixed)))
        gradient = design.T @ (w * (p - y)) + penalty @ beta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fit_ranker(examples: list[Example], l2: float = RANKER_L2) -> np.ndarray:
    """Conditional logit: the expected entry should win a softmax over each query's candidates."""
    usable = [e for e in examples if e.correct >= 0 and len(e.rows) > 1]
    beta = np.zeros(len(FEATURE_NAMES))
    for _ in range(100):
        gradient = l2 * beta
        hessian = l2 * np.eye(len(beta))
        for e in usable:
            logits = e.rows @ beta
            p = np.exp(logits - logits.max())
            p /= p.sum()
            gradient += e.weight * (e.rows.T @ p - e.rows[e.correct])
            hessian += e.weight * (e.rows.T @ (np.diag(p) - np.outer(p, p)) @ e.rows)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fit(examples: list[Example]) -> ScoringModel:
    beta = fit_ranker(examples)
    weights = dict(zip(FEATURE_NAMES, (float(b) for b in beta), strict=True))
    conf_x, conf_y, conf_w = [], [], []
    for e in examples:
        scores = e.rows @ beta
        order = np.argsort(-scores)
        margin = scores[order[0]] - scores[order[1]] if len(order) > 1 else SINGLE_CANDIDATE_MARGIN
        share = 1.0 / np.exp(scores - scores[order[0]]).sum()
        top = dict(zip(FEATURE_NAMES, e.rows[order[0]], strict=True)) | {"margin": margin, "share": share}
        conf_x.append([top[name] for name in CONFIDENCE_FEATURES])
        conf_y.append(float(order[0] == e.correct))
        conf_w.append(e.weight)
    x, y, w = np.array(conf_x), np.array(conf_y), np.array(conf_w)
    gamma = fit_logistic(x, y, w, l2=CONFIDENCE_L2)
    conf_weights = {name: float(g) for name, g in zip(CONFIDENCE_FEATURES, gamma[1:], strict=True)}
    return ScoringModel(weights, conf_weights, float(gamma[0]))


def render_module(model: ScoringModel) -> str:
    def block(values: dict[str, float]) -> str:
        return "".join(f'        "{name}": {value:.4f},\n' for name, value in values.items())

    return (
        '"""Fitted scoring weights; regenerate with ``python -m faq.calibrate`` when features change."""\n\n'
        "from __future__ import annotations\n\nfrom faq.matcher import ScoringModel\n\n"
        f"DEFAULT_MODEL = ScoringModel(\n    weights={{\n{block(model.weights)}    }},\n"
        f"    conf_weights={{\n{block(model.conf_weights)}    }},\n"
        f"    conf_bias={model.conf_bias:.4f},\n)\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("kb", type=Path)
    parser.add_argument("dev", type=Path, nargs="+", help="dev case files (never the held-out set)")
    parser.add_argument("--write", action="store_true", help="overwrite faq/weights.py")
    args = parser.parse_args(argv)
    kb = load_kb(args.kb)
    known = {entry.id for entry in kb.entries}
    dev = [case for path in args.dev for case in load_cases(path, known)]
    model = fit(collect(kb, dev))
    print(render_module(model))
    before = evaluate(FaqIndex.build(kb, model=DEFAULT_MODEL), dev)
    after = evaluate(FaqIndex.build(kb, model=model, thresholds=MatchThresholds()), dev)
    print("dev, current weights:\n" + format_report(before, show_failures=False))
    print("dev, fitted weights:\n" + format_report(after))
    if args.write:
        Path(__file__).with_name("weights.py").write_text(render_module(model), encoding="utf-8")


if __name__ == "__main__":
    main()
