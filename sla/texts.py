"""The wording catalogue sla/texts.yaml (deadlines and the reasons a clock stops), which the agency words
in its messages.yaml under `sla.` (`sla.due.today`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.catalogue import Catalogue

CATALOGUE = Catalogue("sla", Path(__file__).with_name("texts.yaml"), prefix="sla.", style="format")


def text(key: str, **values: Any) -> str:
    """The catalogue entry at a dotted key such as "gap.rest_break"."""
    return CATALOGUE.text(key, **values)
