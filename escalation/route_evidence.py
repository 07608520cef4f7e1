"""The evidence a complaint gives for each service unit, read from the knowledge base alone.

Lexical: each unit's profile (name, scope, its categories' labels and descriptions, its FAQ entries'
questions, variants and tags, and, weighted less, their answers), normalised like FAQ matching.
Semantic (when the FAQ index has the e5 model): how close in meaning the complaint is to the unit's
scope, its categories, its entries' questions and its entries' answers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from faq import FaqIndex, KnowledgeBase, MatchResult, Unit, normalise, tokens
from faq.semantic import Embedder
from faq.stem import stem

SEMANTIC_KINDS = ("scope", "category", "question", "answer")
"""The sides of a unit compared by meaning; each gives its closest text, and the three closest texts of
any kind are a fifth voice (on the dev sets the mean of the five ranked units better than any one)."""
TOP_TEXTS = 3


def profile_texts(kb: KnowledgeBase, unit: Unit) -> Iterable[tuple[str, str]]:
    """(kind, text) of everything the knowledge base says about the unit."""
    yield "scope", unit.name
    yield "scope", unit.scope
    for category in kb.categories:
        if category.unit == unit.id:
            yield "category", f"{category.label}: {category.description}"
    for entry in kb.entries:
        if entry.unit != unit.id:
            continue
        for text in (entry.question, *entry.variants):
            yield "question", text
        if entry.tags:
            yield "question", ", ".join(entry.tags)
        yield "answer", entry.answer


@dataclass(frozen=True)
class Profiles:
    """Unit id -> token -> weighted count; the IDF of each token over units; every non-answer token."""

    weights: Mapping[str, Mapping[str, float]]
    idf: Mapping[str, float]
    known: frozenset[str]

    @classmethod
    def build(cls, kb: KnowledgeBase, index: FaqIndex, answer_weight: float) -> Profiles:
        profiles: dict[str, dict[str, float]] = {unit.id: defaultdict(float) for unit in kb.units}
        known: set[str] = set()
        for unit in kb.units:
            for kind, text in profile_texts(kb, unit):
                words = set(analyse_kb(index, text))
                if kind != "answer":
                    known |= words
                for token in words:
                    profiles[unit.id][token] += 1.0 if kind != "answer" else answer_weight
        count = len(kb.units)
        seen_in: dict[str, int] = defaultdict(int)
        for profile in profiles.values():
            for token in profile:
                seen_in[token] += 1
        idf = {token: math.log(1 + (count - seen + 0.5) / (seen + 0.5)) for token, seen in seen_in.items()}
        return cls(profiles, idf, frozenset(known))

    def score(self, unit_id: str, query: set[str], saturation: float) -> tuple[float, list[str]]:
        """IDF-weighted, saturated matches of the query's words in the unit's profile, and the words."""
        profile = self.weights[unit_id]
        matched = sorted(query & set(profile))
        total = sum(self.idf[t] * profile[t] / (profile[t] + saturation) for t in matched)
        return total, matched


class UnitVectors:
    """Every unit's texts embedded once; per complaint, each unit's closeness in meaning."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder) -> None:
        self.embedder = embedder
        self._rows: dict[str, tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]] = {}
        for unit in kb.units:
            texts = list(profile_texts(kb, unit))
            scope = [f"{unit.name}. {unit.scope}"]
            kinds = ("scope", *(kind for kind, _ in texts if kind != "scope"))
            said = (scope[0], *(text for kind, text in texts if kind != "scope"))
            self._rows[unit.id] = (embedder.passages(list(said)), kinds, said)

    def query(self, text: str, index: FaqIndex) -> np.ndarray:
        """The complaint's embedding, normalised first as the FAQ index does (the same cached vector)."""
        return self.embedder.query(normalise(text, index.lexicon) or text)

    def closeness(self, vector: np.ndarray) -> dict[str, tuple[float, str]]:
        """Unit id -> (mean of its sides' best cosines and its closest texts', its closest text)."""
        out: dict[str, tuple[float, str]] = {}
        for unit_id, (matrix, kinds, said) in self._rows.items():
            cosines = matrix @ vector
            voices = [
                max(float(c) for c, k in zip(cosines, kinds, strict=True) if k == kind)
                for kind in SEMANTIC_KINDS
                if kind in kinds
            ]
            voices.append(float(np.sort(cosines)[-TOP_TEXTS:].mean()))
            out[unit_id] = (sum(voices) / len(voices), said[int(np.argmax(cosines))])
        return out


def best_faq_per_unit(match: MatchResult, entry_units: Mapping[str, str]) -> dict[str, tuple[str, float]]:
    """Unit id -> (entry id, score) of the unit's best FAQ candidate for the text."""
    best: dict[str, tuple[str, float]] = {}
    for candidate in match.candidates:
        unit_id = entry_units.get(candidate.entry_id)
        if unit_id is not None and candidate.score > best.get(unit_id, ("", 0.0))[1]:
            best[unit_id] = (candidate.entry_id, candidate.score)
    return best


def softmax(logits: Mapping[str, float], priors: Mapping[str, float]) -> list[tuple[str, float]]:
    """Every unit with its probability, best first (ties by id)."""
    scaled = {unit_id: logit + math.log(priors[unit_id]) for unit_id, logit in logits.items()}
    top = max(scaled.values())
    exp = {unit_id: math.exp(value - top) for unit_id, value in scaled.items()}
    total = sum(exp.values())
    ranking = [(unit_id, value / total) for unit_id, value in exp.items()]
    return sorted(ranking, key=lambda item: (-item[1], item[0]))


def analyse_kb(index: FaqIndex, text: str) -> list[str]:
    """A knowledge-base text's tokens as the FAQ index sees them (without spelling correction)."""
    lex = index.lexicon
    return [stem(word, lex.words, lex.vocabulary) for word in tokens(text, lex)]


def phrase_tokens(index: FaqIndex, phrases: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(analyse_kb(index, phrase)) for phrase in phrases if analyse_kb(index, phrase))
