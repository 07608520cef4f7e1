"""The report's aggregate queries. Each is one SQL statement (or one per figure) over the filtered
tickets, on SQLite and PostgreSQL; Python only folds the few grouped rows that come back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from core.sql import table_of
from core.types import UTCDateTime
from escalation.models import ServiceUnit, TicketRating
from messaging.models import OutboundMessage
from reports.metrics import InHands, Ratings, TicketCounts
from reports.scope import (
    BREACHED,
    CLOCKS,
    TICKETS,
    Scope,
    open_at,
    outcome,
    tickets_of,
)
from reports.worktime import epoch_seconds
from tickets import TicketEvent

EVENTS = table_of(TicketEvent)
RATINGS = table_of(TicketRating)
OUTBOX = table_of(OutboundMessage)
HOUR = 3600.0


def reopened() -> ColumnElement[bool]:
    return select(EVENTS.c.id).where(EVENTS.c.ticket_id == TICKETS.c.id, EVENTS.c.kind == "reopened").exists()


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def without_jit(session: AsyncSession) -> None:
    """PostgreSQL's JIT compiles these short aggregate queries for longer (about 140 ms each, for
    100,000 tickets) than it saves: off for the report's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL jit = off"))
        await session.execute(text("SET LOCAL work_mem = '64MB'"))


async def ticket_counts(session: AsyncSession, scope: Scope) -> TicketCounts:
    reopens = select(EVENTS.c.ticket_id).where(EVENTS.c.kind == "reopened").distinct().subquery("reopens")
    statement = tickets_of(
        scope,
        func.count().label("received"),
        _count_if(TICKETS.c.first_responded_at.is_not(None)).label("responded"),
        _count_if(TICKETS.c.status == "resolved").label("resolved"),
        _count_if(TICKETS.c.status == "closed").label("closed"),
        _count_if(reopens.c.ticket_id.is_not(None)).label("reopened"),
    ).outerjoin(reopens, reopens.c.ticket_id == TICKETS.c.id)
    row = (await session.execute(statement)).one()
    return TicketCounts(*(int(value) for value in row))


def age_bucket(age_days: ColumnElement[float]) -> ColumnElement[str]:
    return case(
        (age_days < 1, "0"),
        (age_days < 4, "1-3"),
        (age_days < 8, "4-7"),
        (age_days < 15, "8-14"),
        (age_days < 31, "15-30"),
        else_="31+",
    )


def backlog_age(scope: Scope) -> ColumnElement[str]:
    at = epoch_seconds(literal(scope.as_of, UTCDateTime))
    return age_bucket((at - epoch_seconds(TICKETS.c.created_at)) / 86_400.0)


def in_backlog(scope: Scope) -> list[ColumnElement[bool]]:
    """Tickets open at the end of the period (or now), whenever they were opened."""
    return [TICKETS.c.created_at < scope.as_of, open_at(scope.as_of)]


async def backlog(session: AsyncSession, scope: Scope) -> dict[str, int]:
    rows = tickets_of(scope, backlog_age(scope).label("bucket"), received=False).where(*in_backlog(scope))
    aged = rows.subquery("aged")
    statement = select(aged.c.bucket, func.count()).group_by(aged.c.bucket)
    return {str(name): int(count) for name, count in (await session.execute(statement)).all()}


def latest_ratings() -> Any:
    latest = select(func.max(RATINGS.c.id).label("id")).group_by(RATINGS.c.ticket_id).subquery("latest")
    return RATINGS.join(latest, latest.c.id == RATINGS.c.id)


async def ratings(session: AsyncSession, scope: Scope, finished: int) -> Ratings:
    """The latest rating of each ticket: average, how many gave each score, share of finished tickets."""
    statement = (
        tickets_of(scope, RATINGS.c.score, func.count())
        .join(latest_ratings(), RATINGS.c.ticket_id == TICKETS.c.id)
        .group_by(RATINGS.c.score)
    )
    distribution = dict.fromkeys(range(1, 6), 0)
    for score, count in (await session.execute(statement)).all():
        distribution[int(score)] = int(count)
    total = sum(distribution.values())
    average = sum(s * c for s, c in distribution.items()) / total if total else None
    share = 100.0 * total / finished if finished else None
    return Ratings(count=total, average=average, distribution=distribution, rated_share=share)


async def top_categories(session: AsyncSession, scope: Scope, limit: int = 10) -> list[tuple[str, int]]:
    count = func.count().label("n")
    statement = (
        tickets_of(scope, TICKETS.c.category, count)
        .group_by(TICKETS.c.category)
        .order_by(count.desc(), TICKETS.c.category)
        .limit(limit)
    )
    return [(category or "", int(n)) for category, n in (await session.execute(statement)).all()]


def hands_segments(scope: Scope) -> Any:
    """(ticket, unit, start, end) for each stretch a forwarded ticket spent with one unit: from opening
    to the first forwarding, then from each forwarding to the next, or to the resolution or closing."""
    order = EVENTS.c.id
    closed_at = (
        select(func.max(CLOCKS.c.stopped_at))
        .where(CLOCKS.c.ticket_id == TICKETS.c.id, CLOCKS.c.kind == "resolution")
        .scalar_subquery()
    )
    finished = case((TICKETS.c.status == "closed", closed_at), else_=TICKETS.c.resolved_at)
    moves = (
        tickets_of(
            scope,
            EVENTS.c.ticket_id,
            EVENTS.c.created_at.label("at"),
            EVENTS.c.data["from"].as_string().label("source"),
            EVENTS.c.data["to"].as_string().label("target"),
            TICKETS.c.created_at.label("opened"),
            func.coalesce(finished, scope.now_param()).label("finished"),
            func.row_number().over(partition_by=EVENTS.c.ticket_id, order_by=order).label("rn"),
            func.lead(EVENTS.c.created_at)
            .over(partition_by=EVENTS.c.ticket_id, order_by=order)
            .label("next"),
        )
        .join(EVENTS, EVENTS.c.ticket_id == TICKETS.c.id)
        .where(EVENTS.c.kind == "rerouted")
        .subquery("moves")
    )
    first = select(
        moves.c.ticket_id,
        moves.c.source.label("unit"),
        moves.c.opened.label("start"),
        moves.c.at.label("end"),
    ).where(moves.c.rn == 1)
    later = select(
        moves.c.ticket_id,
        moves.c.target.label("unit"),
        moves.c.at.label("start"),
        func.coalesce(moves.c.next, moves.c.finished).label("end"),
    )
    return union_all(first, later).subquery("segments")


async def in_hands(session: AsyncSession, scope: Scope) -> list[InHands]:
    segments = hands_segments(scope)
    start_days, end_days = scope.days.alias("start_days"), scope.days.alias("end_days")
    worked = scope.days.at(end_days, segments.c.end) - scope.days.at(start_days, segments.c.start)
    hours = func.sum(worked) / HOUR
    statement = (
        select(segments.c.unit, func.count(func.distinct(segments.c.ticket_id)), hours)
        .select_from(segments)
        .join(start_days, scope.days.on(start_days, segments.c.start))
        .join(end_days, scope.days.on(end_days, segments.c.end))
        .group_by(segments.c.unit)
        .order_by(hours.desc())
    )
    rows = (await session.execute(statement)).all()
    return [InHands(unit=str(unit), tickets=int(n), hours=float(h)) for unit, n, h in rows]


async def unanswered_questions(session: AsyncSession, scope: Scope) -> int:
    """Questions the bot could not answer from the FAQ in the period (its replies marked so)."""
    period = scope.filter.period
    conditions = [
        OUTBOX.c.created_at >= period.start,
        OUTBOX.c.created_at < period.end,
        OUTBOX.c.payload["topic"].as_string() == "faq_unknown",
    ]
    if scope.filter.channels:
        conditions.append(OUTBOX.c.channel.in_(scope.filter.channels))
    statement = select(func.count()).select_from(OUTBOX).where(*conditions)
    return int((await session.execute(statement)).scalar_one())


def any_breach(scope: Scope) -> ColumnElement[bool]:
    """The ticket has at least one promise breached (answered late, or owed past its deadline)."""
    return TICKETS.c.id.in_(select(CLOCKS.c.ticket_id).where(outcome(scope) == BREACHED))


async def weekly(session: AsyncSession, scope: Scope, mondays: list[datetime]) -> list[tuple[int, int]]:
    """(received, with a breach) per week; `mondays` are the weeks' starts (the first may be before
    the period starts), as aware moments."""
    bounds = [(TICKETS.c.created_at < start, index - 1) for index, start in enumerate(mondays[1:], start=1)]
    last = literal(len(mondays) - 1)
    week = (case(*bounds, else_=last) if bounds else last).label("week")
    breach = case((any_breach(scope), 1), else_=0).label("breach")
    rows = tickets_of(scope, week, breach).subquery("weeks")
    statement = select(rows.c.week, func.count(), func.sum(rows.c.breach)).group_by(rows.c.week)
    found = {int(index): (int(n), int(b)) for index, n, b in (await session.execute(statement)).all()}
    return [found.get(index, (0, 0)) for index in range(len(mondays))]


async def unit_names(session: AsyncSession) -> dict[str, str]:
    """Unit id -> its name, for labels."""
    units = table_of(ServiceUnit)
    rows = (await session.execute(select(units.c.id, units.c.name))).all()
    return {str(unit_id): str(name) for unit_id, name in rows}


async def received_by_unit(session: AsyncSession, scope: Scope) -> dict[str, int]:
    statement = tickets_of(scope, TICKETS.c.unit_id, func.count()).group_by(TICKETS.c.unit_id)
    return {str(unit or ""): int(n) for unit, n in (await session.execute(statement)).all()}


async def filter_choices(session: AsyncSession, units: frozenset[str] | None) -> dict[str, list[str]]:
    """The channels and categories of the tickets of `units` (None: every unit), for a report form's
    choices: what the tickets carry, so nothing offered is always empty."""
    seen = TICKETS.c.unit_id.in_(sorted(units)) if units is not None else literal(True)
    found: dict[str, list[str]] = {}
    for name, column in (("channels", TICKETS.c.channel), ("categories", TICKETS.c.category)):
        statement = select(column).where(seen, column.is_not(None)).distinct().order_by(column)
        found[name] = [str(value) for value in (await session.execute(statement)).scalars()]
    return found
