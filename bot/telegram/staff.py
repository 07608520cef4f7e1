"""Officers in their unit's Telegram group: the buttons under a ticket's notification (Ambil, Balas,
Selesai, Teruskan) and replies to the bot's messages, which go to the citizen.

This router only reads the update and hands it over: `bot.telegram.staff_desk` maps it to a desk
call (`escalation.desk`, which decides who may act and what each action does) and
`bot.staff_handling` runs that in one transaction with the stored inbound row. The press is answered
after the commit (a polite refusal for anyone who may not act on the ticket).
"""

from __future__ import annotations

import structlog
from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handling import ignore
from bot.staff_handling import handle_staff
from bot.telegram.inbox import GROUP_TYPES, Inbox
from bot.telegram.staff_desk import GroupUpdate, StaffOutcome, press_button, reply_from_group
from escalation import EscalationContext, parse_callback

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
        if press is None or message is None:
            await ignore(inbox.db, inbound_id=inbox.inbound_id, reason="unknown staff button")
            return
        update = GroupUpdate(str(message.chat.id), query.from_user.id, inbox.inbound_id)

        async def work(session: AsyncSession) -> StaffOutcome:
            return await press_button(
                session,
                press=press,
                update=update,
                message_id=str(message.message_id),
                context=_context(inbox),
            )

        handled = await handle_staff(inbox.db, inbound_id=inbox.inbound_id, work=work)
        outcome = handled.result or StaffOutcome(False)
        log.info("telegram_staff_press", data=query.data, user_id=query.from_user.id, done=outcome.done)
        if not handled.claimed:
            return
        inbox.wake()
        if not inbox.replay:
            await _answer(query, outcome)

    @router.message()
    async def on_reply(message: Message, inbox: Inbox) -> None:
        replied = message.reply_to_message
        if replied is None or message.from_user is None:
            return
        update = GroupUpdate(str(message.chat.id), message.from_user.id, inbox.inbound_id)

        async def work(session: AsyncSession) -> bool | None:
            about_ticket = await reply_from_group(
                session,
                update=update,
                message_id=str(message.message_id),
                replied_message_id=str(replied.message_id),
                replied_text=replied.text,
                text=message.text or "",
                context=_context(inbox),
            )
            return about_ticket or None

        handled = await handle_staff(inbox.db, inbound_id=inbox.inbound_id, work=work)
        if handled.claimed and handled.result is None:
            raise SkipHandler  # not a unit's group, or not about a ticket: rolled back, left to others
        if handled.claimed:
            inbox.wake()

    return router


def replies_to_bot(message: Message, bot: Bot) -> bool:
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    return author is not None and author.id == bot.id


def _context(inbox: Inbox) -> EscalationContext:
    return inbox.engine.deps.escalation_context()


async def _answer(query: CallbackQuery, outcome: StaffOutcome) -> None:
    try:
        await query.answer(text=outcome.answer[:200] or None, show_alert=outcome.alert)
    except TelegramAPIError as error:
        log.warning("telegram_callback_answer_failed", error=str(error))
