"""The monthly pack: the recap a regulator asks for (received, followed up, resolved, SLA compliance,
satisfaction with its grade), per unit, and the month's tickets, in one XLSX with Indonesian labels.

The satisfaction index converts the citizens' 1-5 ratings to a 0-100 scale (average x 20) and grades
it with the bands of Permenpan RB 14/2017 (A >= 88.31, B >= 76.61, C >= 65.00, D below). It is not
the SKM survey itself (nine elements asked of service users); the pack says so.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession

from reports import repository
from reports.export import add_ticket_sheets
from reports.filters import ReportFilter
from reports.metrics import Compliance, Report
from reports.service import CLOCK_KINDS, build_report, make_scope
from reports.texts import labels, text
from reports.ticket_list import stream_rows
from sla import BusinessCalendar

GRADES = ((88.31, "A"), (76.61, "B"), (65.00, "C"))
_NONE = Compliance()


def satisfaction_index(average: float | None) -> float | None:
    """A 1-5 average on a 0-100 scale."""
    return None if average is None else round(average * 20, 2)


def service_grade(index: float | None) -> str | None:
    """A, B, C or D, by the bands of Permenpan RB 14/2017."""
    if index is None:
        return None
    return next((grade for floor, grade in GRADES if index >= floor), "D")


async def write_monthly_pack(
    session: AsyncSession,
    *,
    filter: ReportFilter,
    calendar: BusinessCalendar,
    agency: str,
    path: Path,
    now: datetime,
) -> Report:
    scope = make_scope(filter, calendar, now)
    report = await build_report(session, filter=filter, calendar=calendar, now=now)
    names = await repository.unit_names(session)
    received = await repository.received_by_unit(session, scope)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(text("sheets.summary"))
    summary.column_dimensions["A"].width = 58
    summary.column_dimensions["B"].width = 40
    for label, value in _summary(report, agency, calendar, now):
        summary.append([_bold(summary, label) if value == "" else label, value])
    units = workbook.create_sheet(text("sheets.units"))
    for letter, width in zip("ABCDEF", (44, 12, 18, 18, 16, 18), strict=True):
        units.column_dimensions[letter].width = width
    units.append([_bold(units, label) for label in labels("pack.unit_columns").values()])
    for row in _per_unit(report, names, received):
        units.append(row)
    await add_ticket_sheets(workbook, stream_rows(session, scope), calendar.tz)
    workbook.save(path)
    return report


def _summary(report: Report, agency: str, calendar: BusinessCalendar, now: datetime) -> list[tuple[str, Any]]:
    t = labels("pack.summary")
    counts, period = report.counts, report.filter.period
    followed = counts.resolved + counts.closed
    index = satisfaction_index(report.ratings.average)
    grade = service_grade(index)
    rows: list[tuple[str, Any]] = [
        (t["title"], ""),
        (t["agency"], agency),
        (t["period"], format_date(period.first_day, "MMMM yyyy", locale="id")),
        (t["made"], format_datetime(now, "d MMMM yyyy HH.mm", tzinfo=calendar.tz, locale="id")),
        (t["tickets"], ""),
        (t["received"], counts.received),
        (t["responded"], counts.responded),
        (t["resolved"], counts.resolved),
        (t["forwarded"], counts.closed),
        (t["reopened"], counts.reopened),
        (t["follow_up_rate"], _percent(100.0 * followed / counts.received if counts.received else None)),
        (t["resolution_rate"], _percent(counts.resolution_rate)),
        (t["first_response_median"], _hours(report.first_response.median)),
        (t["first_response_p90"], _hours(report.first_response.p90)),
        (t["sla"], ""),
    ]
    kinds = labels("clock_kind")
    for kind in CLOCK_KINDS:
        found = report.compliance[kind]
        rows.append((f"{t['met']} {kinds[kind].lower()}", _percent(found.percent_met)))
        rows.append((f"{t['breached']} {kinds[kind].lower()}", found.breached))
    rows += [
        (t["satisfaction"], ""),
        (t["ratings"], report.ratings.count),
        (t["average"], None if report.ratings.average is None else round(report.ratings.average, 2)),
        (t["index"], index),
        (t["grade"], None if grade is None else f"{grade} ({labels('pack.grades')[grade]})"),
        (t["note"], text("pack.index_note")),
        (t["unanswered"], report.unanswered_questions),
    ]
    return rows


def _per_unit(report: Report, names: dict[str, str], received: dict[str, int]) -> list[list[Any]]:
    first = report.compliance_by["unit"].get("first_response", {})
    resolution = report.compliance_by["unit"].get("resolution", {})
    rows = []
    for unit in sorted(received, key=lambda u: (-received[u], u)):
        breaches = sum(report.compliance_by["unit"].get(k, {}).get(unit, _NONE).breached for k in CLOCK_KINDS)
        worst = [
            report.compliance_by["unit"].get(k, {}).get(unit, _NONE).late_worst_hours for k in CLOCK_KINDS
        ]
        known = [w for w in worst if w is not None]
        rows.append(
            [
                names.get(unit, unit) or text("charts.no_unit"),
                received[unit],
                _percent(first[unit].percent_met) if unit in first else None,
                _percent(resolution[unit].percent_met) if unit in resolution else None,
                breaches,
                _hours(max(known)) if known else None,
            ]
        )
    return rows


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _bold(sheet: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
