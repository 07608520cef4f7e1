"""The conversation engine: one engine for web chat, console, Telegram and WhatsApp.

`handle` runs inside the caller's transaction: it loads and locks the citizen's conversation,
dispatches on its state and returns the replies; the caller writes them to the outbox and commits.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.choices import resolve_choice
from bot.deps import BotDeps
from bot.flows import complaint, emergency, followup, idle, officer, status
from bot.incoming import ContentType, Incoming
from bot.intents import Intent
from bot.models import Conversation
from bot.reading import read_message
from bot.repository import lock_conversation
from bot.ticketing import answer_waiting_ticket
from bot.turn import Turn
from bot.understanding import Kind
from core import clock
from core.text import clean_text
from tickets import service as tickets

UNSUPPORTED = {
    ContentType.STICKER: "content.sticker",
    ContentType.VOICE: "content.voice",
    ContentType.VIDEO: "content.video",
    ContentType.DOCUMENT: "content.document",
    ContentType.LOCATION: "content.location",
    ContentType.OTHER: "content.other",
}
GLOBAL_PICKS = ("menu:", "faq:", "ticket:", "complaint:from_text", "rate:", "reopen:")
log = structlog.get_logger(__name__)


class ConversationEngine:
    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps

    async def handle(self, session: AsyncSession, incoming: Incoming) -> Turn:
        incoming = dataclasses.replace(incoming, text=clean_text(incoming.text or ""))
        citizen = await tickets.get_or_create_citizen(
            session,
            channel=incoming.channel,
            external_id=incoming.sender_id,
            display_name=incoming.display_name,
        )
        conversation = await lock_conversation(session, citizen.id or 0)
        turn = Turn(
            session=session, deps=self.deps, citizen=citizen, conversation=conversation, incoming=incoming
        )
        state_before = turn.state
        turn.opening = opens_conversation(conversation, gap_hours=self.deps.settings.letter_gap_hours)
        turn.reading = await read_message(turn)
        if not await answer_waiting_ticket(turn):
            await _dispatch(turn)
        conversation.updated_at = clock.now()
        log.info(
            "message_handled",
            channel=incoming.channel,
            citizen_id=citizen.id,
            content_type=str(incoming.content_type),
            length=len(turn.text),
            state_before=state_before,
            state_after=turn.state,
            replies=len(turn.replies),
            ticket_id=turn.ticket_id,
            kind=turn.reading.kind.value if turn.reading else None,
            confidence=round(turn.reading.confidence, 2) if turn.reading else None,
        )
        return turn


def opens_conversation(conversation: Conversation, *, gap_hours: float) -> bool:
    """The citizen's first message (nothing was ever offered them), or the first after a pause of
    `gap_hours`: a new conversation, whose first reply is a letter. The row is touched every turn."""
    if not conversation.data:
        return True
    return clock.now() - conversation.updated_at >= timedelta(hours=gap_hours)


async def _dispatch(turn: Turn) -> None:
    kind = turn.incoming.content_type
    if kind is ContentType.LOCATION and turn.state in complaint.STATES:
        await complaint.handle(turn, None)
    elif kind in UNSUPPORTED:
        log.info("unsupported_content", content_type=str(kind), citizen_id=turn.citizen.id)
        turn.say("unsupported_content", what=turn.t(UNSUPPORTED[kind]))
    elif kind is ContentType.PHOTO:
        await _on_photo(turn)
    elif len(turn.text) > turn.deps.settings.max_text_length:
        log.warning("message_too_long", length=len(turn.text), citizen_id=turn.citizen.id)
        turn.say("too_long", limit=f"{turn.deps.settings.max_text_length:,}".replace(",", "."))
    elif not turn.text and not turn.incoming.choice:
        turn.say("empty_message", choices=turn.menu_choices())
    else:
        await _on_text_or_pick(turn)


async def _on_photo(turn: Turn) -> None:
    if turn.state in complaint.STATES:
        await complaint.handle(turn, None)
    else:
        await complaint.keep_photo_outside_intake(turn)


EMERGENCY_MODEL_FLOOR = 0.4
"""Below this, the model alone does not make a message an emergency: a weak, unsupported guess once
answered a question about PBB arrears with the emergency numbers. Emergency patterns decide at once."""


def _emergency(turn: Turn) -> bool:
    reading = turn.reading
    if reading is None or reading.kind is not Kind.EMERGENCY:
        return False
    return reading.decided_by != "model" or reading.confidence >= EMERGENCY_MODEL_FLOOR


async def _on_text_or_pick(turn: Turn) -> None:
    picked = resolve_choice(turn.incoming.choice, turn.text, turn.data.get("offered", []))
    if picked is None and _emergency(turn):
        emergency.respond(turn)
    elif picked == "cancel" or (
        picked is None and (turn.says_only(Intent.CANCEL) or turn.reads_as(Kind.CANCEL))
    ):
        if picked is None and _withdraws_a_filed_complaint(turn):
            await followup.start(turn, follow_up=True)
        else:
            _cancel(turn)
    elif picked is None and turn.says_only(Intent.MENU):
        turn.reset()
        turn.say("menu_prompt", choices=turn.menu_choices())
    elif picked == emergency.RECORD:
        await emergency.record(turn)
    elif turn.state == "idle" or (picked is not None and picked.startswith(GLOBAL_PICKS)):
        if turn.state != "idle":
            turn.reset()
        if picked is None or not await idle.handle_pick(turn, picked):
            await idle.handle_text(turn)
    elif turn.state in complaint.STATES:
        await complaint.handle(turn, picked)
    elif turn.state == status.ASK_CODE:
        await _on_status_reply(turn, picked)
    elif turn.state == followup.PICK_STATE:
        if not await followup.handle(turn, picked):
            turn.reset()
            await idle.handle_text(turn)
    elif turn.state == officer.ASK_NEED:
        await officer.handle(turn, picked)
    else:
        turn.reset()
        await idle.handle_text(turn)


LEAVES_STATUS_CHECK = (
    Kind.THANKS,
    Kind.GREETING,
    Kind.REPORT,
    Kind.HUMAN,
    Kind.SMALL_TALK,
    Kind.ABUSIVE,
    Kind.POLITICAL,
    Kind.HOAX_CHECK,
    Kind.SPAM,
)
"""Short messages that are plainly not about the status check the bot is waiting on."""
LEAVE_CONFIDENCE = 0.5
"""Below this the reading of a short message is a guess ("kode" read as a greeting at 0.29)."""


async def _on_status_reply(turn: Turn, picked: str | None) -> None:
    """A code ends the status check; without one, a whole sentence or a message that reads as
    something else (thanks, a new report, a question) leaves it and is answered as it is, so the
    citizen is never held asking for a code they do not have."""
    sure_elsewhere = turn.reading is not None and turn.reading.confidence >= LEAVE_CONFIDENCE
    leaves = len(turn.tokens) > 3 or (sure_elsewhere and turn.reads_as(*LEAVES_STATUS_CHECK))
    if picked is None and status.code_in(turn) is None and leaves:
        turn.reset()
        await idle.handle_text(turn)
    else:
        await status.handle(turn, picked)


def _withdraws_a_filed_complaint(turn: Turn) -> bool:
    """A cancel typed with nothing running by a citizen with an open ticket, more than a bare "batal"
    ("tolong batalkan laporan saya tadi, sudah diperbaiki"). The bot cannot withdraw a filed complaint
    itself, so the request joins that ticket for its officer instead of "nothing to cancel"."""
    reading = turn.reading
    return (
        turn.state == "idle"
        and not turn.data.get("photos")
        and reading is not None
        and reading.kind is Kind.CANCEL
        and reading.context == "after_ticket"
        and reading.decided_by != "rule:cancel:exact"
        and not turn.says_only(Intent.CANCEL)
    )


def _cancel(turn: Turn) -> None:
    was_busy = turn.state != "idle" or bool(turn.data.get("photos"))
    turn.reset()
    turn.say("cancelled" if was_busy else "nothing_to_cancel", choices=turn.menu_choices())
