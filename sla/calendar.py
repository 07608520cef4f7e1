"""Business calendar: when an agency is open, in its own time zone.

A day's working time is a tuple of periods (so rest breaks and the longer Friday prayer break are gaps
between periods). A day is closed when it is a national holiday or cuti bersama day (unless the agency
declared it an open day), an agency closure, or has no periods in the weekly schedule (or in a
date-range override such as Ramadan hours).
All instants going in must be timezone-aware; all instants coming out are aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from babel.dates import get_day_names

from sla.national_holidays import HolidayProvider, IndonesianHolidays
from sla.schedule import (
    OpenDay,
    ScheduleOverride,
    WeeklySchedule,
    WorkingPeriod,
    freeze_weekly,
    normalized_weekly,
    scheduled_periods,
)

__all__ = [
    "DEFAULT_WEEKLY",
    "MAX_CLOSED_DAYS",
    "BusinessCalendar",
    "Interval",
    "NoWorkingTimeError",
    "OpenDay",
    "ScheduleOverride",
    "WeeklySchedule",
    "WorkingPeriod",
    "default_calendar",
    "require_aware",
]

Interval = tuple[datetime, datetime]

MAX_CLOSED_DAYS = 3660
"""Give up looking for working time after this many consecutive closed days (about ten years)."""

_DAY = timedelta(days=1)
_INDONESIAN_HOLIDAYS = IndonesianHolidays()


class NoWorkingTimeError(ValueError):
    """The calendar has no working time in the years searched."""


@dataclass(frozen=True)
class BusinessCalendar:
    """Working time of one agency.

    Holidays are fetched per year on first use and cached; each day's working intervals are cached too
    (a few hundred small entries per year used). The schedule, closures and open days are copied
    read-only. `closures` add closed days to the national calendar; `open_days` take its holidays and
    cuti bersama days away again.
    """

    tz: ZoneInfo
    weekly: WeeklySchedule
    overrides: tuple[ScheduleOverride, ...] = ()
    closures: Mapping[date, str] = field(default_factory=dict)
    holidays: HolidayProvider = _INDONESIAN_HOLIDAYS
    open_days: Mapping[date, OpenDay] = field(default_factory=dict)
    _holiday_years: dict[int, Mapping[date, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _day_cache: dict[date, tuple[Interval, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekly", normalized_weekly(self.weekly))
        object.__setattr__(self, "closures", MappingProxyType(dict(self.closures)))
        object.__setattr__(self, "open_days", MappingProxyType(dict(self.open_days)))

    def __hash__(self) -> int:
        frozen_closures = tuple(sorted(self.closures.items()))
        frozen_open_days = tuple(sorted(self.open_days.items(), key=lambda item: item[0]))
        return hash(
            (
                self.tz,
                freeze_weekly(self.weekly),
                self.overrides,
                frozen_closures,
                self.holidays,
                frozen_open_days,
            )
        )

    def holiday_name(self, day: date) -> str | None:
        """The national holiday or cuti bersama on `day`, as the holiday provider names it."""
        year = self._holiday_years.get(day.year)
        if year is None:
            year = self._holiday_years[day.year] = dict(self.holidays(day.year))
        return year.get(day)

    def periods_on(self, day: date) -> tuple[WorkingPeriod, ...]:
        """The day's periods (an open day's own, else the schedule's), ignoring holidays and closures."""
        open_day = self.open_days.get(day)
        if open_day is not None and open_day.periods:
            return open_day.periods
        return scheduled_periods(day, self.weekly, self.overrides)

    def national_closure(self, day: date) -> str | None:
        """The holiday or cuti bersama that closes `day`, unless the agency declared it an open day."""
        return None if day in self.open_days else self.holiday_name(day)

    def closed_reason(self, day: date) -> str | None:
        """Why the office is closed all day on `day`, or None if it opens at all."""
        holiday = self.national_closure(day)
        if holiday is not None:
            return holiday
        if day in self.closures:
            return self.closures[day]
        if self.periods_on(day):
            return None
        for override in self.overrides:
            if override.covers(day) and day.weekday() in override.weekly:
                return f"{_day_name(day)} ({override.name})"
        return _day_name(day)

    def is_working_day(self, day: date) -> bool:
        return bool(self.working_periods_on(day))

    def working_periods_on(self, day: date) -> tuple[Interval, ...]:
        """The day's working time as aware UTC intervals, in order; empty on a closed day."""
        cached = self._day_cache.get(day)
        if cached is None:
            cached = self._day_cache[day] = self._compute_day(day)
        return cached

    def _compute_day(self, day: date) -> tuple[Interval, ...]:
        if self.national_closure(day) is not None or day in self.closures:
            return ()
        intervals = []
        for period in self.periods_on(day):
            end_day = day + _DAY if period.end == time(0) else day
            start = datetime.combine(day, period.start, tzinfo=self.tz).astimezone(UTC)
            end = datetime.combine(end_day, period.end, tzinfo=self.tz).astimezone(UTC)
            intervals.append((start, end))
        return tuple(intervals)

    def local_date(self, moment: datetime) -> date:
        return require_aware(moment).astimezone(self.tz).date()

    def is_working_time(self, moment: datetime) -> bool:
        """True when `moment` lies in a period (start included, end excluded)."""
        return any(start <= moment < end for start, end in self.working_periods_on(self.local_date(moment)))

    def working_intervals(self, start: datetime, end: datetime) -> Iterator[Interval]:
        """The working time between two instants as aware UTC intervals, clipped to [start, end]."""
        day, last = self.local_date(start), self.local_date(end)
        while day <= last:
            for period_start, period_end in self.working_periods_on(day):
                begin, finish = max(period_start, start), min(period_end, end)
                if begin < finish:
                    yield begin, finish
            day += _DAY

    def next_working_instant(self, moment: datetime) -> datetime:
        """`moment` itself if it is working time, else the start of the next period (aware UTC)."""
        for period_start, period_end in self.periods_from(moment):
            if period_end > moment:
                return max(period_start, moment).astimezone(UTC)
        raise AssertionError("periods_from never ends")  # pragma: no cover

    def periods_from(self, moment: datetime) -> Iterator[Interval]:
        """Every working interval of the local day of `moment` and of the days after it, endlessly.

        Raises NoWorkingTimeError after MAX_CLOSED_DAYS consecutive closed days.
        """
        day = self.local_date(moment)
        closed_run = 0
        while True:
            intervals = self.working_periods_on(day)
            closed_run = 0 if intervals else closed_run + 1
            if closed_run > MAX_CLOSED_DAYS:
                raise NoWorkingTimeError(f"no working time in the {MAX_CLOSED_DAYS} days before {day}")
            yield from intervals
            day += _DAY

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end`, exact to the microsecond; negative if `end` is earlier."""
        if end < start:
            return -self.working_time_between(end, start)
        return sum((b - a for a, b in self.working_intervals(start, end)), timedelta(0))

    def working_seconds_between(self, start: datetime, end: datetime) -> float:
        """Working seconds from `start` to `end`; negative when `end` is before `start`."""
        return self.working_time_between(start, end).total_seconds()


def require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is a naive datetime; pass a timezone-aware one")
    return moment


def _day_name(day: date) -> str:
    return str(get_day_names("wide", locale="id")[day.weekday()])


def _periods(*texts: str) -> tuple[WorkingPeriod, ...]:
    return tuple(WorkingPeriod.parse(text) for text in texts)


DEFAULT_WEEKLY: WeeklySchedule = MappingProxyType(
    {
        0: _periods("07:30-12:00", "13:00-16:00"),
        1: _periods("07:30-12:00", "13:00-16:00"),
        2: _periods("07:30-12:00", "13:00-16:00"),
        3: _periods("07:30-12:00", "13:00-16:00"),
        4: _periods("07:30-11:30", "13:00-16:30"),
        5: (),
        6: (),
    }
)
"""Mon-Thu 07:30-12:00 and 13:00-16:00 (ISHOMA break); Fri 07:30-11:30 and 13:00-16:30 (Friday prayers)."""


def default_calendar(timezone: str | ZoneInfo = "Asia/Jakarta") -> BusinessCalendar:
    """The default office calendar with Indonesian public holidays and cuti bersama."""
    tz = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
    return BusinessCalendar(tz=tz, weekly=DEFAULT_WEEKLY)
