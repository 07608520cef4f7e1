"""The report labels catalogue reports/texts.yaml (formal Indonesian), read once on first use."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def _catalogue() -> dict[str, Any]:
    loaded = yaml.safe_load(files("reports").joinpath("texts.yaml").read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise RuntimeError("reports/texts.yaml must be a mapping")
    return loaded


def text(key: str, **values: Any) -> str:
    """The entry at a dotted key such as "filters.end_before_start", with its placeholders filled in."""
    node: Any = _catalogue()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"{key} is not a text in reports/texts.yaml")
    return node.format(**values) if values else node


def labels(key: str) -> dict[str, str]:
    """A mapping of labels, e.g. "clock_kind" -> {"first_response": "Tanggapan pertama", ...}."""
    node: Any = _catalogue()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, dict):
        raise KeyError(f"{key} is not a mapping in reports/texts.yaml")
    return {str(k): str(v) for k, v in node.items()}
