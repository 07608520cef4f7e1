"""The stored update being handled, handed to every handler, and the middleware around them.

The webhook (or the poller, or the recovery pass) stores the update first; `Inbox` carries its row
into the dispatcher so handlers only turn Telegram objects into an `Incoming` and call `handle`.
Updates no router takes are marked `ignored` with a reason a person can read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import structlog
from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot.engine import ConversationEngine
from bot.handling import Handled, answer_directly, handle_queued, ignore
from bot.incoming import Incoming
from core.db import Database
from core.messenger import OutgoingMessage

log = structlog.get_logger(__name__)
GROUP_TYPES = ("group", "supergroup")


@dataclass(frozen=True)
class Inbox:
    db: Database
    engine: ConversationEngine
    inbound_id: int
    replay: bool
    """A button press is not answered: its first handling did, or it waited too long in the inbox
    (`TelegramChannel.replay`)."""
    wake: Callable[[], None]
    dm_link: str | None = None
    in_order: bool = True
    earlier: list[int] = field(default_factory=list)
    """Set when the sender's earlier updates still wait: the channel handles them, then this one."""

    async def handle(self, incoming: Incoming) -> Handled:
        return await handle_queued(
            self.db,
            self.engine,
            incoming,
            inbound_id=self.inbound_id,
            in_order=self.in_order,
            earlier=self.earlier,
            wake=self.wake,
        )

    async def note(self, incoming: Incoming, key: str) -> None:
        text = self.engine.deps.catalogue().render(key)
        await answer_directly(
            self.db,
            inbound_id=self.inbound_id,
            channel=incoming.channel,
            target=incoming.reply_target,
            message=OutgoingMessage(text=text),
        )
        self.wake()


class InboxMiddleware(BaseMiddleware):
    """Outer middleware on updates: log context, and `ignored` for what no router handles."""

    def __init__(self, served_groups: frozenset[int]) -> None:
        self.served_groups = served_groups

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        inbox = cast(Inbox, data["inbox"])
        update = cast(Update, event)
        with structlog.contextvars.bound_contextvars(update_id=update.update_id, inbound_id=inbox.inbound_id):
            result = await handler(event, data)
            if result is UNHANDLED:
                reason = ignored_reason(update, self.served_groups)
                log.info("telegram_update_ignored", reason=reason)
                await ignore(inbox.db, inbound_id=inbox.inbound_id, reason=reason)
        return result


def ignored_reason(update: Update, served_groups: frozenset[int]) -> str:
    if update.channel_post or update.edited_channel_post:
        return "channel post"
    if update.edited_message is not None:
        return "edited message outside a private chat"
    if update.callback_query is not None:
        return "button press outside a private chat"
    message = update.message
    if message is None:
        try:
            return f"update type not served: {update.event_type}"
        except LookupError:
            return "unknown update type"
    if message.from_user is not None and message.from_user.is_bot and message.sender_chat is None:
        return "message from a bot"
    if message.sender_chat is not None:
        return "message sent on behalf of a channel or group"
    if message.chat.type in GROUP_TYPES:
        if served_groups and message.chat.id not in served_groups:
            return "group not served"
        return "group message that is not a comment on a channel post"
    return "message type not served"
