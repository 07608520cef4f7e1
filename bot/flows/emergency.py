"""Emergencies first: whatever the conversation was doing, the first reply gives the emergency numbers."""

from __future__ import annotations

import structlog

from bot.flows import complaint
from bot.turn import Turn
from tickets import TicketPriority

NATIONAL = "112"
RECORD = "complaint:emergency"
log = structlog.get_logger(__name__)


def respond(turn: Turn) -> None:
    """112 and the agency's own numbers, then an offer to record the event as a report.

    A complaint being filled in is kept: the citizen can come back to it after the emergency.
    """
    numbers = [(c.label, c.value) for c in turn.kb.agency.emergency]
    if not any(value.strip() == NATIONAL for _, value in numbers):
        numbers.insert(0, (turn.t("emergency.national_label"), NATIONAL))
    log.info("emergency_message", citizen_id=turn.citizen.id, state=turn.state)
    turn.conversation.data = {**turn.data, "emergency_text": turn.text}
    turn.say(
        "emergency.first_reply",
        numbers=numbers,
        choices=(
            turn.choice(RECORD, "emergency.record"),
            turn.choice("menu:main", "choice.menu"),
        ),
    )


async def record(turn: Turn) -> None:
    """The emergency becomes a complaint of the highest priority, its message kept as the description;
    the unit is told at once, whatever the hour (see escalation's urgent notices)."""
    text = str(turn.data.get("emergency_text") or "") or None
    turn.reset()
    turn.go("idle", priority=TicketPriority.URGENT.value)
    await complaint.start_from_story(turn, text)
