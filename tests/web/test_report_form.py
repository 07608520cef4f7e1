"""The report form's query string: a figure's name in a link comes back as the same `Drill`, an unknown
one is refused with its reason, and the period of the choices (presets and dates) as the agency reads it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from reports import ReportFilterError
from reports.drill import Drill
from web.staff.report_form import Chosen, chosen_from, drill_of, figure, report_filter

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)  # Tuesday 09:00 WIB

DRILLS = [
    Drill("received"),
    Drill("breached", clock="resolution"),
    Drill("met", clock="first_response", dimension="unit", value="pupr"),
    Drill("met", clock="first_response", dimension="officer", value=""),
    Drill("backlog", value="1-3"),
    Drill("rating", value="5"),
    Drill("week_breached", value="2026-11-02"),
]


@pytest.mark.parametrize("drill", DRILLS, ids=str)
def test_a_figures_name_comes_back_as_its_drill(drill: Drill) -> None:
    assert drill_of(figure(drill.metric, drill.clock, drill.dimension, drill.value)) == drill


@pytest.mark.parametrize(
    "angka", ["gaji", "received:extra", "breached", "breached:lunch", "met:resolution:unit"]
)
def test_a_name_no_figure_has_is_refused_with_it(angka: str) -> None:
    with pytest.raises(ReportFilterError, match="tidak dikenali"):
        drill_of(angka)


def test_the_choices_become_the_period_and_filters_and_keep_only_what_was_given() -> None:
    chosen = chosen_from(
        {"periode": "rentang", "dari": "2026-11-02", "sampai": "2026-11-08", "unit": " pupr "}
    )
    found = report_filter(chosen, now=NOW, tz=WIB, allowed=frozenset({"pupr", "dishub"}))
    assert (found.period.first_day, found.period.last_day) == (date(2026, 11, 2), date(2026, 11, 8))
    assert found.scoped().units == ("pupr",)
    assert (
        chosen.query(angka="received")
        == "periode=rentang&dari=2026-11-02&sampai=2026-11-08&unit=pupr&angka=received"
    )
    last_month = report_filter(Chosen(), now=NOW, tz=WIB, allowed=None).period
    assert (last_month.first_day, last_month.last_day) == (date(2026, 10, 1), date(2026, 10, 31))
    with pytest.raises(ReportFilterError, match="Pilihan periode tahun-lalu tidak dikenali"):
        report_filter(Chosen(periode="tahun-lalu"), now=NOW, tz=WIB, allowed=None)
