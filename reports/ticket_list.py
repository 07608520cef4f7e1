"""One row per ticket, for a figure's drill-down and for the exports: code, channel, kind, category,
unit, officer, opened, first response, deadline, how its promises went and by how much, resolved,
rating. No personal data of the citizen (no name, contact, text or location)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sql import table_of
from escalation.models import Person, ServiceUnit
from reports.drill import Drill, conditions
from reports.repository import HOUR, RATINGS, latest_ratings, without_jit
from reports.scope import BREACHED, RUNNING, STATES, TICKETS, Scope, clock_facts, tickets_of

UNITS = table_of(ServiceUnit)
PEOPLE = table_of(Person)


@dataclass(frozen=True)
class TicketRow:
    code: str
    channel: str
    kind: str
    category: str | None
    unit: str | None
    officer: str | None
    opened: datetime
    first_response: datetime | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    sla: str
    """breached (a promise was or is late), running (one is owed, none late), met (all kept), none."""
    late_hours: float | None
    """The worst lateness of its promises, working hours."""
    resolved: datetime | None
    rating: int | None


def _statement(scope: Scope, drill: Drill) -> Select[Any]:
    facts = clock_facts(scope, received=drill.received)
    per_ticket = (
        select(
            facts.c.ticket_id,
            func.max(case((facts.c.kind == "first_response", facts.c.due_at))).label("first_due"),
            func.max(case((facts.c.kind == "resolution", facts.c.due_at))).label("resolution_due"),
            func.max(case((facts.c.outcome == BREACHED, 2), (facts.c.outcome == RUNNING, 1), else_=0)).label(
                "state"
            ),
            func.count().label("clocks"),
            func.max(facts.c.late).label("late"),
        )
        .group_by(facts.c.ticket_id)
        .subquery("per_ticket")
    )
    rating = select(RATINGS.c.ticket_id, RATINGS.c.score).select_from(latest_ratings()).subquery("rating")
    return (
        tickets_of(
            scope,
            TICKETS.c.code,
            TICKETS.c.channel,
            TICKETS.c.kind,
            TICKETS.c.category,
            UNITS.c.name,
            PEOPLE.c.name,
            TICKETS.c.created_at,
            TICKETS.c.first_responded_at,
            per_ticket.c.first_due,
            per_ticket.c.resolution_due,
            per_ticket.c.state,
            per_ticket.c.clocks,
            per_ticket.c.late,
            TICKETS.c.resolved_at,
            rating.c.score,
            received=drill.received,
        )
        .outerjoin(per_ticket, per_ticket.c.ticket_id == TICKETS.c.id)
        .outerjoin(UNITS, UNITS.c.id == TICKETS.c.unit_id)
        .outerjoin(PEOPLE, PEOPLE.c.id == STATES.c.assignee_id)
        .outerjoin(rating, rating.c.ticket_id == TICKETS.c.id)
        .where(*conditions(scope, drill))
        .order_by(TICKETS.c.created_at, TICKETS.c.id)
    )


def _row(values: Any) -> TicketRow:
    (code, channel, kind, category, unit, officer, opened, first, first_due, resolution_due) = values[:10]
    state, clocks, late, resolved, score = values[10:]
    sla = "none" if not clocks else ("met", "running", "breached")[int(state)]
    return TicketRow(
        code=code,
        channel=channel,
        kind=str(kind),
        category=category,
        unit=unit,
        officer=officer,
        opened=opened,
        first_response=first,
        first_response_due=first_due,
        resolution_due=resolution_due,
        sla=sla,
        late_hours=None if late is None else float(late) / HOUR,
        resolved=resolved,
        rating=None if score is None else int(score),
    )


async def ticket_rows(
    session: AsyncSession, scope: Scope, drill: Drill, *, limit: int = 100, offset: int = 0
) -> list[TicketRow]:
    """A page of the tickets behind `drill`, oldest first."""
    await without_jit(session)
    statement = _statement(scope, drill).limit(limit).offset(offset)
    return [_row(values) for values in (await session.execute(statement)).all()]


async def count_rows(session: AsyncSession, scope: Scope, drill: Drill) -> int:
    found = tickets_of(scope, TICKETS.c.id, received=drill.received).where(*conditions(scope, drill))
    statement = select(func.count()).select_from(found.subquery("found"))
    return int((await session.execute(statement)).scalar_one())


async def stream_rows(
    session: AsyncSession, scope: Scope, drill: Drill | None = None, *, batch: int = 1000
) -> AsyncIterator[TicketRow]:
    """Every ticket behind `drill` (default: every ticket received), fetched `batch` rows at a time
    from a server-side cursor, so an export of any size holds one batch in memory."""
    await without_jit(session)
    statement = _statement(scope, drill or Drill()).execution_options(yield_per=batch)
    result = await session.stream(statement)
    async for values in result:
        yield _row(values)
