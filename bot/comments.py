"""Public comments under the agency's posts (a Telegram channel's discussion group).

A comment is answered in its thread: a question the FAQ answers confidently gets the answer; a
reported problem (or anything the FAQ cannot answer) becomes a ticket of kind `comment`, with the post
it belongs to, acknowledged with its code and an invitation to continue by direct message. What is
said in public is masked for personal data and never asks for any; the comment is never repeated.
"""

from __future__ import annotations

import dataclasses

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import BotDeps
from bot.incoming import Incoming, SavedFile
from bot.intents import Intent
from bot.photos import keep_photo
from bot.repository import lock_conversation
from bot.ticketing import Intake, file_ticket
from bot.turn import Turn
from bot.understanding import Kind
from core.messenger import OutgoingMessage
from core.privacy import contains_pii, mask_pii
from core.text import clean_text
from faq import render_answer
from tickets import TicketKind
from tickets import service as tickets

log = structlog.get_logger(__name__)
CHATTER_MAX_TOKENS = 4
NEVER_A_TICKET = (Kind.THANKS, Kind.SPAM, Kind.GREETING, Kind.SMALL_TALK)


async def handle_comment(session: AsyncSession, deps: BotDeps, incoming: Incoming) -> Turn:
    """Runs in the caller's transaction, like `ConversationEngine.handle`; replies quote the comment."""
    incoming = dataclasses.replace(incoming, text=clean_text(incoming.text or ""))
    citizen = await tickets.get_or_create_citizen(
        session, channel=incoming.channel, external_id=incoming.sender_id, display_name=incoming.display_name
    )
    conversation = await lock_conversation(session, citizen.id or 0)
    turn = Turn(session=session, deps=deps, citizen=citizen, conversation=conversation, incoming=incoming)
    if turn.text:
        turn.reading = deps.understander().read(turn.text[: deps.settings.max_text_length], context="idle")
    outcome = await _respond(turn)
    log.info(
        "comment_handled",
        channel=incoming.channel,
        citizen_id=citizen.id,
        post=incoming.source_post_id,
        outcome=outcome,
        ticket_id=turn.ticket_id,
        length=len(turn.text),
        kind=turn.reading.kind.value if turn.reading else None,
        confidence=round(turn.reading.confidence, 2) if turn.reading else None,
    )
    return turn


async def _respond(turn: Turn) -> str:
    if not turn.text and turn.incoming.photo is None:
        return "nothing_to_answer"
    if _is_chatter(turn):
        return "chatter"
    if turn.says(Intent.POLITICAL) and not turn.says(Intent.NEUTRALITY_REPORT):
        _public_reply(turn, turn.t("political_neutral"))
        return "neutral_statement"
    reports_a_problem = turn.says(Intent.COMPLAINT_SIGNALS) or turn.says(Intent.COMPLAINT)
    result = turn.deps.faq.ask(turn.text) if turn.text and not reports_a_problem else None
    if (
        result is not None
        and result.decision == "answer"
        and result.best is not None
        and _fits(turn, result.best.entry_id)
    ):
        answer = render_answer(turn.kb.entry(result.best.entry_id), turn.kb.agency)
        footer = turn.t("comment.answer_footer", dm_link=turn.incoming.dm_link)
        _public_reply(turn, f"{answer}\n\n{footer}")
        return "faq_answer"
    await _file(turn)
    return "ticket"


async def _file(turn: Turn) -> None:
    incoming = turn.incoming
    description = turn.text or turn.t("category.unknown")
    intake = Intake(
        description=description,
        category=None,
        location=None,
        photos=await _comment_photo(turn),
        kind=TicketKind.COMMENT,
        source_post_id=incoming.source_post_id,
    )
    filed = await file_ticket(turn, intake)
    text = turn.t(
        "comment.acknowledged",
        code=filed.ticket.code,
        unit=filed.unit_name,
        due=filed.due_text,
        dm_link=incoming.dm_link,
    )
    if contains_pii(turn.text):
        text = f"{text}\n\n{turn.t('comment.pii_notice')}"
    _public_reply(turn, text)


async def _comment_photo(turn: Turn) -> tuple[SavedFile, ...]:
    """The comment's photo, kept with its ticket; a refused one is only logged (a public thread is
    no place to discuss it: the citizen can send it again by direct message)."""
    if turn.incoming.photo is None:
        return ()
    kept = await keep_photo(turn, already_held=0)
    if isinstance(kept, str):
        log.info("comment_photo_refused", citizen_id=turn.citizen.id, reason=kept)
        return ()
    return (kept,)


def _fits(turn: Turn, entry_id: str) -> bool:
    """A hoax clarification answers only a comment that asks whether something is true."""
    hoax = turn.kb.entry(entry_id).kind == "hoax_clarification"
    return not hoax or turn.reads_as(Kind.HOAX_CHECK)


def _is_chatter(turn: Turn) -> bool:
    """ "mantap min", "terima kasih", a promotion: nothing to act on and nothing worth a public reply."""
    if turn.incoming.photo is None and turn.reads_as(*NEVER_A_TICKET):
        return True
    short = len(turn.tokens) <= CHATTER_MAX_TOKENS
    polite = turn.says_only(Intent.THANKS) or turn.says_only(Intent.GREETING)
    return short and polite and turn.incoming.photo is None


def _public_reply(turn: Turn, text: str) -> None:
    """Appended directly: a public reply must not touch the citizen's private conversation state.
    Masked, except the agency's own published contacts (its office address, its numbers)."""
    published = [contact.value for contact in turn.kb.agency.contacts]
    turn.replies.append(
        OutgoingMessage(text=mask_pii(text, public=published), reply_to=turn.incoming.reply_to)
    )
