"""The right kind of answer for what a message is: thanks, salam, small talk, a person, a report, spam."""

from __future__ import annotations

from bot.drafting.empathy import empathy_key
from bot.flows import complaint, followup, officer, status
from bot.turn import Turn
from bot.understanding import Kind

SALAM = ("assalamu", "asalamu", "assalam", "salamualaikum")
AFTER_FILING = frozenset({Kind.FOLLOW_UP, Kind.CORRECTION})
"""Outside a flow a correction ("eh salah, rt 05 bukan rt 04") is about a ticket already filed: it joins
that ticket like a follow-up (read only with an open ticket: never the reading of an idle message)."""


async def respond(turn: Turn) -> bool:
    """Answer the message by its kind; False when the FAQ should answer it instead."""
    reading = turn.reading
    if reading is None or not turn.reads_surely(reading.kind):
        return False
    kind = reading.kind
    if kind is Kind.THANKS:
        turn.say("thanks_reply")
    elif kind is Kind.GREETING:
        _greet(turn)
    elif kind is Kind.SMALL_TALK:
        turn.say("small_talk_reply", choices=turn.menu_choices())
    elif kind is Kind.SPAM:
        turn.say("spam_reply", choices=turn.menu_choices())
    elif kind is Kind.HUMAN:
        officer.start(turn)
    elif kind is Kind.STATUS:
        await followup.start(turn, follow_up=False)
    elif kind in AFTER_FILING or (kind is Kind.REPORT and status.code_in(turn) is not None):
        await followup.start(turn, follow_up=True)
    elif kind is Kind.REPORT:
        await _report(turn)
    else:
        return False
    return True


def _greet(turn: Turn) -> None:
    folded = turn.text.casefold()
    key = "salam_reply" if any(word in folded for word in SALAM) else "greeting"
    turn.say(key, name=turn.citizen.display_name, choices=turn.menu_choices())


async def _report(turn: Turn) -> None:
    """A complaint told in the first message is acknowledged with empathy and kept as its description."""
    turn.say(empathy_key(turn.text, known=turn.catalogue.has))
    await complaint.start_from_story(turn, turn.text)
