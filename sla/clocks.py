"""The arithmetic of one SLA clock, pure like the rest of the calendar code (time is passed in).

A clock counts in the measure of its target: working time for working hours and working days, plain
time for calendar hours. Warning point p fires when p of the allowed time has been counted. A pause
from P to R moves every checkpoint still ahead (warnings and deadline) so that exactly the time it was
still away at P remains from R: the deadline moves by exactly the paused working time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sla.calendar import BusinessCalendar
from sla.deadlines import add_working_time, due_at
from sla.policies import Duration, SlaPolicy

Measure = Literal["working", "calendar"]
CLOCK_KINDS = ("first_response", "next_response", "resolution")


def measure_of(duration: Duration | None) -> Measure:
    return "calendar" if duration is not None and duration.unit == "calendar_hours" else "working"


def elapsed(start: datetime, end: datetime, calendar: BusinessCalendar, measure: Measure) -> timedelta:
    """Time counted from `start` to `end` (negative when `end` is earlier)."""
    if measure == "calendar":
        return end - start
    return calendar.working_time_between(start, end)


def advance(start: datetime, amount: timedelta, calendar: BusinessCalendar, measure: Measure) -> datetime:
    """The moment `amount` has been counted since `start`."""
    if measure == "calendar":
        return start + amount
    return add_working_time(start, amount, calendar)


@dataclass(frozen=True, slots=True)
class Schedule:
    due_at: datetime
    warning_times: tuple[datetime, ...]


def schedule(
    start: datetime, duration: Duration, points: tuple[float, ...], calendar: BusinessCalendar
) -> Schedule:
    """The deadline of a clock started at `start`, and the moment each warning point is reached."""
    deadline = due_at(start, duration, calendar)
    measure = measure_of(duration)
    allowed = elapsed(start, deadline, calendar, measure)
    times = tuple(advance(start, allowed * point, calendar, measure) for point in points)
    return Schedule(deadline, times)


def shifted(
    moment: datetime, paused_at: datetime, resumed_at: datetime, calendar: BusinessCalendar, measure: Measure
) -> datetime:
    """Where a checkpoint lands after a pause: one already passed at the pause stays where it was."""
    if moment <= paused_at:
        return moment
    return advance(resumed_at, elapsed(paused_at, moment, calendar, measure), calendar, measure)


def next_check(
    due: datetime, warning_times: tuple[datetime, ...], warnings_fired: int, breached: bool
) -> datetime | None:
    """When the sweep must look at a running clock again: its next warning, else its deadline."""
    if warnings_fired < len(warning_times):
        return warning_times[warnings_fired]
    return None if breached else due


@dataclass(frozen=True, slots=True)
class Firing:
    """What the sweep fires on a clock at a moment: one warning or the breach.

    Points passed over (the service was down, or the clock was jumped forward) are not fired late:
    they are listed in `skipped`, and a breach skips every warning not fired yet.
    """

    kind: Literal["warning", "breach"]
    point: float | None
    warnings_fired: int
    skipped: tuple[float, ...]


def due_firing(
    now: datetime,
    due: datetime,
    warning_times: tuple[datetime, ...],
    points: tuple[float, ...],
    warnings_fired: int,
    breached: bool,
) -> Firing | None:
    if not breached and due <= now:
        return Firing("breach", None, len(warning_times), tuple(points[warnings_fired:]))
    reached = [i for i in range(warnings_fired, len(warning_times)) if warning_times[i] <= now]
    if not reached:
        return None
    last = reached[-1]
    return Firing("warning", points[last], last + 1, tuple(points[warnings_fired:last]))


def policy_snapshot(policy: SlaPolicy) -> dict[str, Any]:
    """The policy as stored with each clock, so later edits of sla.yaml do not rewrite history."""
    return {
        "name": policy.name,
        **{kind: _text(policy.target(kind)) for kind in CLOCK_KINDS},
        "warnings": list(policy.warnings),
    }


def snapshot_target(snapshot: dict[str, Any], kind: str) -> Duration | None:
    value = snapshot.get(kind)
    return Duration.parse(value) if isinstance(value, str) else None


def snapshot_warnings(snapshot: dict[str, Any]) -> tuple[float, ...]:
    return tuple(float(point) for point in snapshot.get("warnings", ()))


def _text(duration: Duration | None) -> str | None:
    return None if duration is None else str(duration)
