"""What the citizen does on a resolved ticket: reopen it (within `reopen_days`) or rate it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import ConflictError
from escalation import repository
from escalation.citizen import tell_citizen
from escalation.context import EscalationContext, state_of
from escalation.models import TicketRating
from escalation.service import tell_unit
from sla import service as sla
from tickets import OPEN_STATUSES, Ticket, TicketStatus
from tickets import service as tickets


async def reopen(
    session: AsyncSession, *, ticket: Ticket, context: EscalationContext, actor: str = "citizen"
) -> None:
    """The citizen reopens a resolved ticket (within `reopen_days`): it goes back to its unit, at level 0."""
    if ticket.status != TicketStatus.RESOLVED or ticket.resolved_at is None:
        raise ConflictError(f"ticket {ticket.code} is not resolved")
    if clock.now() > ticket.resolved_at + timedelta(days=context.settings.reopen_days):
        raise ConflictError(
            f"ticket {ticket.code} was resolved more than {context.settings.reopen_days} days ago"
        )
    await sla.reopen(session, ticket=ticket, config=context.sla, actor=actor)
    state = await state_of(session, ticket)
    state.level, state.updated_at = 0, clock.now()
    if ticket.unit_id is not None:
        state.unit_id = ticket.unit_id
    await tell_unit(session, ticket, state, context, reason="reopened")
    units = await repository.all_units(session)
    await tell_citizen(session, context, ticket, "citizen.reopened", unit=units[state.unit_id].name)


async def rate(
    session: AsyncSession,
    *,
    ticket: Ticket,
    score: int,
    context: EscalationContext,
    comment: str | None = None,
) -> TicketRating:
    """The citizen rates a resolved or closed ticket 1-5 (the latest rating counts)."""
    if not 1 <= score <= 5:
        raise ValueError("a rating is 1 to 5")
    if ticket.status in OPEN_STATUSES:
        raise ConflictError(f"ticket {ticket.code} is still open")
    rating = TicketRating(
        ticket_id=ticket.id or 0,
        citizen_id=ticket.citizen_id,
        score=score,
        comment=comment,
        created_at=clock.now(),
    )
    session.add(rating)
    await tickets.record_event(session, ticket, kind="rated", actor="citizen", data={"score": score})
    await session.flush()
    return rating
