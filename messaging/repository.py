"""Queries on the inbox and outbox."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.clock import ensure_utc
from core.sql import insert_ignoring_conflict_statement, table_of
from messaging.models import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus
from messaging.partitions import WHOLE_INBOX, Partition


async def insert_inbound_rows_if_new(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert the rows whose dedupe key is not stored yet (one statement): their keys -> new ids."""
    statement = _insert_inbound_statement(session.get_bind().dialect.name)
    result = await session.execute(statement, list(rows))
    return {str(key): int(new_id) for new_id, key in result.all()}


@functools.cache
def _insert_inbound_statement(dialect: str) -> Any:
    table = table_of(InboundMessage)
    statement = insert_ignoring_conflict_statement(dialect, table, ("dedupe_key",))
    return statement.returning(table.c.id, table.c.dedupe_key)


async def inbound_by_keys(session: AsyncSession, keys: Collection[str]) -> Sequence[InboundMessage]:
    statement = select(InboundMessage).where(col(InboundMessage.dedupe_key).in_(list(keys)))
    return (await session.execute(statement)).scalars().all()


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


class InOrder(NamedTuple):
    """A row locked for handling in order: its status, whether an earlier message of its sender is
    still waiting, and what finds those messages."""

    status: str
    behind: bool
    channel: str
    sender_id: str
    received_at: datetime


def _earlier_waiting(earlier: Any, *, channel: Any, sender_id: Any, received_at: Any, before: Any) -> Any:
    """Messages of a sender on a channel, stored before another one and still `received`. The
    (status, received_at) index finds them: only the rows waiting now, however large the inbox."""
    return and_(
        earlier.c.status == InboundStatus.RECEIVED,
        earlier.c.received_at <= received_at,
        earlier.c.channel == channel,
        earlier.c.sender_id == sender_id,
        earlier.c.id + 0 < before,  # "+ 0": not by primary key, which would read the whole inbox
    )


async def lock_inbound_in_order(session: AsyncSession, inbound_id: int) -> InOrder | None:
    """The row, locked for this transaction (PostgreSQL; SQLite holds its write lock), and whether an
    earlier message of its sender is still waiting: one statement, only this row locked."""
    row = (await session.execute(_lock_in_order_statement(), {"inbound_id": inbound_id})).one_or_none()
    return None if row is None else InOrder(str(row[0]), bool(row[1]), row[2], row[3], row[4])


@functools.cache
def _lock_in_order_statement() -> Any:
    """Built once: constructing it (an alias, a correlated EXISTS) costs more than running it."""
    table = table_of(InboundMessage)
    behind = exists().where(
        _earlier_waiting(
            table.alias("earlier"),
            channel=table.c.channel,
            sender_id=table.c.sender_id,
            received_at=table.c.received_at,
            before=table.c.id,
        )
    )
    return (
        select(table.c.status, behind, table.c.channel, table.c.sender_id, table.c.received_at)
        .where(table.c.id == bindparam("inbound_id"))
        .with_for_update(of=table)
    )


async def earlier_waiting(session: AsyncSession, inbound_id: int, locked: InOrder) -> list[int]:
    """The ids of the messages `lock_inbound_in_order` found waiting before this one, oldest first."""
    table = table_of(InboundMessage)
    waiting = _earlier_waiting(
        table,
        channel=locked.channel,
        sender_id=locked.sender_id,
        received_at=locked.received_at,
        before=inbound_id,
    )
    # by received_at first: SQLite then reads the index instead of the whole table
    statement = select(table.c.id).where(waiting).order_by(table.c.received_at, table.c.id)
    return [int(row_id) for row_id in (await session.execute(statement)).scalars().all()]


async def mark_inbound_processed(
    session: AsyncSession, inbound_id: int, *, citizen_id: int | None, now: datetime
) -> None:
    values = {"inbound_id": inbound_id, "citizen_id": citizen_id, "now": now}
    await session.execute(_mark_processed_statement(), values)


@functools.cache
def _mark_processed_statement() -> Any:
    table = table_of(InboundMessage)
    return (
        update(table)
        .where(table.c.id == bindparam("inbound_id"))
        .values(
            status=InboundStatus.PROCESSED,
            citizen_id=bindparam("citizen_id"),
            processed_at=bindparam("now"),
            attempts=table.c.attempts + 1,
        )
    )


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
    session: AsyncSession,
    statuses: Sequence[InboundStatus],
    *,
    received_before: datetime,
    limit: int,
    partition: Partition = WHOLE_INBOX,
) -> Sequence[InboundMessage]:
    statement = (
        select(InboundMessage)
        .where(col(InboundMessage.status).in_(statuses), col(InboundMessage.received_at) <= received_before)
        .order_by(col(InboundMessage.received_at), col(InboundMessage.id))
        .limit(limit)
    )
    if not partition.whole:
        statement = statement.where(col(InboundMessage.partition_key) % partition.count == partition.index)
    return (await session.execute(statement)).scalars().all()


async def last_inbound_at(
    session: AsyncSession, *, citizen_id: int | None, inbound_id: int | None = None
) -> datetime | None:
    """When the citizen last wrote to us; for a reply with no citizen (the flood notice answers a
    message stored `ignored`, never handled, so no citizen was found for it), when the message it
    answers arrived."""
    condition = (
        col(InboundMessage.citizen_id) == citizen_id
        if citizen_id is not None
        else col(InboundMessage.id) == inbound_id
    )
    statement = select(func.max(col(InboundMessage.received_at))).where(condition)
    value = (await session.execute(statement)).scalar_one_or_none()
    return ensure_utc(value) if value is not None else None


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


async def failed_targets(session: AsyncSession, outbound_ids: Collection[int]) -> set[str]:
    """The targets (chat ids, addresses) of those rows the outbox gave up on."""
    if not outbound_ids:
        return set()
    statement = select(col(OutboundMessage.target)).where(
        col(OutboundMessage.id).in_(list(outbound_ids)), col(OutboundMessage.status) == OutboundStatus.FAILED
    )
    return {str(target) for target in (await session.execute(statement)).scalars()}


async def ticket_of_sent(session: AsyncSession, *, channel: str, target: str, external_id: str) -> int | None:
    """The ticket of the row sent as message `external_id` in chat `target` (None: none, or no ticket)."""
    statement = select(col(OutboundMessage.ticket_id)).where(
        col(OutboundMessage.channel) == channel,
        col(OutboundMessage.target) == target,
        col(OutboundMessage.external_id) == external_id,
        col(OutboundMessage.ticket_id).is_not(None),
    )
    return (await session.execute(statement.limit(1))).scalar_one_or_none()
