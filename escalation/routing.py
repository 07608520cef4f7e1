"""Which service unit a ticket goes to, from the knowledge base alone: the intake category, the text's
words against each unit's profile, the unit's FAQ entries, the meaning of the text against the unit's
scope, categories, questions and answers (when the FAQ index has the e5 model), and the optional
keyword/synonym rules of `routing.yaml`, fused into one probability per unit. The triage unit gets the
ticket when its own evidence wins, when there is no evidence, or when the evidence is split between
two units (a small margin), not because of an absolute cut-off. `pick_unit` is pure; build the
`UnitRouter` once per knowledge base.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from escalation.route_decision import DEFAULT_WEIGHTS, FUSED_WEIGHTS, RoutingDecision, RoutingWeights, decide
from escalation.route_evidence import Profiles, UnitVectors, analyse_kb, phrase_tokens
from escalation.rules import RoutingRules
from faq import FaqIndex, KnowledgeBase, MatchResult
from faq.semantic import Embedder

DECISION_CACHE = 512
"""Routing decisions a router remembers (text and category -> decision), most recent kept."""


@dataclass(frozen=True)
class UnitRouter:
    """The routing model of one knowledge base."""

    kb: KnowledgeBase
    index: FaqIndex
    rules: RoutingRules
    profiles: Profiles
    keywords: Mapping[str, tuple[tuple[str, ...], ...]]
    entry_units: Mapping[str, str]
    vectors: UnitVectors | None = None
    """The units' texts embedded (semantic evidence), when the FAQ index has the e5 model."""
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
        weights: RoutingWeights | None = None,
        embedder: Embedder | None = None,
    ) -> UnitRouter:
        """`embedder`: the e5 model for semantic evidence; by default the FAQ index's, if it has one.
        `weights`: by default `FUSED_WEIGHTS` with the model, else `DEFAULT_WEIGHTS` (words only)."""
        index = index or FaqIndex.build(kb, embedder=embedder)
        rules = rules or RoutingRules()
        model = embedder or (index.vectors.embedder if index.vectors is not None else None)
        chosen = weights or (FUSED_WEIGHTS if model is not None else DEFAULT_WEIGHTS)
        profiles = Profiles.build(kb, index, chosen.answer_field)
        keywords = {unit_id: phrase_tokens(index, phrases) for unit_id, phrases in rules.keywords.items()}
        entry_units = {entry.id: entry.unit for entry in kb.entries}
        vectors = UnitVectors(kb, model) if model is not None else None
        return cls(kb, index, rules, profiles, keywords, entry_units, vectors, chosen)

    @property
    def semantic(self) -> bool:
        """True when routing weighs meaning as well as words."""
        return self.vectors is not None

    def analyse(self, text: str) -> list[str]:
        """The text's canonical tokens (as FAQ matching sees them), with the synonyms applied."""
        out: list[str] = []
        for token in self.index.analyse(text):
            target = self.rules.synonyms.get(token)
            out.extend(analyse_kb(self.index, target) if target else [token])
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
    text: str, category: str | None, faq_match: MatchResult | None, router: UnitRouter
) -> RoutingDecision:
    """Decide the unit for a complaint. `category`: the intake category (strong evidence, except the
    triage unit's catch-all); `faq_match`: the FAQ result for the text (computed here when None)."""
    return decide(text, category, faq_match, router)


__all__ = ["DEFAULT_WEIGHTS", "FUSED_WEIGHTS", "RoutingDecision", "RoutingWeights", "UnitRouter", "pick_unit"]
