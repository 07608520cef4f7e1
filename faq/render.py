"""Rendering an FAQ answer in the agency's formal register."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from faq.labels import entry_label
from faq.models import Agency, FaqEntry

TEXTS_FILE = Path(__file__).with_name("texts.yaml")


@lru_cache(maxsize=1)
def texts() -> dict[str, str]:
    """The fixed phrases from ``faq/texts.yaml`` (read once)."""
    data = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8")) or {}
    return {str(key): str(value).strip() for key, value in data.items()}


def render_answer(
    entry: FaqEntry, agency: Agency, *, greeting: str | None = None, letter: bool = True
) -> str:
    """Greeting, blank line, what is being answered ("Informasi tentang: mengurus KTP-el yang hilang"),
    the answer (a hoax clarification then thanks the citizen for checking), signature.

    ``greeting`` defaults to the catalogue's ("Yth. Bapak/Ibu,"). Without ``letter``, only the
    answer: in the middle of a conversation a letter's greeting and signature on every reply is noise.
    """
    catalogue = texts()
    about = catalogue["about"].replace("{label}", entry_label(entry))
    body = f"{about}\n{entry.answer.strip()}"
    if entry.kind == "hoax_clarification":
        body = f"{body}\n{catalogue['hoax_thanks']}"
    if not letter:
        return body
    opening = catalogue["greeting"] if greeting is None else greeting
    return f"{opening}\n\n{body}\n\n{agency.signature.strip()}"
