"""The escalation catalogue (escalation/messages/id.yaml): staff notifications and citizen notices,
worded key by key by the agency's `messages.yaml` in the KB (the same file that words the bot's
catalogue: a key belongs to the catalogue that has it)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from core.catalogue import Catalogue, Templates, agency_wording
from core.privacy import mask_pii

CATALOGUE = Catalogue(
    "escalation",
    Path(__file__).parent / "messages" / "id.yaml",
    prefix="",
    style="jinja",
    always=("agency", "signature"),
)

Texts = Templates


def excerpt(text: str, limit: int) -> str:
    """A complaint's text for a staff notification: masked before it is shortened (a NIK cut in half
    would no longer be recognised), on one line, at most `limit` characters."""
    text = " ".join(mask_pii(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reason(key: str, **context: Any) -> str:
    """A line of the catalogue that needs no agency's name (a routing reason, a subject, a button), in the
    agency's wording installed for this process."""
    return plain_texts().render(key, **context)


def plain_texts() -> Templates:
    wording = agency_wording()
    own = frozenset((key, text) for key, text in wording.items() if key in CATALOGUE.defaults)
    return _plain(own)


@cache
def _plain(own: frozenset[tuple[str, str]]) -> Templates:
    return Templates("escalation", CATALOGUE.wording(dict(own)))


def build_texts(*, agency: str, signature: str, overrides: Mapping[str, str] | None = None) -> Templates:
    """The catalogue in the agency's wording (`overrides`: its messages.yaml; other keys are the bot's)."""
    return Templates("escalation", CATALOGUE.wording(overrides or {}), agency=agency, signature=signature)
