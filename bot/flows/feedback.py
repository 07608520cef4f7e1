"""The citizen's answer to a resolved ticket: a 1-5 rating, or reopening it (buttons sent by escalation)."""

from __future__ import annotations

import structlog

from bot.turn import Turn
from core.errors import ConflictError
from escalation import desk
from tickets import Ticket
from tickets import service as tickets

log = structlog.get_logger(__name__)
PICKS = ("rate:", "reopen:")


async def handle_pick(turn: Turn, picked: str) -> bool:
    """`rate:<code>:<1-5>` and `reopen:<code>`. Returns False for any other value."""
    if picked.startswith("rate:"):
        code, _, score = picked.removeprefix("rate:").rpartition(":")
        await _rate(turn, code, score)
    elif picked.startswith("reopen:"):
        await _reopen(turn, picked.removeprefix("reopen:"))
    else:
        return False
    return True


async def _rate(turn: Turn, code: str, score: str) -> None:
    ticket = await _own_ticket(turn, code)
    if ticket is None:
        return
    context = turn.deps.escalation_context()
    try:
        await desk.rate(turn.session, ticket=ticket, score=int(score), context=context)
    except (ConflictError, ValueError) as refused:
        log.info("rating_refused", code=code, reason=str(refused))
        turn.say("feedback.rating_not_possible", code=code, choices=turn.menu_choices())
        return
    turn.reply(context.texts.render("citizen.rated", score=score, code=code), choices=turn.menu_choices())


async def _reopen(turn: Turn, code: str) -> None:
    """On success escalation tells the citizen itself (through the outbox), so there is no reply here."""
    ticket = await _own_ticket(turn, code)
    if ticket is None:
        return
    context = turn.deps.escalation_context()
    try:
        await desk.reopen(turn.session, ticket=ticket, context=context)
    except ConflictError as refused:
        log.info("reopen_refused", code=code, reason=str(refused))
        turn.say(
            "feedback.reopen_not_possible",
            code=code,
            days=context.settings.reopen_days,
            choices=(turn.choice("menu:complaint", "menu.complaint"), *turn.menu_choices()[2:]),
        )
        return
    turn.ticket_id = ticket.id


async def _own_ticket(turn: Turn, code: str) -> Ticket | None:
    ticket = await tickets.find_citizen_ticket(turn.session, citizen=turn.citizen, code=code)
    if ticket is None:
        turn.say("status.not_found", code=code, choices=turn.menu_choices())
    return ticket
