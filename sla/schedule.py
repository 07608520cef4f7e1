"""Weekly opening hours: working periods, a week of them, date-range overrides (e.g. Ramadan), and
days an agency opens although the national calendar closes them.

A day may have several periods; the gaps between them are breaks (ISHOMA, Friday prayers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise
from types import MappingProxyType

WeeklySchedule = Mapping[int, tuple["WorkingPeriod", ...]]
"""Weekday (0 = Monday .. 6 = Sunday) -> that day's periods; a missing or empty day is closed."""

_SECONDS_PER_DAY = 86_400


def _seconds(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


@dataclass(frozen=True, slots=True, order=True)
class WorkingPeriod:
    """Local opening hours within one day; `end` = time(0) means midnight at the end of the day."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("working period times must be local wall-clock times without a tzinfo")
        if self.end_seconds <= self.start_seconds:
            raise ValueError(f"period {self} ends before it starts")

    @property
    def start_seconds(self) -> float:
        return _seconds(self.start)

    @property
    def end_seconds(self) -> float:
        return _SECONDS_PER_DAY if self.end == time(0) else _seconds(self.end)

    @classmethod
    def parse(cls, text: str) -> WorkingPeriod:
        """Parse "07:30-12:00" ("24:00" is accepted as the end of the day)."""
        parts = text.replace(" ", "").split("-")
        if len(parts) != 2:
            raise ValueError(f"period {text!r} is not of the form 'HH:MM-HH:MM'")
        start, end = (_parse_clock(part, text) for part in parts)
        return cls(start, end)

    def __str__(self) -> str:
        end = "24:00" if self.end == time(0) else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}-{end}"


def _parse_clock(part: str, text: str) -> time:
    if part == "24:00":
        return time(0)
    hours, _, minutes = part.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2):
        raise ValueError(f"period {text!r} is not of the form 'HH:MM-HH:MM'")
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError(f"period {text!r} has an impossible time {part!r}")
    return time(int(hours), int(minutes))


def check_periods(periods: tuple[WorkingPeriod, ...]) -> list[str]:
    """Problems with one day's periods: periods that overlap (in any order)."""
    ordered = sorted(periods)
    return [
        f"periods {earlier} and {later} overlap"
        for earlier, later in pairwise(ordered)
        if later.start_seconds < earlier.end_seconds
    ]


def freeze_weekly(weekly: WeeklySchedule) -> tuple[tuple[int, tuple[WorkingPeriod, ...]], ...]:
    return tuple(sorted(weekly.items()))


def normalized_weekly(weekly: WeeklySchedule) -> WeeklySchedule:
    """A read-only copy with each day's periods sorted; raises ValueError on overlaps or bad weekdays."""
    for weekday, periods in weekly.items():
        if weekday not in range(7):
            raise ValueError(f"weekday {weekday} is not in 0 (Monday) .. 6 (Sunday)")
        problems = check_periods(tuple(periods))
        if problems:
            raise ValueError(f"weekday {weekday}: {'; '.join(problems)}")
    return MappingProxyType({weekday: tuple(sorted(periods)) for weekday, periods in weekly.items()})


@dataclass(frozen=True, slots=True)
class ScheduleOverride:
    """Different hours from `start` to `end` (inclusive), e.g. Ramadan hours.

    Weekdays missing from `weekly` keep the regular schedule; an empty tuple closes that weekday.
    """

    name: str
    start: date
    end: date
    weekly: WeeklySchedule

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"override {self.name!r} ends ({self.end}) before it starts ({self.start})")
        object.__setattr__(self, "weekly", normalized_weekly(self.weekly))

    def __hash__(self) -> int:
        return hash((self.name, self.start, self.end, freeze_weekly(self.weekly)))

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def scheduled_periods(
    day: date, weekly: WeeklySchedule, overrides: tuple[ScheduleOverride, ...]
) -> tuple[WorkingPeriod, ...]:
    """The periods the schedule gives `day`: the first override covering it that sets its weekday,
    else the weekly schedule (holidays and closures are not looked at)."""
    weekday = day.weekday()
    for override in overrides:
        if override.covers(day) and weekday in override.weekly:
            return tuple(override.weekly[weekday])
    return tuple(weekly.get(weekday, ()))


@dataclass(frozen=True, slots=True)
class OpenDay:
    """A day the agency works although the national calendar closes it (a holiday the government
    moved, a cuti bersama day it does not take): `periods` that day, or its scheduled hours when empty.
    """

    reason: str
    periods: tuple[WorkingPeriod, ...] = ()

    def __post_init__(self) -> None:
        problems = check_periods(self.periods)
        if problems:
            raise ValueError(f"open day {self.reason!r}: {'; '.join(problems)}")
        object.__setattr__(self, "periods", tuple(sorted(self.periods)))
