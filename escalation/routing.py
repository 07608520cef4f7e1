"""Which service unit a ticket goes to: the intake category, the matched FAQ entry's unit, and the text
itself, scored against unit profiles built from the knowledge base alone (name, scope, categories and
the unit's FAQ entries), refined by optional keyword/synonym rules (`routing.yaml`). Ties and low
confidence go to the triage unit. `pick_unit` is pure; build the `UnitRouter` once per knowledge base.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from escalation.rules import RoutingRules
from escalation.texts import reason
from faq import FaqIndex, KnowledgeBase, MatchResult, Unit, tokens
from faq.stem import stem


@dataclass(frozen=True)
class RoutingWeights:
    """How evidence turns into a decision (tuned on tests/escalation/data/routing_dev.jsonl only)."""

    text: float = 0.6
    """Logit per unit of profile evidence (IDF-weighted, saturated term matches)."""
    faq: float = 3.0
    """Logit per unit of the best FAQ candidate's calibrated score for an entry of the unit."""
    keyword: float = 2.5
    """Logit per keyword phrase of `routing.yaml` found in the text."""
    elsewhere: float = 2.0
    """Logit for triage per word naming another institution's matter (PLN, BPJS, sekolah) that no
    unit's profile mentions: triage forwards it."""
    category_prior: float = 0.75
    """Prior probability of the unit of the category the citizen chose (not the catch-all)."""
    min_confidence: float = 0.45
    """Below this, the ticket goes to triage."""
    saturation: float = 1.0
    answer_field: float = 0.25
    """Weight of words that occur only in a unit's FAQ answers (name, scope and questions count 1)."""


DEFAULT_WEIGHTS = RoutingWeights()
DECISION_CACHE = 512
"""Routing decisions a router remembers (text and category -> decision), most recent kept."""


@dataclass(frozen=True)
class RoutingDecision:
    unit_id: str
    confidence: float
    reasons: tuple[str, ...]
    ranking: tuple[tuple[str, float], ...] = ()
    """Every unit with its probability, best first (for `tanggap route explain`)."""


@dataclass(frozen=True)
class UnitRouter:
    """The routing model of one knowledge base."""

    kb: KnowledgeBase
    index: FaqIndex
    rules: RoutingRules
    profiles: Mapping[str, Mapping[str, float]]
    """Unit id -> token -> weighted count (name, scope, categories and questions 1, answers less)."""
    idf: Mapping[str, float]
    keywords: Mapping[str, tuple[tuple[str, ...], ...]]
    entry_units: Mapping[str, str]
    known: frozenset[str]
    """Every token of any unit's name, scope, categories, questions, variants and tags."""
    weights: RoutingWeights = DEFAULT_WEIGHTS
    _decisions: dict[tuple[str, str | None], RoutingDecision] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Decisions already taken: the bot routes a complaint to show the unit before the citizen
    confirms and again when it files the ticket; `pick_unit` is pure, so the second is a look-up."""

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        *,
        index: FaqIndex | None = None,
        rules: RoutingRules | None = None,
        weights: RoutingWeights = DEFAULT_WEIGHTS,
    ) -> UnitRouter:
        index = index or FaqIndex.build(kb)
        rules = rules or RoutingRules()
        profiles: dict[str, dict[str, float]] = {unit.id: defaultdict(float) for unit in kb.units}
        known: set[str] = set()
        for unit in kb.units:
            for field, text in _profile_texts(kb, unit):
                words = set(_analyse(index, text))
                if field != "answer":
                    known |= words
                for token in words:
                    profiles[unit.id][token] += 1.0 if field != "answer" else weights.answer_field
        count = len(kb.units)
        seen_in: dict[str, int] = defaultdict(int)
        for profile in profiles.values():
            for token in profile:
                seen_in[token] += 1
        idf = {token: math.log(1 + (count - seen + 0.5) / (seen + 0.5)) for token, seen in seen_in.items()}
        keywords = {
            unit_id: tuple(tuple(_analyse(index, phrase)) for phrase in phrases if _analyse(index, phrase))
            for unit_id, phrases in rules.keywords.items()
        }
        entry_units = {entry.id: entry.unit for entry in kb.entries}
        return cls(kb, index, rules, profiles, idf, keywords, entry_units, frozenset(known), weights)

    def analyse(self, text: str) -> list[str]:
        """The text's canonical tokens (as FAQ matching sees them), with the synonyms applied."""
        out: list[str] = []
        for token in self.index.analyse(text):
            target = self.rules.synonyms.get(token)
            out.extend(_analyse(self.index, target) if target else [token])
        return out

    def route(
        self, text: str, *, category: str | None = None, faq_match: MatchResult | None = None
    ) -> RoutingDecision:
        if faq_match is not None:
            return pick_unit(text, category, faq_match, self)
        key = (text, category)
        decision = self._decisions.get(key)
        if decision is None:
            decision = pick_unit(text, category, None, self)
            if len(self._decisions) >= DECISION_CACHE:
                del self._decisions[next(iter(self._decisions))]
            self._decisions[key] = decision
        return decision


def pick_unit(
    text: str, category: str | None, faq_match: MatchResult | None, rules: UnitRouter
) -> RoutingDecision:
    """Decide the unit for a complaint. `category`: the intake category (strong evidence, except the
    triage unit's catch-all); `faq_match`: the FAQ result for the text (computed here when None)."""
    kb, weights = rules.kb, rules.weights
    triage = kb.triage_unit.id
    words = set(rules.analyse(text))
    query = words - rules.index.weak
    match = faq_match if faq_match is not None else rules.index.match(text, limit=5)
    best_faq = _best_faq_per_unit(match, rules.entry_units)
    logits: dict[str, float] = {}
    evidence: dict[str, list[str]] = {unit.id: [] for unit in kb.units}
    for unit in kb.units:
        profile = rules.profiles[unit.id]
        matched = sorted(query & set(profile))
        score = sum(rules.idf[t] * profile[t] / (profile[t] + weights.saturation) for t in matched)
        logit = weights.text * score
        if matched:
            evidence[unit.id].append(reason("routing.profile_words", words=", ".join(matched)))
        if unit.id in best_faq:
            entry_id, faq_score = best_faq[unit.id]
            logit += weights.faq * faq_score
            evidence[unit.id].append(reason("routing.faq_match", entry=entry_id, score=f"{faq_score:.2f}"))
        hits = [" ".join(k) for k in rules.keywords.get(unit.id, ()) if set(k) <= words]
        if hits:
            logit += weights.keyword * len(hits)
            evidence[unit.id].append(reason("routing.keywords", words=", ".join(hits)))
        logits[unit.id] = logit
    elsewhere = sorted((query & rules.index.elsewhere) - rules.known)
    if elsewhere:
        logits[triage] += weights.elsewhere * len(elsewhere)
        evidence[triage].append(reason("routing.elsewhere", words=", ".join(elsewhere)))
    prior_reason, priors = _priors(kb, category, triage, weights.category_prior)
    ranking = _softmax(logits, priors)
    best, confidence = ranking[0]
    reasons = [prior_reason] if prior_reason else []
    reasons += evidence[best] or [reason("routing.nothing_matched")]
    no_evidence = not any(logits.values()) and prior_reason is None
    if best != triage and (confidence < weights.min_confidence or no_evidence):
        reasons.append(
            reason(
                "routing.below_threshold",
                confidence=f"{confidence:.2f}",
                unit=best,
                threshold=f"{weights.min_confidence:.2f}",
            )
        )
        return RoutingDecision(triage, confidence, tuple(reasons), tuple(ranking))
    return RoutingDecision(best, confidence, tuple(reasons), tuple(ranking))


def _priors(
    kb: KnowledgeBase, category: str | None, triage: str, strength: float
) -> tuple[str | None, dict[str, float]]:
    units = [unit.id for unit in kb.units]
    uniform = {unit_id: 1.0 / len(units) for unit_id in units}
    if category is None:
        return None, uniform
    try:
        chosen = kb.category(category).unit
    except KeyError:
        return None, uniform
    if chosen == triage:
        return None, uniform
    rest = (1.0 - strength) / max(len(units) - 1, 1)
    priors = {unit_id: strength if unit_id == chosen else rest for unit_id in units}
    return reason("routing.category_prior", category=category, unit=chosen), priors


def _softmax(logits: Mapping[str, float], priors: Mapping[str, float]) -> list[tuple[str, float]]:
    scaled = {unit_id: logit + math.log(priors[unit_id]) for unit_id, logit in logits.items()}
    top = max(scaled.values())
    exp = {unit_id: math.exp(value - top) for unit_id, value in scaled.items()}
    total = sum(exp.values())
    ranking = [(unit_id, value / total) for unit_id, value in exp.items()]
    return sorted(ranking, key=lambda item: (-item[1], item[0]))


def _best_faq_per_unit(match: MatchResult, entry_units: Mapping[str, str]) -> dict[str, tuple[str, float]]:
    best: dict[str, tuple[str, float]] = {}
    for candidate in match.candidates:
        unit_id = entry_units.get(candidate.entry_id)
        if unit_id is not None and candidate.score > best.get(unit_id, ("", 0.0))[1]:
            best[unit_id] = (candidate.entry_id, candidate.score)
    return best


def _profile_texts(kb: KnowledgeBase, unit: Unit) -> Iterable[tuple[str, str]]:
    yield "profile", unit.name
    yield "profile", unit.scope
    for category in kb.categories:
        if category.unit == unit.id:
            yield "profile", category.label
            yield "profile", category.description
    for entry in kb.entries:
        if entry.unit != unit.id:
            continue
        for text in (entry.question, *entry.variants, *entry.tags):
            yield "faq", text
        yield "answer", entry.answer


def _analyse(index: FaqIndex, text: str) -> list[str]:
    lex = index.lexicon
    return [stem(word, lex.words, lex.vocabulary) for word in tokens(text, lex)]
