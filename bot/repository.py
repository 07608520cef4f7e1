"""Queries on conversation state."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.models import Conversation
from core import clock
from core.sql import insert_ignoring_conflict, table_of


async def lock_conversation(session: AsyncSession, citizen_id: int) -> Conversation:
    """The citizen's conversation, created if absent and locked (PostgreSQL) for this transaction,
    so two messages from one citizen are handled one after the other.

    Race-safe: when the first look finds nothing, the row is inserted unless another transaction
    did it meanwhile, then read (and locked) again."""
    parameters = {"citizen_id": citizen_id}
    conversation = (await session.execute(_lock_statement(), parameters)).scalar_one_or_none()
    if conversation is not None:
        return conversation
    values = {"citizen_id": citizen_id, "state": "idle", "data": {}, "updated_at": clock.now()}
    await insert_ignoring_conflict(session, table_of(Conversation), values, conflict_columns=["citizen_id"])
    return (await session.execute(_lock_statement(), parameters)).scalar_one()


@cache
def _lock_statement() -> Select[Conversation]:
    """Built once; `populate_existing` so a conversation already in the session is read afresh."""
    return (
        select(Conversation)
        .where(col(Conversation.citizen_id) == bindparam("citizen_id"))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
