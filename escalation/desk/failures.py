"""Messages the outbox gave up on: the ticket's history says so, and a staff notification that could
not be delivered (e.g. the bot was removed from the unit's group) goes to the next level of the chain."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from escalation import repository
from escalation.context import EscalationContext
from escalation.directory import Recipients, chain_length, recipients
from escalation.notify import Notice, notify
from escalation.texts import reason
from messaging import service as messaging
from messaging.models import OutboundMessage
from tickets import TicketEventKind
from tickets import service as tickets

UNDELIVERABLE = "undeliverable"
NOTIFICATION_FAILED = "staff_notification_failed"


async def delivery_failed(
    session: AsyncSession, row: OutboundMessage, *, context: EscalationContext | None = None
) -> None:
    """The outbox (or the platform, later) gave up on `row`: the ticket's history says so, for officers
    to see and act on; a staff notification goes on to the next level of the chain (with `context`)."""
    if row.ticket_id is not None:
        ticket = await tickets.get_ticket(session, ticket_id=row.ticket_id)
        if ticket is not None:
            await tickets.record_event(
                session,
                ticket,
                kind=TicketEventKind.DELIVERY_FAILED,
                actor="outbox",
                data={
                    "outbound_id": row.id,
                    "channel": row.channel,
                    "attempts": row.attempts,
                    "error": row.last_error,
                    "template_name": row.template_name,
                },
            )
    if context is not None:
        await notification_failed(session, row, context=context)


async def notification_failed(
    session: AsyncSession, row: OutboundMessage, *, context: EscalationContext
) -> bool:
    """The outbox gave up on `row` (e.g. the bot was removed from the unit's group). When it carried a
    staff notification, the ticket records it and the notification goes to the next level of the
    chain (then to the triage unit), skipping every target that already failed for the ticket.
    False: `row` was not a staff notification."""
    failed = await repository.notification_sent_as(session, row.id or 0)
    if failed is None:
        return False
    ticket = await tickets.get_ticket(session, ticket_id=failed.ticket_id) if failed.ticket_id else None
    dead = await _failed_targets(session, failed.ticket_id) | {row.target}
    email = context.settings.email_enabled
    told: Recipients | None = None
    if failed.unit_id is not None:
        levels = await chain_length(session, failed.unit_id)
        for level in range((failed.level or 0) + 1, levels):
            told = _without(
                await recipients(session, unit_id=failed.unit_id, level=level, texts=context.texts),
                dead,
                email=email,
            )
            if told is not None:
                break
    if told is None:
        told = _without(await _triage(session, context), dead, email=email)
    if ticket is not None:
        await tickets.record_event(
            session,
            ticket,
            kind=NOTIFICATION_FAILED,
            actor="escalation",
            data={
                "notification_id": failed.id,
                "outbound_id": row.id,
                "channel": row.channel,
                "target": row.target,
                "level": failed.level,
                "error": row.last_error,
                "sent_to": told.label if told else None,
                "sent_to_level": told.level if told else None,
            },
        )
    if told is None:
        return True
    text = context.texts.render(
        "staff.undeliverable",
        target=row.target,
        error=row.last_error or "-",
        level=told.label,
        text=failed.text,
    )
    subject = context.texts.render(
        "staff.email_subject", subject=reason("staff.subject_undelivered", code=ticket.code if ticket else "")
    )
    await notify(
        session,
        recipients=told,
        notice=Notice(reason=UNDELIVERABLE, text=text, subject=subject),
        ticket_id=failed.ticket_id,
        unit_id=failed.unit_id,
        calendar=context.sla.calendar,
        urgent=True,
        email=email,
    )
    return True


async def _failed_targets(session: AsyncSession, ticket_id: int | None) -> set[str]:
    if ticket_id is None:
        return set()
    sent = await repository.notification_outbound_ids(session, ticket_id)
    return await messaging.failed_targets(session, outbound_ids=sent)


async def _triage(session: AsyncSession, context: EscalationContext) -> Recipients | None:
    units = await repository.all_units(session)
    triage = next((u for u in units.values() if u.is_triage), None)
    if triage is None:
        return None
    return await recipients(session, unit_id=triage.id, level=0, texts=context.texts)


def _without(told: Recipients | None, dead: set[str], *, email: bool) -> Recipients | None:
    """`told` without the targets that failed (and without mailboxes when email is off); None when
    nobody is left to tell."""
    if told is None:
        return None
    telegram = tuple(t for t in told.telegram if t not in dead)
    emails = tuple(e for e in told.emails if e not in dead) if email else ()
    if not telegram and not emails:
        return None
    return Recipients(told.level, told.top, told.kind, told.label, telegram, emails, told.people)
