"""The escalation layer's `sla.SlaListener`: a warning tells the ticket's current level, a breach moves
the ticket one level up its unit's chain (an `escalated` ticket event) and tells that level. Runs in the
sweep's transaction: it only writes rows (events, state, notifications, outbox), never sends."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation.context import EscalationContext, state_of
from escalation.desk.failures import notification_failed
from escalation.directory import chain_length, recipients
from escalation.notify import Notice, notify
from escalation.repository import all_units
from escalation.texts import excerpt, reason
from messaging.models import OutboundMessage
from sla import SlaAlert
from tickets import OPEN_STATUSES, Ticket
from tickets import service as tickets

ACTOR = "escalation"
ESCALATED = "escalated"


class EscalationListener:
    def __init__(self, context: EscalationContext) -> None:
        self.context = context

    async def on_warning(self, session: AsyncSession, alert: SlaAlert) -> None:
        ticket = await _open_ticket(session, alert)
        if ticket is None:
            return
        state = await state_of(session, ticket)
        texts = self.context.texts
        told = await recipients(session, unit_id=state.unit_id, level=state.level, texts=texts)
        text = texts.render(
            "staff.warning",
            code=ticket.code,
            unit=await _unit_name(session, state.unit_id),
            percent=round((alert.point or 0) * 100),
            clock=texts.render(f"clock.{alert.clock}"),
            due=self.context.moment(alert.due_at),
            description=excerpt(ticket.description, 300),
        )
        await notify(
            session,
            recipients=told,
            notice=Notice(reason="sla_warning", text=text, clock_id=alert.clock_id),
            ticket_id=ticket.id,
            unit_id=state.unit_id,
            calendar=self.context.sla.calendar,
        )

    async def on_delivery_failure(self, session: AsyncSession, row: OutboundMessage) -> None:
        """The outbox's permanent-failure hook for staff notifications: recorded on the ticket and sent
        to the next level (`escalation.desk.failures.notification_failed`); other rows are left alone."""
        await notification_failed(session, row, context=self.context)

    async def on_breach(self, session: AsyncSession, alert: SlaAlert) -> None:
        ticket = await _open_ticket(session, alert)
        if ticket is None:
            return
        state = await state_of(session, ticket)
        levels = await chain_length(session, state.unit_id)
        before = state.level
        state.level = min(before + 1, levels - 1)
        state.updated_at = clock.now()
        texts = self.context.texts
        told = await recipients(session, unit_id=state.unit_id, level=state.level, texts=texts)
        if state.level != before:
            await tickets.record_event(
                session,
                ticket,
                kind=ESCALATED,
                actor=ACTOR,
                data={
                    "from_level": before,
                    "to_level": state.level,
                    "unit": state.unit_id,
                    "to": told.label,
                    "people": list(told.people),
                    "clock": str(alert.clock),
                    "due_at": alert.due_at.isoformat(),
                    "reason": "sla_breached",
                },
            )
        unit_name = await _unit_name(session, state.unit_id)
        key = "staff.breach" if state.level != before else "staff.breach_top"
        text = texts.render(
            key,
            code=ticket.code,
            unit=unit_name,
            clock=texts.render(f"clock.{alert.clock}"),
            due=self.context.moment(alert.due_at),
            level=told.label,
            description=excerpt(ticket.description, 300),
        )
        breached = reason("staff.subject_breach", code=ticket.code)
        subject = texts.render("staff.email_subject", subject=breached)
        await notify(
            session,
            recipients=told,
            notice=Notice(reason="sla_breach", text=text, subject=subject, clock_id=alert.clock_id),
            ticket_id=ticket.id,
            unit_id=state.unit_id,
            calendar=self.context.sla.calendar,
            urgent=told.top,
            email=self.context.settings.email_enabled,
        )


async def _open_ticket(session: AsyncSession, alert: SlaAlert) -> Ticket | None:
    ticket = await tickets.get_ticket(session, ticket_id=alert.ticket_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    return ticket


async def _unit_name(session: AsyncSession, unit_id: str) -> str:
    unit = (await all_units(session)).get(unit_id)
    return unit.name if unit else unit_id
