"""Queries on conversation state and on the photos written for citizens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, String, bindparam, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.models import Conversation, PhotoUpload, WebSession
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


async def record_photo_upload(
    session: AsyncSession, *, citizen_id: int, storage_path: str, size_bytes: int, at: datetime
) -> None:
    session.add(
        PhotoUpload(citizen_id=citizen_id, storage_path=storage_path, size_bytes=size_bytes, created_at=at)
    )
    await session.flush()


async def count_photo_uploads(session: AsyncSession, *, citizen_id: int, since: datetime) -> int:
    statement = select(func.count()).where(
        col(PhotoUpload.citizen_id) == citizen_id, col(PhotoUpload.created_at) >= since
    )
    return int((await session.execute(statement)).scalar_one())


async def prune_photo_uploads(session: AsyncSession, *, before: datetime) -> int:
    """Forget upload records older than any quota day still counted."""
    result = await session.execute(delete(PhotoUpload).where(col(PhotoUpload.created_at) < before))
    return int(getattr(result, "rowcount", 0) or 0)


async def photo_paths_in_conversations(session: AsyncSession) -> set[str]:
    """Storage paths of the photos conversations hold for a complaint not filed yet. Only the rows
    whose JSON mentions a stored photo are read (a text match works on SQLite and PostgreSQL)."""
    statement = select(col(Conversation.data)).where(cast(Conversation.data, String).like('%"storage_path"%'))
    paths: set[str] = set()
    for (data,) in (await session.execute(statement)).all():
        paths.update(_held_paths(data))
    return paths


def _held_paths(data: dict[str, Any]) -> Iterator[str]:
    for photo in data.get("photos") or []:
        if isinstance(photo, dict) and isinstance(photo.get("storage_path"), str):
            yield photo["storage_path"]


async def find_web_session(session: AsyncSession, token_hash: str) -> WebSession | None:
    result = await session.execute(select(WebSession).where(col(WebSession.token_hash) == token_hash))
    return result.scalar_one_or_none()


async def touch_web_session(session: AsyncSession, token_hash: str, now: datetime) -> None:
    await session.execute(
        update(WebSession).where(col(WebSession.token_hash) == token_hash).values(last_seen_at=now)
    )


async def delete_web_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(WebSession).where(col(WebSession.token_hash) == token_hash))


async def idle_web_sessions(session: AsyncSession, *, seen_before: datetime, limit: int) -> list[str]:
    """Hashes of sessions last seen before `seen_before`, oldest first."""
    result = await session.execute(
        select(col(WebSession.token_hash))
        .where(col(WebSession.last_seen_at) < seen_before)
        .order_by(col(WebSession.last_seen_at))
        .limit(limit)
    )
    return list(result.scalars())
