"""Comments in the discussion group linked to the agency's channel.

Telegram copies each channel post into the group (`is_automatic_forward`); a comment is a group
message replying to that copy. Only those become comment tickets; other group chatter is ignored.
The bot must be an admin of the group (or have privacy mode off) to receive them.
"""

from __future__ import annotations

import dataclasses

from aiogram import Bot, F, Router
from aiogram.types import Message, MessageOriginChannel

from bot.telegram.inbox import GROUP_TYPES, Inbox
from bot.telegram.parsing import incoming_from_message
from tickets import TicketKind


def build_router(served_groups: frozenset[int]) -> Router:
    router = Router(name="telegram.discussion")
    router.message.filter(
        F.chat.type.in_(GROUP_TYPES),
        F.reply_to_message.is_automatic_forward,
        F.sender_chat.is_(None),
        ~F.from_user.is_bot,
        lambda message: not served_groups or message.chat.id in served_groups,
    )

    @router.message()
    async def on_comment(message: Message, inbox: Inbox, bot: Bot) -> None:
        base = await incoming_from_message(
            message, bot=bot, store=inbox.engine.deps.attachments, kind=TicketKind.COMMENT
        )
        incoming = dataclasses.replace(
            base,
            chat_id=str(message.chat.id),
            reply_to=str(message.message_id),
            source_post_id=post_id(message),
            dm_link=inbox.dm_link,
        )
        await inbox.handle(incoming)

    return router


def post_id(comment: Message) -> str:
    """The channel post commented on ("channel id/message id"), else its copy in the group."""
    copy = comment.reply_to_message
    if copy is None:
        return f"{comment.chat.id}/{comment.message_thread_id}"
    origin = copy.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return f"{origin.chat.id}/{origin.message_id}"
    return f"{comment.chat.id}/{copy.message_id}"
