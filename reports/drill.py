"""The tickets behind a figure: each figure of the report names a `Drill`, whose conditions select
exactly the tickets it counted (same filter, same moment), listed one row per ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select

from reports.filters import ReportFilterError
from reports.repository import EVENTS, RATINGS, any_breach, backlog_age, in_backlog, latest_ratings, reopened
from reports.scope import BREACHED, CLOCKS, DIMENSIONS, MET, RUNNING, TICKETS, Scope, dimension, outcome
from reports.texts import text

CLOCK_KINDS = ("first_response", "next_response", "resolution")
OUTCOMES = {"met": MET, "breached": BREACHED, "running": RUNNING}
SIMPLE = ("received", "responded", "not_responded", "resolved", "closed", "reopened")
VALUED = ("backlog", "rating", "category", "in_hands", "week", "week_breached")


@dataclass(frozen=True)
class Drill:
    """Which tickets: `metric` is one of `SIMPLE`, an outcome (met, breached, running) of a `clock`
    kind, optionally in one `dimension` value, or one of `VALUED` with its `value` (a backlog bucket,
    a score, a category, a unit, the Monday of a week). An empty value is "none" (no category, no
    officer)."""

    metric: str = "received"
    clock: str | None = None
    dimension: str | None = None
    value: str | None = None

    @property
    def received(self) -> bool:
        """False for the backlog: tickets opened before the period count too."""
        return self.metric != "backlog"


def conditions(scope: Scope, drill: Drill) -> list[ColumnElement[bool]]:
    if drill.metric in SIMPLE:
        return _simple(drill.metric)
    if drill.metric in OUTCOMES:
        return _outcome(scope, drill)
    if drill.metric in VALUED and drill.value is not None:
        return _valued(scope, drill.metric, drill.value)
    raise ReportFilterError(text("drill.unknown", value=drill.metric))


def _simple(metric: str) -> list[ColumnElement[bool]]:
    found: dict[str, list[ColumnElement[bool]]] = {
        "received": [],
        "responded": [TICKETS.c.first_responded_at.is_not(None)],
        "not_responded": [TICKETS.c.first_responded_at.is_(None)],
        "resolved": [TICKETS.c.status == "resolved"],
        "closed": [TICKETS.c.status == "closed"],
        "reopened": [reopened()],
    }
    return found[metric]


def _outcome(scope: Scope, drill: Drill) -> list[ColumnElement[bool]]:
    if drill.clock not in CLOCK_KINDS:
        raise ReportFilterError(text("drill.unknown", value=str(drill.clock)))
    owed = (
        select(CLOCKS.c.id)
        .where(
            CLOCKS.c.ticket_id == TICKETS.c.id,
            CLOCKS.c.kind == drill.clock,
            outcome(scope) == OUTCOMES[drill.metric],
        )
        .exists()
    )
    found: list[ColumnElement[bool]] = [owed]
    if drill.dimension is not None:
        if drill.dimension not in DIMENSIONS:
            raise ReportFilterError(text("drill.unknown", value=drill.dimension))
        found.append(_equals(dimension(drill.dimension), drill.value))
    return found


def _valued(scope: Scope, metric: str, value: str) -> list[ColumnElement[bool]]:
    if metric == "backlog":
        return [*in_backlog(scope), backlog_age(scope) == value]
    if metric == "rating":
        rated = select(RATINGS.c.id).select_from(latest_ratings())
        return [rated.where(RATINGS.c.ticket_id == TICKETS.c.id, RATINGS.c.score == _int(value)).exists()]
    if metric == "category":
        return [_equals(TICKETS.c.category, value)]
    if metric == "in_hands":
        moved = or_(EVENTS.c.data["from"].as_string() == value, EVENTS.c.data["to"].as_string() == value)
        forwarded = select(EVENTS.c.id).where(
            EVENTS.c.ticket_id == TICKETS.c.id, EVENTS.c.kind == "rerouted", moved
        )
        return [forwarded.exists()]
    start, end = _week(scope, value)
    found = [TICKETS.c.created_at >= start, TICKETS.c.created_at < end]
    return [*found, any_breach(scope)] if metric == "week_breached" else found


def _equals(column: ColumnElement[Any], value: str | None) -> ColumnElement[bool]:
    return column.is_(None) if not value else column == value


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ReportFilterError(text("drill.unknown", value=value)) from None


def _week(scope: Scope, value: str) -> tuple[datetime, datetime]:
    try:
        monday = date.fromisoformat(value)
    except ValueError:
        raise ReportFilterError(text("drill.unknown", value=value)) from None
    start = datetime.combine(monday, time(0), tzinfo=scope.tz)
    return start, start + timedelta(days=7)
