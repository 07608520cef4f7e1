"""The daily digest per unit: one email to each unit's mailboxes listing its open tickets."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation import repository
from escalation.context import EscalationContext
from escalation.directory import Recipients
from escalation.notify import Notice, notify
from escalation.texts import excerpt
from sla import service as sla
from sla.wording import format_day
from tickets import TicketStatus


async def queue_daily_digests(session: AsyncSession, *, context: EscalationContext) -> int:
    """Queue today's digest for every active unit that has its own email addresses. Returns how many
    were queued (nothing when email is not configured or today is not a working day)."""
    now = clock.now()
    calendar = context.sla.calendar
    if not context.settings.email_enabled or not calendar.is_working_day(calendar.local_date(now)):
        return 0
    texts = context.texts
    queued = 0
    for unit in (await repository.all_units(session)).values():
        if not unit.active or not unit.emails:
            continue
        rows = await repository.open_tickets_of(session, unit.id)
        overdue = 0
        for ticket, _ in rows:
            clocks = await sla.live_clocks(session, ticket=ticket, config=context.sla, now=now)
            overdue += any(c.breached_at is not None and c.left is not None for c in clocks)
        listed = [
            {
                "code": ticket.code,
                "status": texts.render(f"status.{ticket.status}"),
                "level": level or 0,
                "description": excerpt(ticket.description, 120),
            }
            for ticket, level in rows
        ]
        values = {"unit": unit.name, "open": len(rows)}
        body = texts.render(
            "staff.digest",
            date=format_day(now.astimezone(calendar.tz)),
            overdue=overdue,
            waiting=sum(ticket.status == TicketStatus.WAITING_CITIZEN for ticket, _ in rows),
            rows=listed,
            **values,
        )
        subject = texts.render("staff.email_subject", subject=texts.render("staff.digest_subject", **values))
        mailboxes = Recipients(0, False, "officers", unit.name, (), tuple(unit.emails))
        await notify(
            session,
            recipients=mailboxes,
            notice=Notice(reason="digest", text=body, subject=subject),
            ticket_id=None,
            unit_id=unit.id,
            calendar=calendar,
            urgent=True,
            email=True,
        )
        queued += 1
    return queued
