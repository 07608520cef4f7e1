"""The wording catalogue sla/texts.yaml, read once on first use."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def _catalogue() -> dict[str, Any]:
    loaded = yaml.safe_load(files("sla").joinpath("texts.yaml").read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise RuntimeError("sla/texts.yaml must be a mapping")
    return loaded


def text(key: str) -> str:
    """The catalogue entry at a dotted key such as "gap.rest_break"."""
    node: Any = _catalogue()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"{key} is not a text in sla/texts.yaml")
    return node
