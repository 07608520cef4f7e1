"""A message that may be about the complaint the citizen filed, but the reading is not sure ("eh iya
pak lubangnya pas di depan warung bu siti" after a pothole report): instead of answering it from the
FAQ with confidence, the bot asks. The citizen picks the ticket it adds to (it joins the ticket's
history as a follow-up), or one of the FAQ entries the message matched, or to ask something else."""

from __future__ import annotations

from bot.flows import followup, not_this
from bot.turn import Turn
from bot.understanding import Kind
from tickets import OPEN_STATUSES
from tickets import service as tickets

FLOOR = 0.3
"""Below this a follow-up reading is noise, and the FAQ answers as usual."""
SUGGESTED = 1
"""The FAQ entry the message matched best, when the FAQ would have answered or suggested it."""


def unsure_follow_up(turn: Turn) -> bool:
    """Read as a follow-up, in a conversation with an open ticket, but not surely."""
    reading = turn.reading
    return (
        reading is not None
        and reading.kind is Kind.FOLLOW_UP
        and reading.context == "after_ticket"
        and reading.confidence >= FLOOR
        and not turn.reads_surely(Kind.FOLLOW_UP)
    )


async def offer(turn: Turn, faq_candidates: list[str]) -> bool:
    """Ask whether the message adds to an open ticket; False when the citizen has none."""
    open_tickets = await tickets.list_citizen_tickets_in(
        turn.session, citizen=turn.citizen, statuses=OPEN_STATUSES
    )
    if not open_tickets:
        return False
    turn.go(followup.PICK_STATE, followup_text=turn.text)
    tickets_offered = followup.ticket_choices(turn, open_tickets)
    entries = tuple(not_this.suggestion(turn, entry_id) for entry_id in faq_candidates[:SUGGESTED])
    other = turn.choice("menu:ask", "followup.something_else")
    turn.say("followup.maybe", choices=(*tickets_offered, *entries, other))
    return True
