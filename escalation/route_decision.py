"""How the evidence of each unit (escalation.route_evidence) becomes a decision: one logit per unit,
the citizen's category as a prior, a softmax; triage when triage's own evidence wins, when nothing
points anywhere, or when the two best units are too close to tell apart."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from escalation.route_evidence import best_faq_per_unit, softmax
from escalation.texts import reason
from faq import KnowledgeBase
from faq.institutions import institution_for
from faq.labels import entry_label

if TYPE_CHECKING:
    from escalation.routing import UnitRouter
    from faq import MatchResult

SNIPPET = 60
"""Characters of a unit's closest text quoted in a reason."""


@dataclass(frozen=True)
class RoutingWeights:
    """How evidence turns into a decision (tuned on the two dev sets only: docs/escalation.md)."""

    text: float = 1.5
    """Logit per unit of profile evidence (IDF-weighted, saturated term matches)."""
    faq: float = 1.5
    """Logit per unit of the best FAQ candidate's score for an entry of the unit."""
    semantic: float = 0.0
    """Logit per unit of e5 closeness (a cosine: 0.01 more is 0.4 more logit at 40)."""
    keyword: float = 2.5
    """Logit per keyword phrase of `routing.yaml` found in the text."""
    elsewhere: float = 2.0
    """Logit for triage when the text names another institution's matter (the KB's
    `other_institutions.yaml`) that no unit's profile mentions: triage forwards it."""
    category_prior: float = 0.75
    """Prior probability of the unit of the category the citizen chose (not the catch-all)."""
    min_margin: float = 0.3
    """Below this logit margin between the best unit and the next, the evidence is split: triage."""
    min_evidence: float = 1.5
    """Word evidence (profile words and keywords, as logit) the best unit needs ..."""
    min_semantic_lead: float = 0.005
    """... unless meaning alone makes it lead the next unit by this much (cosine); without either, and
    without a category, there is no evidence: triage."""
    saturation: float = 1.0
    answer_field: float = 0.5
    """Weight of words that occur only in a unit's FAQ answers (name, scope and questions count 1)."""


DEFAULT_WEIGHTS = RoutingWeights()
"""Words only (no semantic model)."""
FUSED_WEIGHTS = RoutingWeights(
    faq=0.0, semantic=40.0, min_margin=0.2, min_evidence=0.5, min_semantic_lead=0.01, answer_field=0.25
)
"""Words and meaning. The fused FAQ index ranks entries by meaning too, so its best entry per unit
repeats the semantic evidence: on the dev sets any FAQ weight above 0 only cost accuracy; answers
count less in the profile (their meaning is weighed by the model)."""


@dataclass(frozen=True)
class RoutingDecision:
    unit_id: str
    confidence: float
    reasons: tuple[str, ...]
    ranking: tuple[tuple[str, float], ...] = ()
    """Every unit with its probability, best first (for `tanggap route explain`)."""

    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The best units (at most three) with the evidence each had, for `tanggap route explain`."""


def decide(
    text: str, category: str | None, faq_match: MatchResult | None, router: UnitRouter
) -> RoutingDecision:
    kb, weights = router.kb, router.weights
    triage = kb.triage_unit.id
    logits, evidence, worded, meaning = _evidence(text, faq_match, router)
    prior_reason, priors, chosen = _priors(kb, category, triage, weights.category_prior)
    ranking = softmax(logits, priors)
    (best, confidence), (second, runner_up) = ranking[0], ranking[1]
    margin = math.log(confidence / runner_up) if runner_up > 0 else math.inf
    shown = tuple((unit_id, tuple(evidence[unit_id])) for unit_id, _ in ranking[:3])
    reasons = [prior_reason] if prior_reason else []
    reasons += evidence[best] or [reason("routing.nothing_matched")]

    def decided(unit_id: str, last: str) -> RoutingDecision:
        return RoutingDecision(unit_id, confidence, (*reasons, last), tuple(ranking), shown)

    values = {"unit": kb.unit(best).name, "other": kb.unit(second).name, "margin": f"{margin:.2f}"}
    if best == triage:
        return decided(triage, reason("routing.lead", **values))
    weak = worded.get(best, 0.0) < weights.min_evidence
    if weak and chosen is None and (not meaning or _lead(meaning, best) < weights.min_semantic_lead):
        return decided(triage, reason("routing.no_evidence"))
    if best != chosen and margin < weights.min_margin:
        return decided(triage, reason("routing.split", threshold=f"{weights.min_margin:.2f}", **values))
    return decided(best, reason("routing.lead", **values))


def _evidence(
    text: str, faq_match: MatchResult | None, router: UnitRouter
) -> tuple[dict[str, float], dict[str, list[str]], dict[str, float], dict[str, float]]:
    """Per unit: its logit, the reasons behind it, the part of the logit words gave (profile, FAQ
    entries, keywords), and its
    closeness in meaning (empty without the semantic model)."""
    kb, weights = router.kb, router.weights
    words = set(router.analyse(text))
    query = words - router.index.weak
    match = faq_match if faq_match is not None else router.index.match(text, limit=5)
    best_faq = best_faq_per_unit(match, router.entry_units)
    meaning = {}
    if router.vectors is not None and weights.semantic > 0:
        vector = match.vector if match.vector is not None else router.vectors.query(text, router.index)
        meaning = router.vectors.closeness(vector)
    logits: dict[str, float] = {}
    evidence: dict[str, list[str]] = {unit.id: [] for unit in kb.units}
    worded: dict[str, float] = {}
    for unit in kb.units:
        score, matched = router.profiles.score(unit.id, query, weights.saturation)
        logit = weights.text * score
        if matched:
            evidence[unit.id].append(reason("routing.profile_words", words=", ".join(matched)))
        if unit.id in best_faq and weights.faq > 0:
            entry_id, faq_score = best_faq[unit.id]
            logit += weights.faq * faq_score
            label = entry_label(kb.entry(entry_id))
            evidence[unit.id].append(reason("routing.faq_match", entry=label, score=f"{faq_score:.2f}"))
        hits = [" ".join(k) for k in router.keywords.get(unit.id, ()) if set(k) <= words]
        if hits:
            logit += weights.keyword * len(hits)
            evidence[unit.id].append(reason("routing.keywords", words=", ".join(hits)))
        worded[unit.id] = logit
        if unit.id in meaning:
            closeness, closest = meaning[unit.id]
            logit += weights.semantic * closeness
            evidence[unit.id].append(
                reason("routing.meaning", score=f"{closeness:.3f}", text=_snippet(closest))
            )
        logits[unit.id] = logit
    named = institution_for(kb, text, router.index.lexicon)
    if named is not None and not set(router.analyse(named[1])) <= router.profiles.known:
        triage = kb.triage_unit.id
        logits[triage] += weights.elsewhere
        worded[triage] += weights.elsewhere
        evidence[triage].append(reason("routing.elsewhere", words=f"{named[0].name} ({named[1]})"))
    return logits, evidence, worded, {unit_id: value for unit_id, (value, _) in meaning.items()}


def _lead(meaning: dict[str, float], best: str) -> float:
    """How far the best unit leads the next by meaning alone (cosine; 0 without the semantic model)."""
    if len(meaning) < 2:
        return 0.0
    return meaning[best] - max(value for unit_id, value in meaning.items() if unit_id != best)


def _priors(
    kb: KnowledgeBase, category: str | None, triage: str, strength: float
) -> tuple[str | None, dict[str, float], str | None]:
    """The reason, the prior of every unit, and the unit the citizen's category points at."""
    units = [unit.id for unit in kb.units]
    uniform = {unit_id: 1.0 / len(units) for unit_id in units}
    if category is None:
        return None, uniform, None
    try:
        chosen = kb.category(category).unit
    except KeyError:
        return None, uniform, None
    if chosen == triage:
        return None, uniform, None
    rest = (1.0 - strength) / max(len(units) - 1, 1)
    priors = {unit_id: strength if unit_id == chosen else rest for unit_id in units}
    label = kb.category(category).label
    return reason("routing.category_prior", category=label, unit=kb.unit(chosen).name), priors, chosen


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1].rstrip() + "…"
