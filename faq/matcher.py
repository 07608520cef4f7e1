"""Match results and the pure scoring that turns feature vectors into calibrated confidence.

A candidate's features are combined linearly into a ranking score ``s``; confidence is a logistic
function of ``s`` and of the margin between ``s`` and the best *other* candidate, so a query that
fits two entries equally well is less certain than one that fits a single entry. The weights are
fit by :mod:`faq.calibrate` and live in :mod:`faq.weights`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Decision = Literal["answer", "suggest", "none"]


@dataclass(frozen=True)
class MatchThresholds:
    """Confidence needed to answer outright, and to offer suggestions instead.

    ``min_gap``: answering also needs the best candidate's confidence to lead the runner-up's by
    this much; "pbb" alone fits several PBB entries equally well and gets suggestions instead.
    Defaults were chosen by 2-fold cross-validation on the dev sets (tests/faq/data/dev_cases*.jsonl):
    the highest answer rate whose false-answer rate stays within 0.05 there. (A stricter 0.70 was
    tried: it cost answers to plain questions and barely lowered false answers on new phrasings,
    whose false answers come with high confidence; see docs/faq-quality.md.) ``suggest`` went from
    0.2 to 0.1 with the answerability confidence model (2026-12-04), which gives a message that fits
    three PBB entries equally about 0.1: at 0.1 the right entry is answered or offered as often as
    before on the sample KB's dev sets (0.92) and more often on Kota Lestari's (0.82, was 0.77).
    """

    answer: float = 0.65
    suggest: float = 0.1
    min_gap: float = 0.1

    def __post_init__(self) -> None:
        if not 0.0 <= self.suggest <= self.answer <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= suggest <= answer <= 1")


@dataclass(frozen=True)
class Match:
    entry_id: str
    question: str
    score: float
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchResult:
    decision: Decision
    best: Match | None
    candidates: list[Match]
    tokens: list[str] = field(default_factory=list)
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    """The message's sentence embedding (fused mode), for whoever else needs its meaning."""


@dataclass(frozen=True)
class ScoringModel:
    """Ranking weights per feature, and a logistic confidence model over the same features.

    Ranking decides which entry fits best; confidence decides whether that fit is good enough.
    Confidence also sees ``margin``: the ranking score minus that of the best other candidate, and
    ``lead``: that margin clipped to [0, 3] and scaled to [0, 1] (a huge lead on one knowledge base
    says no more than a clear one; unclipped, it did not transfer across knowledge bases),.
    """

    weights: dict[str, float]
    conf_weights: dict[str, float]
    conf_bias: float

    def rank_score(self, features: dict[str, float]) -> float:
        return sum(weight * features.get(name, 0.0) for name, weight in self.weights.items())

    def confidence(
        self, features: dict[str, float], score: float, other_best: float | None, share: float
    ) -> float:
        """``share``: this candidate's softmax share of all candidates' ranking scores."""
        margin = score - other_best if other_best is not None else SINGLE_CANDIDATE_MARGIN
        values = {**features, "margin": margin, "lead": lead(margin), "share": share}
        linear = self.conf_bias + sum(w * values.get(name, 0.0) for name, w in self.conf_weights.items())
        return _sigmoid(linear)


SINGLE_CANDIDATE_MARGIN = 3.0  # margin assumed when only one entry shares any word with the query


def lead(margin: float) -> float:
    """The ranking margin over the runner-up, clipped to [0, 3] and scaled to [0, 1]."""
    return min(max(margin, 0.0), SINGLE_CANDIDATE_MARGIN) / SINGLE_CANDIDATE_MARGIN


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def decide(
    ranked: Sequence[tuple[str, str, dict[str, float]]],
    model: ScoringModel,
    thresholds: MatchThresholds,
    limit: int = 3,
    tokens: list[str] | None = None,
) -> MatchResult:
    """Score ``(entry_id, question, features)`` candidates and decide answer / suggest / none."""
    scored = sorted(
        (
            (model.rank_score(features), entry_id, question, features)
            for entry_id, question, features in ranked
        ),
        key=lambda item: (-item[0], item[1]),
    )
    if not scored:
        return MatchResult("none", None, [], list(tokens or []))
    top_score = scored[0][0]
    mass = sum(math.exp(item[0] - top_score) for item in scored)
    matches: list[Match] = []
    for position, (score, entry_id, question, features) in enumerate(scored[: max(limit, 1)]):
        other = scored[1][0] if position == 0 and len(scored) > 1 else (scored[0][0] if position else None)
        confidence = model.confidence(features, score, other, math.exp(score - top_score) / mass)
        matches.append(Match(entry_id, question, round(confidence, 4), {**features, "rank_score": score}))
    best = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if best.score >= thresholds.answer and best.score - runner_up >= thresholds.min_gap:
        decision: Decision = "answer"
    elif best.score >= thresholds.suggest:
        decision = "suggest"
    else:
        decision = "none"
    return MatchResult(decision, best, matches[:limit], list(tokens or []))


def match_result_to_dict(result: MatchResult) -> dict[str, Any]:
    """A JSON-ready view of a result: decision, best entry id and ranked candidates with features."""
    return {
        "decision": result.decision,
        "best": result.best.entry_id if result.best else None,
        "score": result.best.score if result.best else 0.0,
        "tokens": list(result.tokens),
        "candidates": [
            {
                "entry_id": match.entry_id,
                "question": match.question,
                "score": match.score,
                "features": {name: round(value, 4) for name, value in match.features.items()},
            }
            for match in result.candidates
        ],
    }
