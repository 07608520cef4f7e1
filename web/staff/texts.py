"""The staff pages' catalogue (web/staff/texts.yaml): every text staff read on the pages, which the agency
words in its messages.yaml under `pages.` (`pages.status.open`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.catalogue import Catalogue

CATALOGUE = Catalogue("pages", Path(__file__).with_name("texts.yaml"), prefix="pages.", style="format")


def text(key: str, **values: Any) -> str:
    """The text of `key`, with `{name}` fields filled from `values`."""
    return CATALOGUE.text(key, **values)


def has(key: str) -> bool:
    return CATALOGUE.has(key)


def label(prefix: str, value: object) -> str:
    """The catalogue's name for an id (`channel.web` -> "Obrolan web"); the id itself when it has none."""
    return CATALOGUE.get(f"{prefix}.{value}", str(value))


def actor_label(actor: str, people: dict[str, str]) -> str:
    """Who did it, as staff read it: an officer by name, the others by their role."""
    kind, _, person = actor.partition(":")
    if kind == "officer" and person:
        return people.get(person, person)
    return label("actor", actor)
