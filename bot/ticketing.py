"""Turning a finished intake into a ticket (unit, SLA clocks, attachments, history), and handing a
citizen's message to the ticket that waits for their answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows import status
from bot.incoming import ContentType, SavedFile
from bot.intents import Intent
from bot.turn import Turn
from bot.understanding import Kind
from escalation import RoutingDecision, desk
from escalation.texts import reason
from sla import humanize_due
from tickets import NewAttachment, Ticket, TicketKind, TicketPriority

CLEAR_FOLLOW_UP = 0.8
"""While a ticket waits for the citizen's answer, a follow-up reading below this is taken as the answer."""

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
    router = turn.deps.unit_router()
    return router.route(description, category=category)


def _follow_category(turn: Turn, decision: RoutingDecision, category: str | None) -> RoutingDecision:
    """The unit of the category the citizen confirmed: category and unit never disagree."""
    if category is None:
        return decision
    unit_id = turn.kb.category(category).unit
    if unit_id == decision.unit_id:
        return decision
    confirmed = reason("routing.confirmed_category", category=category)
    share = dict(decision.ranking).get(unit_id, 0.0)
    return RoutingDecision(unit_id, share, (confirmed, *decision.reasons), decision.ranking)


async def file_ticket(turn: Turn, intake: Intake) -> FiledTicket:
    """The desk files the intake as a ticket of the unit routing chose; the citizen is told its due time."""
    decision = _follow_category(
        turn, route_intake(turn, intake.description, intake.category), intake.category
    )
    unit = turn.kb.unit(decision.unit_id)
    complaint = desk.Complaint(
        channel=turn.incoming.channel,
        description=intake.description,
        category=intake.category,
        location=intake.location,
        kind=intake.kind,
        source_post_id=intake.source_post_id,
        priority=intake.priority,
        attachments=tuple(NewAttachment(**photo.__dict__, kind="photo") for photo in intake.photos),
    )
    filed = await desk.file_ticket(
        turn.session,
        citizen=turn.citizen,
        complaint=complaint,
        unit=unit,
        decision=decision,
        context=turn.deps.escalation_context(),
    )
    ticket = filed.ticket
    due_text = humanize_due(filed.first_due, ticket.created_at, turn.deps.sla.calendar)
    turn.ticket_id = ticket.id
    return FiledTicket(ticket=ticket, unit_name=unit.name, due_text=due_text)


async def answer_waiting_ticket(turn: Turn) -> bool:
    """A citizen whose ticket waits for their answer (an officer asked for more information) writes
    free text outside any other flow: it goes to that ticket, whose clocks resume. True if it did.
    A status request, a message naming a ticket's code and a clear follow-up ("kapan selesai ya pak? rumah
    saya nomor 12": the status, then recorded as the answer) go to the follow-up flow instead; a weaker
    follow-up reading ("patokannya depan toko Sinar Jaya, pak") is the answer it looks like."""
    if turn.state != "idle" or turn.incoming.choice or turn.incoming.content_type is not ContentType.TEXT:
        return False
    if not turn.text or len(turn.text) > turn.deps.settings.max_text_length:
        return False
    if any(turn.says_only(intent) for intent in NOT_AN_ANSWER) or turn.reads_as(*NOT_AN_ANSWER_KINDS):
        return False
    if turn.reads_surely(Kind.STATUS) or status.code_in(turn) is not None or _clearly_follows_up(turn):
        return False
    context = turn.deps.escalation_context()
    ticket = await desk.citizen_answered(turn.session, citizen=turn.citizen, text=turn.text, context=context)
    if ticket is None:
        return False
    turn.ticket_id = ticket.id
    turn.say("ticket.answer_received", code=ticket.code, choices=turn.menu_choices())
    return True


def _clearly_follows_up(turn: Turn) -> bool:
    reading = turn.reading
    return reading is not None and reading.kind is Kind.FOLLOW_UP and reading.confidence >= CLEAR_FOLLOW_UP
