"""Rendering an FAQ answer in the agency's formal register."""

from __future__ import annotations

from pathlib import Path

from core.catalogue import Catalogue
from faq.labels import entry_label
from faq.models import Agency, FaqEntry

CATALOGUE = Catalogue("faq", Path(__file__).with_name("texts.yaml"), prefix="faq.", style="format")
"""The fixed phrases of an answer, which the agency words in its messages.yaml under `faq.`."""


def texts() -> dict[str, str]:
    """The fixed phrases of ``faq/texts.yaml`` in the agency's wording."""
    return {key: CATALOGUE.text(key).strip() for key in CATALOGUE.defaults}


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
