"""A citizen writing about a ticket they filed: the answer to an officer's question or a follow-up
("udah ada kabar?"). Both land in the ticket's history and reach the unit; where the ticket waits for
the citizen, the message is their reply and the clocks resume."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation import repository
from escalation.context import EscalationContext, state_of
from escalation.service import tell_unit
from sla import service as sla
from tickets import OPEN_STATUSES, Citizen, Ticket, TicketEventKind, TicketStatus
from tickets import service as tickets

CITIZEN_MESSAGE_NOTICE = "citizen_message"


async def citizen_followed_up(
    session: AsyncSession, *, citizen: Citizen, code: str, text: str, context: EscalationContext
) -> Ticket | None:
    """The citizen asked about (or added to) their open ticket `code`: the message joins its history
    and goes to the unit; it is the citizen's reply when the ticket waits for one (clocks resume),
    otherwise history only. None when `code` is not an open ticket of this citizen (nothing is told
    about other citizens' tickets)."""
    ticket = await tickets.find_citizen_ticket(session, citizen=citizen, code=code)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    await record_citizen_message(session, ticket=ticket, text=text, context=context, follow_up=True)
    return ticket


async def record_citizen_message(
    session: AsyncSession, *, ticket: Ticket, text: str, context: EscalationContext, follow_up: bool
) -> None:
    """Record what the citizen wrote on `ticket`, resume its clocks if it waited for them, and tell
    the people of its unit at its current level."""
    data: dict[str, object] = {"text": text}
    if follow_up:
        data["follow_up"] = True
    await tickets.record_event(
        session, ticket, kind=TicketEventKind.CITIZEN_MESSAGE, actor="citizen", data=data
    )
    answered = ticket.status == TicketStatus.WAITING_CITIZEN
    if answered:
        await sla.citizen_wrote(session, ticket=ticket, config=context.sla)
    if not answered and await _unit_told_lately(session, ticket, context):
        return
    state = await state_of(session, ticket)
    await tell_unit(session, ticket, state, context, reason=CITIZEN_MESSAGE_NOTICE, note=text)


async def _unit_told_lately(session: AsyncSession, ticket: Ticket, context: EscalationContext) -> bool:
    """Told about a message of the citizen on this ticket within the follow-up window."""
    minutes = context.settings.followup_notice_minutes
    if minutes == 0 or ticket.id is None:
        return False
    since = clock.now() - timedelta(minutes=minutes)
    return await repository.told_since(
        session, ticket_id=ticket.id, reason=CITIZEN_MESSAGE_NOTICE, since=since
    )
