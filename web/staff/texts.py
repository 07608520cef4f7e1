"""The staff pages' catalogue (web/staff/texts.yaml): every text staff read on the pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).parent / "texts.yaml"


@cache
def catalogue() -> dict[str, str]:
    loaded = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in loaded.items()}


def text(key: str, **values: Any) -> str:
    """The text of `key`, with `{name}` fields filled from `values`."""
    template = catalogue()[key]
    return template.format(**values) if values else template


def label(prefix: str, value: object) -> str:
    """The catalogue's name for an id (`channel.web` -> "Obrolan web"); the id itself when it has none."""
    return catalogue().get(f"{prefix}.{value}", str(value))


def actor_label(actor: str, people: dict[str, str]) -> str:
    """Who did it, as staff read it: an officer by name, the others by their role."""
    kind, _, person = actor.partition(":")
    if kind == "officer" and person:
        return people.get(person, person)
    return label("actor", actor)
