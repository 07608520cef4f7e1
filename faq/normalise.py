"""Turning a casual chat message into canonical tokens. Pure: the lexicon is passed in.

Pipeline: NFKC + casefold -> words (emoji, punctuation, control characters and bare numbers
dropped) -> per word: slang table, reduplication ("anak2", "anak-anak"), elongation ("tolonggg"),
"-nya" -> phrase table -> address terms -> stopwords -> length cap.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product

from faq.lexicon import Lexicon, default_lexicon

MAX_INPUT_CHARS = 4000  # a 10,000-character paste is cut to this before any regex runs
MAX_TOKENS = 60
_HEAD_TOKENS = 20  # when capping, keep the opening and the end: the question is usually last

_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_RUN_RE = re.compile(r"(\w)\1{2,}")
_DOUBLE_RE = re.compile(r"(\w)\1")
_REDUP_DIGIT_RE = re.compile(r"^([^\W\d_]{3,})2$")


def normalise(text: str, lexicon: Lexicon | None = None) -> str:
    """Canonical form of ``text`` as one space-separated string (see :func:`tokens`)."""
    return " ".join(tokens(text, lexicon))


def tokens(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Canonical tokens of ``text``: what matching compares."""
    lex = lexicon or default_lexicon()
    if len(text) > MAX_INPUT_CHARS:  # keep both ends: greetings open a message, the question ends it
        text = f"{text[: MAX_INPUT_CHARS // 4]} {text[-(MAX_INPUT_CHARS * 3 // 4) :]}"
    clean = unicodedata.normalize("NFKC", text).casefold()
    words: list[str] = []
    for raw in _WORD_RE.findall(clean):
        words.extend(_word(raw, lex))
    words = _apply_phrases(words, lex)
    words = _drop_address(words, lex)
    words = [word for word in words if word not in lex.stopwords]
    if len(words) > MAX_TOKENS:
        words = words[:_HEAD_TOKENS] + words[-(MAX_TOKENS - _HEAD_TOKENS) :]
    return words


def _word(raw: str, lex: Lexicon) -> list[str]:
    """Canonical words for one raw word (possibly none, possibly several)."""
    if raw.isdigit():
        return []
    if raw in lex.slang:
        return list(lex.slang[raw])
    if "-" in raw:
        parts = [part for part in raw.split("-") if part]
        if len(set(parts)) == 1:  # reduplication: "anak-anak" means "anak"
            return _word(parts[0], lex)
        return [out for part in parts for out in _word(part, lex)]
    word = raw.replace("'", "").replace("’", "")
    redup = _REDUP_DIGIT_RE.match(word)
    if redup:  # "anak2"
        word = redup.group(1)
    word = _deelongate(word, lex)
    if word in lex.slang:
        return list(lex.slang[word])
    if word.endswith("nya") and len(word) > 5 and not lex.knows(word):
        base = word[:-3]
        if base in lex.slang:
            return list(lex.slang[base])
        if lex.knows(base):
            return [base]
    return [word]


def _deelongate(word: str, lex: Lexicon) -> str:
    """Undo stretched letters, preferring a known word: "maaaaf" -> "maaf", "tolonggg" -> "tolong"."""
    if lex.knows(word):
        return word
    runs = list(_RUN_RE.finditer(word))
    if runs:
        shortest = _RUN_RE.sub(r"\1", word)
        if len(runs) <= 4:
            for lengths in product((2, 1), repeat=len(runs)):
                candidate = _rebuild(word, runs, lengths)
                if lex.knows(candidate):
                    return candidate
        word = shortest
        if lex.knows(word):
            return word
    # A doubled letter that makes no known word ("tolongg", "pakk") is usually a slip of the thumb.
    if _DOUBLE_RE.search(word):
        single = _DOUBLE_RE.sub(r"\1", word)
        if lex.knows(single):
            return single
    return word


def _rebuild(word: str, runs: list[re.Match[str]], lengths: tuple[int, ...]) -> str:
    pieces: list[str] = []
    position = 0
    for run, length in zip(runs, lengths, strict=True):
        pieces.append(word[position : run.start()])
        pieces.append(run.group(1) * length)
        position = run.end()
    pieces.append(word[position:])
    return "".join(pieces)


def _apply_phrases(words: list[str], lex: Lexicon) -> list[str]:
    """Replace multi-word spellings, longest first ("kartu tanda penduduk" -> "ktp")."""
    if not lex.phrases:
        return words
    longest = lex.longest_phrase
    out: list[str] = []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 1, -1):
            key = tuple(words[position : position + size])
            if key in lex.phrases:
                out.extend(lex.phrases[key])
                position += size
                break
        else:
            out.append(words[position])
            position += 1
    return out


def _drop_address(words: list[str], lex: Lexicon) -> list[str]:
    """Drop forms of address; vocative-only words ("admin") only before the first real word."""
    out: list[str] = []
    leading = True
    for word in words:
        if word in lex.address_terms:
            continue
        if leading and (word in lex.vocative_only or word in lex.stopwords):
            continue
        leading = False
        out.append(word)
    return out
