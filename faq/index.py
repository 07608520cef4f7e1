"""The searchable form of a knowledge base: normalised texts, BM25 indexes, vocabulary."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import bm25s
import numpy as np
from rapidfuzz import fuzz, process

from faq.dictionary import is_indonesian_word
from faq.features import EntryDoc, candidate_features, idf_table, unknown_idf
from faq.lexicon import Lexicon, default_lexicon
from faq.matcher import MatchResult, MatchThresholds, ScoringModel, decide
from faq.models import FaqEntry, KnowledgeBase
from faq.normalise import normalise, tokens
from faq.semantic import Embedder, EntryVectors, closeness, semantic_features
from faq.stem import stem
from faq.weights import DEFAULT_MODEL, FUSED_MODEL

CANDIDATES = 20  # entries scored in detail per query, taken from BM25's ranking
SEMANTIC_CANDIDATES = 8  # ... plus the entries closest in meaning (fused mode)
BODY_WEIGHT = 0.5  # answer text and unit name count half as much as question, variants and tags
_CORRECTION_CACHE = 20_000


class FaqIndex:
    """Build once per knowledge base with :meth:`build`; :meth:`match` is then pure and fast."""

    def __init__(
        self,
        docs: list[EntryDoc],
        lexicon: Lexicon,
        model: ScoringModel,
        thresholds: MatchThresholds,
        vectors: EntryVectors | None = None,
    ) -> None:
        self.docs = docs
        self.vectors = vectors
        self.lexicon = lexicon
        self.model = model
        self.thresholds = thresholds
        self.idf = idf_table(docs)
        self.vocabulary = sorted(token for token in self.idf if len(token) >= 3)
        self._title = _bm25([sorted(doc.title) for doc in docs])
        self._body = _bm25([sorted(doc.body) for doc in docs])
        self._corrections: dict[str, str] = {}
        is_indonesian_word("siap")  # load the dictionary and stemmer now, not on a citizen's message
        self.weak = self._canonical(lexicon.weak_words)
        self.elsewhere = self._canonical(lexicon.other_institutions)

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        *,
        thresholds: MatchThresholds | None = None,
        model: ScoringModel | None = None,
        lexicon: Lexicon | None = None,
        embedder: Embedder | None = None,
    ) -> FaqIndex:
        """Normalise every entry of ``kb`` and index it; with ``embedder``, also embed it (fused mode)."""
        base = lexicon or default_lexicon()
        unit_names = {unit.id: unit.name for unit in kb.units}
        raw_words = {
            word for entry in kb.entries for text in _entry_texts(entry) for word in tokens(text, base)
        }
        lex = base.with_words(raw_words)
        docs = [_doc(entry, unit_names.get(entry.unit, ""), lex) for entry in kb.entries]
        vectors = None
        if embedder is not None:
            titles = [_title_texts(entry) for entry in kb.entries]
            vectors = EntryVectors(embedder, titles, [entry.answer for entry in kb.entries])
        chosen = model or (FUSED_MODEL if vectors is not None else DEFAULT_MODEL)
        return cls(docs, lex, chosen, thresholds or MatchThresholds(), vectors)

    @property
    def fused(self) -> bool:
        """True when matching uses the semantic model as well as words."""
        return self.vectors is not None

    def analyse(self, text: str) -> list[str]:
        """The query's canonical tokens, stemmed and spelling-corrected against the index."""
        return [self._correct(token) for token in _stemmed(tokens(text, self.lexicon), self.lexicon)]

    def match(self, query: str, limit: int = 3) -> MatchResult:
        """Rank entries for ``query`` and decide whether to answer, suggest or say nothing."""
        query_tokens = self.analyse(query)
        known = list(dict.fromkeys(token for token in query_tokens if token in self.idf))
        if not self.docs or (not known and self.vectors is None):
            return MatchResult("none", None, [], query_tokens)
        size = len(self.docs)
        title = self._title.get_scores(known) if known else np.zeros(size)
        body = self._body.get_scores(known) if known else np.zeros(size)
        top = _lexical_top(title + BODY_WEIGHT * body)
        semantic: list[dict[str, float]] = []
        vector = self.query_vector(query)
        if self.vectors is not None and vector is not None:
            sem_title, sem_answer = self.vectors.similarities(vector)
            close = np.argsort(-closeness(sem_title, sem_answer))[:SEMANTIC_CANDIDATES]
            top = np.array(list(dict.fromkeys([*top.tolist(), *close.tolist()])), dtype=np.int64)
            semantic = semantic_features(sem_title, sem_answer, top.tolist())
        if top.size == 0:
            return MatchResult("none", None, [], query_tokens)
        docs = [self.docs[i] for i in top]
        features = candidate_features(
            query_tokens,
            docs,
            self.idf,
            _relative(title, top),
            _relative(body, top),
            unknown_idf(len(self.docs)),
            self.weak,
            self.elsewhere,
        )
        if semantic:
            features = [{**lexical, **meaning} for lexical, meaning in zip(features, semantic, strict=True)]
        ranked = [(doc.entry_id, doc.question, feats) for doc, feats in zip(docs, features, strict=True)]
        result = decide(ranked, self.model, self.thresholds, limit=limit, tokens=query_tokens)
        return dataclasses.replace(result, vector=vector) if vector is not None else result

    def query_vector(self, query: str) -> np.ndarray | None:
        """The message's embedding in fused mode (computed once per text, then cached), else None.

        The model sees the normalised message ("ktp ilang gmn" -> "ktp hilang bagaimana"): e5 knows
        little chat slang, and on the dev sets this ranked the right entry first 0.67 of the time
        instead of 0.60.
        """
        if self.vectors is None:
            return None
        return self.vectors.embedder.query(normalise(query, self.lexicon) or query)

    def _canonical(self, words: frozenset[str]) -> frozenset[str]:
        """Words as matching sees them (slang-mapped and stemmed), so lists compare with query tokens."""
        return frozenset(
            token for word in words for token in _stemmed(tokens(word, self.lexicon), self.lexicon)
        )

    def _correct(self, token: str) -> str:
        """Map an unknown word to the closest indexed word ("hlang" -> "hilang"), if one is close."""
        if token in self.idf or len(token) < 5 or token in self.lexicon.words or not token.isalpha():
            return token
        if is_indonesian_word(token):
            return token
        cached = self._corrections.get(token)
        if cached is not None:
            return cached
        # One slip in a short word changes its meaning ("motor" vs "kotor"): demand more there.
        cutoff = 88.0 if len(token) <= 5 else 83.0 if len(token) <= 7 else 80.0
        found = process.extractOne(token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
        corrected = str(found[0]) if found else token
        if len(self._corrections) < _CORRECTION_CACHE:
            self._corrections[token] = corrected
        return corrected


def _lexical_top(combined: np.ndarray) -> np.ndarray:
    """The entries BM25 ranks highest (at most CANDIDATES), only those sharing a word with the query."""
    count = min(CANDIDATES, combined.size)
    top = np.argpartition(-combined, count - 1)[:count] if count < combined.size else np.arange(count)
    return top[combined[top] > 0]


def _title_texts(entry: FaqEntry) -> list[str]:
    tags = [", ".join(entry.tags)] if entry.tags else []
    return [entry.question, *entry.variants, *tags]


def _bm25(corpus: list[list[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([doc or [""] for doc in corpus], show_progress=False)
    return retriever


def _relative(scores: np.ndarray, top: np.ndarray) -> list[float]:
    best = float(scores.max()) if scores.size else 0.0
    return [float(scores[i]) / best if best > 0 else 0.0 for i in top]


def _entry_texts(entry: FaqEntry) -> Iterable[str]:
    yield entry.question
    yield from entry.variants
    yield from entry.tags
    yield entry.answer


def _stemmed(words: Sequence[str], lex: Lexicon) -> list[str]:
    return [stem(word, lex.words, lex.vocabulary) for word in words]


def _analyse_kb(text: str, lex: Lexicon) -> list[str]:
    return _stemmed(tokens(text, lex), lex)


def _doc(entry: FaqEntry, unit_name: str, lex: Lexicon) -> EntryDoc:
    questions = [entry.question, *entry.variants]
    question_tokens = [_analyse_kb(text, lex) for text in questions]
    tag_tokens = [token for tag in entry.tags for token in _analyse_kb(tag, lex)]
    body = _analyse_kb(entry.answer, lex) + _analyse_kb(unit_name, lex)
    texts = tuple(" ".join(words) for words in question_tokens if words)
    return EntryDoc(
        entry_id=entry.id,
        question=entry.question,
        texts=texts or (entry.id,),
        text_tokens=tuple(frozenset(words) for words in question_tokens if words),
        title=frozenset(token for words in question_tokens for token in words) | frozenset(tag_tokens),
        body=frozenset(body),
    )
