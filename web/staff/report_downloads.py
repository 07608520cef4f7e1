"""The report's downloads: the ticket list of the same choices (and figure, with `angka=`) as XLSX or
CSV, and the monthly pack of a month for the viewer's units. The export functions write to a path: the
file is written to a temporary directory inside a read-only transaction, sent, and removed after
sending. Each download is one `report_export` entry of the audit log (who, what, which period and
filters, how many tickets). No personal data: the ticket list carries none (reports/ticket_list.py).

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from core import clock
from escalation.staff.audit import AuditAction, audit
from reports import ReportFilter, ReportFilterError, make_scope
from reports.export import write_csv, write_xlsx
from reports.monthly import write_monthly_pack
from web.staff.deps import Staff, StaffGate
from web.staff.pages import Pages
from web.staff.report_form import allowed_units, drill_of, month_of
from web.staff.report_view import Asked, ReportView
from web.staff.site import StaffSite

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
WRITERS = {"xlsx": (write_xlsx, XLSX), "csv": (write_csv, CSV)}


def build_download_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    Signed = Annotated[Staff, Depends(gate.current_staff)]
    view = ReportView(site, pages)

    @router.get("/staff/laporan/unduh.{fmt}")
    async def ticket_list(
        request: Request,
        staff: Signed,
        fmt: str,
        angka: Annotated[str, Query(max_length=120)] = "received",
    ) -> Response:
        if fmt not in WRITERS:
            return Response(status_code=404)
        if (refused := view.refused(request, staff)) is not None:
            return refused
        asked = view.asked(request, staff)
        try:
            if isinstance(asked, ReportFilterError):
                raise asked
            drill = drill_of(angka)
        except ReportFilterError as error:
            return view.message(request, staff, "reports.refused", 400, reason=error.reason)
        write, media_type = WRITERS[fmt]
        folder = Path(tempfile.mkdtemp(prefix="tanggap-laporan-"))
        period = asked.filter.period
        path = folder / f"tiket-{period.first_day.isoformat()}-{period.last_day.isoformat()}.{fmt}"
        try:
            async with site.db.reading() as session:
                count = await write(session, make_scope(asked.filter, asked.calendar, asked.now), path, drill)
            await _audit(site, staff, {"format": fmt, "figure": angka, **_described(asked), "tickets": count})
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return _file(path, media_type)

    @router.get("/staff/laporan/bulanan.xlsx")
    async def monthly_pack(
        request: Request, staff: Signed, bulan: Annotated[str, Query(max_length=20)] = ""
    ) -> Response:
        if (refused := view.refused(request, staff)) is not None:
            return refused
        try:
            period = month_of(bulan, view.calendar.tz)
        except ReportFilterError as error:
            return view.message(request, staff, "reports.refused", 400, reason=error.reason)
        flt = ReportFilter(period=period, allowed_units=allowed_units(staff.principal))
        folder = Path(tempfile.mkdtemp(prefix="tanggap-laporan-"))
        path = folder / f"rekap-bulanan-{period.first_day:%Y-%m}.xlsx"
        try:
            async with site.db.reading() as session:
                report = await write_monthly_pack(
                    session, filter=flt, calendar=view.calendar, agency=site.agency_name, path=path,
                    now=clock.now(),
                )  # fmt: skip
            units = None if flt.allowed_units is None else sorted(flt.allowed_units)
            detail = {"format": "monthly_pack", "month": f"{period.first_day:%Y-%m}", "units": units}
            await _audit(site, staff, {**detail, "tickets": report.counts.received})
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return _file(path, XLSX)

    return router


def _described(asked: Asked) -> dict[str, Any]:
    """The period and filters of a download, for its audit entry (ids only, no personal data)."""
    chosen = asked.chosen
    period = asked.filter.period
    named = (
        ("unit", chosen.unit),
        ("channel", chosen.kanal),
        ("kind", chosen.jenis),
        ("category", chosen.kategori),
        ("officer", chosen.petugas),
    )
    return {
        "period": f"{period.first_day.isoformat()}/{period.last_day.isoformat()}",
        "filters": {name: value for name, value in named if value},
    }


async def _audit(site: StaffSite, staff: Staff, detail: dict[str, Any]) -> None:
    async with site.db.session() as session:
        await audit(
            session,
            staff.principal,
            AuditAction.REPORT_EXPORT,
            detail=detail,
            ip=staff.client.address or None,
        )


def _file(path: Path, media_type: str) -> FileResponse:
    return FileResponse(
        path,
        media_type=media_type,
        filename=path.name,
        headers={"cache-control": "no-store"},
        background=BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True),
    )
