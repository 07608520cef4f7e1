"""List normalisation steps that may change a real word's meaning, for review.

Three lists, each against Sastrawi's root-word dictionary (``faq.dictionary.root_words``):

1. slang mappings whose source is itself a standard root word ("kali" -> sungai, "harga" -> biaya):
   right only when the slang sense is the usual one in a complaint or question;
2. root words the stemmer turns into another word ("penuh" -> tuh, "penduduk" -> duduk), with the
   lexicon plus the vocabulary of each knowledge base given;
3. colloquial affixed forms of a root that spelling correction would still rewrite to another word
   ("nyangkut" -> angkut instead of being left alone).

Usage: ``python bench/lexicon_audit.py [KB_DIR ...]`` (default: faq/sample_kb eval/dev/kota_lestari).
"""

from __future__ import annotations

import sys
from pathlib import Path

from faq.dictionary import is_indonesian_word, root_words
from faq.index import FaqIndex
from faq.lexicon import default_lexicon
from faq.loader import load_kb
from faq.stem import stem

_DEFAULT_KBS = ("faq/sample_kb", "eval/dev/kota_lestari")
_COLLOQUIAL = (("ny", "s"), ("ng", "k"), ("nge", ""), ("n", "t"))


def slang_from_roots() -> list[tuple[str, str]]:
    """(source, target) for every single-word slang mapping whose source is a root word."""
    lex, roots = default_lexicon(), root_words()
    return sorted(
        (key, " ".join(value)) for key, value in lex.slang.items() if key in roots and value != (key,)
    )


def stemmed_roots(kb_dir: Path) -> list[tuple[str, str]]:
    """(root, stem) for every root word the stemmer changes, with ``kb_dir``'s vocabulary known."""
    lex = FaqIndex.build(load_kb(kb_dir)).lexicon
    changed = ((word, stem(word, lex.words, lex.vocabulary)) for word in sorted(root_words()))
    return [(word, out) for word, out in changed if out != word]


def colloquial_misses() -> list[str]:
    """Colloquial nasal forms of roots ("nyangkut") that the dictionary does not recognise."""
    roots = root_words()
    misses = []
    for root in sorted(roots):
        for prefix, dropped in _COLLOQUIAL:
            if dropped and root.startswith(dropped) and len(root) >= 5:
                form = prefix + root[len(dropped) :]
                if not is_indonesian_word(form):
                    misses.append(f"{form} ({root})")
    return misses


def main(argv: list[str]) -> None:
    kbs = [Path(arg) for arg in argv] or [Path(name) for name in _DEFAULT_KBS]
    pairs = slang_from_roots()
    print(f"# slang mappings from a root word: {len(pairs)}")
    for source, target in pairs:
        print(f"  {source} -> {target or '(dropped)'}")
    for kb in kbs:
        changed = stemmed_roots(kb)
        print(f"# root words the stemmer changes with {kb}: {len(changed)}")
        for word, out in changed:
            print(f"  {word} -> {out}")
    misses = colloquial_misses()
    print(f"# colloquial forms not recognised as words: {len(misses)} (first 20)")
    for line in misses[:20]:
        print(f"  {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
