"""Reading a message: decisive rules first, then the model over text, context and rule hints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.understanding import model as model_module
from bot.understanding.features import compose
from bot.understanding.kinds import CONTEXTS, FLOW_ONLY, Kind, Reading
from bot.understanding.normalise import normalise
from bot.understanding.rules import Rules, default_rules, rules_for_kb

RULE_CONFIDENCE = 0.99
MODEL_CHARS = 1500
"""The model reads a long story's first 1,500 characters (its kind shows early; cost stays flat)."""


@dataclass(frozen=True)
class Understander:
    rules: Rules
    model: model_module.Model

    def read(self, text: str, *, context: str = "idle") -> Reading:
        if context not in CONTEXTS:
            raise ValueError(f"unknown context {context!r} (known: {', '.join(CONTEXTS)})")
        normalised = normalise(text)
        hints = self.rules.hints(normalised)
        pii = self.rules.pii_found(normalised) + self.rules.pii_found(text.casefold())
        pii = tuple(dict.fromkeys(pii))
        probabilities = self._probabilities(normalised[:MODEL_CHARS], context, hints)
        decided = self.rules.decide(normalised, context)
        if decided is not None and not (decided[0] in FLOW_ONLY and context == "idle"):
            kind, rule = decided
            return Reading(
                kind, RULE_CONFIDENCE, bool(pii), context, f"rule:{rule}", (rule, *hints, *pii), probabilities
            )
        best = max(probabilities, key=probabilities.__getitem__)
        return Reading(
            Kind(best), probabilities[best], bool(pii), context, "model", (*hints, *pii), probabilities
        )

    def _probabilities(self, normalised: str, context: str, hints: tuple[str, ...]) -> dict[str, float]:
        raw = self.model.probabilities(compose(normalised, context, hints))
        if context == "idle":
            raw = {kind: (0.0 if Kind(kind) in FLOW_ONLY else p) for kind, p in raw.items()}
        total = sum(raw.values()) or 1.0
        return {kind: p / total for kind, p in sorted(raw.items(), key=lambda item: -item[1])}


def default_understander() -> Understander:
    return Understander(rules=default_rules(), model=model_module.shipped_model())


def understander_for_kb(kb_path: Path | None) -> Understander:
    """The shipped model with the shipped rules plus the agency's own (`<kb>/understanding.yaml`)."""
    return Understander(rules=rules_for_kb(kb_path), model=model_module.shipped_model())
