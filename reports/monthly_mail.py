"""The monthly recap by e-mail (optional, `TANGGAP_REPORTS_MONTHLY_EMAIL`): on the first working day
of a month, the agency's supervisors (people marked supervisor in `escalation.yaml`, with an address)
get last month's figures as text and where to download the monthly pack.

The pack itself stays behind sign-in (`/staff/laporan/bulanan.xlsx`, audited): a mailbox is a shared
place, so the mail carries figures only, no ticket and no personal data. It is queued once a month,
as staff notifications, and goes out through the outbox like every other e-mail."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from escalation import repository as directory
from escalation.context import EscalationContext
from escalation.directory import Recipients
from escalation.models import StaffNotification
from escalation.notify import Notice, notify
from reports import repository
from reports.filters import ReportFilter, month_period
from reports.service import build_report
from reports.summary import summary_lines
from reports.texts import text
from sla import BusinessCalendar

REASON = "monthly_recap"


def first_working_day(calendar: BusinessCalendar, year: int, month: int) -> date:
    day = date(year, month, 1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


async def queue_monthly_recap(
    session: AsyncSession, *, context: EscalationContext, now: datetime, site_url: str | None = None
) -> int:
    """Queue last month's recap for every supervisor with an address, if today is the month's first
    working day and it was not queued yet this month. Returns how many mails were queued."""
    calendar = context.sla.calendar
    today = calendar.local_date(now)
    if not context.settings.email_enabled or today != first_working_day(calendar, today.year, today.month):
        return 0
    month_start = datetime.combine(today.replace(day=1), time(), calendar.tz).astimezone(UTC)
    if await _queued_since(session, month_start):
        return 0
    people = [
        p for p in (await directory.all_people(session)).values() if p.active and p.is_supervisor and p.email
    ]
    if not people:
        return 0
    previous = today.replace(day=1) - timedelta(days=1)
    period = month_period(previous.year, previous.month, calendar.tz)
    report = await build_report(session, filter=ReportFilter(period=period), calendar=calendar, now=now)
    month = format_date(previous, "MMMM y", locale="id")
    notice = Notice(
        reason=REASON,
        subject=text("mail.monthly.subject", month=month, agency=context.agency.name),
        text=_body(
            context, month, summary_lines(report, await repository.unit_names(session)), site_url, previous
        ),
    )
    emails = tuple(str(person.email) for person in people)
    label = ", ".join(person.name for person in people)
    await notify(
        session,
        recipients=Recipients(0, True, "supervisor", label, (), emails, tuple(p.id for p in people)),
        notice=notice,
        ticket_id=None,
        unit_id=None,
        calendar=calendar,
        urgent=True,
        email=True,
    )
    return len(emails)


def _body(context: EscalationContext, month: str, lines: list[str], site_url: str | None, day: date) -> str:
    where = (
        text("mail.monthly.link", link=f"{site_url.rstrip('/')}/staff/laporan/bulanan.xlsx?bulan={day:%Y-%m}")
        if site_url
        else text("mail.monthly.where")
    )
    opening = text("mail.monthly.intro", month=month, agency=context.agency.name)
    return "\n".join([opening, "", *lines, "", where, "", context.agency.signature])


async def _queued_since(session: AsyncSession, since: datetime) -> bool:
    statement = select(func.count()).where(
        col(StaffNotification.reason) == REASON, col(StaffNotification.created_at) >= since
    )
    return bool((await session.execute(statement)).scalar_one())
