"""Inline keyboard presses in direct messages: handled as the citizen's pick, then answered (the
spinner stops) by the one handling that claimed the press: a press that reached two processes, or
that waits behind the citizen's earlier messages, is answered exactly once."""

from __future__ import annotations

import structlog
from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery

from bot.incoming import ContentType, Incoming
from bot.telegram.inbox import Inbox
from bot.telegram.keyboard import pressed
from bot.telegram.parsing import CHANNEL

log = structlog.get_logger(__name__)


def build_router() -> Router:
    router = Router(name="telegram.buttons")
    router.callback_query.filter(F.message.chat.type == "private")

    @router.callback_query()
    async def on_button(query: CallbackQuery, inbox: Inbox) -> None:
        choice, label = pressed(query.data, query.message)
        incoming = Incoming(
            channel=CHANNEL,
            sender_id=str(query.from_user.id),
            content_type=ContentType.CHOICE if choice else ContentType.TEXT,
            choice=choice,
            text=label,
            display_name=query.from_user.full_name,
        )
        handled = await inbox.handle(incoming)
        if handled.claimed and not inbox.replay:
            await _answer(query)

    return router


async def _answer(query: CallbackQuery) -> None:
    """Stops the button's spinner; its failure changes nothing."""
    try:
        await query.answer()
    except TelegramAPIError as error:
        log.warning("telegram_callback_answer_failed", error=str(error))
