"""The web channel's catalogue (web/texts.yaml): the texts API callers read in errors, which the agency
words in its messages.yaml under `web.` (`web.api.internal`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.catalogue import Catalogue

CATALOGUE = Catalogue("web", Path(__file__).with_name("texts.yaml"), prefix="web.", style="format")


def text(key: str, **values: Any) -> str:
    return CATALOGUE.text(key, **values)
