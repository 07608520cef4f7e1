"""The report figures of a period (`metrics:read`): what `reports.build_report` computes, for the
client's units only.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from core import clock
from core.text import clean_text
from escalation.staff.api_clients import ApiCaller, ApiScope
from reports import ReportFilter, ReportFilterError, build_report, custom_period
from web.api.errors import MayNotAct, NotReady, Unprocessable
from web.api.gate import ApiGate
from web.api.metrics_schemas import Metrics
from web.api.ticket_routes import ERRORS
from web.staff.site import StaffSite
from web.texts import text

MAX_DAYS = 366
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def build_metrics_routes(site: StaffSite, gate: ApiGate) -> APIRouter:
    router = APIRouter(tags=["metrics"])
    Reader = Annotated[ApiCaller, Depends(gate.needs(ApiScope.METRICS_READ))]

    @router.get("/metrics", responses={**ERRORS, 503: ERRORS[401] | {"description": "No SLA calendar."}})
    async def metrics(
        caller: Reader,
        start: Annotated[date, Query(alias="from", description="First day (agency's time), 2026-11-01.")],
        end: Annotated[date, Query(alias="to", description="Last day, included, 2026-11-30.")],
        unit: Annotated[list[str] | None, Query(description="Only these units (repeat).")] = None,
    ) -> Metrics:
        """Tickets received in the period: counts, first-response times, SLA compliance and
        lateness per unit, channel, category and officer, backlog, ratings, time in hands."""
        if not caller.sees_reports:
            raise MayNotAct(text("api.no_reports"))
        if site.sla is None:
            raise NotReady(text("api.not_ready"))
        calendar = site.sla.calendar
        _check_period(start, end)
        try:
            flt = ReportFilter(
                period=custom_period(start, end, calendar.tz),
                units=tuple(clean_text(u) for u in unit or ()),
                allowed_units=caller.principal.units,
            )
        except ReportFilterError as error:
            raise Unprocessable(error.reason) from None
        async with site.db.reading() as session:
            report = await build_report(session, filter=flt, calendar=calendar, now=clock.now())
        return Metrics.of(report)

    return router


def _check_period(start: date, end: date) -> None:
    """Bounded, so one call cannot ask for centuries of working-day tables."""
    inside = FIRST_DAY <= start <= LAST_DAY and FIRST_DAY <= end <= LAST_DAY
    if not inside or (end - start).days >= MAX_DAYS:
        raise Unprocessable(
            text("api.bad_period").format(
                start=start.isoformat(),
                end=end.isoformat(),
                days=MAX_DAYS,
                first=FIRST_DAY.year,
                last=LAST_DAY.year,
            )
        )
