"""Queries on the inbox and outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sql import insert_ignoring_conflict
from messaging.models import InboundMessage, OutboundMessage


async def insert_inbound_if_new(session: AsyncSession, values: dict[str, Any]) -> bool:
    table = cast(Table, InboundMessage.__table__)
    return await insert_ignoring_conflict(session, table, values, conflict_columns=["dedupe_key"])


async def find_inbound(session: AsyncSession, dedupe_key: str) -> InboundMessage | None:
    statement = select(InboundMessage).where(InboundMessage.dedupe_key == dedupe_key)
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_inbound(session: AsyncSession, inbound_id: int) -> InboundMessage | None:
    """Re-read the row, locking it on PostgreSQL so two workers cannot handle it at once."""
    statement = select(InboundMessage).where(InboundMessage.id == inbound_id).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def add_outbound(session: AsyncSession, row: OutboundMessage) -> None:
    session.add(row)
    await session.flush()


async def outbound_for_inbound(session: AsyncSession, inbound_id: int) -> Sequence[OutboundMessage]:
    statement = (
        select(OutboundMessage).where(OutboundMessage.inbound_id == inbound_id).order_by(OutboundMessage.id)  # type: ignore[arg-type]
    )
    return (await session.execute(statement)).scalars().all()


async def inbound_of_citizen(
    session: AsyncSession, citizen_id: int, *, limit: int
) -> Sequence[InboundMessage]:
    statement = (
        select(InboundMessage)
        .where(InboundMessage.citizen_id == citizen_id)
        .order_by(InboundMessage.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def outbound_of_citizen(
    session: AsyncSession, citizen_id: int, *, limit: int
) -> Sequence[OutboundMessage]:
    statement = (
        select(OutboundMessage)
        .where(OutboundMessage.citizen_id == citizen_id)
        .order_by(OutboundMessage.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()
