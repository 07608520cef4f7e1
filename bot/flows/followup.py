"""Follow-ups on a filed complaint ("udah ada kabar?", "kok belum dibenerin", a code with a complaint)
and status requests without a code: the citizen sees their open ticket, and a follow-up joins its
history through the desk (the reply it waits for, if it waits for one). Several open tickets: the
citizen picks one, newest first. Only the citizen's own tickets are ever shown."""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from bot.flows import status
from bot.turn import Turn
from bot.understanding import Kind
from core.messenger import Choice
from escalation import desk
from tickets import OPEN_STATUSES, Ticket, TicketStatus
from tickets import service as tickets

PICK_STATE = "followup.pick"
PICK = "followup:"
SHOWN = 5
"""Open tickets offered as buttons; an older one can still be named by its code."""
LABEL_LENGTH = 40
log = structlog.get_logger(__name__)


async def start(turn: Turn, *, follow_up: bool) -> None:
    """Answer a follow-up (`follow_up`: the message joins the ticket) or a status request."""
    code = status.code_in(turn)
    if code is not None:
        await _on_ticket(turn, code, turn.text if follow_up else None)
        return
    open_tickets = await tickets.list_citizen_tickets_in(
        turn.session, citizen=turn.citizen, statuses=OPEN_STATUSES
    )
    waiting = [t for t in open_tickets if t.status == TicketStatus.WAITING_CITIZEN]
    if follow_up and waiting:
        await _on_ticket(turn, waiting[0].code, turn.text)
    elif len(open_tickets) == 1:
        await _on_ticket(turn, open_tickets[0].code, turn.text if follow_up else None)
    elif open_tickets:
        _ask_which(turn, open_tickets, turn.text if follow_up else None)
    elif follow_up:
        turn.go("idle", last_question=turn.text)
        turn.say("followup.none", choices=_after_none(turn))
    else:
        await status.start(turn)


async def handle(turn: Turn, picked: str | None) -> bool:
    """The citizen picked (or typed the code of) one of the offered tickets. False: the message is
    about something else, and the caller answers it as such."""
    code = picked.removeprefix(PICK) if picked and picked.startswith(PICK) else status.code_in(turn)
    if code is None:
        return False
    pending = turn.data.get("followup_text")
    await _on_ticket(turn, code, str(pending) if pending else None)
    return True


async def _on_ticket(turn: Turn, code: str, message: str | None) -> None:
    """Show the citizen's ticket `code`; a follow-up `message` is recorded on it first. A correction
    ("eh salah, rt 05 bukan rt 04") is only acknowledged: the citizen asked nothing about the status."""
    correction = turn.reads_as(Kind.CORRECTION) or bool(turn.data.get("followup_correction"))
    turn.reset()
    ticket = await tickets.find_citizen_ticket(turn.session, citizen=turn.citizen, code=code)
    if ticket is None:
        log.info("followup_unknown_code", code=code, citizen_id=turn.citizen.id)
        turn.say("status.not_found", code=code, choices=turn.menu_choices())
        return
    if not message or ticket.status not in OPEN_STATUSES:
        await status.show_ticket(turn, ticket)
        return
    waited = ticket.status == TicketStatus.WAITING_CITIZEN
    context = turn.deps.escalation_context()
    await desk.citizen_followed_up(
        turn.session, citizen=turn.citizen, code=ticket.code, text=message, context=context
    )
    turn.ticket_id = ticket.id
    if correction and not waited:
        turn.say("followup.recorded_correction", code=ticket.code, choices=turn.menu_choices())
        return
    await status.show_ticket(turn, ticket, choices=())
    key = "followup.recorded_answer" if waited else "followup.recorded"
    turn.say(key, code=ticket.code, choices=turn.menu_choices())


def _ask_which(turn: Turn, open_tickets: Sequence[Ticket], message: str | None) -> None:
    turn.go(PICK_STATE, followup_text=message, followup_correction=turn.reads_as(Kind.CORRECTION))
    options = ticket_choices(turn, open_tickets)
    turn.say("followup.which", count=len(open_tickets), choices=(*options, turn.cancel_choice()))


def ticket_choices(turn: Turn, open_tickets: Sequence[Ticket]) -> tuple[Choice, ...]:
    """A button per open ticket, newest first ("ADU-2026-000123: Jalan di depan Pasar Baru…")."""
    return tuple(
        Choice(
            value=f"{PICK}{ticket.code}",
            label=turn.t("followup.ticket_label", code=ticket.code, summary=_summary(ticket.description)),
        )
        for ticket in open_tickets[:SHOWN]
    )


def _summary(description: str) -> str:
    """The first words of the description, for a button ("Jalan di depan Pasar Baru berlubang…")."""
    text = " ".join(description.split())
    if len(text) <= LABEL_LENGTH:
        return text
    cut = text[:LABEL_LENGTH].rsplit(" ", 1)[0] or text[:LABEL_LENGTH]
    return cut.rstrip(",.;:") + "…"


def _after_none(turn: Turn) -> tuple[Choice, ...]:
    return (
        turn.choice("complaint:from_text", "menu.complaint"),
        turn.choice("menu:status", "followup.check_code"),
        turn.choice("menu:main", "choice.menu"),
    )
