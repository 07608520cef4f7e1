"""The ticket list as CSV and XLSX, one row per ticket, streamed: rows come from a server-side cursor
in batches and go straight to the file (openpyxl's write-only mode), so memory stays bounded whatever
the number of tickets, and there is no row cap (XLSX holds 1,048,575 rows a sheet; more go on the
next sheet). Times are the agency's local time."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.ext.asyncio import AsyncSession

from reports.drill import Drill
from reports.scope import Scope
from reports.texts import labels, text
from reports.ticket_list import TicketRow, stream_rows

COLUMNS = (
    "code",
    "channel",
    "kind",
    "category",
    "unit",
    "officer",
    "opened",
    "first_response",
    "first_response_due",
    "resolution_due",
    "sla",
    "late_hours",
    "resolved",
    "rating",
)
SHEET_ROWS = 1_048_575


def headers() -> list[str]:
    names = labels("columns")
    return [names[column] for column in COLUMNS]


@cache
def _labels(key: str) -> dict[str, str]:
    return labels(key)


def values(row: TicketRow, tz: ZoneInfo) -> list[Any]:
    """The row as cells: local naive datetimes (spreadsheets have no zones), labels for codes."""
    sla = _labels("sla_state")
    kinds = _labels("ticket_kind")
    late = None if row.late_hours is None else round(row.late_hours, 2)
    return [
        row.code,
        row.channel,
        kinds.get(row.kind, row.kind),
        row.category,
        row.unit,
        row.officer,
        _local(row.opened, tz),
        _local(row.first_response, tz),
        _local(row.first_response_due, tz),
        _local(row.resolution_due, tz),
        sla[row.sla],
        late,
        _local(row.resolved, tz),
        row.rating,
    ]


def _local(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None, microsecond=0)


async def write_csv(session: AsyncSession, scope: Scope, path: Path, drill: Drill | None = None) -> int:
    """Returns the number of tickets written. UTF-8 with a BOM, so spreadsheet programs read it right."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        async for row in stream_rows(session, scope, drill):
            writer.writerow(["" if v is None else _csv(v) for v in values(row, scope.tz)])
            count += 1
    return count


def _csv(value: Any) -> Any:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value


async def write_xlsx(session: AsyncSession, scope: Scope, path: Path, drill: Drill | None = None) -> int:
    workbook = Workbook(write_only=True)
    count = await add_ticket_sheets(workbook, stream_rows(session, scope, drill), scope.tz)
    workbook.save(path)
    return count


async def add_ticket_sheets(workbook: Workbook, rows: AsyncIterator[TicketRow], tz: ZoneInfo) -> int:
    """Append the tickets to `workbook` (write-only), a new sheet every SHEET_ROWS rows."""
    sheet = _ticket_sheet(workbook, 1)
    count = 0
    async for row in rows:
        if count and count % SHEET_ROWS == 0:
            sheet = _ticket_sheet(workbook, count // SHEET_ROWS + 1)
        sheet.append(values(row, tz))  # openpyxl gives datetimes a date format itself
        count += 1
    return count


def _ticket_sheet(workbook: Workbook, number: int) -> WriteOnlyWorksheet:
    title = text("sheets.tickets") if number == 1 else f"{text('sheets.tickets')} {number}"
    sheet: WriteOnlyWorksheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (18, 11, 16, 20, 32, 22, 17, 17, 17, 17, 14, 12, 17, 8), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.append([_bold(sheet, name) for name in headers()])
    return sheet


def _bold(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
