"""Which acknowledgement fits a report: an officer asking for money is not a pothole. Themes and
their phrases live in empathy.yaml; the texts in the catalogue (`report_empathy.<theme>`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path

import yaml

from bot.intents import tokens

EMPATHY_FILE = Path(__file__).parent / "empathy.yaml"
GENERAL = "report_empathy"


@cache
def default_themes() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Theme -> its phrases as word tuples, in the file's order (the first theme that matches wins)."""
    raw = yaml.safe_load(EMPATHY_FILE.read_text(encoding="utf-8"))
    return {
        str(theme): tuple(tokens(str(phrase)) for phrase in phrases if tokens(str(phrase)))
        for theme, phrases in raw["themes"].items()
    }


def empathy_key(
    text: str,
    *,
    known: Callable[[str], bool] = lambda _key: True,
    themes: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
) -> str:
    """The catalogue key of the acknowledgement for a report told in `text` (the general one when
    no theme fits, or the catalogue has no text for the theme: `known`)."""
    words = tokens(text)
    for theme, phrases in (themes or default_themes()).items():
        key = f"{GENERAL}.{theme}"
        if any(_contains(words, phrase) for phrase in phrases) and known(key):
            return key
    return GENERAL


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[index : index + size] == phrase for index in range(len(words) - size + 1))
