"""Queries on conversation state."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.models import Conversation
from core import clock
from core.sql import insert_ignoring_conflict, table_of


async def lock_conversation(session: AsyncSession, citizen_id: int) -> Conversation:
    """The citizen's conversation, created if absent and locked (PostgreSQL) for this transaction,
    so two messages from one citizen are handled one after the other."""
    table = table_of(Conversation)
    values = {"citizen_id": citizen_id, "state": "idle", "data": {}, "updated_at": clock.now()}
    await insert_ignoring_conflict(session, table, values, conflict_columns=["citizen_id"])
    statement = (
        select(Conversation)
        .where(col(Conversation.citizen_id) == citizen_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one()
