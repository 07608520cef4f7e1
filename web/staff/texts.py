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
