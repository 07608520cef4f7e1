"""A light, guarded stemmer for Indonesian affixes.

A stripped form is accepted only when it is a known word, and the longest such form wins, so
"kerusakan" becomes "rusak" (not "rusa") and "pendaftaran" becomes "daftar". Words that are
themselves curated (``Lexicon.words``: "meninggal", "berlaku") are never stemmed, nor are Sastrawi's
root words: a root that merely looks affixed is another word ("penuh" is not pe- + "tuh", "berangkat"
not ber- + "angkat", "penduduk" not pen- + "duduk"). Full stemmers such as PySastrawi over-stem; this
one only conflates forms the vocabulary already knows.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from faq.dictionary import root_words

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
    # Their root may be any Sastrawi root word (see _COLLOQUIAL): "nyangkut" -> sangkut, not "angkut".
    ("nge", ("",)),
    ("ng", ("", "k")),
    ("ny", ("s", "c")),
    ("n", ("t",)),
    ("", ("",)),
)
_SUFFIXES = ("kannya", "annya", "inya", "nya", "lah", "kah", "kan", "an", "in", "i", "")
_COLLOQUIAL = frozenset({"nge", "ng", "ny", "n"})
MIN_ROOT = 3
MIN_WORD = 5


def stem(word: str, curated: Container[str], known: Container[str]) -> str:
    """The longest known root of ``word``; ``word`` itself when none is found or it is curated.

    Colloquial nasal forms fall back on the dictionary when the vocabulary knows no root
    ("nyangkut" -> sangkut), but a known root wins ("nyari" -> cari, not "sari").
    """
    if len(word) < MIN_WORD or word in curated or not word.isalpha() or word in root_words():
        return word
    roots = list(_roots(word))
    best = max((root for root, _ in roots if root in known or root in curated), key=len, default="")
    if not best and word.startswith("n") and "me" + word in known:  # "nyengat": the KB says "menyengat"
        return stem("me" + word, curated, known)
    if not best:
        best = max(
            (root for root, prefix in roots if prefix in _COLLOQUIAL and root in root_words()),
            key=len,
            default="",
        )
    return best or word


def _roots(word: str) -> Iterator[tuple[str, str]]:
    """Every (candidate root, prefix removed) of ``word``, in rule order."""
    for suffix in _SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        body = word[: len(word) - len(suffix)] if suffix else word
        for prefix, replacements in _PREFIXES:
            if not body.startswith(prefix) or (not prefix and not suffix):
                continue
            for start in replacements:
                root = start + body[len(prefix) :]
                if len(root) >= MIN_ROOT:
                    yield root, prefix
