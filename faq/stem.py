"""A light, guarded stemmer for Indonesian affixes.

A stripped form is accepted only when it is a known word, and the longest such form wins, so
"kerusakan" becomes "rusak" (not "rusa") and "pendaftaran" becomes "daftar". Words that are
themselves curated (``Lexicon.words``: "meninggal", "berlaku") are never stemmed. Full stemmers
such as PySastrawi over-stem; this one only conflates forms the vocabulary already knows.
"""

from __future__ import annotations

from collections.abc import Container

# (prefix, what may replace it at the start of the root): nasal prefixes swallow p/t/k/s.
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("memper", ("",)),
    ("diper", ("",)),
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("", "p")),
    ("men", ("", "t")),
    ("me", ("",)),
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("", "p")),
    ("pen", ("", "t")),
    ("per", ("",)),
    ("pe", ("",)),
    ("ber", ("",)),
    ("be", ("",)),
    ("ter", ("",)),
    ("di", ("",)),
    ("ke", ("",)),
    ("se", ("",)),
    # colloquial Jakarta forms: "ngurusin", "nyariin", "nanyain", "nungguin"
    ("nge", ("",)),
    ("ng", ("", "k")),
    ("ny", ("s", "c")),
    ("n", ("t",)),
    ("", ("",)),
)
_SUFFIXES = ("kannya", "annya", "inya", "nya", "lah", "kah", "kan", "an", "in", "i", "")
MIN_ROOT = 3
MIN_WORD = 5


def stem(word: str, curated: Container[str], known: Container[str]) -> str:
    """The longest known root of ``word``; ``word`` itself when none is found or it is curated."""
    if len(word) < MIN_WORD or word in curated or not word.isalpha():
        return word
    best = ""
    for suffix in _SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        body = word[: len(word) - len(suffix)] if suffix else word
        for prefix, replacements in _PREFIXES:
            if not body.startswith(prefix) or (not prefix and not suffix):
                continue
            rest = body[len(prefix) :]
            for start in replacements:
                root = start + rest
                if len(root) >= MIN_ROOT and len(root) > len(best) and (root in known or root in curated):
                    best = root
    return best or word
