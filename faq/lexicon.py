"""The word lists behind normalisation, loaded once from ``faq/lexicon/*.yaml``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).with_name("lexicon")


@dataclass(frozen=True)
class Lexicon:
    """Slang table, phrase table and word sets. Immutable; build variants with :meth:`with_words`.

    ``words`` are curated (the lexicon's own); ``vocabulary`` holds words a knowledge base adds.
    Both count as known when undoing elongation; only curated words are protected from stemming.
    """

    slang: Mapping[str, tuple[str, ...]]
    phrases: Mapping[tuple[str, ...], tuple[str, ...]]
    address_terms: frozenset[str]
    vocative_only: frozenset[str]
    stopwords: frozenset[str]
    question_words: frozenset[str]
    weak_words: frozenset[str] = field(default_factory=frozenset)
    other_institutions: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)
    vocabulary: frozenset[str] = field(default_factory=frozenset)

    @property
    def longest_phrase(self) -> int:
        return max((len(key) for key in self.phrases), default=1)

    def with_words(self, extra: Iterable[str]) -> Lexicon:
        """A copy that also knows ``extra`` words (e.g. every word of a knowledge base)."""
        return replace(self, vocabulary=self.vocabulary | frozenset(extra))

    def knows(self, word: str) -> bool:
        return word in self.words or word in self.vocabulary or word in self.slang


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(value or "").lower().split())


def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read ``slang.yaml``, ``stopwords.yaml``, ``words.yaml`` and ``scope.yaml`` from ``directory``."""
    slang_file = _read(directory / "slang.yaml")
    stop_file = _read(directory / "stopwords.yaml")
    words_file = _read(directory / "words.yaml")
    scope_file = _read(directory / "scope.yaml")
    slang: dict[str, tuple[str, ...]] = {}
    raw_phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key, value in (slang_file.get("slang") or {}).items():
        key_words = _words(key)
        if len(key_words) == 1:
            slang[key_words[0]] = _words(value)
        elif key_words:
            raw_phrases[key_words] = _words(value)
    for key, value in (slang_file.get("phrases") or {}).items():
        raw_phrases[_words(key)] = _words(value)

    def canonical(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(out for word in words for out in slang.get(word, (word,)))

    # Phrases are matched after the single-word table has run, so their keys must be canonical too.
    phrases = {canonical(key): canonical(value) for key, value in raw_phrases.items() if key}
    stopwords = frozenset(_words(" ".join(map(str, stop_file.get("stopwords") or []))))
    address = frozenset(map(str, stop_file.get("address_terms") or []))
    vocative = frozenset(map(str, stop_file.get("vocative_only") or []))
    questions = frozenset(map(str, stop_file.get("question_words") or []))
    weak = frozenset(map(str, stop_file.get("weak_words") or []))
    elsewhere = frozenset(map(str, scope_file.get("other_institutions") or []))
    known = set(map(str, words_file.get("words") or []))
    known |= set(slang) | {w for value in slang.values() for w in value}
    known |= {w for key, value in phrases.items() for w in (*key, *value)}
    known |= stopwords | address | vocative | questions
    return Lexicon(
        slang=slang,
        phrases=phrases,
        address_terms=address,
        vocative_only=vocative,
        stopwords=stopwords,
        question_words=questions,
        weak_words=weak,
        other_institutions=elsewhere,
        words=frozenset(known),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once per process)."""
    return load_lexicon()
