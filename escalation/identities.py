"""The directory as a channel sees it: which person a chat account is, which unit a group belongs to.
Channels map their own identities with these and then act through the desk as that person."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from escalation import repository
from escalation.models import Person, ServiceUnit


async def person_by_telegram(session: AsyncSession, telegram_user_id: int) -> Person | None:
    """The active person registered with this Telegram user id."""
    return await repository.person_by_telegram(session, telegram_user_id)


async def unit_of_telegram_chat(session: AsyncSession, chat_id: str) -> ServiceUnit | None:
    """The unit whose Telegram group is `chat_id`."""
    return await repository.unit_of_telegram_chat(session, chat_id)
