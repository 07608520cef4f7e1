"""Citizen-facing text: bot/messages/id.yaml, worded key by key by the agency's messages.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from core.catalogue import Catalogue as CatalogueFile
from core.catalogue import Templates

DEFAULT_CATALOGUE = Path(__file__).parent / "messages" / "id.yaml"

CATALOGUE = CatalogueFile(
    "bot", DEFAULT_CATALOGUE, prefix="", style="jinja", always=("agency", "signature", "letter", "dear")
)
"""The agency words these keys as they are (`greeting`, `letter.opening`)."""

Catalogue = Templates
"""The bot's texts for one agency, as the flows render them."""


def build_catalogue(overrides: Mapping[str, str], *, agency: str, signature: str) -> Catalogue:
    return Templates(
        "message",
        CATALOGUE.wording(overrides),
        agency=agency,
        signature=signature,
        letter=False,
        dear="",
    )
