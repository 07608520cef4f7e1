"""The rows a report reads, as SQL: the tickets a filter selects, and each of their SLA clocks with its
outcome (met in time, breached, still running, void) and, when breached, how late in working time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import CTE, ColumnElement, FromClause, Select, and_, case, func, literal, or_, select
from sqlalchemy.sql import Subquery

from core.sql import table_of
from core.types import UTCDateTime
from escalation.models import TicketEscalation
from reports.filters import ReportFilter
from reports.worktime import WorkDays
from sla import SlaClock
from tickets import Ticket

TICKETS = table_of(Ticket)
CLOCKS = table_of(SlaClock)
STATES = table_of(TicketEscalation)

MET, BREACHED, RUNNING, VOID = "met", "breached", "running", "void"
ACTIVE = ("running", "paused")
DIMENSIONS = ("unit", "channel", "category", "officer")


@dataclass(frozen=True)
class Scope:
    """A filter (already narrowed to the viewer's units), the moment the report is made, and the
    working-time table covering every moment it measures."""

    filter: ReportFilter
    now: datetime
    days: WorkDays
    tz: ZoneInfo
    """The agency's zone: weeks and days as people read them."""

    @property
    def as_of(self) -> datetime:
        """The end of the period, or now when the period has not ended yet."""
        return min(self.filter.period.end, self.now)

    def now_param(self) -> ColumnElement[datetime]:
        return literal(self.now, UTCDateTime)


def dimension(name: str) -> ColumnElement[Any]:
    columns: dict[str, ColumnElement[Any]] = {
        "unit": TICKETS.c.unit_id,
        "channel": TICKETS.c.channel,
        "category": TICKETS.c.category,
        "officer": STATES.c.assignee_id,
    }
    return columns[name]


def filter_conditions(f: ReportFilter, *, received: bool = True) -> list[ColumnElement[bool]]:
    """The filter as WHERE conditions on tickets joined with their escalation state. `received`: only
    tickets opened in the period (else every ticket opened before its end)."""
    period = f.period
    conditions: list[ColumnElement[bool]] = [TICKETS.c.created_at < period.end]
    if received:
        conditions.append(TICKETS.c.created_at >= period.start)
    if f.units:
        conditions.append(TICKETS.c.unit_id.in_(f.units))
    if f.channels:
        conditions.append(TICKETS.c.channel.in_(f.channels))
    if f.kinds:
        conditions.append(TICKETS.c.kind.in_([str(kind) for kind in f.kinds]))
    if f.categories:
        conditions.append(TICKETS.c.category.in_(f.categories))
    if f.officers:
        conditions.append(STATES.c.assignee_id.in_(f.officers))
    return conditions


def tickets_of(scope: Scope, *columns: Any, received: bool = True) -> Select[Any]:
    """SELECT columns FROM tickets LEFT JOIN ticket_escalations WHERE the filter holds."""
    return (
        select(*columns)
        .select_from(TICKETS.outerjoin(STATES, STATES.c.ticket_id == TICKETS.c.id))
        .where(*filter_conditions(scope.filter, received=received))
    )


def clock_end(scope: Scope) -> ColumnElement[datetime]:
    """Where a clock's counting stopped: met, stopped, paused, else now (still counting)."""
    return func.coalesce(CLOCKS.c.met_at, CLOCKS.c.stopped_at, CLOCKS.c.paused_at, scope.now_param())


def outcome(scope: Scope) -> ColumnElement[str]:
    """met: answered by its deadline; breached: answered late, or still owed past it (a paused clock
    counts where it paused); running: owed, not yet due; void: stopped before its deadline."""
    return case(
        (and_(CLOCKS.c.met_at.is_not(None), CLOCKS.c.met_at <= CLOCKS.c.due_at), MET),
        (clock_end(scope) > CLOCKS.c.due_at, BREACHED),
        (CLOCKS.c.status.in_(ACTIVE), RUNNING),
        else_=VOID,
    )


def clock_facts(scope: Scope, *, received: bool = True) -> Subquery:
    """One row per SLA clock of the filtered tickets: ticket, kind, the four dimensions, outcome and
    `late` (working seconds past the deadline, NULL unless breached)."""
    return _facts(scope, received=received).subquery("clock_facts")


def clock_facts_shared(scope: Scope) -> CTE:
    """`clock_facts` of the tickets received, as a CTE for one statement that reads it several times
    (so the database computes it once), with `response`: the working seconds from the start of a
    met first-response clock to its response (NULL for the other clocks)."""
    facts = _facts(scope, received=True, started_days=scope.days.alias("started_days"))
    wanted = ("kind", *DIMENSIONS, "outcome", "late", "response")
    return facts.with_only_columns(*(facts.selected_columns[name] for name in wanted)).cte("clock_facts")


def _facts(scope: Scope, *, received: bool, started_days: FromClause | None = None) -> Select[Any]:
    end_days, due_days = scope.days.alias("end_days"), scope.days.alias("due_days")
    end = clock_end(scope)
    result = outcome(scope)
    late = scope.days.at(end_days, end) - scope.days.at(due_days, CLOCKS.c.due_at)
    joined = (
        TICKETS.outerjoin(STATES, STATES.c.ticket_id == TICKETS.c.id)
        .join(CLOCKS, CLOCKS.c.ticket_id == TICKETS.c.id)
        .outerjoin(end_days, scope.days.on(end_days, end))
        .outerjoin(due_days, scope.days.on(due_days, CLOCKS.c.due_at))
    )
    extra: list[ColumnElement[Any]] = []
    if started_days is not None:
        # a met clock ends where it was met: W(end) is W(met_at)
        answered = and_(CLOCKS.c.kind == "first_response", CLOCKS.c.met_at.is_not(None))
        worked = scope.days.at(end_days, end) - scope.days.at(started_days, CLOCKS.c.started_at)
        extra.append(case((answered, worked), else_=None).label("response"))
        joined = joined.outerjoin(started_days, scope.days.on(started_days, CLOCKS.c.started_at))
    return (
        select(
            CLOCKS.c.ticket_id,
            CLOCKS.c.kind,
            *(dimension(name).label(name) for name in DIMENSIONS),
            result.label("outcome"),
            case((result == BREACHED, late), else_=None).label("late"),
            CLOCKS.c.due_at,
            CLOCKS.c.met_at,
            *extra,
        )
        .select_from(joined)
        .where(*filter_conditions(scope.filter, received=received))
    )


def open_at(moment: datetime) -> ColumnElement[bool]:
    """The ticket was open at `moment`: a resolution clock had started and was not yet met or stopped
    (a reopened ticket has a new resolution clock from its reopening)."""
    at = literal(moment, UTCDateTime)
    finished = func.coalesce(CLOCKS.c.met_at, CLOCKS.c.stopped_at)
    return (
        select(CLOCKS.c.id)
        .where(
            CLOCKS.c.ticket_id == TICKETS.c.id,
            CLOCKS.c.kind == "resolution",
            CLOCKS.c.started_at <= at,
            or_(finished.is_(None), finished > at),
        )
        .exists()
    )
