"""The text the rules and the model see: folded, repeats shortened, personal numbers replaced by markers."""

from __future__ import annotations

import re
import unicodedata

_TICKET = re.compile(r"(?<![a-z])[a-z]{2,5}[-\s.]?\d{4}[-\s.]?\d{1,6}(?!\d)")
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\d\w])(?:\+?62|0)\s?8\d{1,3}(?:[\s-]?\d{2,4}){2,4}(?!\d)")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Casefold, shorten "tolooong" to "tolong", and mark NIKs, phone numbers and ticket codes.

    Markers ("niknum", "phonenum", "kodetiket") keep the shape of a message without its digits, so
    neither the model nor the patterns depend on a particular number.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _TICKET.sub(" kodetiket ", folded)
    folded = _NIK.sub(" niknum ", folded)
    folded = _PHONE.sub(" phonenum ", folded)
    folded = _REPEATS.sub(r"\1\1", folded)
    return _SPACES.sub(" ", folded).strip()
