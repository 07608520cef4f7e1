"""What a message in the middle of a complaint is when it is no field: a bare intent ("sy mau ngadu"),
"udah itu aja", "udah saya ceritain diatas"; and the parts of a typed correction ("eh salah, jl mawar
bukan melati", "kategorinya lampu jalan"). Word lists live in phrases.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.intents import tokens

PHRASES_FILE = Path(__file__).parent / "phrases.yaml"
FIELDS = ("location", "category", "description")


@dataclass(frozen=True)
class FlowPhrases:
    intent_words: frozenset[str]
    filler: frozenset[str]
    done: tuple[re.Pattern[str], ...]
    told_above: tuple[re.Pattern[str], ...]
    fields: dict[str, re.Pattern[str]]
    lead: re.Pattern[str]
    then: re.Pattern[str]


@dataclass(frozen=True)
class Correction:
    field: str | None
    """The field the citizen named ("lokasinya", "kategori"), if any."""
    value: str
    """What should be there instead, as typed."""
    wrong: str | None = None
    """What is wrong, from "X bukan Y" ("melati")."""


def _alternatives(words: list[str]) -> str:
    ordered = sorted({re.escape(str(word).casefold()) for word in words}, key=len, reverse=True)
    return "|".join(ordered)


@cache
def default_flow_phrases() -> FlowPhrases:
    raw = yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))
    return FlowPhrases(
        intent_words=frozenset(raw["intent_words"]),
        filler=frozenset(raw["filler"]),
        done=tuple(re.compile(pattern) for pattern in raw["done"]),
        told_above=tuple(re.compile(pattern) for pattern in raw["told_above"]),
        fields={
            name: re.compile(rf"\b({_alternatives(words)})\b", re.IGNORECASE)
            for name, words in raw["fields"].items()
        },
        lead=re.compile(rf"^\W*(?:(?:{_alternatives(raw['correction_lead'])})\b\W*)+", re.IGNORECASE),
        then=re.compile(rf"\b(?:{_alternatives(raw['correction_then'])})\b\W*", re.IGNORECASE),
    )


def _folded(text: str) -> str:
    return " ".join(tokens(text))


def is_bare_intent(text: str, phrases: FlowPhrases | None = None) -> bool:
    """ "sy mau ngadu", "mau lapor dong": the wish to complain, with nothing to act on yet."""
    phrases = phrases or default_flow_phrases()
    words = tokens(text)
    if not words or not any(word in phrases.intent_words for word in words):
        return False
    return all(word in phrases.intent_words or word in phrases.filler for word in words)


def is_done(text: str, phrases: FlowPhrases | None = None) -> bool:
    """ "udah itu aja", "cukup": the citizen has nothing more to add."""
    phrases = phrases or default_flow_phrases()
    folded = _folded(text)
    return any(pattern.search(folded) for pattern in phrases.done)


def told_above(text: str, phrases: FlowPhrases | None = None) -> bool:
    """ "udah saya ceritain diatas": what was asked is in an earlier message."""
    phrases = phrases or default_flow_phrases()
    folded = _folded(text)
    return len(folded.split()) <= 12 and any(pattern.search(folded) for pattern in phrases.told_above)


def named_field(text: str, phrases: FlowPhrases | None = None) -> str | None:
    """The first field the text names ("lokasinya", "kategori"), by position."""
    phrases = phrases or default_flow_phrases()
    found = [(match.start(), name) for name in FIELDS if (match := phrases.fields[name].search(text))]
    return min(found)[1] if found else None


def looks_like_correction(text: str, phrases: FlowPhrases | None = None) -> bool:
    phrases = phrases or default_flow_phrases()
    return bool(phrases.lead.search(text) or phrases.then.search(text) or re.search(r"\bbukan\b", text, re.I))


def parse_correction(text: str, phrases: FlowPhrases | None = None) -> Correction:
    phrases = phrases or default_flow_phrases()
    field = named_field(text, phrases)
    wrong: str | None = None
    split = re.search(r"\bbukan(?:nya)?\b", text, re.IGNORECASE)
    if split is not None:
        before, after = text[: split.start()], text[split.end() :]
        then = phrases.then.search(after)
        if then is not None:
            wrong, value = after[: then.start()], after[then.end() :]
        elif _clean(before, phrases):
            wrong, value = after, before
        else:
            value = after
    else:
        last = list(phrases.then.finditer(text))
        value = text[last[-1].end() :] if last else text
    wrong_text = _clean(wrong, phrases) if wrong is not None else None
    return Correction(field=field, value=_clean(value, phrases), wrong=wrong_text or None)


def _clean(text: str, phrases: FlowPhrases) -> str:
    """The value itself: without "eh salah", the field's name, "harusnya", leading "di"/":"."""
    out = phrases.lead.sub("", text.strip())
    for pattern in phrases.fields.values():
        out = pattern.sub("", out)
    out = phrases.then.sub("", out) if phrases.then.match(out.strip()) else out
    out = re.sub(r"^\W*(?:(?:di|ke|nya|itu|ya|adalah|is)\b\W*)*", "", out.strip(), flags=re.IGNORECASE)
    return out.strip(" \t\n,.:;-!")
