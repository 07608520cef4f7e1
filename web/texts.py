"""The web channel's catalogue (web/texts.yaml): the texts API callers read in errors."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "texts.yaml"


@cache
def catalogue() -> dict[str, str]:
    loaded = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in loaded.items()}


def text(key: str) -> str:
    return catalogue()[key]
