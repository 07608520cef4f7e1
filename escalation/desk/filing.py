"""Filing a ticket, the citizen answering the question that paused it, and a message the outbox could
not deliver: the desk's use cases that start from the citizen's side or from the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from escalation.context import EscalationContext
from escalation.desk.followups import record_citizen_message
from escalation.routing import RoutingDecision
from escalation.service import ticket_routed
from escalation.units import ensure_unit
from faq import Unit
from sla import ClockKind
from sla import service as sla
from tickets import (
    Citizen,
    NewAttachment,
    NewTicket,
    Ticket,
    TicketEventKind,
    TicketKind,
    TicketPriority,
    TicketStatus,
)
from tickets import service as tickets


@dataclass(frozen=True)
class Complaint:
    """What the citizen told us, in plain data (whatever channel it came through)."""

    channel: str
    description: str
    category: str | None = None
    location: str | None = None
    kind: TicketKind = TicketKind.DM
    source_post_id: str | None = None
    attachments: tuple[NewAttachment, ...] = ()
    priority: TicketPriority = TicketPriority.NORMAL


@dataclass(frozen=True)
class Filed:
    ticket: Ticket
    first_due: datetime
    """When the first response is due (the first-response clock)."""


async def file_ticket(
    session: AsyncSession,
    *,
    citizen: Citizen,
    complaint: Complaint,
    unit: Unit,
    decision: RoutingDecision,
    context: EscalationContext,
) -> Filed:
    """Open the ticket for `unit` (chosen by `decision`), start its clocks, keep its attachments,
    record the bot's acknowledgement (not a response) and tell the unit."""
    await ensure_unit(session, unit)
    ticket = await tickets.open_ticket(
        session,
        citizen=citizen,
        code_prefix=context.agency.ticket_prefix,
        actor="citizen",
        ticket=NewTicket(
            channel=complaint.channel,
            kind=complaint.kind,
            description=complaint.description,
            category=complaint.category,
            unit_id=unit.id,
            location=complaint.location,
            source_post_id=complaint.source_post_id,
            priority=complaint.priority,
        ),
    )
    clocks = await sla.start_clocks(session, ticket=ticket, config=context.sla, actor="citizen")
    first_due = next(c.due_at for c in clocks if c.kind == ClockKind.FIRST_RESPONSE)
    for attachment in complaint.attachments:
        await tickets.attach(session, ticket=ticket, attachment=attachment, actor="citizen")
    await tickets.record_event(
        session,
        ticket,
        kind=TicketEventKind.ACKNOWLEDGED,
        actor="bot",
        data={"counts_as_response": False, "first_response_due_at": first_due.isoformat()},
    )
    await ticket_routed(session, ticket=ticket, decision=decision, context=context, first_due=first_due)
    return Filed(ticket=ticket, first_due=first_due)


async def citizen_answered(
    session: AsyncSession, *, citizen: Citizen, text: str, context: EscalationContext
) -> Ticket | None:
    """The citizen wrote `text` while one of their tickets waits for them (an officer asked for more
    information): it is recorded on the newest such ticket, whose clocks resume, and the unit is told.
    None: none waits."""
    waiting = await tickets.list_citizen_tickets_in(
        session, citizen=citizen, statuses=(TicketStatus.WAITING_CITIZEN,)
    )
    if not waiting:
        return None
    ticket = waiting[0]
    await record_citizen_message(session, ticket=ticket, text=text, context=context, follow_up=False)
    return ticket
