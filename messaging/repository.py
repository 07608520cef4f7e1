"""Queries on the inbox and outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.clock import ensure_utc
from core.sql import table_of
from messaging.models import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus

UNSENT = (OutboundStatus.PENDING, OutboundStatus.SENDING)


async def insert_inbound_if_new(session: AsyncSession, values: dict[str, Any]) -> int | None:
    """The new row's id, or None when the dedupe key is already stored (one statement either way)."""
    table = table_of(InboundMessage)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    new_id = (await session.execute(statement)).scalar_one_or_none()
    return int(new_id) if new_id is not None else None


async def find_inbound(session: AsyncSession, dedupe_key: str) -> InboundMessage | None:
    statement = select(InboundMessage).where(col(InboundMessage.dedupe_key) == dedupe_key)
    return (await session.execute(statement)).scalar_one_or_none()


async def inbound_by_ids(session: AsyncSession, ids: Sequence[int]) -> Sequence[InboundMessage]:
    statement = select(InboundMessage).where(col(InboundMessage.id).in_(ids)).order_by(col(InboundMessage.id))
    return (await session.execute(statement)).scalars().all()


async def lock_inbound(session: AsyncSession, inbound_id: int) -> InboundMessage | None:
    """Re-read the row, locking it on PostgreSQL so two workers cannot handle it at once."""
    statement = select(InboundMessage).where(col(InboundMessage.id) == inbound_id).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def lock_inbound_status(session: AsyncSession, inbound_id: int) -> str | None:
    """The row's status, locked for this transaction (PostgreSQL; SQLite holds its write lock)."""
    table = table_of(InboundMessage)
    statement = select(table.c.status).where(table.c.id == inbound_id).with_for_update()
    status = (await session.execute(statement)).scalar_one_or_none()
    return None if status is None else str(status)


async def lock_inbound_in_order(session: AsyncSession, inbound_id: int) -> list[tuple[int, str]]:
    """(id, status) of the row and of its sender's earlier rows on its channel still `received`, oldest
    first, all locked for this transaction (PostgreSQL; SQLite holds its write lock): one statement."""
    table = table_of(InboundMessage)
    this = table.alias("this")
    earlier = and_(
        table.c.status == InboundStatus.RECEIVED,
        table.c.channel == this.c.channel,
        table.c.sender_id == this.c.sender_id,
        table.c.id < this.c.id,
    )
    statement = (
        select(table.c.id, table.c.status)
        .select_from(table.join(this, this.c.id == inbound_id))
        .where(or_(table.c.id == this.c.id, earlier))
        .order_by(table.c.id)
        .with_for_update(of=table)
    )
    return [(int(row_id), str(status)) for row_id, status in (await session.execute(statement)).all()]


async def mark_inbound_processed(
    session: AsyncSession, inbound_id: int, *, citizen_id: int | None, now: datetime
) -> None:
    table = table_of(InboundMessage)
    statement = (
        update(table)
        .where(table.c.id == inbound_id)
        .values(
            status=InboundStatus.PROCESSED,
            citizen_id=citizen_id,
            processed_at=now,
            attempts=table.c.attempts + 1,
        )
    )
    await session.execute(statement)


async def insert_outbound_rows(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Several replies in one statement, without the ORM's unit of work (the hot path)."""
    if rows:
        await session.execute(insert(table_of(OutboundMessage)), rows)


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


async def inbound_with_status(
    session: AsyncSession, statuses: Sequence[InboundStatus], *, received_before: datetime, limit: int
) -> Sequence[InboundMessage]:
    statement = (
        select(InboundMessage)
        .where(col(InboundMessage.status).in_(statuses), col(InboundMessage.received_at) <= received_before)
        .order_by(col(InboundMessage.received_at), col(InboundMessage.id))
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def last_inbound_at(session: AsyncSession, citizen_id: int) -> datetime | None:
    statement = select(func.max(col(InboundMessage.received_at))).where(
        col(InboundMessage.citizen_id) == citizen_id
    )
    value = (await session.execute(statement)).scalar_one_or_none()
    return ensure_utc(value) if value is not None else None


def _unsent_before(row: type[OutboundMessage] | Any) -> Any:
    """No earlier message to the same chat is still waiting: the condition that keeps per-chat order."""
    earlier = table_of(OutboundMessage).alias("earlier")
    return ~exists().where(
        earlier.c.channel == row.channel,
        earlier.c.target == row.target,
        earlier.c.status.in_(UNSENT),
        earlier.c.id < row.id,
    )


async def claim_due(
    session: AsyncSession, *, channels: Sequence[str], now: datetime, lease_until: datetime, limit: int
) -> list[OutboundMessage]:
    """Take for sending the first unsent message of each chat whose turn has come (pending, or a
    lapsed lease). The conditions are checked again by the UPDATE itself, so two workers racing for
    the same rows get each row once, and never a chat's second message before its first is done.
    The UPDATE returns the claimed rows whole (two statements per claim)."""
    table = table_of(OutboundMessage)
    due = (
        table.c.channel.in_(channels),
        table.c.status.in_(UNSENT),
        table.c.next_attempt_at <= now,
        _unsent_before(table.c),
    )
    heads = select(table.c.id).where(*due).order_by(table.c.next_attempt_at, table.c.id).limit(limit)
    candidates = list((await session.execute(heads)).scalars().all())
    if not candidates:
        return []
    claim = (
        update(OutboundMessage)
        .where(table.c.id.in_(candidates), *due)
        .values(status=OutboundStatus.SENDING, attempts=table.c.attempts + 1, next_attempt_at=lease_until)
        .returning(OutboundMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    claimed = list((await session.execute(claim)).scalars().all())
    return sorted(claimed, key=lambda row: row.id or 0)


async def mark_sent(
    session: AsyncSession, row_id: int, *, now: datetime, external_id: str | None, template: str | None
) -> None:
    """One UPDATE, no ORM round trip: the common outcome of a send."""
    table = table_of(OutboundMessage)
    values: dict[str, Any] = {
        "status": OutboundStatus.SENT,
        "sent_at": now,
        "external_id": external_id,
        "last_error": None,
        "next_attempt_at": None,
    }
    if template is not None:
        values["template_name"] = template
    await session.execute(update(table).where(table.c.id == row_id).values(**values))


async def find_outbound_by_external_id(
    session: AsyncSession, *, channel: str, external_id: str
) -> OutboundMessage | None:
    statement = select(OutboundMessage).where(
        col(OutboundMessage.channel) == channel, col(OutboundMessage.external_id) == external_id
    )
    return (await session.execute(statement.limit(1))).scalar_one_or_none()


async def outbound_with_status(
    session: AsyncSession, status: OutboundStatus, *, limit: int
) -> Sequence[OutboundMessage]:
    statement = (
        select(OutboundMessage)
        .where(col(OutboundMessage.status) == status)
        .order_by(col(OutboundMessage.id).desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()
