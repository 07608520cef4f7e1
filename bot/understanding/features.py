"""Features of one message: character n-grams of its text, and words tied to the conversation context."""

from __future__ import annotations

import itertools
import re

_WORDS = re.compile(r"[^\W_]+|[^\w\s]")
SEPARATOR = "\x1f"
CHAR_NGRAMS = (1, 5)


def compose(normalised: str, context: str, hints: tuple[str, ...]) -> str:
    """One string per message for the vectorisers: context, matched hints, text."""
    return SEPARATOR.join((context, " ".join(hints), normalised))


def text_of(document: str) -> str:
    """The text part, for the character n-gram vectoriser."""
    return document.rsplit(SEPARATOR, 1)[-1]


def word_features(document: str) -> list[str]:
    """Words, word pairs, hints (by kind and each on its own) and their conjunction with the context.

    The conjunctions let the model learn that "jl mawar 5" is an answer when the bot asked where, and
    a report when nothing was asked.
    """
    context, hints, text = document.split(SEPARATOR, 2)
    words = _WORDS.findall(text)
    features = [
        f"ctx={context}",
        f"len={_length_bucket(len(words))}",
        f"{context}|len={_length_bucket(len(words))}",
    ]
    features += words
    features += [f"{a} {b}" for a, b in itertools.pairwise(words)]
    features += [f"{context}|{word}" for word in words]
    for hint in hints.split():
        kind = hint.split(":")[0]
        features += [f"hint={kind}", f"{context}|hint={kind}", f"hint={hint}"]
    return features


def _length_bucket(count: int) -> str:
    if count <= 1:
        return "1"
    if count <= 3:
        return "2-3"
    if count <= 8:
        return "4-8"
    return "9+"
