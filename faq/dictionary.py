"""Is this a real Indonesian word? Sastrawi's list of 29,932 root words, plus cheap affix stripping.

Spelling correction must leave real words alone: "keramaian" is not a typo of "kerahasiaan", nor
"tilang" of "tiang", nor colloquial "nyangkut" (sangkut) of "angkut", even when the knowledge base
happens to use only the latter. Sastrawi's own
stemmer takes up to 150 ms on an unknown word, so affixed forms are checked here by stripping the
common prefixes and suffixes (with the nasal changes of me-/pe-) and looking the remainder up.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

_SUFFIXES = ("kannya", "annya", "nya", "kan", "an", "i", "lah", "kah", "")
_PREFIXES = (
    "memper",
    "diper",
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "pe",
    "per",
    "ber",
    "be",
    "ter",
    "di",
    "ke",
    "se",
    # colloquial Jakarta nasal forms: "nyangkut" <- sangkut, "ngurus" <- urus, "nulis" <- tulis
    "nge",
    "ng",
    "ny",
    "n",
    "",
)
# me-/pe- drop the first consonant of some roots: "menyapu" <- sapu, "memukul" <- pukul, "menulis" <- tulis.
_NASAL_RESTORE = {
    "meny": ("s",),
    "peny": ("s",),
    "mem": ("p",),
    "pem": ("p",),
    "men": ("t",),
    "pen": ("t",),
    "meng": ("k",),
    "peng": ("k",),
    "ng": ("k",),
    "ny": ("s", "c"),
    "n": ("t",),
}


@cache
def root_words() -> frozenset[str]:
    data = resources.files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt")
    return frozenset(line.strip() for line in data.read_text(encoding="utf-8").splitlines() if line.strip())


@lru_cache(maxsize=50_000)
def is_indonesian_word(word: str) -> bool:
    """A root word, or a root with common affixes ("keramaian" -> "ramai", "menulis" -> "tulis")."""
    roots = root_words()
    return word in roots or any(root in roots for root in _candidate_roots(word))


def _candidate_roots(word: str) -> set[str]:
    found: set[str] = set()
    for suffix in _SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        for prefix in _PREFIXES:
            if prefix and not stem.startswith(prefix):
                continue
            root = stem[len(prefix) :]
            if len(root) >= 3:
                found.add(root)
                found.update(start + root for start in _NASAL_RESTORE.get(prefix, ()))
    return found
