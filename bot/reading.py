"""Reading every message before any flow: the conversation context the understanding step is given."""

from __future__ import annotations

from bot.flows import complaint
from bot.turn import Turn
from bot.understanding import Reading
from tickets import service as tickets

CONTEXT_OF_STATE = {
    complaint.DESCRIPTION: "asked_description",
    complaint.LOCATION: "asked_location",
    complaint.CATEGORY: "asked_category",
    complaint.CONFIRM: "confirming",
}
CLOSED = frozenset({"resolved", "closed"})


async def read_message(turn: Turn) -> Reading | None:
    """The reading of the message's text (or photo caption); None when there is no text."""
    if not turn.text:
        return None
    limit = turn.deps.settings.max_text_length
    return turn.deps.understander().read(turn.text[:limit], context=await context_of(turn))


async def context_of(turn: Turn) -> str:
    if turn.state in CONTEXT_OF_STATE:
        return CONTEXT_OF_STATE[turn.state]
    if turn.state != "idle":
        return "idle"
    recent = await tickets.list_citizen_tickets(turn.session, citizen=turn.citizen, limit=1)
    open_ticket = bool(recent) and str(recent[0].status) not in CLOSED
    return "after_ticket" if open_ticket else "idle"
