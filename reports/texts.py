"""The report labels catalogue reports/texts.yaml (formal Indonesian), which the agency words in its
messages.yaml under `reports.` (`reports.clock_kind.resolution`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.catalogue import Catalogue

CATALOGUE = Catalogue("reports", Path(__file__).with_name("texts.yaml"), prefix="reports.", style="format")


def text(key: str, **values: Any) -> str:
    """The entry at a dotted key such as "filters.end_before_start", with its placeholders filled in."""
    return CATALOGUE.text(key, **values)


def labels(key: str) -> dict[str, str]:
    """A mapping of labels, e.g. "clock_kind" -> {"first_response": "Tanggapan pertama", ...}."""
    found = CATALOGUE.labels(key)
    if not found:
        raise KeyError(f"{key} is not a mapping in reports/texts.yaml")
    return found
