"""What a report covers: a period (this week, last month, or custom dates) and filters (unit, channel,
kind, category, officer), narrowed to the units the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from reports.texts import text
from tickets import TicketKind


class ReportFilterError(ValueError):
    """A period or filter that cannot be reported on; `reason` says why, for the person who chose it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Period:
    """From `start` (included) to `end` (excluded), aware UTC; `first_day` and `last_day` as the agency
    reads them (both included)."""

    start: datetime
    end: datetime
    first_day: date
    last_day: date
    preset: str = "custom"


def custom_period(first_day: date, last_day: date, tz: ZoneInfo) -> Period:
    """The local days from `first_day` to `last_day`, both included. The end before the start is refused."""
    if last_day < first_day:
        raise ReportFilterError(
            text("filters.end_before_start", start=first_day.isoformat(), end=last_day.isoformat())
        )
    return _days(first_day, last_day, tz, "custom")


def this_week(now: datetime, tz: ZoneInfo) -> Period:
    """Monday to Sunday of the local week of `now`."""
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return _days(monday, monday + timedelta(days=6), tz, "this_week")


def last_month(now: datetime, tz: ZoneInfo) -> Period:
    """The whole local calendar month before the month of `now`."""
    first_of_this = now.astimezone(tz).date().replace(day=1)
    last_day = first_of_this - timedelta(days=1)
    return _days(last_day.replace(day=1), last_day, tz, "last_month")


def month_period(year: int, month: int, tz: ZoneInfo) -> Period:
    """One whole local calendar month (the monthly pack)."""
    if not 1 <= month <= 12:
        raise ReportFilterError(text("filters.bad_month", value=f"{year}-{month:02d}"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return _days(first, following - timedelta(days=1), tz, "month")


def parse_month(value: str, tz: ZoneInfo) -> Period:
    """ "2026-11" -> the whole of November 2026."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        raise ReportFilterError(text("filters.bad_month", value=value)) from None
    return month_period(year, month, tz)


def preset_period(preset: str, now: datetime, tz: ZoneInfo) -> Period:
    if preset == "this_week":
        return this_week(now, tz)
    if preset == "last_month":
        return last_month(now, tz)
    raise ReportFilterError(text("filters.unknown_preset", value=preset))


def _days(first_day: date, last_day: date, tz: ZoneInfo, preset: str) -> Period:
    start = datetime.combine(first_day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return Period(start=start, end=end, first_day=first_day, last_day=last_day, preset=preset)


@dataclass(frozen=True)
class ReportFilter:
    """Tickets received in `period`, narrowed by each filter that is not empty (any of its values).

    `allowed_units` is who looks: None sees every unit, else only these (a unit head, an inspector of
    some units). `scoped()` folds it into `units`; the queries read `units` only.
    """

    period: Period
    units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    kinds: tuple[TicketKind, ...] = ()
    categories: tuple[str, ...] = ()
    officers: tuple[str, ...] = ()
    allowed_units: frozenset[str] | None = None

    def scoped(self) -> ReportFilter:
        """The filter with the viewer's units applied: requested units they may not see are dropped; a
        viewer who may see no requested unit sees nothing (never everything)."""
        if self.allowed_units is None:
            return self
        wanted = self.units or tuple(sorted(self.allowed_units))
        kept = tuple(unit for unit in wanted if unit in self.allowed_units)
        return replace(self, units=kept or ("",), allowed_units=None)


def parse_kinds(values: tuple[str, ...]) -> tuple[TicketKind, ...]:
    kinds = []
    for value in values:
        try:
            kinds.append(TicketKind(value))
        except ValueError:
            raise ReportFilterError(text("filters.unknown_kind", value=value)) from None
    return tuple(kinds)
