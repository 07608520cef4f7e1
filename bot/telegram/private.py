"""Direct messages: everything a citizen writes to the bot goes to the conversation engine."""

from __future__ import annotations

import structlog
from aiogram import Bot, F, Router
from aiogram.types import Message

from bot.incoming import Incoming
from bot.telegram.inbox import Inbox
from bot.telegram.parsing import CHANNEL, incoming_from_message

log = structlog.get_logger(__name__)


def build_router() -> Router:
    router = Router(name="telegram.private")
    router.message.filter(F.chat.type == "private", F.sender_chat.is_(None), ~F.from_user.is_bot)
    router.edited_message.filter(F.chat.type == "private", ~F.from_user.is_bot)

    @router.message()
    async def on_message(message: Message, inbox: Inbox, bot: Bot) -> None:
        incoming = await incoming_from_message(message, bot=bot, store=inbox.engine.deps.attachments)
        await inbox.handle(incoming)

    @router.edited_message()
    async def on_edited(message: Message, inbox: Inbox) -> None:
        """Handling the edit as a new message could file a second ticket; say how to correct instead."""
        log.info("telegram_edited_message", chat_id=message.chat.id, message_id=message.message_id)
        await inbox.note(Incoming(channel=CHANNEL, sender_id=str(message.chat.id)), "edited_message")

    return router
