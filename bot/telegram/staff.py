"""Officers in their unit's Telegram group: the buttons under a ticket's notification (Ambil, Balas,
Selesai, Teruskan) and replies to the bot's messages, which go to the citizen.

Who may act, and what each action does, is the escalation domain's (`escalation.officers`); this router
only reads the update, handles it in one transaction with the stored inbound row, and answers the
button press (a polite refusal for anyone who is not an officer of the ticket's unit).
"""

from __future__ import annotations

import structlog
from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.telegram.inbox import GROUP_TYPES, Inbox
from escalation import (
    EscalationContext,
    StaffOutcome,
    context_for,
    parse_callback,
    press_button,
    reply_from_group,
)
from messaging import service as messaging

log = structlog.get_logger(__name__)
STAFF_PREFIX = "st:"


def build_router() -> Router:
    router = Router(name="telegram.staff")
    router.callback_query.filter(F.message.chat.type.in_(GROUP_TYPES), F.data.startswith(STAFF_PREFIX))
    router.message.filter(
        F.chat.type.in_(GROUP_TYPES),
        F.text,
        F.sender_chat.is_(None),
        ~F.from_user.is_bot,
        replies_to_bot,
    )

    @router.callback_query()
    async def on_press(query: CallbackQuery, inbox: Inbox) -> None:
        press = parse_callback(query.data)
        message = query.message
        outcome = StaffOutcome(False)
        async with inbox.db.session() as session:
            if not await messaging.claim_inbound(session, inbound_id=inbox.inbound_id):
                return
            if press is None or message is None:
                await messaging.mark_ignored(
                    session, inbound_id=inbox.inbound_id, reason="unknown staff button"
                )
            else:
                outcome = await press_button(
                    session,
                    press=press,
                    telegram_user_id=query.from_user.id,
                    chat_id=str(message.chat.id),
                    message_id=str(message.message_id),
                    context=_context(inbox),
                    inbound_id=inbox.inbound_id,
                )
                await messaging.mark_processed(session, inbound_id=inbox.inbound_id, citizen_id=None)
        log.info("telegram_staff_press", data=query.data, user_id=query.from_user.id, done=outcome.done)
        inbox.wake()
        if not inbox.replay:
            await _answer(query, outcome)

    @router.message()
    async def on_reply(message: Message, inbox: Inbox) -> None:
        replied = message.reply_to_message
        if replied is None or message.from_user is None:
            return
        async with inbox.db.session() as session:
            if not await messaging.claim_inbound(session, inbound_id=inbox.inbound_id):
                return
            about_ticket = await reply_from_group(
                session,
                chat_id=str(message.chat.id),
                telegram_user_id=message.from_user.id,
                message_id=str(message.message_id),
                replied_message_id=str(replied.message_id),
                replied_text=replied.text,
                text=message.text or "",
                context=_context(inbox),
                inbound_id=inbox.inbound_id,
            )
            if not about_ticket:
                raise SkipHandler  # not a unit's group, or not about a ticket: rolled back, left to others
            await messaging.mark_processed(session, inbound_id=inbox.inbound_id, citizen_id=None)
        inbox.wake()

    return router


def replies_to_bot(message: Message, bot: Bot) -> bool:
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    return author is not None and author.id == bot.id


def _context(inbox: Inbox) -> EscalationContext:
    deps = inbox.engine.deps
    return context_for(deps.kb, deps.sla)


async def _answer(query: CallbackQuery, outcome: StaffOutcome) -> None:
    try:
        await query.answer(text=outcome.answer[:200] or None, show_alert=outcome.alert)
    except TelegramAPIError as error:
        log.warning("telegram_callback_answer_failed", error=str(error))
