"""Turning the plain data of sla.yaml into calendar and policy objects, collecting every problem.

Each problem names the field it is about, e.g. "calendar.weekly.monday[1]: ...". Nothing here reads
files; `sla.config` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sla.policies import (
    DEFAULT_POLICIES,
    DEFAULT_WARNINGS,
    Duration,
    SlaPolicy,
    policy_key_problem,
    warning_points_problem,
)
from sla.schedule import ScheduleOverride, WeeklySchedule, WorkingPeriod, check_periods

WEEKDAYS: dict[str, int] = {
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday"))},
    **{name: i for i, name in enumerate(("senin", "selasa", "rabu", "kamis", "jumat"))},
    "saturday": 5,
    "sunday": 6,
    "sabtu": 5,
    "minggu": 6,
}
CALENDAR_KEYS = ("weekly", "overrides", "closures", "cuti_bersama")
OVERRIDE_KEYS = ("name", "from", "to", "weekly")
CLOSURE_KEYS = ("date", "to", "reason")
POLICY_KEYS = ("name", "first_response", "next_response", "resolution", "warnings")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Problems:
    """Problems found so far, each prefixed with the path of the field it concerns."""

    items: list[str] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")


@dataclass(frozen=True)
class CalendarSection:
    weekly: WeeklySchedule | None
    overrides: tuple[ScheduleOverride, ...]
    closures: dict[date, str]
    cuti_bersama: bool


def mapping(value: object, path: str, problems: Problems, allowed: tuple[str, ...]) -> dict[str, Any]:
    """`value` as a mapping with only `allowed` keys (an empty mapping after reporting otherwise)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(path, f"expected a mapping, got {type(value).__name__}")
        return {}
    for key in value:
        if key not in allowed:
            problems.add(f"{path}.{key}", f"unknown key (expected one of: {', '.join(allowed)})")
    return {str(key): item for key, item in value.items() if key in allowed}


def parse_calendar(value: object, problems: Problems) -> CalendarSection:
    section = mapping(value, "calendar", problems, CALENDAR_KEYS)
    weekly = parse_weekly(section["weekly"], "calendar.weekly", problems) if "weekly" in section else None
    if weekly is not None and not any(weekly.values()):
        problems.add("calendar.weekly", "no working period on any day of the week")
    cuti_bersama = section.get("cuti_bersama", True)
    if not isinstance(cuti_bersama, bool):
        problems.add("calendar.cuti_bersama", f"expected true or false, got {cuti_bersama!r}")
        cuti_bersama = True
    return CalendarSection(
        weekly=weekly,
        overrides=_parse_overrides(section.get("overrides"), problems),
        closures=_parse_closures(section.get("closures"), problems),
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


def parse_date(value: object, path: str, problems: Problems) -> date | None:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(path, f"{value!r} is not a valid date (expected YYYY-MM-DD)")
    return None


def _items(value: object, path: str, problems: Problems) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(path, f"expected a list, got {type(value).__name__}")
        return []
    return value


def _text(value: object, path: str, problems: Problems) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.add(path, "required text is missing" if value is None else f"expected text, got {value!r}")
    return None


def _parse_overrides(value: object, problems: Problems) -> tuple[ScheduleOverride, ...]:
    overrides: list[tuple[str, ScheduleOverride]] = []
    for index, raw in enumerate(_items(value, "calendar.overrides", problems)):
        path = f"calendar.overrides[{index}]"
        item = mapping(raw, path, problems, OVERRIDE_KEYS)
        name = _text(item.get("name"), f"{path}.name", problems)
        start = parse_date(item.get("from"), f"{path}.from", problems)
        end = parse_date(item.get("to"), f"{path}.to", problems)
        if "weekly" not in item:
            problems.add(f"{path}.weekly", "required mapping is missing")
        weekly = parse_weekly(item.get("weekly"), f"{path}.weekly", problems)
        if start and end and end < start:
            problems.add(f"{path}.to", f"{end} is before 'from' ({start})")
        elif name and start and end:
            for other_path, other in overrides:
                if start <= other.end and other.start <= end:
                    problems.add(path, f"dates {start}..{end} overlap {other_path} ({other.name!r})")
            overrides.append((path, ScheduleOverride(name, start, end, weekly)))
    return tuple(override for _, override in overrides)


def _parse_closures(value: object, problems: Problems) -> dict[date, str]:
    closures: dict[date, str] = {}
    for index, raw in enumerate(_items(value, "calendar.closures", problems)):
        path = f"calendar.closures[{index}]"
        item = mapping(raw, path, problems, CLOSURE_KEYS)
        start = parse_date(item.get("date"), f"{path}.date", problems)
        end = parse_date(item["to"], f"{path}.to", problems) if "to" in item else start
        reason = _text(item.get("reason"), f"{path}.reason", problems)
        if start is None or end is None or reason is None:
            continue
        if end < start:
            problems.add(f"{path}.to", f"{end} is before 'date' ({start})")
        day = start
        while day <= end:
            if day in closures:
                problems.add(path, f"{day} is already closed ({closures[day]!r})")
            closures[day] = reason
            day += timedelta(days=1)
    return closures


def parse_warnings(value: object, path: str, problems: Problems) -> tuple[float, ...] | None:
    """Warning points such as [0.75, 0.9]: fractions of the allowed time, ascending, each in (0, 1)."""
    if not isinstance(value, list):
        problems.add(path, f"expected a list of fractions like [0.75, 0.9], got {value!r}")
        return None
    points = tuple(value)
    problem = warning_points_problem(points)
    if problem is not None:
        problems.add(path, problem)
        return None
    return tuple(float(point) for point in points)


def parse_policies(
    value: object, problems: Problems, warnings: tuple[float, ...] = DEFAULT_WARNINGS
) -> dict[str, SlaPolicy]:
    """Policies merged over the defaults; a more specific key inherits what it leaves out from its kind.

    `warnings` (the file's top-level warning points) replace the default ones of every policy that does
    not set its own.
    """
    if value is not None and not isinstance(value, dict):
        problems.add("policies", f"expected a mapping, got {type(value).__name__}")
        value = None
    raw: dict[str, object] = {str(key): item for key, item in (value or {}).items()}
    policies = {key: replace(policy, warnings=warnings) for key, policy in DEFAULT_POLICIES.items()}
    for key in sorted(raw, key=lambda k: k.count(":")):
        path = f"policies.{key}"
        problem = policy_key_problem(key)
        if problem is not None:
            problems.add(path, problem)
            continue
        base = policies[key.split(":")[0]]
        policies[key] = _parse_policy(raw[key], key, path, base, problems)
    return policies


def _parse_policy(value: object, key: str, path: str, base: SlaPolicy, problems: Problems) -> SlaPolicy:
    item = mapping(value, path, problems, POLICY_KEYS)
    name = _text(item["name"], f"{path}.name", problems) if "name" in item else None
    policy = replace(base, name=name or key)
    if "warnings" in item:
        points = parse_warnings(item["warnings"], f"{path}.warnings", problems)
        policy = replace(policy, warnings=points if points is not None else policy.warnings)
    for target in ("first_response", "next_response", "resolution"):
        if target not in item:
            continue
        if item[target] is None and target == "next_response":
            policy = replace(policy, next_response=None)
            continue
        duration = _parse_duration(item[target], f"{path}.{target}", problems)
        if duration is not None:
            policy = _with_target(policy, target, duration)
    return policy


def _with_target(policy: SlaPolicy, target: str, duration: Duration) -> SlaPolicy:
    if target == "first_response":
        return replace(policy, first_response=duration)
    if target == "next_response":
        return replace(policy, next_response=duration)
    return replace(policy, resolution=duration)


def _parse_duration(value: object, path: str, problems: Problems) -> Duration | None:
    if not isinstance(value, str):
        problems.add(path, f"expected text like '24 working_hours', got {value!r}")
        return None
    try:
        return Duration.parse(value)
    except ValueError as error:
        problems.add(path, str(error))
        return None
