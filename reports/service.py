"""The report a page, the CLI or an export asks for: `build_report(session, filter=..., calendar=...)`.

The caller passes the filter with the viewer's allowed units (`ReportFilter.allowed_units`); every
figure is computed for those units only. Read-only: nothing is written, nothing flushed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from reports import repository
from reports.clock_figures import ComplianceRows, clock_figures
from reports.filters import Period, ReportFilter
from reports.metrics import Compliance, Report
from reports.scope import DIMENSIONS, Scope
from reports.worktime import work_days
from sla import BusinessCalendar

CLOCK_KINDS = ("first_response", "next_response", "resolution")


def make_scope(filter: ReportFilter, calendar: BusinessCalendar, now: datetime | None = None) -> Scope:
    """The filter narrowed to the viewer's units, and the working-time table from the period's start
    to now (or its end, when later): every moment a report measures lies in between."""
    moment = now or clock.now()
    scoped = filter.scoped()
    period = scoped.period
    days = work_days(calendar, period.start - timedelta(days=1), max(moment, period.end) + timedelta(days=1))
    return Scope(filter=scoped, now=moment, days=days, tz=calendar.tz)


async def build_report(
    session: AsyncSession, *, filter: ReportFilter, calendar: BusinessCalendar, now: datetime | None = None
) -> Report:
    scope = make_scope(filter, calendar, now)
    await repository.without_jit(session)
    counts = await repository.ticket_counts(session, scope)
    clocks = await clock_figures(session, scope)
    overall, by = rolled_up(clocks.compliance_rows)
    mondays = week_starts(scope.filter.period, calendar)
    trend = await repository.weekly(session, scope, mondays)
    return Report(
        filter=scope.filter,
        counts=counts,
        first_response=clocks.first_response,
        first_response_by_unit=clocks.first_response_by_unit,
        compliance=overall,
        compliance_by=by,
        lateness=clocks.lateness,
        lateness_by_unit=clocks.lateness_by_unit,
        backlog=await repository.backlog(session, scope),
        ratings=await repository.ratings(session, scope, counts.resolved + counts.closed),
        top_categories=await repository.top_categories(session, scope),
        in_hands=await repository.in_hands(session, scope),
        unanswered_questions=await repository.unanswered_questions(session, scope),
        weekly=[
            (monday.astimezone(calendar.tz).date().isoformat(), received, breached)
            for monday, (received, breached) in zip(mondays, trend, strict=True)
        ],
    )


def rolled_up(
    rows: ComplianceRows,
) -> tuple[dict[str, Compliance], dict[str, dict[str, dict[str, Compliance]]]]:
    """Fold the per-combination rows into totals per clock kind and per kind and value of each dimension."""
    overall: dict[str, Compliance] = {kind: Compliance() for kind in CLOCK_KINDS}
    by: dict[str, dict[str, dict[str, Compliance]]] = {
        name: defaultdict(lambda: defaultdict(Compliance)) for name in DIMENSIONS
    }
    for kind, values, found in rows:
        overall[kind] = overall.get(kind, Compliance()).plus(found)
        for name in DIMENSIONS:
            value = values[name] or ""
            by[name][kind][value] = by[name][kind][value].plus(found)
    plain = {name: {kind: dict(groups) for kind, groups in per.items()} for name, per in by.items()}
    return overall, plain


def week_starts(period: Period, calendar: BusinessCalendar) -> list[datetime]:
    """The local Mondays (00:00) of every week the period touches, as aware moments."""
    monday = period.first_day - timedelta(days=period.first_day.weekday())
    starts = []
    while monday <= period.last_day:
        starts.append(datetime.combine(monday, time(0), tzinfo=calendar.tz))
        monday += timedelta(days=7)
    return starts
