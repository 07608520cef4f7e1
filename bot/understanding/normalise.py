"""The text the rules and the model see: folded, repeats shortened, spellings unified, numbers marked."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

SPELLINGS_FILE = Path(__file__).parent / "spellings.yaml"
_TICKET = re.compile(r"(?<![a-z])[a-z]{2,5}[-\s.]?\d{4}[-\s.]?\d{1,6}(?!\d)")
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\d\w])(?:\+?62|0)\s?8\d{1,3}(?:[\s-]?\d{2,4}){2,4}(?!\d)")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Casefold, shorten "tolooong" to "toloong", unify spellings ("gk jd" -> "gak jadi") and mark
    NIKs, phone numbers and ticket codes.

    Markers ("niknum", "phonenum", "kodetiket") keep the shape of a message without its digits, so
    neither the model nor the patterns depend on a particular number.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _TICKET.sub(" kodetiket ", folded)
    folded = _NIK.sub(" niknum ", folded)
    folded = _PHONE.sub(" phonenum ", folded)
    folded = _REPEATS.sub(r"\1\1", folded)
    folded = _SPACES.sub(" ", folded).strip()
    return respell(folded)


def respell(folded: str) -> str:
    """Whole words (or word groups) written as in spellings.yaml replaced by their usual spelling."""
    pattern, spellings = _spellings()
    return pattern.sub(lambda match: spellings[match.group(0)], folded) if spellings else folded


@cache
def _spellings(path: Path = SPELLINGS_FILE) -> tuple[re.Pattern[str], dict[str, str]]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping of spelling: usual spelling")
    spellings = {_SPACES.sub(" ", str(k).casefold()).strip(): str(v) for k, v in loaded.items()}
    alternatives = sorted(spellings, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w])")
    return pattern, spellings
