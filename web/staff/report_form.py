"""The report form as a query string: what the supervisor chose (period, filters, the figure whose
tickets they follow), read back into a `ReportFilter` and a `Drill`, and written again into every link
of the page so a figure's tickets, a chart and a download cover exactly what the page shows.

Who may see reports, and which units: supervisors and admins every unit; unit heads their units (and
the units below them, as `escalation.staff.principal` reads them); officers none (see docs/reports.md:
reports compare units and officers, a supervisor's view; an officer's own work is their queue)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from escalation.staff.models import StaffRole
from escalation.staff.principal import Principal
from reports import ReportFilter, ReportFilterError, custom_period, parse_kinds, parse_month, preset_period
from reports.drill import CLOCK_KINDS, OUTCOMES, SIMPLE, VALUED, Drill
from reports.filters import Period
from reports.texts import text

PRESETS = {"minggu-ini": "this_week", "bulan-lalu": "last_month", "rentang": "custom"}
LONGEST = 64
SEPARATOR = ":"
ALL_UNITS_ROLES = (StaffRole.SUPERVISOR, StaffRole.ADMIN)


def may_see_reports(principal: Principal) -> bool:
    return principal.role in (*ALL_UNITS_ROLES, StaffRole.UNIT_HEAD)


def allowed_units(principal: Principal) -> frozenset[str] | None:
    """The units whose figures `principal` sees (None: every unit). Only for those who may see reports."""
    if principal.role in ALL_UNITS_ROLES:
        return None
    return principal.units


@dataclass(frozen=True)
class Chosen:
    """The form's fields as submitted (kept as text to show them again, even when refused)."""

    periode: str = "bulan-lalu"
    dari: str = ""
    sampai: str = ""
    unit: str = ""
    kanal: str = ""
    jenis: str = ""
    kategori: str = ""
    petugas: str = ""

    def query(self, **extra: str | int) -> str:
        """The query string of these choices (empty fields left out), with `extra` added."""
        values = {name: value for name, value in asdict(self).items() if value}
        values.update({name: str(value) for name, value in extra.items()})
        return urlencode(values)


def chosen_from(params: Mapping[str, str]) -> Chosen:
    values = {field.name: params.get(field.name, "").strip()[:LONGEST] for field in fields(Chosen)}
    return Chosen(**{name: value for name, value in values.items() if value})


def report_filter(
    chosen: Chosen, *, now: datetime, tz: ZoneInfo, allowed: frozenset[str] | None
) -> ReportFilter:
    """The filter of the choices, narrowed to `allowed`; `ReportFilterError` says why it cannot be."""
    return ReportFilter(
        period=_period(chosen, now, tz),
        units=_one(chosen.unit),
        channels=_one(chosen.kanal),
        kinds=parse_kinds(_one(chosen.jenis)),
        categories=_one(chosen.kategori),
        officers=_one(chosen.petugas),
        allowed_units=allowed,
    )


def _period(chosen: Chosen, now: datetime, tz: ZoneInfo) -> Period:
    preset = PRESETS.get(chosen.periode)
    if preset is None:
        raise ReportFilterError(text("filters.unknown_preset", value=chosen.periode))
    if preset != "custom":
        return preset_period(preset, now, tz)
    return custom_period(_day(chosen.dari), _day(chosen.sampai), tz)


def month_of(value: str, tz: ZoneInfo) -> Period:
    """The month of the monthly pack ("2026-11")."""
    return parse_month(value.strip()[:LONGEST], tz)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReportFilterError(text("filters.bad_day", value=value or "–")) from None


def _one(value: str) -> tuple[str, ...]:
    return (value,) if value else ()


def figure(metric: str, clock: str | None = None, dimension: str | None = None, value: object = None) -> str:
    """A figure's name in links (`angka=`): "received", "breached:resolution", "breached:resolution:
    unit:pupr", "backlog:1-3". An empty value is "none" (no officer, no category)."""
    parts = [metric, *(part for part in (clock, dimension) if part)]
    if value is not None:
        parts.append(str(value))
    return SEPARATOR.join(parts)


def drill_of(angka: str) -> Drill:
    """The `Drill` a figure's name stands for; `ReportFilterError` for a name no figure has."""
    metric, *rest = angka.split(SEPARATOR, 3)
    if metric in SIMPLE and not rest:
        return Drill(metric)
    if metric in VALUED and len(rest) == 1:
        return Drill(metric, value=rest[0])
    if metric in OUTCOMES and rest and rest[0] in CLOCK_KINDS and len(rest) in (1, 3):
        dimension, value = (rest[1], rest[2]) if len(rest) == 3 else (None, None)
        return Drill(metric, clock=rest[0], dimension=dimension, value=value)
    raise ReportFilterError(text("drill.unknown", value=angka[:LONGEST]))
