"""Short labels for FAQ entries: the entry's own ``label``, or one made from its question.

The rules that shorten a question ("Bagaimana cara mengurus KTP-el yang hilang?" -> "mengurus KTP-el
yang hilang") are data in ``faq/labels.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from faq.models import FaqEntry

LABELS_FILE = Path(__file__).with_name("labels.yaml")
ELLIPSIS = "..."


@dataclass(frozen=True)
class LabelRules:
    rules: tuple[tuple[re.Pattern[str], str], ...]
    max_length: int

    def shorten(self, question: str) -> str:
        """The question as a short topic: question words and examples removed, at most ``max_length``."""
        text = " ".join(question.split())
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text).strip()
        text = _lower_first_word(text) or " ".join(question.split())
        return _fit(text, self.max_length)


@lru_cache(maxsize=1)
def label_rules() -> LabelRules:
    """The rules of ``faq/labels.yaml`` (read once)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    rules = tuple(
        (re.compile(str(rule["pattern"]), re.IGNORECASE), str(rule["replace"])) for rule in data["rules"]
    )
    return LabelRules(rules=rules, max_length=int(data["max_length"]))


def entry_label(entry: FaqEntry) -> str:
    """What the citizen sees for this entry: its ``label``, or the shortened question."""
    return entry.label or label_rules().shorten(entry.question)


def as_button(label: str) -> str:
    """A label on a button starts with a capital letter ("Mengurus KTP-el yang hilang")."""
    return label[:1].upper() + label[1:]


def _lower_first_word(text: str) -> str:
    """ "Sampah di lingkungan saya" -> "sampah di ..."; "KTP-el", "PDAM" and "Kartu Keluarga" keep theirs."""
    first, _, rest = text.partition(" ")
    if len(first) > 1 and first[0].isupper() and first[1:].islower() and not rest[:1].isupper():
        return f"{first.lower()} {rest}".strip()
    return text


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}{ELLIPSIS}"
