""" "Bicara dengan petugas": the citizen says what they need and a ticket for the triage unit is opened."""

from __future__ import annotations

from bot.ticketing import Intake, file_ticket
from bot.turn import Turn

ASK_NEED = "officer.need"


def start(turn: Turn) -> None:
    turn.go(ASK_NEED)
    turn.say("officer.prompt", choices=(turn.cancel_choice(),))


async def handle(turn: Turn, picked: str | None) -> None:
    description = turn.text or turn.t("officer.default_description")
    filed = await file_ticket(turn, Intake(description=description, category=None, location=None, photos=()))
    turn.reset()
    turn.say(
        "officer.created",
        code=filed.ticket.code,
        unit=filed.unit_name,
        due=filed.due_text,
        choices=turn.menu_choices(),
    )
