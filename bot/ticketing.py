"""Turning a finished intake into a ticket: unit, SLA deadlines, attachments, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.incoming import SavedFile
from bot.turn import Turn
from core import clock
from escalation import ensure_unit, unit_for_category
from sla import due_at, humanize_due
from tickets import NewAttachment, NewTicket, Ticket, TicketEventKind, TicketKind
from tickets import service as tickets


@dataclass(frozen=True)
class Intake:
    description: str
    category: str | None
    location: str | None
    photos: tuple[SavedFile, ...]
    kind: TicketKind = TicketKind.DM
    source_post_id: str | None = None


@dataclass(frozen=True)
class FiledTicket:
    ticket: Ticket
    unit_name: str
    due_text: str


async def file_ticket(turn: Turn, intake: Intake) -> FiledTicket:
    kb = turn.kb
    unit = unit_for_category(kb, intake.category)
    await ensure_unit(turn.session, unit)
    opened_at = clock.now()
    first_due, resolution_due = _deadlines(turn, intake, opened_at)
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
            first_response_due_at=first_due,
            resolution_due_at=resolution_due,
        ),
    )
    for photo in intake.photos:
        await tickets.attach(
            turn.session,
            ticket=ticket,
            attachment=NewAttachment(**photo.__dict__, kind="photo"),
            actor="citizen",
        )
    due_text = humanize_due(first_due, opened_at, turn.deps.sla.calendar)
    await tickets.record_event(
        turn.session,
        ticket,
        kind=TicketEventKind.ACKNOWLEDGED,
        actor="bot",
        data={"counts_as_response": False, "first_response_due_at": first_due.isoformat()},
    )
    turn.ticket_id = ticket.id
    return FiledTicket(ticket=ticket, unit_name=unit.name, due_text=due_text)


def _deadlines(turn: Turn, intake: Intake, opened_at: datetime) -> tuple[datetime, datetime]:
    config = turn.deps.sla
    policy = config.policy_for(str(intake.kind), category=intake.category)
    return (
        due_at(opened_at, policy.first_response, config.calendar),
        due_at(opened_at, policy.resolution, config.calendar),
    )
