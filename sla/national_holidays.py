"""National public holidays and cuti bersama, from the `holidays` package.

`holidays.country_holidays("ID", categories=("public", "government"), language="id")` gives the public
holidays (category "public") and the cuti bersama days (category "government") with their Indonesian
names. Dates of Islamic holidays in years the government has not decided yet carry "(perkiraan)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import holidays

HolidayProvider = Callable[[int], Mapping[date, str]]
"""Given a year, the closed days of that year with the name of each holiday."""


@dataclass(frozen=True, slots=True)
class IndonesianHolidays:
    """Indonesian public holidays, plus the cuti bersama days unless `cuti_bersama` is False."""

    cuti_bersama: bool = True

    def __call__(self, year: int) -> Mapping[date, str]:
        categories = ("public", "government") if self.cuti_bersama else ("public",)
        found = holidays.country_holidays("ID", years=year, categories=categories, language="id")
        return {day: str(name) for day, name in found.items()}


def no_holidays(year: int) -> Mapping[date, str]:
    """A provider for units that never close on holidays (and for tests)."""
    return {}
