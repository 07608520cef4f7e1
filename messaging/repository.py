"""Queries on the inbox and outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.sql import insert_ignoring_conflict, table_of
from messaging.models import InboundMessage, OutboundMessage


async def insert_inbound_if_new(session: AsyncSession, values: dict[str, Any]) -> bool:
    table = table_of(InboundMessage)
    return await insert_ignoring_conflict(session, table, values, conflict_columns=["dedupe_key"])


async def find_inbound(session: AsyncSession, dedupe_key: str) -> InboundMessage | None:
    statement = select(InboundMessage).where(col(InboundMessage.dedupe_key) == dedupe_key)
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_inbound(session: AsyncSession, inbound_id: int) -> InboundMessage | None:
    """Re-read the row, locking it on PostgreSQL so two workers cannot handle it at once."""
    statement = select(InboundMessage).where(col(InboundMessage.id) == inbound_id).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def add_outbound(session: AsyncSession, row: OutboundMessage) -> None:
    session.add(row)
    await session.flush()


async def outbound_for_inbound(session: AsyncSession, inbound_id: int) -> Sequence[OutboundMessage]:
    statement = (
        select(OutboundMessage)
        .where(col(OutboundMessage.inbound_id) == inbound_id)
        .order_by(col(OutboundMessage.id))
    )
    return (await session.execute(statement)).scalars().all()


async def inbound_of_citizen(
    session: AsyncSession, citizen_id: int, *, limit: int
) -> Sequence[InboundMessage]:
    statement = (
        select(InboundMessage)
        .where(col(InboundMessage.citizen_id) == citizen_id)
        .order_by(col(InboundMessage.id).desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def outbound_of_citizen(
    session: AsyncSession, citizen_id: int, *, limit: int
) -> Sequence[OutboundMessage]:
    statement = (
        select(OutboundMessage)
        .where(col(OutboundMessage.citizen_id) == citizen_id)
        .order_by(col(OutboundMessage.id).desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()
