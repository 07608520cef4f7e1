"""Status check by ticket code: citizens see only their own tickets."""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.flows.time_left import time_left
from bot.turn import Turn
from core import clock
from core.messenger import Choice
from sla import ClockKind, format_moment, humanize_due
from sla import views as sla
from tickets import Ticket
from tickets import service as tickets

ASK_CODE = "status.code"
log = structlog.get_logger(__name__)


async def start(turn: Turn) -> None:
    recent = await tickets.list_citizen_tickets(turn.session, citizen=turn.citizen, limit=5)
    turn.go(ASK_CODE)
    if recent:
        options = tuple(Choice(value=f"ticket:{ticket.code}", label=ticket.code) for ticket in recent)
        turn.say("status.recent_list", choices=(*options, turn.cancel_choice()))
    else:
        turn.say("status.none", choices=(turn.cancel_choice(),))


async def handle(turn: Turn, picked: str | None) -> None:
    code = picked.removeprefix("ticket:") if picked and picked.startswith("ticket:") else code_in(turn)
    if code is None:
        turn.say("status.not_a_code", example=example_code(turn), choices=(turn.cancel_choice(),))
        return
    await show(turn, code)


async def show(turn: Turn, code: str) -> None:
    turn.reset()
    ticket = await tickets.find_citizen_ticket(turn.session, citizen=turn.citizen, code=code)
    if ticket is None:
        log.info("status_check_unknown_code", code=code, citizen_id=turn.citizen.id)
        turn.say("status.not_found", code=code, choices=turn.menu_choices())
        return
    await show_ticket(turn, ticket)


async def show_ticket(turn: Turn, ticket: Ticket, *, choices: tuple[Choice, ...] | None = None) -> None:
    """The ticket's status, category, unit and deadlines (the caller checked it is the citizen's);
    with the menu unless `choices` are given."""
    details = {**_details(turn, ticket), **await _clocks(turn, ticket)}
    turn.say("status.detail", **details, choices=turn.menu_choices() if choices is None else choices)


def code_in(turn: Turn) -> str | None:
    return tickets.find_code(turn.text, turn.kb.agency.ticket_prefix)


def example_code(turn: Turn) -> str:
    return tickets.format_code(turn.kb.agency.ticket_prefix, clock.now().year, 123)


def _details(turn: Turn, ticket: Ticket) -> dict[str, str | None]:
    kb = turn.kb
    category = kb.category(ticket.category).label if ticket.category else turn.t("category.unknown")
    unit = kb.unit(ticket.unit_id).name if ticket.unit_id else "-"
    return {
        "code": ticket.code,
        "category": category,
        "unit": unit,
        "status": turn.t(f"status.label.{ticket.status}"),
        "created": _at(turn, ticket.created_at),
        "updated": _at(turn, ticket.updated_at),
        "responded": _at(turn, ticket.first_responded_at),
        "resolved": _at(turn, ticket.resolved_at),
    }


async def _clocks(turn: Turn, ticket: Ticket) -> dict[str, str | None]:
    """The live clocks: the response owed (first or next) and the resolution, with the time left."""
    now = clock.now()
    live = [
        c
        for c in await sla.live_clocks(turn.session, ticket=ticket, config=turn.deps.sla, now=now)
        if c.active
    ]
    response = next((c for c in live if c.kind != ClockKind.RESOLUTION), None)
    resolution = next((c for c in live if c.kind == ClockKind.RESOLUTION), None)
    return {
        "due": _due(turn, response.due_at) if response else None,
        "due_left": time_left(turn, response) if response else None,
        "resolution_due": _due(turn, resolution.due_at) if resolution else None,
        "resolution_left": time_left(turn, resolution) if resolution else None,
        "paused": turn.t("status.clock.paused_note") if any(c.paused for c in live) else None,
    }


def _at(turn: Turn, moment: datetime | None) -> str | None:
    """A past moment in the agency's local time."""
    return None if moment is None else format_moment(moment, turn.deps.sla.calendar.tz)


def _due(turn: Turn, deadline: datetime | None) -> str | None:
    return None if deadline is None else humanize_due(deadline, clock.now(), turn.deps.sla.calendar)
