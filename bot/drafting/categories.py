"""The category of a complaint, from the router: its best units, then the category of each whose label
and description fit the text best. Sure only when the router is; otherwise 2-3 guesses to offer."""

from __future__ import annotations

from dataclasses import dataclass

from escalation import UnitRouter
from faq import Category, KnowledgeBase

SURE = 0.8
"""The router's confidence above which its unit's category is taken without asking."""
GUESSES = 3
MIN_GUESSES = 2
MIN_SCORE = 0.03
"""A third guess is offered only when the router gives it at least this much."""
TYPED_SURE = 0.6
"""A category the citizen typed ("kategorinya lampu jalan") is taken from the router above this."""


@dataclass(frozen=True)
class CategoryGuess:
    sure: str | None
    """The category, when the router is sure of it."""
    options: tuple[str, ...]
    """The best 2-3 categories to offer (never the catch-all, which is always offered after them)."""


def catch_all(kb: KnowledgeBase) -> Category | None:
    """The category that goes to the triage unit ("Lainnya")."""
    triage = kb.triage_unit.id
    return next((category for category in kb.categories if category.unit == triage), None)


def guess_categories(router: UnitRouter, text: str) -> CategoryGuess:
    kb = router.kb
    decision = router.route(text)
    ranked = _ranked(router, text, dict(decision.ranking))
    if not ranked:
        return CategoryGuess(sure=None, options=())
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    sure = (
        decision.unit_id != kb.triage_unit.id
        and decision.confidence >= SURE
        and kb.category(best).unit == decision.unit_id
        and best_score >= 2 * runner_up
    )
    options = [
        category
        for index, (category, score) in enumerate(ranked[:GUESSES])
        if index < MIN_GUESSES or score >= MIN_SCORE
    ]
    return CategoryGuess(sure=best if sure else None, options=tuple(options))


def typed_category(router: UnitRouter, text: str) -> str | None:
    """The category a citizen names in words: its label or id, else the router's confident pick."""
    kb = router.kb
    folded = " ".join(text.casefold().split())
    for category in kb.categories:
        if folded in (category.id.casefold(), category.label.casefold()):
            return category.id
    other = catch_all(kb)
    if other is not None and folded in ("lainnya", "lain", "lain-lain", "umum"):
        return other.id
    decision = router.route(text)
    ranked = _ranked(router, text, dict(decision.ranking))
    if ranked and decision.confidence >= TYPED_SURE and decision.unit_id != kb.triage_unit.id:
        return ranked[0][0]
    return None


def _ranked(router: UnitRouter, text: str, unit_share: dict[str, float]) -> list[tuple[str, float]]:
    """Every category but the catch-all with its share of the router's probability, best first."""
    kb = router.kb
    other = catch_all(kb)
    words = set(router.analyse(text))
    candidates = [category for category in kb.categories if other is None or category.id != other.id]
    fit = {c.id: 1.0 + len(words & set(router.analyse(f"{c.label} {c.description}"))) for c in candidates}
    per_unit: dict[str, float] = {}
    for category in candidates:
        per_unit[category.unit] = per_unit.get(category.unit, 0.0) + fit[category.id]
    scored = [(c.id, unit_share.get(c.unit, 0.0) * fit[c.id] / per_unit[c.unit]) for c in candidates]
    return sorted(scored, key=lambda item: -item[1])
