"""Recognising what a free-text message is about, beyond the FAQ: pure functions over keyword lists."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path

import yaml

INTENTS_FILE = Path(__file__).parent / "intents.yaml"
_REPEATS = re.compile(r"([a-z])\1{2,}")
_WORDS = re.compile(r"[a-z0-9/'-]+")


class Intent(StrEnum):
    GREETING = "greeting"
    MENU = "menu"
    THANKS = "thanks"
    CANCEL = "cancel"
    SKIP = "skip"
    CONFIRM = "confirm"
    COMPLAINT = "complaint"
    STATUS = "status"
    OFFICER = "officer"
    COMPLAINT_SIGNALS = "complaint_signals"
    POLITICAL = "political"
    NEUTRALITY_REPORT = "neutrality_report"
    ABUSIVE = "abusive"
    ADDRESS = "address"


@dataclass(frozen=True)
class Phrases:
    """Keyword lists per intent, as token tuples."""

    by_intent: dict[Intent, tuple[tuple[str, ...], ...]]

    @cached_property
    def address_words(self) -> frozenset[str]:
        """Single-word forms of address ("min", "kak"), collected once."""
        return frozenset(phrase[0] for phrase in self.by_intent.get(Intent.ADDRESS, ()) if len(phrase) == 1)

    def mentions(self, intent: Intent, tokens: tuple[str, ...]) -> bool:
        return any(_contains(tokens, phrase) for phrase in self.by_intent.get(intent, ()))

    def is_exactly(self, intent: Intent, tokens: tuple[str, ...]) -> bool:
        """The whole message, less forms of address ("min", "kak"), is one of the intent's phrases."""
        address = self.address_words
        meaningful = tuple(token for token in tokens if token not in address) or tokens
        return any(meaningful == phrase for phrase in self.by_intent.get(intent, ()))


def tokens(text: str) -> tuple[str, ...]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _REPEATS.sub(r"\1", folded)
    return tuple(_WORDS.findall(folded))


@cache
def default_phrases() -> Phrases:
    raw = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    by_intent = {
        Intent(name): tuple(tokens(str(phrase)) for phrase in phrases if tokens(str(phrase)))
        for name, phrases in raw.items()
    }
    return Phrases(by_intent=by_intent)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(haystack[start : start + size] == needle for start in range(len(haystack) - size + 1))
