"""Emergencies first: whatever the conversation was doing, the first reply gives the emergency numbers."""

from __future__ import annotations

import structlog

from bot.turn import Turn

NATIONAL = "112"
log = structlog.get_logger(__name__)


def respond(turn: Turn) -> None:
    """112 and the agency's own numbers, then an offer to record the event as a report.

    A complaint being filled in is kept: the citizen can come back to it after the emergency.
    """
    numbers = [(c.label, c.value) for c in turn.kb.agency.emergency]
    if not any(value.strip() == NATIONAL for _, value in numbers):
        numbers.insert(0, (turn.t("emergency.national_label"), NATIONAL))
    log.warning("emergency_message", citizen_id=turn.citizen.id, state=turn.state)
    turn.conversation.data = {**turn.data, "last_question": turn.text[:1000]}
    turn.say(
        "emergency.first_reply",
        numbers=numbers,
        choices=(
            turn.choice("complaint:from_text", "emergency.record"),
            turn.choice("menu:main", "choice.menu"),
        ),
    )
