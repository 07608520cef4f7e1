"""The queries behind the officers' queue: open tickets with their most urgent SLA clock."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

from core.sql import table_of
from core.types import UTCDateTime
from escalation.models import TicketEscalation
from sla import SlaClock
from tickets import Ticket

TICKETS = table_of(Ticket)
CLOCKS = table_of(SlaClock)
STATES = table_of(TicketEscalation)

BREACHED, RUNNING, PAUSED, NO_CLOCK = 0, 1, 2, 3
"""Urgency ranks: late first, then the clocks still running, then those waiting for the citizen."""


def urgency_of(now: datetime) -> Subquery:
    """Per ticket: its urgency rank and the deadline that decides it (the earliest one of that rank)."""
    at = literal(now, UTCDateTime)
    running = CLOCKS.c.status == "running"
    late = and_(running, or_(CLOCKS.c.breached_at.is_not(None), CLOCKS.c.due_at <= at))
    rank = case((late, BREACHED), (running, RUNNING), else_=PAUSED)
    per_clock = (
        select(CLOCKS.c.ticket_id, rank.label("rank"), CLOCKS.c.due_at)
        .where(CLOCKS.c.status.in_(("running", "paused")))
        .subquery("active_clocks")
    )
    best = (
        select(per_clock.c.ticket_id, func.min(per_clock.c.rank).label("rank"))
        .group_by(per_clock.c.ticket_id)
        .subquery("best_rank")
    )
    return (
        select(best.c.ticket_id, best.c.rank, func.min(per_clock.c.due_at, type_=UTCDateTime).label("due_at"))
        .join(per_clock, and_(per_clock.c.ticket_id == best.c.ticket_id, per_clock.c.rank == best.c.rank))
        .group_by(best.c.ticket_id, best.c.rank)
        .subquery("urgency")
    )


def queue_statement(now: datetime, conditions: Collection[ColumnElement[bool]]) -> Select[Any]:
    urgency = urgency_of(now)
    rank = func.coalesce(urgency.c.rank, NO_CLOCK)
    return (
        select(
            TICKETS.c.id,
            TICKETS.c.code,
            TICKETS.c.status,
            TICKETS.c.channel,
            TICKETS.c.kind,
            TICKETS.c.category,
            TICKETS.c.unit_id,
            TICKETS.c.priority,
            TICKETS.c.description,
            TICKETS.c.created_at,
            STATES.c.assignee_id,
            STATES.c.level,
            rank.label("rank"),
            urgency.c.due_at,
        )
        .select_from(TICKETS)
        .outerjoin(STATES, STATES.c.ticket_id == TICKETS.c.id)
        .outerjoin(urgency, urgency.c.ticket_id == TICKETS.c.id)
        .where(*conditions)
        .order_by(rank, urgency.c.due_at.asc().nulls_last(), TICKETS.c.created_at, TICKETS.c.id)
    )


async def queue_rows(
    session: AsyncSession,
    now: datetime,
    conditions: Collection[ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
) -> list[Any]:
    result = await session.execute(queue_statement(now, conditions).limit(limit).offset(offset))
    return list(result.all())


async def queue_counts(
    session: AsyncSession, now: datetime, conditions: Collection[ColumnElement[bool]]
) -> tuple[dict[str, int], int]:
    """Tickets per status, and how many are late, among those the conditions select."""
    urgency = urgency_of(now)
    statement = (
        select(
            TICKETS.c.status,
            func.count().label("tickets"),
            func.sum(case((urgency.c.rank == BREACHED, 1), else_=0)).label("late"),
        )
        .select_from(TICKETS)
        .outerjoin(STATES, STATES.c.ticket_id == TICKETS.c.id)
        .outerjoin(urgency, urgency.c.ticket_id == TICKETS.c.id)
        .where(*conditions)
        .group_by(TICKETS.c.status)
    )
    rows = (await session.execute(statement)).all()
    return {str(row.status): int(row.tickets) for row in rows}, sum(int(row.late or 0) for row in rows)
