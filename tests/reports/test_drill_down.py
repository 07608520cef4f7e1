"""Every figure lists the tickets behind it: the same tickets it counted, one row per ticket."""

from __future__ import annotations

import pytest

from core.db import Database
from reports import ReportFilter, ReportFilterError, make_scope
from reports.drill import Drill
from reports.ticket_list import count_rows, stream_rows, ticket_rows
from sla import SlaConfig
from tests.reports.conftest import NOW, wib
from tickets import Ticket


async def codes(db: Database, ids: dict[str, int]) -> dict[str, str]:
    async with db.session() as session:
        found = {}
        for name, ticket_id in ids.items():
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            found[ticket.code] = name
        return found


DRILLS = {
    Drill("received"): "ABCDEF",
    Drill("not_responded"): "C",
    Drill("resolved"): "AD",
    Drill("reopened"): "E",
    Drill("breached", clock="first_response"): "BCD",
    Drill("breached", clock="first_response", dimension="unit", value="dishub"): "CD",
    Drill("met", clock="first_response", dimension="officer", value="petugas-pupr"): "A",
    Drill("met", clock="first_response", dimension="officer", value=""): "E",
    Drill("breached", clock="next_response"): "F",
    Drill("running", clock="resolution"): "F",
    Drill("breached", clock="resolution", dimension="channel", value="web"): "C",
    Drill("backlog", value="1-3"): "EF",
    Drill("backlog", value="8-14"): "H",
    Drill("rating", value="5"): "A",
    Drill("category", value="jalan-drainase"): "ABD",
    Drill("in_hands", value="pupr"): "D",
    Drill("week_breached", value="2026-11-02"): "BCDEF",
}


@pytest.mark.parametrize(("drill", "expected"), DRILLS.items(), ids=[str(d) for d in DRILLS])
async def test_a_figure_lists_its_tickets(
    db: Database,
    week: dict[str, int],
    week_filter: ReportFilter,
    sla_config: SlaConfig,
    drill: Drill,
    expected: str,
) -> None:
    names = await codes(db, week)
    scope = make_scope(week_filter, sla_config.calendar, NOW)
    async with db.session() as session:
        rows = await ticket_rows(session, scope, drill)
        assert await count_rows(session, scope, drill) == len(expected)
    assert "".join(names[row.code] for row in rows) == expected


async def test_a_row_says_how_the_ticket_went_without_personal_data(
    db: Database, week: dict[str, int], week_filter: ReportFilter, sla_config: SlaConfig
) -> None:
    names = await codes(db, week)
    scope = make_scope(week_filter, sla_config.calendar, NOW)
    async with db.session() as session:
        rows = {names[row.code]: row async for row in stream_rows(session, scope, batch=2)}
    forwarded = rows["D"]
    assert (forwarded.unit, forwarded.officer, forwarded.category) == (
        "Dinas Perhubungan",
        None,
        "jalan-drainase",
    )
    assert (forwarded.sla, forwarded.rating) == ("breached", 2)
    assert forwarded.late_hours == pytest.approx(0.5)
    assert forwarded.first_response == wib(4, 10, 30)
    assert forwarded.first_response_due == wib(4, 10)
    assert forwarded.resolution_due == wib(6, 8)
    assert forwarded.resolved == wib(5, 9)
    kept = rows["A"]
    assert (kept.officer, kept.sla, kept.late_hours, kept.rating) == ("Andi Saputra", "met", None, 5)
    assert rows["C"].late_hours == pytest.approx(30.5)
    assert rows["F"].sla == "breached"
    assert not hasattr(kept, "description")


def test_an_unknown_figure_is_refused(week_filter: ReportFilter, sla_config: SlaConfig) -> None:
    scope = make_scope(week_filter, sla_config.calendar, NOW)
    from reports.drill import conditions

    with pytest.raises(ReportFilterError):
        conditions(scope, Drill("breached", clock="forever"))
    with pytest.raises(ReportFilterError):
        conditions(scope, Drill("nothing"))
