"""Which other institution a message is about, from the knowledge base's ``other_institutions.yaml``.

A question about a driving licence or a passport is not the city's to answer: the bot names the
institution that is. The institutions and their words are data in the KB, never code.
"""

from __future__ import annotations

from faq.lexicon import Lexicon, default_lexicon
from faq.models import KnowledgeBase, OtherInstitution
from faq.normalise import tokens


def institution_for(
    kb: KnowledgeBase, text: str, lexicon: Lexicon | None = None
) -> tuple[OtherInstitution, str] | None:
    """The institution whose longest word or phrase the message names (first in the file on a tie),
    with that word; None when it names none. Words are compared after the same normalisation as
    the message ("kis" reads as "bpjs", "ilang" as "hilang")."""
    lex = lexicon or default_lexicon()
    said = tokens(text, lex)
    best: tuple[int, OtherInstitution, str] | None = None
    for institution in kb.other_institutions:
        for word in institution.words:
            phrase = tokens(word, lex)
            if phrase and _contains(said, phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), institution, word)
    return None if best is None else (best[1], best[2])


def _contains(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[start : start + size] == phrase for start in range(len(words) - size + 1))
