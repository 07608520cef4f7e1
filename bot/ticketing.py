"""Turning a finished intake into a ticket (unit, SLA clocks, attachments, history), and handing a
citizen's message to the ticket that waits for their answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.incoming import ContentType, SavedFile
from bot.intents import Intent
from bot.turn import Turn
from bot.understanding import Kind
from escalation import RoutingDecision, context_for, ensure_unit, router_for, ticket_routed
from sla import ClockKind, humanize_due
from sla import service as sla
from tickets import (
    NewAttachment,
    NewTicket,
    Ticket,
    TicketEventKind,
    TicketKind,
    TicketPriority,
    TicketStatus,
)
from tickets import service as tickets

NOT_AN_ANSWER = (Intent.MENU, Intent.CANCEL, Intent.GREETING, Intent.THANKS)
NOT_AN_ANSWER_KINDS = (Kind.EMERGENCY, Kind.SPAM, Kind.CANCEL)
"""An emergency is answered as one even while a ticket waits for the citizen; spam is no answer."""


@dataclass(frozen=True)
class Intake:
    description: str
    category: str | None
    location: str | None
    photos: tuple[SavedFile, ...]
    kind: TicketKind = TicketKind.DM
    source_post_id: str | None = None
    priority: TicketPriority = TicketPriority.NORMAL


@dataclass(frozen=True)
class FiledTicket:
    ticket: Ticket
    unit_name: str
    due_text: str


def route_intake(turn: Turn, description: str, category: str | None) -> RoutingDecision:
    """The unit for a complaint: the chosen category is strong evidence, the text refines it (and alone
    decides for the catch-all category and officer requests); low confidence goes to triage."""
    router = router_for(turn.kb, turn.deps.faq.index)
    return router.route(description, category=category)


async def file_ticket(turn: Turn, intake: Intake) -> FiledTicket:
    kb = turn.kb
    decision = route_intake(turn, intake.description, intake.category)
    unit = kb.unit(decision.unit_id)
    await ensure_unit(turn.session, unit)
    ticket = await tickets.open_ticket(
        turn.session,
        citizen=turn.citizen,
        code_prefix=kb.agency.ticket_prefix,
        actor="citizen",
        ticket=NewTicket(
            channel=turn.incoming.channel,
            kind=intake.kind,
            description=intake.description,
            category=intake.category,
            unit_id=unit.id,
            location=intake.location,
            source_post_id=intake.source_post_id,
            priority=intake.priority,
        ),
    )
    clocks = await sla.start_clocks(turn.session, ticket=ticket, config=turn.deps.sla, actor="citizen")
    first_due = next(c.due_at for c in clocks if c.kind == ClockKind.FIRST_RESPONSE)
    for photo in intake.photos:
        await tickets.attach(
            turn.session,
            ticket=ticket,
            attachment=NewAttachment(**photo.__dict__, kind="photo"),
            actor="citizen",
        )
    due_text = humanize_due(first_due, ticket.created_at, turn.deps.sla.calendar)
    await tickets.record_event(
        turn.session,
        ticket,
        kind=TicketEventKind.ACKNOWLEDGED,
        actor="bot",
        data={"counts_as_response": False, "first_response_due_at": first_due.isoformat()},
    )
    await ticket_routed(
        turn.session,
        ticket=ticket,
        decision=decision,
        context=context_for(kb, turn.deps.sla),
        first_due=first_due,
    )
    turn.ticket_id = ticket.id
    return FiledTicket(ticket=ticket, unit_name=unit.name, due_text=due_text)


async def answer_waiting_ticket(turn: Turn) -> bool:
    """A citizen whose ticket waits for their answer (an officer asked for more information) writes
    free text outside any other flow: it goes to that ticket, whose clocks resume. True if it did."""
    if turn.state != "idle" or turn.incoming.choice or turn.incoming.content_type is not ContentType.TEXT:
        return False
    if not turn.text or len(turn.text) > turn.deps.settings.max_text_length:
        return False
    if any(turn.says_only(intent) for intent in NOT_AN_ANSWER) or turn.reads_as(*NOT_AN_ANSWER_KINDS):
        return False
    waiting = await tickets.list_citizen_tickets_in(
        turn.session, citizen=turn.citizen, statuses=(TicketStatus.WAITING_CITIZEN,)
    )
    if not waiting:
        return False
    ticket = waiting[0]
    await tickets.record_event(
        turn.session, ticket, kind=TicketEventKind.CITIZEN_MESSAGE, actor="citizen", data={"text": turn.text}
    )
    await sla.citizen_wrote(turn.session, ticket=ticket, config=turn.deps.sla)
    turn.ticket_id = ticket.id
    turn.say("ticket.answer_received", code=ticket.code, choices=turn.menu_choices())
    return True
