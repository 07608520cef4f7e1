"""The `calendar` section of sla.yaml: the weekly schedule, date-range overrides, the agency's closures
(days the national calendar leaves open that the agency closes) and open days (days the national
calendar closes that the agency works), collecting every problem with the path of its field, e.g.
"calendar.weekly.monday[1]: ...".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sla.calendar import DEFAULT_WEEKLY
from sla.config_parsing import Problems, list_of, mapping, parse_date, required_text
from sla.schedule import (
    OpenDay,
    ScheduleOverride,
    WeeklySchedule,
    WorkingPeriod,
    check_periods,
    scheduled_periods,
)

WEEKDAYS: dict[str, int] = {
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday"))},
    **{name: i for i, name in enumerate(("senin", "selasa", "rabu", "kamis", "jumat"))},
    "saturday": 5,
    "sunday": 6,
    "sabtu": 5,
    "minggu": 6,
}
CALENDAR_KEYS = ("weekly", "overrides", "closures", "open_days", "cuti_bersama")
OVERRIDE_KEYS = ("name", "from", "to", "weekly")
CLOSURE_KEYS = ("date", "to", "reason")
OPEN_DAY_KEYS = ("date", "to", "reason", "periods")
MAX_RANGE_DAYS = 366
"""One closure or open-day entry covers at most a year (a mistyped year would list decades)."""
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class CalendarSection:
    weekly: WeeklySchedule | None
    overrides: tuple[ScheduleOverride, ...]
    closures: dict[date, str]
    open_days: dict[date, OpenDay]
    cuti_bersama: bool


def parse_calendar(value: object, problems: Problems) -> CalendarSection:
    section = mapping(value, "calendar", problems, CALENDAR_KEYS)
    weekly = parse_weekly(section["weekly"], "calendar.weekly", problems) if "weekly" in section else None
    if weekly is not None and not any(weekly.values()):
        problems.add("calendar.weekly", "no working period on any day of the week")
    cuti_bersama = section.get("cuti_bersama", True)
    if not isinstance(cuti_bersama, bool):
        problems.add("calendar.cuti_bersama", f"expected true or false, got {cuti_bersama!r}")
        cuti_bersama = True
    overrides = _parse_overrides(section.get("overrides"), problems)
    closures = _parse_closures(section.get("closures"), problems)
    schedule = _Schedule(weekly if weekly is not None else DEFAULT_WEEKLY, overrides)
    return CalendarSection(
        weekly=weekly,
        overrides=overrides,
        closures=closures,
        open_days=_parse_open_days(section.get("open_days"), problems, closures=closures, schedule=schedule),
        cuti_bersama=cuti_bersama,
    )


def parse_weekly(value: object, path: str, problems: Problems) -> dict[int, tuple[WorkingPeriod, ...]]:
    days = mapping(value, path, problems, tuple(WEEKDAYS))
    weekly: dict[int, tuple[WorkingPeriod, ...]] = {}
    for name, texts in days.items():
        weekday = WEEKDAYS[name]
        if weekday in weekly:
            problems.add(f"{path}.{name}", "the same weekday is given twice (English and Indonesian name)")
        weekly[weekday] = _parse_periods(texts, f"{path}.{name}", problems)
    return weekly


def _parse_periods(value: object, path: str, problems: Problems) -> tuple[WorkingPeriod, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        problems.add(path, f"expected a list of periods like '07:30-12:00', got {value!r}")
        return ()
    periods = []
    for index, item in enumerate(items):
        if not isinstance(item, str):
            problems.add(f"{path}[{index}]", f"expected a period like '07:30-12:00', got {item!r}")
            continue
        try:
            periods.append(WorkingPeriod.parse(item))
        except ValueError as error:
            problems.add(f"{path}[{index}]", str(error))
    for problem in check_periods(tuple(periods)):
        problems.add(path, problem)
    return tuple(sorted(periods))


def _parse_overrides(value: object, problems: Problems) -> tuple[ScheduleOverride, ...]:
    overrides: list[tuple[str, ScheduleOverride]] = []
    for index, raw in enumerate(list_of(value, "calendar.overrides", problems)):
        path = f"calendar.overrides[{index}]"
        item = mapping(raw, path, problems, OVERRIDE_KEYS)
        name = required_text(item.get("name"), f"{path}.name", problems)
        start = parse_date(item.get("from"), f"{path}.from", problems)
        end = parse_date(item.get("to"), f"{path}.to", problems)
        if "weekly" not in item:
            problems.add(f"{path}.weekly", "required mapping is missing")
        found = len(problems.items)
        weekly = parse_weekly(item.get("weekly"), f"{path}.weekly", problems)
        if start and end and end < start:
            problems.add(f"{path}.to", f"{end} is before 'from' ({start})")
        elif name and start and end and len(problems.items) == found:
            for other_path, other in overrides:
                if start <= other.end and other.start <= end:
                    problems.add(path, f"dates {start}..{end} overlap {other_path} ({other.name!r})")
            overrides.append((path, ScheduleOverride(name, start, end, weekly)))
    return tuple(override for _, override in overrides)


def _parse_closures(value: object, problems: Problems) -> dict[date, str]:
    closures: dict[date, str] = {}
    for entry in _day_entries(value, "closures", CLOSURE_KEYS, problems):
        for day in entry.days:
            if day in closures:
                problems.add(entry.path, f"{day} is already closed ({closures[day]!r})")
            closures[day] = entry.reason
    return closures


@dataclass(frozen=True)
class _Schedule:
    weekly: WeeklySchedule
    overrides: tuple[ScheduleOverride, ...]


def _parse_open_days(
    value: object, problems: Problems, *, closures: dict[date, str], schedule: _Schedule
) -> dict[date, OpenDay]:
    """Days the national calendar closes that the agency works: at `periods`, or at the hours the
    schedule gives that day (which must then have some)."""
    open_days: dict[date, OpenDay] = {}
    for entry in _day_entries(value, "open_days", OPEN_DAY_KEYS, problems):
        found = len(problems.items)
        periods = _parse_periods(entry.item.get("periods"), f"{entry.path}.periods", problems)
        if len(problems.items) > found:
            continue
        for day in entry.days:
            if day in open_days:
                problems.add(entry.path, f"{day} is already an open day ({open_days[day].reason!r})")
            if day in closures:
                problems.add(entry.path, f"{day} is also in calendar.closures ({closures[day]!r})")
            if not periods and not scheduled_periods(day, schedule.weekly, schedule.overrides):
                weekday = _WEEKDAY_NAMES[day.weekday()]
                problems.add(entry.path, f"{day} ({weekday}) has no regular working hours: give its periods")
            open_days[day] = OpenDay(entry.reason, periods)
    return open_days


@dataclass(frozen=True)
class _DayEntry:
    path: str
    item: dict[str, Any]
    reason: str
    days: tuple[date, ...]


def _day_entries(
    value: object, key: str, allowed: tuple[str, ...], problems: Problems
) -> Iterator[_DayEntry]:
    """The valid entries of a list of days (`date`, optional `to`, `reason`), with the days each covers."""
    for index, raw in enumerate(list_of(value, f"calendar.{key}", problems)):
        path = f"calendar.{key}[{index}]"
        item = mapping(raw, path, problems, allowed)
        start = parse_date(item.get("date"), f"{path}.date", problems)
        end = parse_date(item["to"], f"{path}.to", problems) if "to" in item else start
        reason = required_text(item.get("reason"), f"{path}.reason", problems)
        if start is None or end is None or reason is None:
            continue
        if end < start:
            problems.add(f"{path}.to", f"{end} is before 'date' ({start})")
            continue
        if (end - start).days >= MAX_RANGE_DAYS:
            problems.add(f"{path}.to", f"{start}..{end} is more than {MAX_RANGE_DAYS} days")
            continue
        days = tuple(start + timedelta(days=offset) for offset in range((end - start).days + 1))
        yield _DayEntry(path, item, reason, days)
