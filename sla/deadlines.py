"""Deadline arithmetic on a business calendar. Pure: the start instant is always passed in.

Rules (docs/sla.md has the long form):
- calendar_hours: plain addition.
- working_hours: only working time counts. A start outside working time starts the clock at the next
  working instant. A deadline that lands exactly on the end of a period stays there.
- working_days: the clock starts at the next working instant (the start itself when it is working
  time), at local day D and time of day T. The deadline is time T on the Nth working day after D. If T
  falls in a break or after hours on that day, the deadline is the end of the period before T; if T is
  before that day opens, it is the moment the day opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sla.calendar import MAX_CLOSED_DAYS, BusinessCalendar, NoWorkingTimeError, require_aware
from sla.policies import Duration
from sla.texts import text

GapKind = Literal["closed_day", "rest_break", "outside_hours"]
_DAY = timedelta(days=1)


def due_at(start: datetime, duration: Duration, calendar: BusinessCalendar) -> datetime:
    """The deadline (aware UTC) for a target of `duration` starting at `start` (aware)."""
    start = _to_utc(start)
    if duration.unit == "calendar_hours":
        return start + duration.hours
    if duration.unit == "working_hours":
        return _add_working_time(start, duration.hours, calendar)
    return _add_working_days(start, int(duration.amount), calendar)


def add_working_time(start: datetime, amount: timedelta, calendar: BusinessCalendar) -> datetime:
    """The instant at which `amount` of working time has passed since `start` (aware UTC).

    Zero from a moment outside working time is the next working instant, like any other amount.
    """
    if amount < timedelta(0):
        raise ValueError(f"cannot add negative working time {amount}")
    return _add_working_time(_to_utc(start), amount, calendar)


def _to_utc(moment: datetime) -> datetime:
    return require_aware(moment).astimezone(UTC)


def _add_working_time(start: datetime, amount: timedelta, calendar: BusinessCalendar) -> datetime:
    remaining = amount
    for period_start, period_end in calendar.periods_from(start):
        if period_end <= start:
            continue
        begin = max(period_start, start)
        available = period_end - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise AssertionError("periods_from never ends")  # pragma: no cover


def _add_working_days(start: datetime, days: int, calendar: BusinessCalendar) -> datetime:
    clock = calendar.next_working_instant(start).astimezone(calendar.tz)
    day, counted, closed_run = clock.date(), 0, 0
    while counted < days:
        day += _DAY
        if calendar.is_working_day(day):
            counted, closed_run = counted + 1, 0
        else:
            closed_run += 1
            if closed_run > MAX_CLOSED_DAYS:
                raise NoWorkingTimeError(f"no working day in the {MAX_CLOSED_DAYS} days before {day}")
    target = datetime.combine(day, clock.time(), tzinfo=calendar.tz).astimezone(UTC)
    periods = calendar.working_periods_on(day)
    latest = periods[0][0]
    for period_start, period_end in periods:
        if period_start <= target <= period_end:
            return target
        if period_end < target:
            latest = period_end
    return latest


@dataclass(frozen=True, slots=True)
class Gap:
    """Time that did not count towards a deadline, in local time, with the reason in Indonesian."""

    start: datetime
    end: datetime
    kind: GapKind
    reason: str


@dataclass(frozen=True, slots=True)
class DueExplanation:
    """How a deadline was reached. All datetimes are in the calendar's local time zone."""

    start: datetime
    clock_start: datetime
    duration: Duration
    deadline: datetime
    counted: timedelta
    gaps: tuple[Gap, ...]

    @property
    def closed_days(self) -> tuple[tuple[date, str], ...]:
        """Each closed day skipped (wholly or partly), with its reason."""
        return tuple((gap.start.date(), gap.reason) for gap in self.gaps if gap.kind == "closed_day")


def explain_due(start: datetime, duration: Duration, calendar: BusinessCalendar) -> DueExplanation:
    """The deadline of `due_at` together with the closed days and non-working hours it skipped."""
    start = _to_utc(start)
    deadline = due_at(start, duration, calendar)
    tz = calendar.tz
    if duration.unit == "calendar_hours":
        local = start.astimezone(tz)
        return DueExplanation(local, local, duration, deadline.astimezone(tz), deadline - start, ())
    clock_start = calendar.next_working_instant(start)
    gaps: list[Gap] = []
    counted = timedelta(0)
    cursor = start
    for period_start, period_end in calendar.working_intervals(clock_start, deadline):
        if period_start > cursor:
            _add_gap(gaps, cursor, period_start, calendar)
        counted += period_end - period_start
        cursor = period_end
    return DueExplanation(
        start.astimezone(tz),
        clock_start.astimezone(tz),
        duration,
        deadline.astimezone(tz),
        counted,
        tuple(gaps),
    )


def _add_gap(gaps: list[Gap], start: datetime, end: datetime, calendar: BusinessCalendar) -> None:
    """Split [start, end) at local midnights, name each piece, merge adjacent after-hours pieces."""
    tz = calendar.tz
    cursor = start.astimezone(tz)
    end = end.astimezone(tz)
    while cursor < end:
        midnight = datetime.combine(cursor.date() + _DAY, time(0), tzinfo=tz)
        piece_end = min(midnight, end)
        kind, reason = _classify(cursor, piece_end, calendar)
        previous = gaps[-1] if gaps else None
        if previous and kind == "outside_hours" == previous.kind and previous.end == cursor:
            gaps[-1] = Gap(previous.start, piece_end, kind, reason)
        else:
            gaps.append(Gap(cursor, piece_end, kind, reason))
        cursor = piece_end


def _classify(start: datetime, end: datetime, calendar: BusinessCalendar) -> tuple[GapKind, str]:
    closed = calendar.closed_reason(start.date())
    if closed is not None:
        return "closed_day", closed
    periods = calendar.working_periods_on(start.date())
    after_a_period = any(period_end <= start for _, period_end in periods)
    before_a_period = any(period_start >= end for period_start, _ in periods)
    if after_a_period and before_a_period:
        return "rest_break", text("gap.rest_break")
    return "outside_hours", text("gap.outside_hours")
