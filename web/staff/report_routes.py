"""The supervisors' report in the browser: the form and the figures of a period (`/staff/laporan`,
its print view with `?cetak=1`), the tickets behind any figure (`/staff/laporan/tiket?...&angka=`),
and the charts as SVG images (`/staff/laporan/grafik/{name}.svg`), all with the same query string.
Read-only: the report services compute everything in SQL for the viewer's units.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from escalation import repository as directory
from reports import ReportFilterError, build_report, make_scope
from reports.charts import backlog_chart, met_by_unit_chart, weekly_chart
from reports.drill import CLOCK_KINDS
from reports.repository import filter_choices, unit_names
from reports.ticket_list import count_rows, ticket_rows
from web.staff.deps import Staff, StaffGate
from web.staff.pages import Pages
from web.staff.report_form import PRESETS, allowed_units, chosen_from, drill_of, figure
from web.staff.report_format import figure_label, install
from web.staff.report_svg import svg_response
from web.staff.report_view import Asked, ReportView
from web.staff.site import StaffSite
from web.staff.texts import label

REPORT_PATH = "/staff/laporan"
TICKETS_PATH = "/staff/laporan/tiket"
CHART_PATH = "/staff/laporan/grafik/{name}.svg"
CHARTS = ("mingguan", "kepatuhan", "umur")
PAGE_SIZE = 50


def build_report_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    Signed = Annotated[Staff, Depends(gate.current_staff)]
    view = ReportView(site, pages)
    pages.templates.env.globals["figure"] = figure
    install(pages.templates.env)

    @router.get(REPORT_PATH)
    async def report_page(
        request: Request, staff: Signed, cetak: Annotated[str, Query(max_length=2)] = ""
    ) -> Response:
        if (refused := view.refused(request, staff)) is not None:
            return refused
        asked = view.asked(request, staff)
        async with site.db.reading() as session:
            context = await _form_context(session, staff, site)
            if isinstance(asked, ReportFilterError):
                return pages.render(
                    request, "report.html", staff=staff, status_code=400, report=None,
                    error=asked.reason, chosen=chosen_from(request.query_params), **context,
                )  # fmt: skip
            report = await build_report(session, filter=asked.filter, calendar=asked.calendar, now=asked.now)
        return pages.render(
            request, "report.html", staff=staff, report=report, error=None, chosen=asked.chosen,
            printing=cetak == "1", made_at=asked.now, clock_kinds=CLOCK_KINDS, **context,
        )  # fmt: skip

    @router.get(TICKETS_PATH)
    async def figure_tickets(
        request: Request,
        staff: Signed,
        angka: Annotated[str, Query(max_length=120)] = "received",
        halaman: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> Response:
        if (refused := view.refused(request, staff)) is not None:
            return refused
        asked = view.asked(request, staff)
        try:
            if isinstance(asked, ReportFilterError):
                raise asked
            drill = drill_of(angka)
            scope = make_scope(asked.filter, asked.calendar, asked.now)
            async with site.db.reading() as session:
                total = await count_rows(session, scope, drill)
                rows = await ticket_rows(
                    session, scope, drill, limit=PAGE_SIZE, offset=(halaman - 1) * PAGE_SIZE
                )
                names = await unit_names(session)
                people = {p: person.name for p, person in (await directory.all_people(session)).items()}
        except ReportFilterError as error:
            return view.message(request, staff, "reports.refused", 400, reason=error.reason)
        return pages.render(
            request, "report_tickets.html", staff=staff, rows=rows, total=total, drill=drill,
            angka=angka, chosen=asked.chosen, page=halaman, has_next=halaman * PAGE_SIZE < total,
            period=asked.filter.period, figure_label=figure_label(drill, names, people),
        )  # fmt: skip

    @router.get(CHART_PATH)
    async def chart(
        request: Request,
        staff: Signed,
        name: Annotated[str, Path(max_length=20)],
        tenggat: Annotated[str, Query(max_length=20)] = "resolution",
    ) -> Response:
        if name not in CHARTS or tenggat not in CLOCK_KINDS:
            return Response(status_code=404)
        if (refused := view.refused(request, staff)) is not None:
            return refused
        asked = view.asked(request, staff)
        if isinstance(asked, ReportFilterError):
            return Response(asked.reason, status_code=400, media_type="text/plain; charset=utf-8")
        return svg_response(await _chart(site, asked, name, tenggat))

    return router


async def _chart(site: StaffSite, asked: Asked, name: str, clock: str) -> str:
    async with site.db.reading() as session:
        report = await build_report(session, filter=asked.filter, calendar=asked.calendar, now=asked.now)
        names = await unit_names(session)
    if name == "mingguan":
        return weekly_chart(report)
    if name == "umur":
        return backlog_chart(report)
    return met_by_unit_chart(report, names, clock)


async def _form_context(session: AsyncSession, staff: Staff, site: StaffSite) -> dict[str, Any]:
    """The form's choices for this viewer: their units, the officers of those units, the channels and
    categories their tickets carry; and the names the page shows instead of ids."""
    allowed = allowed_units(staff.principal)
    units = {unit_id: unit.name for unit_id, unit in (await directory.all_units(session)).items()}
    people = {person_id: p.name for person_id, p in (await directory.all_people(session)).items()}
    members = {
        m.person_id for m in await directory.memberships(session) if allowed is None or m.unit_id in allowed
    }
    choices = await filter_choices(session, allowed)
    return {
        "unit_names": units,
        "people_names": people,
        "unit_choices": sorted((u for u in units if allowed is None or u in allowed), key=units.__getitem__),
        "officer_choices": sorted((p for p in members if p in people), key=people.__getitem__),
        "presets": tuple(PRESETS),
        **choices,
        "channel_names": {channel: label("channel", channel) for channel in choices["channels"]},
        "category_names": {c: site.categories.get(c, c) for c in choices["categories"]},
    }
