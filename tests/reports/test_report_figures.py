"""Every figure of the report against the week of tickets in conftest, worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.db import Database
from reports import ReportFilter, ReportFilterError, build_report, custom_period
from sla import SlaConfig
from tests.reports.conftest import NOW, WIB


async def test_the_week_in_figures(
    db: Database, week: dict[str, int], week_filter: ReportFilter, sla_config: SlaConfig
) -> None:
    async with db.session() as session:
        report = await build_report(session, filter=week_filter, calendar=sla_config.calendar, now=NOW)
    counts = report.counts
    assert (counts.received, counts.responded, counts.resolved, counts.closed, counts.reopened) == (
        6,
        5,
        2,
        0,
        1,
    )
    assert counts.resolution_rate == pytest.approx(100 / 3)
    # A 1.5, B 2.5, D 2.5, E 1, F 1 working hours.
    assert report.first_response.count == 5
    assert report.first_response.median == pytest.approx(1.5)
    assert report.first_response.p90 == pytest.approx(2.5)
    assert report.first_response_by_unit["pupr"].median == pytest.approx(2.0)

    first, following, resolution = (
        report.compliance[k] for k in ("first_response", "next_response", "resolution")
    )
    assert (first.met, first.breached, first.percent_met) == (3, 3, 50.0)
    assert (following.met, following.breached) == (0, 1)
    assert (resolution.met, resolution.breached, resolution.running) == (3, 3, 1)
    assert report.lateness["first_response"].median_hours == pytest.approx(0.5)
    assert report.lateness["first_response"].worst_hours == pytest.approx(30.5)
    assert report.lateness["next_response"].worst_hours == pytest.approx(2.5)
    assert report.lateness["resolution"].median_hours == pytest.approx(17.5)
    assert report.lateness["resolution"].worst_hours == pytest.approx(28.0)

    by_unit = report.compliance_by["unit"]["first_response"]
    assert (by_unit["pupr"].met, by_unit["pupr"].breached) == (1, 1)
    assert (by_unit["dishub"].met, by_unit["dishub"].breached) == (0, 2)
    assert by_unit["dishub"].late_worst_hours == pytest.approx(30.5)
    assert by_unit["dlh"].percent_met == 100.0
    assert report.compliance_by["channel"]["resolution"]["web"].breached == 1
    assert report.compliance_by["category"]["resolution"]["jalan-drainase"].met == 2
    officer = report.compliance_by["officer"]["first_response"]["petugas-pupr"]
    assert (officer.met, officer.breached) == (1, 1)
    assert report.lateness_by_unit["dishub"]["resolution"].worst_hours == pytest.approx(17.5)

    # Open at the end of Sunday 8 November: B 6.5 days old, C 5.4, E 3.6, F 1.6, H 13.6.
    assert report.backlog == {"1-3": 2, "4-7": 2, "8-14": 1}
    assert report.ratings.count == 2
    assert report.ratings.average == pytest.approx(3.5)
    assert report.ratings.distribution == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert report.ratings.rated_share == pytest.approx(100.0)
    assert report.top_categories == [
        ("jalan-drainase", 3),
        ("lainnya", 1),
        ("lampu-lalu-lintas", 1),
        ("sampah-lingkungan", 1),
    ]
    assert [(h.unit, h.tickets, round(h.hours, 3)) for h in report.in_hands] == [
        ("dishub", 1, 6.5),
        ("pupr", 1, 2.0),
    ]
    assert report.weekly == [("2026-11-02", 6, 5)]


async def test_a_viewer_sees_only_their_units(
    db: Database, week: dict[str, int], week_filter: ReportFilter, sla_config: SlaConfig
) -> None:
    only_pupr = replace(week_filter, allowed_units=frozenset({"pupr"}))
    asking_more = replace(only_pupr, units=("pupr", "dishub"))
    none_of_theirs = replace(only_pupr, units=("dishub",))
    async with db.session() as session:
        mine = await build_report(session, filter=only_pupr, calendar=sla_config.calendar, now=NOW)
        more = await build_report(session, filter=asking_more, calendar=sla_config.calendar, now=NOW)
        other = await build_report(session, filter=none_of_theirs, calendar=sla_config.calendar, now=NOW)
    assert mine.counts.received == more.counts.received == 2
    assert set(mine.compliance_by["unit"]["first_response"]) == {"pupr"}
    assert other.counts.received == 0


async def test_filters_narrow_the_tickets(
    db: Database, week: dict[str, int], week_filter: ReportFilter, sla_config: SlaConfig
) -> None:
    from tickets import TicketKind

    cases = {
        replace(week_filter, channels=("web",)): 1,
        replace(week_filter, kinds=(TicketKind.COMMENT,)): 1,
        replace(week_filter, categories=("jalan-drainase",)): 3,
        replace(week_filter, officers=("petugas-pupr",)): 2,
        replace(week_filter, units=("dishub", "dlh")): 3,
    }
    async with db.session() as session:
        for narrowed, received in cases.items():
            report = await build_report(session, filter=narrowed, calendar=sla_config.calendar, now=NOW)
            assert report.counts.received == received, narrowed


def test_an_end_before_the_start_is_refused_with_a_reason() -> None:
    with pytest.raises(ReportFilterError) as refused:
        custom_period(date(2026, 11, 8), date(2026, 11, 2), WIB)
    assert "lebih awal daripada tanggal mulai" in refused.value.reason
