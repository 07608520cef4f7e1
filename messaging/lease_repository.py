"""Queries on handling leases, and on the waiting messages of processes whose lease lapsed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from messaging.models import HandlingLease, InboundMessage, InboundStatus
from messaging.partitions import WHOLE_INBOX, Partition


async def renew_lease(session: AsyncSession, *, holder: str, now: datetime, expires_at: datetime) -> None:
    statement = update(HandlingLease).where(col(HandlingLease.holder) == holder).values(expires_at=expires_at)
    result = await session.execute(statement)
    if getattr(result, "rowcount", 0) == 0:
        session.add(HandlingLease(holder=holder, started_at=now, expires_at=expires_at))
        await session.flush()


async def delete_lease(session: AsyncSession, holder: str) -> None:
    await session.execute(delete(HandlingLease).where(col(HandlingLease.holder) == holder))


async def delete_leases_expired_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(HandlingLease).where(col(HandlingLease.expires_at) < before))


def held_by_the_dead(*, now: datetime, me: str | None) -> ColumnElement[bool]:
    """A message stored by a process whose lease has lapsed (or is gone), other than `me`."""
    alive = (
        select(col(HandlingLease.holder))
        .where(col(HandlingLease.holder) == col(InboundMessage.holder), col(HandlingLease.expires_at) > now)
        .correlate(InboundMessage)
    )
    condition = and_(col(InboundMessage.holder).is_not(None), ~exists(alive))
    return and_(condition, col(InboundMessage.holder) != me) if me is not None else condition


async def waiting_inbound(
    session: AsyncSession,
    *,
    now: datetime,
    received_before: datetime | None,
    include_failed: bool,
    me: str | None,
    after_id: int,
    limit: int,
    partition: Partition = WHOLE_INBOX,
) -> Sequence[InboundMessage]:
    """`received` messages stored before `received_before` or by a dead process, and (with
    `include_failed`) failed ones stored before `received_before`, in id order after `after_id`."""
    waiting = held_by_the_dead(now=now, me=me)
    if received_before is not None:
        waiting = or_(waiting, col(InboundMessage.received_at) <= received_before)
    conditions = [and_(col(InboundMessage.status) == InboundStatus.RECEIVED, waiting)]
    if include_failed and received_before is not None:
        failed = and_(
            col(InboundMessage.status) == InboundStatus.FAILED,
            col(InboundMessage.received_at) <= received_before,
        )
        conditions.append(failed)
    statement = (
        select(InboundMessage)
        .where(or_(*conditions), col(InboundMessage.id) > after_id)
        .order_by(col(InboundMessage.id))
        .limit(limit)
    )
    if not partition.whole:
        statement = statement.where(col(InboundMessage.partition_key) % partition.count == partition.index)
    return (await session.execute(statement)).scalars().all()
