"""What every report route does first: refuse those who may not see reports (403 page), read the form
from the query string into a filter narrowed to the viewer's units, and answer a bad period or filter
with its reason (400), never a stack trace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from core import clock
from reports import ReportFilter, ReportFilterError
from sla import BusinessCalendar
from web.staff.deps import Staff
from web.staff.pages import Pages
from web.staff.report_form import Chosen, allowed_units, chosen_from, may_see_reports, report_filter
from web.staff.site import StaffSite


@dataclass(frozen=True)
class Asked:
    """A report request that may be answered: the choices, their filter, the calendar and the moment."""

    chosen: Chosen
    filter: ReportFilter
    calendar: BusinessCalendar
    now: datetime


class ReportView:
    def __init__(self, site: StaffSite, pages: Pages) -> None:
        self.site = site
        self.pages = pages

    @property
    def calendar(self) -> BusinessCalendar:
        if self.site.sla is None:
            raise RuntimeError("the staff site was built without the agency's SLA configuration")
        return self.site.sla.calendar

    def refused(self, request: Request, staff: Staff) -> Response | None:
        """The 403 page for someone who may not see reports; None for those who may."""
        if may_see_reports(staff.principal):
            return None
        return self.message(request, staff, "reports.forbidden", 403)

    def asked(self, request: Request, staff: Staff) -> Asked | ReportFilterError:
        chosen = chosen_from(request.query_params)
        now = clock.now()
        try:
            found = report_filter(
                chosen, now=now, tz=self.calendar.tz, allowed=allowed_units(staff.principal)
            )
        except ReportFilterError as error:
            return error
        return Asked(chosen=chosen, filter=found, calendar=self.calendar, now=now)

    def message(
        self, request: Request, staff: Staff, key: str, status_code: int, *, reason: str | None = None
    ) -> Response:
        return self.pages.render(
            request,
            "message.html",
            staff=staff,
            status_code=status_code,
            title=f"{key}.title",
            body=f"{key}.body",
            reason=reason,
        )
