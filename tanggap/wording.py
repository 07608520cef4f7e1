"""Every catalogue of texts a person reads, for checking and installing the agency's messages.yaml."""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalogue import CATALOGUE as BOT
from core.catalogue import Catalogue, check_agency_wording
from escalation.texts import CATALOGUE as ESCALATION
from faq.render import CATALOGUE as FAQ
from reports.texts import CATALOGUE as REPORTS
from sla.texts import CATALOGUE as SLA
from web.staff.texts import CATALOGUE as PAGES
from web.texts import CATALOGUE as WEB

CATALOGUES: tuple[Catalogue, ...] = (BOT, ESCALATION, FAQ, SLA, REPORTS, PAGES, WEB)
"""The bot's replies, escalation's notices, the FAQ answer's phrases, SLA wording, report labels, the staff
pages and the API's errors."""


def wording_problems(overrides: Mapping[str, str]) -> list[str]:
    return check_agency_wording(CATALOGUES, overrides)


def wording_rows(overrides: Mapping[str, str], contains: str | None = None) -> list[tuple[str, str, bool]]:
    """(key in messages.yaml, the text in use, whether it is the agency's own), filtered by `contains`."""
    needle = (contains or "").casefold()
    rows: list[tuple[str, str, bool]] = []
    for catalogue in CATALOGUES:
        for key, default in catalogue.defaults.items():
            agency_key = catalogue.prefix + key
            text = overrides.get(agency_key, default)
            if needle in agency_key.casefold() or needle in text.casefold():
                rows.append((agency_key, text, agency_key in overrides))
    return rows
