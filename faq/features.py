"""Per-candidate features. Pure functions over precomputed entry documents."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

FUZZY_SCORERS = {
    "tset": fuzz.token_set_ratio,
    "tsort": fuzz.token_sort_ratio,
    "partial": fuzz.partial_ratio,
    "wratio": fuzz.WRatio,
}
ANSWERABILITY_FEATURES = ("miss_known", "miss_known_title", "miss_unknown", "miss_share", "miss_title")
"""Salient query words the candidate does not cover (see :func:`answerability`)."""
FEATURE_NAMES = (
    *FUZZY_SCORERS,
    "bm25_title",
    "bm25_body",
    "cov_title",
    "cov_all",
    "qcov",
    "miss_max",
    "f1",
    "elsewhere",
    *ANSWERABILITY_FEATURES,
)
SEMANTIC_FEATURES = ("sem", "sem_ans", "sem_lead")  # faq.semantic; 0 in lexical-only mode
ALL_FEATURES = (*FEATURE_NAMES, *SEMANTIC_FEATURES)


@dataclass(frozen=True)
class EntryDoc:
    """What matching needs from one FAQ entry, already normalised."""

    entry_id: str
    question: str
    texts: tuple[str, ...]  # normalised question and variants, compared with fuzzy scorers
    text_tokens: tuple[frozenset[str], ...]
    title: frozenset[str]  # question + variants + tags
    body: frozenset[str]  # answer + unit name

    @cached_property
    def everything(self) -> frozenset[str]:
        """Title and body together (computed on first use, not on every query)."""
        return self.title | self.body


def idf_table(docs: Sequence[EntryDoc]) -> dict[str, float]:
    """BM25-style idf of each token over entries (title and body together).

    A word no entry uses gets :func:`unknown_idf`, the highest possible value.
    """
    counts: dict[str, int] = {}
    for doc in docs:
        for token in doc.title | doc.body:
            counts[token] = counts.get(token, 0) + 1
    total = len(docs)
    return {token: _idf(count, total) for token, count in counts.items()}


def _idf(count: int, total: int) -> float:
    return math.log(1.0 + (total - count + 0.5) / (count + 0.5))


def unknown_idf(entry_count: int) -> float:
    return _idf(0, entry_count)


def candidate_features(
    query_tokens: Sequence[str],
    docs: Sequence[EntryDoc],
    idf: Mapping[str, float],
    bm25_title: Sequence[float],
    bm25_body: Sequence[float],
    max_idf: float,
    weak: frozenset[str] = frozenset(),
    elsewhere: frozenset[str] = frozenset(),
) -> list[dict[str, float]]:
    """Feature dicts for ``docs`` (the candidates), all in [0, 1].

    ``bm25_*`` are candidate scores already divided by the best score over the whole index;
    ``max_idf`` is the idf of a word no entry uses. ``miss_max`` is the weight of the most
    telling query word the candidate lacks ("syarat bikin skck" fits the KTP entry well except
    for the one word that matters); ``weak`` words ("bagaimana", "cara") never count as telling.
    ``elsewhere`` is 1 when the query names another institution's matter ("stnk", "pln") that the
    candidate's question, variants and tags do not mention.
    """
    if not docs:
        return []
    unique = list(dict.fromkeys(query_tokens))
    weights = {token: idf.get(token, max_idf) for token in unique}
    total = sum(weights.values()) or 1.0
    query_text = " ".join(query_tokens)
    texts = [text for doc in docs for text in doc.texts]
    owners = np.repeat(np.arange(len(docs)), [len(doc.texts) for doc in docs])
    fuzzy: dict[str, np.ndarray] = {}
    for name, scorer in FUZZY_SCORERS.items():
        row = process.cdist([query_text], texts, scorer=scorer, dtype=np.float32)[0]
        best = np.zeros(len(docs), dtype=np.float32)
        np.maximum.at(best, owners, row)
        fuzzy[name] = best / 100.0
    salient = {token: weight for token, weight in weights.items() if token not in weak}
    rarest = max(idf.values(), default=0.0)
    results = []
    for position, doc in enumerate(docs):
        everything = doc.everything
        features = {name: float(values[position]) for name, values in fuzzy.items()}
        features["bm25_title"] = float(bm25_title[position])
        features["bm25_body"] = float(bm25_body[position])
        features["cov_title"] = sum(w for t, w in weights.items() if t in doc.title) / total
        features["cov_all"] = sum(w for t, w in weights.items() if t in everything) / total
        coverages = [(tokens, _reverse_coverage(tokens, weights, idf)) for tokens in doc.text_tokens]
        features["qcov"] = max((coverage for _, coverage in coverages), default=0.0)
        features["f1"] = max((_f1(tokens, weights, total, c) for tokens, c in coverages), default=0.0)
        missing = [w for t, w in weights.items() if t not in everything and t not in weak]
        features["miss_max"] = max(missing, default=0.0) / max_idf if max_idf > 0 else 0.0
        features["elsewhere"] = float(any(t in elsewhere and t not in doc.title for t in weights))
        features.update(answerability(salient, doc, idf, rarest))
        results.append(features)
    return results


def answerability(
    salient: Mapping[str, float], doc: EntryDoc, idf: Mapping[str, float], rarest: float
) -> dict[str, float]:
    """How much of what the query is about the candidate leaves out, measured so it transfers
    across knowledge bases: words weigh by their idf within this KB, so a document name only one
    entry uses ("kematian" next to "kelahiran") weighs most, and everything is relative.

    ``miss_known``: the heaviest salient word the KB knows (another entry uses it) but the
    candidate lacks, as a share of the idf of a word only one entry uses (1: a word that names
    exactly one other entry); ``miss_known_title``: the same for the candidate's question,
    variants and tags only (an answer often mentions its siblings); ``miss_unknown``: the share of
    the query's salient weight in words no entry uses; ``miss_share``: the share of salient weight
    the candidate lacks; ``miss_title``: the share its question, variants and tags lack.
    """
    total = sum(salient.values())
    if total <= 0 or rarest <= 0:
        return dict.fromkeys(ANSWERABILITY_FEATURES, 0.0)
    everything = doc.everything
    absent = {token: weight for token, weight in salient.items() if token not in everything}
    known = [weight for token, weight in absent.items() if token in idf]
    known_title = [w for t, w in salient.items() if t in idf and t not in doc.title]
    return {
        "miss_known": max(known, default=0.0) / rarest,
        "miss_known_title": max(known_title, default=0.0) / rarest,
        "miss_unknown": sum(w for t, w in absent.items() if t not in idf) / total,
        "miss_share": sum(absent.values()) / total,
        "miss_title": sum(w for t, w in salient.items() if t not in doc.title) / total,
    }


def _reverse_coverage(
    text_tokens: frozenset[str], query: Mapping[str, float], idf: Mapping[str, float]
) -> float:
    """How much of one question/variant (idf-weighted) the query mentions."""
    mass = sum(idf.get(token, 0.0) for token in text_tokens)
    if mass <= 0:
        return 0.0
    return sum(idf.get(token, 0.0) for token in text_tokens if token in query) / mass


def _f1(text_tokens: frozenset[str], query: Mapping[str, float], total: float, precision: float) -> float:
    """Word-level agreement of the query with one question/variant (idf-weighted F1); `precision` is
    the question's reverse coverage (`_reverse_coverage`).

    Unlike character-based fuzzy scores it does not confuse "syarat buat ktp" with "syarat buat kia".
    """
    recall = sum(w for t, w in query.items() if t in text_tokens) / total
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
