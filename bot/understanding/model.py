"""The statistical classifier: TF-IDF features and a logistic regression, stored as plain arrays.

The model file is a NumPy archive loaded without pickle: vocabularies, IDF weights, coefficients,
and the SHA-256 of the corpus it was trained on (a test checks it against the shipped corpus).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.understanding.features import CHAR_NGRAMS, text_of, word_features

DATA_DIR = Path(__file__).parent / "data"
TRAIN_FILES = tuple(DATA_DIR / f"{name}.jsonl" for name in ("train", "train_b", "train_c", "train_d"))
"""The training corpora: the first author's, the second's (written without reading the first), and
additions where dev_c showed the model weak (mid-flow cancels, "apa benar harus ..." questions, rumours)
and where dev_d did (cancels in every context, follow-ups, spam and small talk that sound like reports)."""
DEV_FILES = tuple(DATA_DIR / f"{name}.jsonl" for name in ("dev", "dev_b", "dev_c", "dev_d"))
"""Held back from training, one per author."""
MODEL_FILE = Path(__file__).parent / "model.npz"
REGULARISATION = 8.0


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    char: TfidfVectorizer
    word: TfidfVectorizer
    coef: NDArray[np.float64]
    intercept: NDArray[np.float64]
    corpus_sha256: str

    def probabilities(self, document: str) -> dict[str, float]:
        features = hstack([self.char.transform([text_of(document)]), self.word.transform([document])]).tocsr()
        scores = np.asarray(features @ self.coef.T).ravel() + self.intercept
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return {kind: float(p) for kind, p in zip(self.classes, scores, strict=True)}


def _vectorisers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=2, dtype=np.float64
    )
    word = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, min_df=1, dtype=np.float64)
    return char, word


def train(documents: list[str], kinds: list[str], corpus_sha256: str) -> Model:
    """Fit on composed documents (see features.compose); deterministic for the same input."""
    char, word = _vectorisers()
    matrix = hstack(
        [char.fit_transform([text_of(d) for d in documents]), word.fit_transform(documents)]
    ).tocsr()
    classifier = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    classifier.fit(matrix, kinds)
    return Model(
        classes=tuple(str(c) for c in classifier.classes_),
        char=char,
        word=word,
        coef=np.asarray(classifier.coef_, dtype=np.float64),
        intercept=np.asarray(classifier.intercept_, dtype=np.float64),
        corpus_sha256=corpus_sha256,
    )


def save(model: Model, path: Path = MODEL_FILE) -> None:
    np.savez_compressed(
        path,
        classes=np.array(model.classes),
        char_vocab=_terms(model.char),
        char_idf=model.char.idf_,
        word_vocab=_terms(model.word),
        word_idf=model.word.idf_,
        coef=model.coef.astype(np.float32),
        intercept=model.intercept,
        meta=np.array(json.dumps({"corpus_sha256": model.corpus_sha256})),
    )


def load(path: Path = MODEL_FILE) -> Model:
    with np.load(path, allow_pickle=False) as archive:
        char, word = _vectorisers()
        for vectoriser, prefix in ((char, "char"), (word, "word")):
            vectoriser.vocabulary = {str(t): i for i, t in enumerate(archive[f"{prefix}_vocab"])}
            vectoriser._validate_vocabulary()
            vectoriser.idf_ = archive[f"{prefix}_idf"]
        meta = json.loads(str(archive["meta"]))
        return Model(
            classes=tuple(str(c) for c in archive["classes"]),
            char=char,
            word=word,
            coef=archive["coef"].astype(np.float64),
            intercept=archive["intercept"],
            corpus_sha256=str(meta["corpus_sha256"]),
        )


@cache
def shipped_model() -> Model:
    return load(MODEL_FILE)


def corpus_sha256(paths: Sequence[Path] = TRAIN_FILES) -> str:
    """One digest over the corpora in order (each file's bytes, then its length, so no two splits collide)."""
    digest = hashlib.sha256()
    for path in paths:
        content = path.read_bytes()
        digest.update(content)
        digest.update(len(content).to_bytes(8, "big"))
    return digest.hexdigest()


def _terms(vectoriser: TfidfVectorizer) -> NDArray[np.str_]:
    vocabulary: dict[str, int] = vectoriser.vocabulary_
    return np.array([term for term, _ in sorted(vocabulary.items(), key=lambda item: item[1])])
